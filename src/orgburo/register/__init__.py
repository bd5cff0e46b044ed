"""C1 Register: who plays what fiddle, and where."""
