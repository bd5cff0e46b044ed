"""The pieces statute schemas are built from, and pydantic's errors put in a statute author's words.

Every schema (the statute's own keys in `model.py`, each app's section in `<app>/statute.py`)
is a `StatuteModel`: strict (`true` is not a number, a quoted date is not a date) and closed
(an unknown key is a typo). Its fields use the types below, whose messages are the ones a
statute author reads; `problems_from` turns a ValidationError into (key path, reason) pairs,
the path dotted and quoted as TOML writes it (`post_kinds.unit_secretary.standing.years`).
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    Strict,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, core_schema

from orgburo.statutes.schema import Label

__all__ = [
    "CODE_RE",
    "CodeList",
    "Count",
    "Day",
    "Entries",
    "Flag",
    "LabelIn",
    "Loc",
    "StatuteContext",
    "StatuteModel",
    "Text",
    "context_of",
    "invalid",
    "invalid_at",
    "join",
    "problems_from",
    "type_name",
]

# Codes end up as database choice values and in URLs, so keep them plain.
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_BARE_KEY_RE = re.compile(r"^[A-Za-z0-9_-]+$")

# A place in the file, relative to the table being validated: keys and array indexes.
Loc = tuple[str | int, ...]

# pydantic's type errors, and what the value should have been, in TOML's words.
_EXPECTED = {
    "int_type": "an integer",
    "string_type": "a string",
    "bool_type": "true or false",
    "float_type": "a number",
    "date_type": "a date",
    "datetime_type": "a date-time",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "dict_type": "a table",
    "list_type": "an array",
    "tuple_type": "an array",
}


# TOML's types by the Python type a value is read as; bool before int and datetime before date,
# as each is a subclass of the next.
_TOML_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "a boolean"),
    (int, "an integer"),
    (float, "a float"),
    (str, "a string"),
    (datetime, "a date-time"),
    (date, "a date"),
    (list, "an array"),
    (dict, "a table"),
)


def type_name(value: object) -> str:
    """Name a value's TOML type, not its Python one: the reader of the message edits TOML."""
    for kind, name in _TOML_TYPES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def join(path: str, key: str | int) -> str:
    """Extend a dotted key path; an index becomes `[i]`, a key that is not bare is quoted."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    # Quote keys that are not bare TOML keys, so the path can be pasted back into a search.
    if not _BARE_KEY_RE.match(key):
        key = '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{path}.{key}" if path else key


def invalid(reason: str) -> PydanticCustomError:
    """The error a validator raises for its own value: `raise invalid("must be at least 1")`."""
    return PydanticCustomError("statute", "{reason}", {"reason": reason})


def invalid_at(problems: Iterable[tuple[Loc, str]]) -> ValidationError:
    """Several problems at once, each at a place below the value being validated."""
    return ValidationError.from_exception_data(
        "statute",
        [InitErrorDetails(type=invalid(reason), loc=loc, input=None) for loc, reason in problems],
    )


def problems_from(error: ValidationError, model: type[BaseModel]) -> list[tuple[Loc, str]]:
    """Each of pydantic's errors as (place, reason); `model` is the schema that was validated."""
    found: list[tuple[Loc, str]] = []
    for detail in error.errors(include_url=False):
        loc: Loc = tuple(detail["loc"])
        kind, value = detail["type"], detail.get("input")
        if kind == "statute":
            reason = detail["ctx"]["reason"]
        elif kind == "missing":
            reason = "required key is missing"
        elif kind == "extra_forbidden":
            allowed = ", ".join(_fields_at(model, loc[:-1]))
            reason = f"unknown key (allowed here: {allowed})"
        elif kind in _EXPECTED:
            reason = f"expected {_EXPECTED[kind]}, got {type_name(value)}"
            if kind == "date_type" and isinstance(value, str):
                reason += " (write it unquoted, e.g. 1917-11-07)"
        elif kind == "value_error":
            reason = str(detail["ctx"]["error"])
        else:
            msg = detail["msg"]
            reason = msg[:1].lower() + msg[1:]
        found.append((loc, reason))
    return found


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    # The keys of the table at `loc`: walk the schema's annotations down the path.
    kind: Any = model
    for part in loc:
        kind = _unwrap(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(str(part))
            kind = field.annotation if field is not None else None
        elif get_origin(kind) in (dict, Mapping):
            kind = get_args(kind)[1]
        elif get_origin(kind) in (list, tuple):
            kind = get_args(kind)[0]
        else:
            return []
    kind = _unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return list(kind.model_fields)
    return []


def _unwrap(kind: Any) -> Any:
    # X | None and Annotated[X, ...] stand for X.
    while True:
        if get_origin(kind) is Annotated:
            kind = get_args(kind)[0]
        elif get_origin(kind) in (Union, types.UnionType):
            kind = next((arg for arg in get_args(kind) if arg is not type(None)), None)
        else:
            return kind


def _without(table: dict[str, Any], locs: Iterable[tuple[Any, ...]]) -> dict[str, Any]:
    # A copy of the table without the keys at `locs` (each a path of keys and indexes).
    copy = dict(table)
    for loc in locs:
        if len(loc) == 1:
            copy.pop(loc[0], None)
        elif isinstance(copy.get(loc[0]), dict):
            copy[loc[0]] = _without(copy[loc[0]], [loc[1:]])
    return copy


@dataclass(frozen=True)
class StatuteContext:
    """What every schema's checks may consult: the whole file, as TOML parsed it."""

    doc: Mapping[str, Any]

    def declared(self, table: str) -> list[str]:
        """The codes a top-level table declares, even those whose entry has its own problem:
        a broken label on a level should not also make the posts that name it "unknown"."""
        value = self.doc.get(table)
        if not isinstance(value, dict):
            return []
        return [code for code in value if CODE_RE.match(code)]


def context_of(info: ValidationInfo) -> StatuteContext:
    """The statute being validated, from inside a validator."""
    context = info.context
    if not isinstance(context, StatuteContext):
        raise TypeError("validate statute schemas through orgburo.statutes.load_statute")
    return context


class StatuteModel(BaseModel):
    """A table of a statute: strict types, no keys but the declared ones, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _not_empty(value: str) -> str:
    if not value.strip():
        raise invalid("must not be empty")
    return value


def _not_negative(value: int) -> int:
    if value < 0:
        raise invalid(f"must not be negative (got {value})")
    return value


Text = Annotated[StrictStr, AfterValidator(_not_empty)]
"""A string that is not blank."""
Count = Annotated[StrictInt, AfterValidator(_not_negative)]
"""A whole number, never negative (`true` is not a number)."""
Flag = StrictBool
"""true or false."""
Day = Annotated[date, Strict()]
"""An unquoted TOML date: neither a quoted one nor a date-time."""


class LabelIn(StatuteModel):
    """A name in both UI languages: `{ en = "...", ru = "..." }`."""

    en: Text
    ru: Text

    def label(self) -> Label:
        return Label(en=self.en, ru=self.ru)


def code_problem(code: str) -> str:
    """Why `code` is not a valid code."""
    return (
        f"code {code!r} must be lower-case letters, digits and underscores, "
        "starting with a letter, at most 40 characters"
    )


@dataclass(frozen=True)
class CodeList:
    """Marks `Annotated[tuple[str, ...], CodeList(...)]`: a non-empty array of codes, none twice.

    With `known` (a top-level table, e.g. "levels"), each code must be one it declares;
    `unknown` is the message, with {code} and {known} filled in.
    """

    known: str | None = None
    unknown: str = "unknown code {code} (known: {known})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.with_info_plain_validator_function(self._validate)

    def _validate(self, value: Any, info: ValidationInfo) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise invalid(f"expected an array of codes, got {type_name(value)}")
        problems: list[tuple[Loc, str]] = []
        codes: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                problems.append(((i,), f"expected a string, got {type_name(item)}"))
            elif item in codes:
                problems.append(((i,), f"duplicate code {item!r}"))
            else:
                codes.append(item)
        if not value:
            problems.append(((), "must not be empty"))
        if not problems and self.known is not None:
            known = context_of(info).declared(self.known)
            for i, code in enumerate(codes):
                if known and code not in known:
                    message = self.unknown.format(code=repr(code), known=", ".join(known))
                    problems.append(((i,), message))
        if problems:
            raise invalid_at(problems)
        return tuple(codes)


EntryCheck = Callable[
    [Mapping[str, Any], Mapping[str, Any], StatuteContext], Iterable[tuple[Loc, str]]
]


@dataclass(frozen=True)
class Entries:
    """Marks `Annotated[dict[str, Model], Entries(...)]`: a table of entries keyed by code
    (`[levels.gubernia]`, `[audit.rules.x]`), with at least one entry.

    Each entry is validated on its own, so `check(good, raw, context)` sees every entry that
    is right even when another is broken, and reports problems that span entries (places
    relative to the table). `entry` says what a value that is not a table should have been.
    """

    check: EntryCheck | None = None
    entry: str = "a table"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        model = get_args(_unwrap(source))[1]
        return core_schema.with_info_plain_validator_function(partial(self._validate, model))

    def _validate(
        self, model: type[BaseModel], value: Any, info: ValidationInfo
    ) -> dict[str, BaseModel]:
        if not isinstance(value, dict):
            raise invalid(f"expected a table, got {type_name(value)}")
        problems: list[tuple[Loc, str]] = []
        if not value:
            problems.append(((), "must have at least one entry"))
        good: dict[str, BaseModel] = {}
        for code, entry in value.items():
            if not CODE_RE.match(code):
                problems.append(((code,), code_problem(code)))
            elif not isinstance(entry, dict):
                problems.append(((code,), f"expected {self.entry}, got {type_name(entry)}"))
            else:
                try:
                    good[code] = model.model_validate(entry, context=info.context)
                except ValidationError as exc:
                    problems.extend(((code, *loc), why) for loc, why in problems_from(exc, model))
                    # An entry whose only fault is an unknown key still counts for `check`:
                    # the typo is reported once, not again as the entry's absence.
                    extras = [
                        tuple(e["loc"]) for e in exc.errors() if e["type"] == "extra_forbidden"
                    ]
                    if len(extras) == exc.error_count():
                        trimmed = _without(entry, extras)
                        good[code] = model.model_validate(trimmed, context=info.context)
        if self.check is not None:
            problems.extend(self.check(good, value, context_of(info)))
        if problems:
            raise invalid_at(problems)
        return good
