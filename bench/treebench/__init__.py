"""Throwaway tree models for bench/tree_choice.py: one table per tree library, same columns."""
