"""Statutes: the TOML files that configure an organisation, and their loader (statute.py)."""
