"""The kernel every capability app stands on, importing none of them (docs/architecture.md)."""
