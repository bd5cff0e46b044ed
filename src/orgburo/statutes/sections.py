"""The section registry: each capability declares and validates its own table of the statute.

An app's `statute.py` (`orgburo/<app>/statute.py`) defines a `SectionModel` for its table and
registers it with `@statute_section("elections", required=True)`; `build()` turns the validated
table into the app's own frozen value, which the app reads back with
`statute.section("elections", ElectionRules)`. The loader finds the sections by importing every
`orgburo.<package>.statute` module there is, so a new app adds a file and edits nobody else's.
Section modules must import without Django settings (`orgburo statute check` runs without them).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from orgburo.statutes.validation import StatuteContext, StatuteModel

__all__ = [
    "SECTIONS",
    "Section",
    "SectionModel",
    "discover_sections",
    "registered_sections",
    "statute_section",
]


class SectionModel(StatuteModel):
    """The schema of one section; `build` gives the value the app keeps in the Statute.

    Checks against the rest of the statute (its levels, its settings) belong in validators,
    which reach the file through `orgburo.statutes.validation.context_of(info)`.
    """

    def build(self) -> object:
        raise NotImplementedError(f"{type(self).__name__} must define build()")


@dataclass(frozen=True)
class Section:
    """A registered section: its top-level key, its schema, and whether a statute must have it."""

    name: str
    model: type[SectionModel]
    required: bool


# The registered sections by name, filled by @statute_section as the apps' modules load.
SECTIONS: dict[str, Section] = {}

M = TypeVar("M", bound=type[SectionModel])


def statute_section(name: str, *, required: bool = False) -> Callable[[M], M]:
    """Register a SectionModel as the schema of the statute's `[name]` table.

    An optional section that a statute leaves out is read as an empty table, so its model
    must accept one (every key with a default).
    """

    def register(model: M) -> M:
        known = SECTIONS.get(name)
        where = f"{model.__module__}.{model.__qualname__}"
        if known is not None and f"{known.model.__module__}.{known.model.__qualname__}" != where:
            raise RuntimeError(f"two statute sections registered as {name!r}")
        if not required:
            try:
                model.model_validate({}, context=StatuteContext({}))
            except ValidationError as exc:
                raise TypeError(
                    f"optional statute section {name!r} must accept an empty table: {exc}"
                ) from exc
        SECTIONS[name] = Section(name, model, required)
        return model

    return register


@functools.cache
def discover_sections() -> None:
    """Import `orgburo.<package>.statute` for every package of orgburo that has one."""
    import orgburo

    for root in orgburo.__path__:
        for package in pkgutil.iter_modules([root]):
            if not package.ispkg:
                continue
            modules = pkgutil.iter_modules([str(Path(root) / package.name)])
            if any(module.name == "statute" for module in modules):
                importlib.import_module(f"orgburo.{package.name}.statute")


def registered_sections() -> dict[str, Section]:
    """Every section, in the order of their names, after importing the apps' statute modules."""
    discover_sections()
    return {name: SECTIONS[name] for name in sorted(SECTIONS)}
