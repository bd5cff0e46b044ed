"""The statute this installation runs under (ORGBURO_STATUTE: a bundled code or a file path)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from orgburo.statutes import Statute, load_bundled, load_statute


@lru_cache(maxsize=4)
def _load(name: str) -> Statute:
    if name.endswith(".toml") or Path(name).exists():
        return load_statute(name)
    return load_bundled(name)


def active_statute() -> Statute:
    """The statute named by the settings; loaded once per process."""
    return _load(str(settings.ORGBURO_STATUTE))
