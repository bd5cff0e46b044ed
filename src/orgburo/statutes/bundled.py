"""The statutes shipped with orgburo (`rcp-1923.toml`, `trade-union.toml`), by code."""

from __future__ import annotations

import functools
from pathlib import Path

from orgburo.statutes.reader import load_statute
from orgburo.statutes.schema import Statute, StatuteError, StatuteProblem

__all__ = ["BUNDLED_DIR", "bundled_codes", "bundled_statute_path", "load_bundled"]

BUNDLED_DIR = Path(__file__).resolve().parent


def bundled_codes() -> tuple[str, ...]:
    """The codes of the statutes shipped with orgburo."""
    return tuple(sorted(p.stem for p in BUNDLED_DIR.glob("*.toml")))


def bundled_statute_path(code: str) -> Path:
    """The path of a bundled statute; StatuteError naming the known codes otherwise."""
    codes = bundled_codes()
    if code not in codes:
        raise StatuteError(
            [
                StatuteProblem(
                    file=code,
                    key="",
                    reason=f"no bundled statute {code!r} (known: {', '.join(codes)})",
                )
            ]
        )
    return BUNDLED_DIR / f"{code}.toml"


@functools.cache
def load_bundled(code: str) -> Statute:
    """Load a bundled statute by code, once per process (Statute is immutable)."""
    return load_statute(bundled_statute_path(code))
