"""Text folding for search: case- and accent-insensitive, Cyrillic included."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Ёлкин", "елкин" and "Élkin" compare by letters.

    NFKD splits ё into е plus a combining diaeresis (and й into и plus a breve); dropping
    the combining marks is what makes the search forgiving of how a name was typed.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def search_name(family_name: str, given_name: str, patronymic: str = "") -> str:
    return fold(" ".join(part for part in (family_name, given_name, patronymic) if part))
