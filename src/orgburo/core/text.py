"""Text folding for search: case- and accent-insensitive, Cyrillic included."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Ёлкин", "елкин" and "Élkin" compare by letters.

    NFKD splits ё into е plus a combining diaeresis (and й into и plus a breve); dropping
    the combining marks is what makes the search forgiving of how a name was typed.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


# Names repeat (a register of millions has a few thousand distinct family names), so the folded
# form of each part is cached: a bulk load folds every person's name.
_fold_part = lru_cache(maxsize=65536)(fold)


def search_name(family_name: str, given_name: str, patronymic: str = "") -> str:
    """The folded "family given patronymic" that search compares against (same as folding the whole)."""
    return " ".join(f for f in map(_fold_part, (family_name, given_name, patronymic)) if f)
