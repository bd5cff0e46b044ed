"""Import and export of persons and their memberships, as CSV or XLSX.

An import is checked whole before anything is written: every bad row is reported with its
reason, and only a clean file is loaded (through `register_load`, in one transaction).
Exports neutralise cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor
from orgburo.core.clock import today
from orgburo.core.scope import Scope
from orgburo.core.spreadsheets import FileRejected, RowProblem, UnreadableTable, read_table
from orgburo.core.text import search_name, unreadable
from orgburo.core.tree import subtree_q
from orgburo.register.bulk import LoadResult, PersonRow, RegisterBatch, SpellRow, register_load
from orgburo.register.models import PERSON_FIELDS, Membership, Organisation, Person
from orgburo.register.statute import ROLL

COLUMNS = [
    *PERSON_FIELDS,
    "unit",
    "status",
    "since",
    "social_category",
    "field",
]
REQUIRED = {"family_name", "given_name", "unit", "status", "since", "social_category", "field"}


# The register's names for the kernel's import refusals (core/spreadsheets.py).
RowError = RowProblem
ImportRejected = FileRejected


def read_rows(name: str, content: bytes) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, with or without BOM) or XLSX file as dicts of strings."""
    try:
        header, rows = read_table(name, content)
    except UnreadableTable as exc:
        raise ImportRejected([RowError(exc.line, "", exc.reason)]) from exc
    _check_header(header)
    return [row for _line, row in rows]


def _check_header(header: list[str]) -> None:
    missing = sorted(REQUIRED - set(header))
    unknown = sorted(set(header) - set(COLUMNS) - {"id"})
    problems = []
    if missing:
        problems.append(RowError(1, "", f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(
            RowError(
                1, "", f"unknown column(s): {', '.join(unknown)} (expected: {', '.join(COLUMNS)})"
            )
        )
    if problems:
        raise ImportRejected(problems)


# The register's column widths, checked here so that a long cell is a row problem, not a crash.
LENGTHS = {
    "family_name": 100,
    "given_name": 100,
    "patronymic": 100,
    "nationality": 60,
    "sex": 1,
    "literacy": 32,
    "education": 32,
    "email": 254,
    "status": 16,
    "social_category": 32,
    "field": 32,
}


def _is_number(value: str) -> bool:
    """Plain ASCII digits only ("²".isdigit() is true, but int("²") fails)."""
    return value.isascii() and value.isdecimal()


def _is_email(value: str) -> bool:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(value.strip())
    except ValidationError:
        return False
    return True


def _date(value: str, row: int, column: str, problems: list[RowError]) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        problems.append(RowError(row, column, f"{value!r} is not a date (YYYY-MM-DD)"))
        return None
    if day > today():
        problems.append(RowError(row, column, f"{value} is in the future"))
        return None
    return day


def plan_import(rows: list[dict[str, str]], scope: Scope) -> RegisterBatch:
    """Check every row; return the batch to load, or raise ImportRejected listing all problems."""
    statute = active_statute()
    problems: list[RowError] = []
    choices = {
        name: set(statute.choice_codes(name))
        for name in ("literacy", "education", "social_categories", "fields")
    }
    unit_ids = {int(r["unit"]) for r in rows if _is_number(r.get("unit", ""))}
    units = {
        org.pk: org
        for org in Organisation.objects.filter(pk__in=unit_ids, level=statute.unit_level.code)
        if scope.manages_path(org.path, ROLL)
    }
    seen: dict[tuple[str, str], int] = {}
    batch = RegisterBatch()
    for number, row in enumerate(rows, start=2):
        before = len(problems)
        for column in sorted(REQUIRED):
            if not row.get(column):
                problems.append(RowError(number, column, "required"))
        if len(problems) > before:
            continue
        born = (
            _date(row["birth_date"], number, "birth_date", problems)
            if row.get("birth_date")
            else None
        )
        since = _date(row["since"], number, "since", problems)
        unit = units.get(int(row["unit"])) if _is_number(row["unit"]) else None
        for column, limit in LENGTHS.items():
            if len(row.get(column, "")) > limit:
                problems.append(RowError(number, column, f"longer than {limit} characters"))
            if "\x00" in row.get(column, ""):
                problems.append(RowError(number, column, "contains a NUL character"))
            elif unreadable(row.get(column, "")):
                problems.append(RowError(number, column, unreadable(row[column])))
        if unit is None:
            problems.append(RowError(number, "unit", f"no unit {row['unit']!r} in your scope"))
        elif since is not None and not unit.is_active_on(since):
            problems.append(RowError(number, "since", f"{unit.name} was not active on {since}"))
        if row["status"] not in ("member", "candidate"):
            problems.append(RowError(number, "status", "must be member or candidate"))
        if row.get("sex", "") not in ("", "f", "m"):
            problems.append(RowError(number, "sex", "must be f, m or empty"))
        if row.get("email") and not _is_email(row["email"]):
            problems.append(RowError(number, "email", "not an e-mail address"))
        for column, list_name in (
            ("literacy", "literacy"),
            ("education", "education"),
            ("social_category", "social_categories"),
            ("field", "fields"),
        ):
            value = row.get(column, "")
            if value and value not in choices[list_name]:
                problems.append(
                    RowError(
                        number,
                        column,
                        f"unknown code {value!r}; allowed: {', '.join(sorted(choices[list_name]))}",
                    )
                )
        key = (
            search_name(row["family_name"], row["given_name"], row.get("patronymic", "")),
            row.get("birth_date", ""),
        )
        if key in seen:
            problems.append(RowError(number, "family_name", f"the same person as row {seen[key]}"))
        seen[key] = number
        if len(problems) > before or unit is None or since is None:
            continue
        batch.persons.append(
            PersonRow(
                key=-number,
                family_name=row["family_name"],
                given_name=row["given_name"],
                patronymic=row.get("patronymic", ""),
                home_key=unit.pk,
                birth_date=born,
                sex=row.get("sex", ""),
                nationality=row.get("nationality", ""),
                literacy=row.get("literacy", ""),
                education=row.get("education", ""),
                email=row.get("email", "").strip(),
            )
        )
        route = statute.route_for_category(row["social_category"]).code
        kind = "admitted" if row["status"] == "candidate" else "admitted_member"
        batch.spells.append(
            SpellRow(
                -number,
                unit.pk,
                row["status"],
                since,
                kind,
                row["social_category"],
                row["field"],
                route,
            )
        )
    # People already on the register (same folded name and birth date) are refused, not doubled.
    dated = [
        (p.family_name, p.given_name, p.patronymic, p.birth_date)
        for p in batch.persons
        if p.birth_date
    ]
    if dated:
        names = {search_name(f, g, m) for f, g, m, _b in dated}
        existing = set(
            Person.objects.filter(search_name__in=names).values_list("search_name", "birth_date")
        )
        for person in batch.persons:
            if (
                search_name(person.family_name, person.given_name, person.patronymic),
                person.birth_date,
            ) in existing:
                problems.append(
                    RowError(
                        -person.key,
                        "family_name",
                        "already on the register (same name and birth date)",
                    )
                )
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.row, p.column)))
    return batch


def import_file(*, name: str, content: bytes, scope: Scope, actor: Actor) -> LoadResult:
    """Check and load a file of persons and memberships: all rows or none."""
    batch = plan_import(read_rows(name, content), scope)
    return register_load(batch=batch, actor=actor, source=f"import {Path(name).name}")


# --- export ----------------------------------------------------------------------------------


def _cell(value: str | dt.date | None) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value or ""


def export_rows(org: Organisation, day: dt.date) -> Iterator[list[str]]:
    """The roll of an organisation's whole subtree on a date, one person a row, header first."""
    yield ["id", *COLUMNS]
    spells = (
        Membership.objects.filter(subtree_q(org.path, "organisation__path"))
        .filter(started_on__lte=day)
        .exclude(ended_on__lte=day)
        .select_related("person")
        .order_by("organisation_id", "person__search_name", "person_id")
    )
    for m in spells.iterator(chunk_size=2000):
        p = m.person
        yield [
            str(p.pk),
            *(_cell(getattr(p, name)) for name in PERSON_FIELDS),
            str(m.organisation_id),
            m.status,
            m.started_on.isoformat(),
            m.social_category,
            m.field,
        ]
