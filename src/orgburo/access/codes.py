"""Invitation codes: random, read off paper without confusion, and kept only as a digest."""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L: a code is often typed from a printed slip.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 16  # 31^16, about 79 bits: not guessable in any number of tries


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(raw: str) -> str:
    """What the person typed, without spaces and dashes, in capitals; '' if it cannot be a code."""
    code = "".join(ch for ch in raw.upper() if ch not in " -\t")
    return code if len(code) == LENGTH and all(ch in ALPHABET for ch in code) else ""


def digest(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def shown(code: str) -> str:
    """ABCD-EFGH-JKMN-PQRS: in groups of four, as printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
