"""The demo organisation: the party of December 1923, with the report's distortions seeded in."""
