"""An amendment shown as a difference: the words it deletes from the proposal and those it
inserts, by difflib over words (white space kept with the word before it)."""

from __future__ import annotations

import difflib
import re

_WORDS = re.compile(r"\S+\s*|\s+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Runs of ("same" | "del" | "ins", text) that turn `old` into `new`."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            runs.append(("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(("ins", "".join(b[j1:j2])))
    return runs
