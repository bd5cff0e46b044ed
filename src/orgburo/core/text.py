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


# Characters that reorder the text around them on screen (Unicode's explicit embeddings,
# overrides and isolates): in a name they can make a list show something other than it holds.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unreadable(text: str) -> str:
    """Why a non-empty text cannot be shown for what it is ("" if it can): it carries
    bidirectional controls, or it has no visible character at all (spaces, zero-width
    characters, other format and control characters only)."""
    if not text:
        return ""
    if any(ch in BIDI_CONTROLS for ch in text):
        return "contains characters that reorder the text on screen (bidirectional controls)"
    visible = (
        ch for ch in text if unicodedata.category(ch)[0] not in ("Z", "C") and not ch.isspace()
    )
    if next(visible, None) is None:
        return "has no visible character"
    return ""


# The order of the letters in the register's languages, Russian and Ukrainian merged (Ґ after
# Г, Є after Е, І and Ї after И, Ё with Е's neighbours): code points alone put Є, І, Ї and Ґ
# before А (capitals) or after Я (small letters).
ALPHABET = "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя"
_ALPHABET_RANK = {letter: chr(0x0430 + n) for n, letter in enumerate(ALPHABET)}


def alphabet_key(*parts: str) -> str:
    """A key that sorts names in the alphabet's own order, case aside: "family given patronymic",
    each letter of ALPHABET replaced by one standing at its place in it."""
    text = " ".join(part.strip() for part in parts if part and part.strip()).lower()
    composed = unicodedata.normalize("NFC", text)
    return "".join(_ALPHABET_RANK.get(ch, ch) for ch in composed)
