"""Read a statute file: parse the TOML, validate the statute's own keys (`model.py`) and every
registered section (`sections.py`), and report every problem with its file and key path."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from orgburo.statutes.model import StatuteFile
from orgburo.statutes.schema import Statute, StatuteError, StatuteProblem
from orgburo.statutes.sections import SectionModel, registered_sections
from orgburo.statutes.validation import Loc, StatuteContext, join, problems_from, type_name

__all__ = ["check_statute", "load_statute"]

B = TypeVar("B", bound=BaseModel)


def _read(path: Path, file: str, problems: list[StatuteProblem]) -> dict[str, Any] | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(StatuteProblem(file, "", f"cannot read the file: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8"
        problems.append(StatuteProblem(file, "", reason))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message already carries "(at line L, column C)".
        problems.append(StatuteProblem(file, "", f"TOML syntax error: {exc}"))
        return None


def _path(prefix: str, loc: Loc) -> str:
    path = prefix
    for part in loc:
        path = join(path, part)
    return path


def _validate(
    model: type[B],
    data: Mapping[str, Any],
    where: str,
    context: StatuteContext,
    file: str,
    problems: list[StatuteProblem],
) -> B | None:
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        for loc, reason in problems_from(exc, model):
            problems.append(StatuteProblem(file, _path(where, loc), reason))
        return None


def _parse(
    doc: dict[str, Any], file: str, source: str
) -> tuple[Statute | None, list[StatuteProblem]]:
    """Build a Statute from parsed TOML, or report every problem with it."""
    problems: list[StatuteProblem] = []
    context = StatuteContext(doc)
    sections = registered_sections()
    own = tuple(StatuteFile.model_fields)
    clash = set(own) & set(sections)
    if clash:
        raise RuntimeError(f"statute sections named like the statute's own keys: {clash}")
    allowed = ", ".join((*own, *sections))
    for key in doc:
        if key not in own and key not in sections:
            problems.append(
                StatuteProblem(file, join("", key), f"unknown key (allowed here: {allowed})")
            )

    core = _validate(
        StatuteFile, {k: v for k, v in doc.items() if k in own}, "", context, file, problems
    )
    models: dict[str, SectionModel] = {}
    for name, section in sections.items():
        if name not in doc and section.required:
            problems.append(StatuteProblem(file, name, "required key is missing"))
            continue
        table = doc.get(name, {})  # an optional section left out reads as an empty table
        if not isinstance(table, dict):
            problems.append(StatuteProblem(file, name, f"expected a table, got {type_name(table)}"))
            continue
        model = _validate(section.model, table, name, context, file, problems)
        if model is not None:
            models[name] = model

    if problems or core is None:
        return None, problems
    values = {name: model.build() for name, model in models.items()}
    return core.build(source, values), problems


def _load(path: str | Path) -> tuple[Statute | None, list[StatuteProblem]]:
    problems: list[StatuteProblem] = []
    doc = _read(Path(path), str(path), problems)
    if doc is None:
        return None, problems
    return _parse(doc, str(path), source=str(Path(path)))


def load_statute(path: str | Path) -> Statute:
    """Load and validate a statute file; raise StatuteError listing every problem."""
    statute, problems = _load(path)
    if statute is None:
        raise StatuteError(problems)
    return statute


def check_statute(path: str | Path) -> list[StatuteProblem]:
    """Every problem with a statute file; an empty list when it is valid."""
    return _load(path)[1]
