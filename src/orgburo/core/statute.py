"""The statute's `[rights]` section: which post kinds may manage what, in their organisation
and in everything below it. Holding any post lets one see one's organisation in full; only a
post the statute names for a right lets one write.

Each capability declares the rights it checks from its own statute module
(`declare_right("elections", "…")` in elections/statute.py), which the statute loader imports
before it validates a file, so `[rights]` knows them all. A right the statute leaves out is
held by every post kind (as before rights existed); the bundled statutes list each one.
Imports no Django: `orgburo statute check` reads it without settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationInfo, model_validator

from orgburo.statutes import SectionModel, Statute, statute_section
from orgburo.statutes.validation import Loc, context_of, invalid_at, type_name

__all__ = ["RIGHTS", "Rights", "RightsSection", "declare_right", "post_kinds_with", "rights"]

# Every right a capability checks, with what it lets a post do (for docs and errors).
RIGHTS: dict[str, str] = {}


def declare_right(name: str, meaning: str) -> str:
    """Name a right a capability checks; returns the name, for the module's constant."""
    RIGHTS[name] = meaning
    return name


@dataclass(frozen=True)
class Rights:
    """The post kinds that hold each right the statute lists."""

    by_right: Mapping[str, tuple[str, ...]]


@statute_section("rights")
class RightsSection(SectionModel):
    """`[rights]`: optional; `right = ["post_kind", …]` for each right it restricts."""

    by_right: dict[str, tuple[str, ...]] = {}

    @model_validator(mode="before")
    @classmethod
    def _read(cls, raw: Any, info: ValidationInfo) -> Any:
        if not isinstance(raw, dict):
            return raw
        kinds = context_of(info).declared("post_kinds")
        problems: list[tuple[Loc, str]] = []
        table: dict[str, tuple[str, ...]] = {}
        for right, value in raw.items():
            if right not in RIGHTS:
                known = ", ".join(sorted(RIGHTS))
                problems.append(((right,), f"unknown right (rights are: {known})"))
                continue
            if not isinstance(value, list):
                problems.append(
                    ((right,), f"expected an array of post kinds, got {type_name(value)}")
                )
                continue
            for i, code in enumerate(value):
                if not isinstance(code, str):
                    problems.append(((right, i), f"expected a string, got {type_name(code)}"))
                elif kinds and code not in kinds:
                    problems.append(
                        ((right, i), f"unknown post kind {code!r} (known: {', '.join(kinds)})")
                    )
            table[right] = tuple(code for code in value if isinstance(code, str))
        if problems:
            raise invalid_at(problems)
        return {"by_right": table}

    def build(self) -> Rights:
        return Rights(by_right=dict(self.by_right))


def rights(statute: Statute) -> Rights:
    return statute.section("rights", Rights)


def post_kinds_with(statute: Statute, right: str) -> frozenset[str]:
    """The post kinds that hold a right under this statute."""
    listed = rights(statute).by_right.get(right)
    if listed is None:
        return frozenset(kind.code for kind in statute.post_kinds)
    return frozenset(listed)
