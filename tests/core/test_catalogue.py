"""The Russian catalogue: every message translated, none fuzzy, and the compiled catalogue the
server reads says the same as the one translators edit."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure

LOCALE = Path(__file__).resolve().parents[2] / "src" / "orgburo" / "locale" / "ru" / "LC_MESSAGES"


def _entries() -> list[dict[str, object]]:
    """The .po file's entries: flags, msgid, msgid_plural and the msgstr (or msgstr[n]) texts."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {}
    key = ""
    for line in [*(LOCALE / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in current:
                entries.append(current)
            current, key = {}, ""
        elif line.startswith("#,"):
            current["flags"] = {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] = str(current[key]) + ast.literal_eval(line)
        else:
            key, _space, text = line.partition(" ")
            current[key] = ast.literal_eval(text)
    return [e for e in entries if e.get("msgid") and not e.get("obsolete")]


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    entries = _entries()
    assert len(entries) > 400
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", set())]  # type: ignore[operator]
    empty = [
        e["msgid"]
        for e in entries
        if not any(str(v) for k, v in e.items() if str(k).startswith("msgstr"))
        or any(str(k).startswith("msgstr") and not str(v) for k, v in e.items())
    ]
    assert not fuzzy, f"fuzzy translations: {fuzzy[:5]}"
    assert not empty, f"untranslated: {empty[:5]}"


def test_the_compiled_catalogue_matches_the_translations() -> None:
    with (LOCALE / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for entry in _entries():
        if "msgid_plural" in entry:
            continue
        msgid, msgstr = str(entry["msgid"]), str(entry["msgstr"])
        context = entry.get("msgctxt")
        got = compiled.pgettext(str(context), msgid) if context else compiled.gettext(msgid)
        assert got == msgstr, f"{msgid!r}: compile the catalogue again (make messages)"
