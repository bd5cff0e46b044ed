"""The statute's `[reports]` section: the report forms, who submits them, when, and the checks.

Registered with the statute's section registry; imports no Django, so `orgburo statute check`
and the tests read it without settings. The section is optional: a statute without it asks
for no reports. `report_rules(statute)` gives the values.

    [reports.forms.unit_monthly]
    title = { en = "Unit's monthly report", ru = "Ежемесячный отчёт ячейки" }
    levels = ["unit"]
    period = "monthly"          # monthly, quarterly or yearly
    due_days = 10               # days after the period ends

    [reports.forms.unit_monthly.elements.members]
    label = { en = "Members on the roll", ru = "Членов партии на учёте" }
    type = "integer"            # integer, decimal, boolean, choice, text
    min = 0
    prefill = "members"         # pre-filled from the register
    roll_up = "sum"             # sum, average, count_yes or none

    [[reports.forms.unit_monthly.checks]]
    left = "attendance"
    op = "<="
    right = ["members", "candidates"]   # the sum of elements, or a number
    severity = "error"          # refused; "warning": may be submitted with a comment
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import StrictFloat, StrictInt, ValidationInfo, field_validator, model_validator

from orgburo.core.statute import declare_right
from orgburo.engine.periods import KINDS, Period
from orgburo.statutes import Label, SectionModel, Statute, statute_section
from orgburo.statutes.validation import (
    CODE_RE,
    CodeList,
    Count,
    Entries,
    Flag,
    LabelIn,
    Loc,
    StatuteContext,
    StatuteModel,
    Text,
    context_of,
    invalid,
    invalid_at,
)

__all__ = [
    "ELEMENT_TYPES",
    "REPORTS",
    "Check",
    "Element",
    "ReportForm",
    "ReportRules",
    "ReportsSection",
    "report_rules",
]

# The right to submit an organisation's reports, and (held in the committee above) to accept
# or return them and to enter a report that came on paper.
REPORTS = declare_right(
    "reports", "submit the organisation's reports; accept, return or enter those of the units below"
)

ELEMENT_TYPES = ("integer", "decimal", "boolean", "choice", "text")
NUMERIC = ("integer", "decimal")
ROLL_UPS = ("sum", "average", "count_yes", "none")
# What the register can say for a period, to pre-fill an element with.
REGISTER_SOURCES = ("members", "candidates", "admitted", "left")
OPERATORS = ("<=", "<", ">=", ">", "=")
SEVERITIES = ("error", "warning")
TEXT_LIMIT = 2000


@dataclass(frozen=True)
class Element:
    """One value a report form asks for."""

    code: str
    label: Label
    type: str  # one of ELEMENT_TYPES
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    choices: Mapping[str, Label] = field(default_factory=dict)  # type "choice"
    roll_up: str = "none"  # how a committee's table combines its units' values
    register: str = ""  # one of REGISTER_SOURCES, or "" where the register has no figure
    max_length: int = 200  # type "text"

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC


@dataclass(frozen=True)
class Check:
    """A rule between a form's values: `left op right` (the sum of elements, or a number), or
    elements that are given together or not at all."""

    severity: str  # "error" (refused) or "warning" (may be submitted with a comment)
    left: str = ""
    op: str = ""
    right: tuple[str, ...] = ()
    constant: float | None = None
    together: tuple[str, ...] = ()
    message: Label | None = None


@dataclass(frozen=True)
class ReportForm:
    """A report form: its values, who submits it, its period and due day, its checks."""

    code: str
    title: Label
    levels: tuple[str, ...]
    settings: tuple[str, ...]  # empty: every setting
    period: str  # one of engine.periods.KINDS
    due_days: int  # days after the period's last day
    elements: tuple[Element, ...]
    checks: tuple[Check, ...] = ()

    def element(self, code: str) -> Element:
        for element in self.elements:
            if element.code == code:
                return element
        raise KeyError(code)

    def submitted_by(self, level: str, setting: str) -> bool:
        return level in self.levels and (not self.settings or setting in self.settings)

    def due_on(self, period: Period) -> date:
        return period.end + timedelta(days=self.due_days)


@dataclass(frozen=True)
class OutlierRule:
    """When a reported value is flagged to the committee above as far from the usual: a robust
    z-score (median and MAD of the organisation's own earlier reports) above `threshold`, once
    there are `min_history` of them; `history` is how many earlier periods are read."""

    threshold: float = 3.5
    min_history: int = 6
    history: int = 12


@dataclass(frozen=True)
class EventRules:
    """Field events (a strike, a wage dispute, …): the kinds a unit may report, and how many
    hours each level's committee has to acknowledge one before it climbs to the next."""

    kinds: Mapping[str, Label] = field(default_factory=dict)
    hours: Mapping[str, int] = field(default_factory=dict)  # level -> hours; unlisted: 24
    default_hours: int = 24

    def hours_at(self, level: str) -> int:
        return self.hours.get(level, self.default_hours)


@dataclass(frozen=True)
class ReportRules:
    """The statute's report forms, how far from the usual a value is flagged, and field events."""

    forms: tuple[ReportForm, ...] = ()
    outliers: OutlierRule = OutlierRule()
    events: EventRules = EventRules()

    def form(self, code: str) -> ReportForm:
        for form in self.forms:
            if form.code == code:
                return form
        raise KeyError(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(form.code for form in self.forms)

    def forms_for(self, level: str, setting: str) -> tuple[ReportForm, ...]:
        return tuple(form for form in self.forms if form.submitted_by(level, setting))


class ElementIn(StatuteModel):
    """`[reports.forms.<form>.elements.<code>]`."""

    label: LabelIn
    type: Text
    required: Flag = True
    min: StrictInt | StrictFloat | None = None
    max: StrictInt | StrictFloat | None = None
    choices: Annotated[dict[str, LabelIn], Entries(entry="a label { en, ru }")] | None = None
    roll_up: Text | None = None  # default: sum for numbers, count_yes for yes/no, else none
    prefill: Text = ""  # a figure of the register (REGISTER_SOURCES)
    max_length: Count = 200

    @field_validator("type")
    @classmethod
    def _known_type(cls, kind: str) -> str:
        if kind not in ELEMENT_TYPES:
            raise invalid(f"unknown type {kind!r} (types: {', '.join(ELEMENT_TYPES)})")
        return kind

    @field_validator("roll_up")
    @classmethod
    def _known_roll_up(cls, roll_up: str | None) -> str | None:
        if roll_up is not None and roll_up not in ROLL_UPS:
            raise invalid(f"unknown roll_up {roll_up!r} (ways: {', '.join(ROLL_UPS)})")
        return roll_up

    @field_validator("prefill")
    @classmethod
    def _known_source(cls, source: str) -> str:
        if source and source not in REGISTER_SOURCES:
            raise invalid(
                f"unknown register figure {source!r} (figures: {', '.join(REGISTER_SOURCES)})"
            )
        return source

    @field_validator("max_length")
    @classmethod
    def _sane_length(cls, length: int) -> int:
        if not 1 <= length <= TEXT_LIMIT:
            raise invalid(f"1 to {TEXT_LIMIT} characters (got {length})")
        return length

    @model_validator(mode="after")
    def _fits_its_type(self) -> ElementIn:
        numeric = self.type in NUMERIC
        if (self.min is not None or self.max is not None) and not numeric:
            raise invalid(f"min and max are for numbers; this element is of type {self.type!r}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise invalid(f"min ({self.min}) is more than max ({self.max})")
        if (self.type == "choice") != (self.choices is not None):
            raise invalid("a choice element lists its choices, and only a choice element does")
        if self.roll_up in ("sum", "average") and not numeric:
            raise invalid(f"roll_up {self.roll_up!r} is for numbers")
        if self.roll_up == "count_yes" and self.type != "boolean":
            raise invalid("roll_up 'count_yes' is for yes/no elements")
        if self.prefill and self.type != "integer":
            raise invalid("a register figure is a whole number: the element's type is 'integer'")
        return self

    def build(self, code: str) -> Element:
        roll_up = self.roll_up or (
            "sum" if self.type in NUMERIC else "count_yes" if self.type == "boolean" else "none"
        )
        return Element(
            code=code,
            label=self.label.label(),
            type=self.type,
            required=self.required,
            minimum=None if self.min is None else float(self.min),
            maximum=None if self.max is None else float(self.max),
            choices={key: label.label() for key, label in (self.choices or {}).items()},
            roll_up=roll_up,
            register=self.prefill,
            max_length=self.max_length,
        )


class CheckIn(StatuteModel):
    """`[[reports.forms.<form>.checks]]`: a comparison, or elements given together."""

    severity: Text
    left: Text | None = None
    op: Text | None = None
    right: list[Text] | StrictInt | StrictFloat | None = None
    together: list[Text] | None = None
    message: LabelIn | None = None

    @field_validator("severity")
    @classmethod
    def _known_severity(cls, severity: str) -> str:
        if severity not in SEVERITIES:
            raise invalid(f"unknown severity {severity!r} (severities: {', '.join(SEVERITIES)})")
        return severity

    @field_validator("op")
    @classmethod
    def _known_op(cls, op: str | None) -> str | None:
        if op is not None and op not in OPERATORS:
            raise invalid(f"unknown op {op!r} (ops: {', '.join(OPERATORS)})")
        return op

    @model_validator(mode="after")
    def _one_kind(self) -> CheckIn:
        comparing = self.left is not None or self.op is not None or self.right is not None
        if comparing == (self.together is not None):
            raise invalid(
                "a check either compares (left, op, right) or names elements given together"
            )
        if comparing and (self.left is None or self.op is None or self.right is None):
            raise invalid("a comparison needs left, op and right")
        if self.together is not None and len(self.together) < 2:
            raise invalid("together names at least two elements")
        if isinstance(self.right, list) and not self.right:
            raise invalid("right names at least one element, or is a number")
        return self

    def build(self) -> Check:
        right = self.right
        return Check(
            severity=self.severity,
            left=self.left or "",
            op=self.op or "",
            right=tuple(right) if isinstance(right, list) else (),
            constant=float(right) if isinstance(right, (int, float)) else None,
            together=tuple(self.together or ()),
            message=self.message.label() if self.message else None,
        )


class FormIn(StatuteModel):
    """`[reports.forms.<code>]`."""

    title: LabelIn
    levels: Annotated[
        tuple[str, ...], CodeList(known="levels", unknown="unknown level {code} (known: {known})")
    ]
    settings: Annotated[
        tuple[str, ...],
        CodeList(known="settings", unknown="unknown setting {code} (known: {known})"),
    ] = ()
    period: Text
    due_days: Count
    elements: Annotated[dict[str, ElementIn], Entries()]
    checks: list[CheckIn] = []

    @field_validator("period")
    @classmethod
    def _known_period(cls, period: str) -> str:
        if period not in KINDS:
            raise invalid(f"unknown period {period!r} (periods: {', '.join(KINDS)})")
        return period

    @field_validator("due_days")
    @classmethod
    def _within_a_year(cls, days: int) -> int:
        if days > 366:
            raise invalid(f"at most 366 days after the period ends (got {days})")
        return days


def _checks_name_elements(
    good: Mapping[str, Any], raw: Mapping[str, Any], context: StatuteContext
) -> Iterable[tuple[Loc, str]]:
    """Each check names elements of its own form, and compares only numbers."""
    for code, form in good.items():
        elements: dict[str, ElementIn] = form.elements
        known = ", ".join(elements)
        for i, check in enumerate(form.checks):
            named = [check.left] if check.left else []
            named += check.right if isinstance(check.right, list) else []
            named += check.together or []
            for name in named:
                where: Loc = (code, "checks", i)
                if not CODE_RE.match(name) or name not in elements:
                    yield where, f"unknown element {name!r} (elements: {known})"
                elif check.left and elements[name].type not in NUMERIC:
                    yield where, f"{name!r} is not a number: only numbers are compared"


class OutliersIn(StatuteModel):
    """`[reports.outliers]`: the median-and-MAD method's parameters."""

    threshold: StrictInt | StrictFloat = 3.5
    min_history: Count = 6
    history: Count = 12

    @model_validator(mode="after")
    def _sane(self) -> OutliersIn:
        if self.threshold <= 0:
            raise invalid(f"threshold must be more than 0 (got {self.threshold})")
        if not 3 <= self.min_history <= self.history <= 120:
            raise invalid("3 <= min_history <= history <= 120")
        return self


class EventsIn(StatuteModel):
    """`[reports.events]`: the kinds of field event, and each level's hours to acknowledge."""

    kinds: Annotated[dict[str, LabelIn], Entries(entry="a label { en, ru }")] | None = None
    hours: dict[str, Count] = {}

    @field_validator("hours")
    @classmethod
    def _levels_and_hours(cls, hours: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        levels = context_of(info).declared("levels")
        problems: list[tuple[Loc, str]] = []
        for level, n in hours.items():
            if levels and level not in levels:
                problems.append(((level,), f"unknown level {level!r} (known: {', '.join(levels)})"))
            elif not 1 <= n <= 24 * 31:
                problems.append(((level,), f"1 to {24 * 31} hours (got {n})"))
        if problems:
            raise invalid_at(problems)
        return hours


@statute_section("reports")
class ReportsSection(SectionModel):
    """`[reports]`: optional; left out, no organisation reports."""

    forms: Annotated[dict[str, FormIn], Entries(check=_checks_name_elements)] = {}
    outliers: OutliersIn = OutliersIn()
    events: EventsIn = EventsIn()

    def build(self) -> ReportRules:
        return ReportRules(
            events=EventRules(
                kinds={code: label.label() for code, label in (self.events.kinds or {}).items()},
                hours=dict(self.events.hours),
            ),
            outliers=OutlierRule(
                float(self.outliers.threshold), self.outliers.min_history, self.outliers.history
            ),
            forms=tuple(
                ReportForm(
                    code=code,
                    title=form.title.label(),
                    levels=form.levels,
                    settings=form.settings,
                    period=form.period,
                    due_days=form.due_days,
                    elements=tuple(item.build(name) for name, item in form.elements.items()),
                    checks=tuple(check.build() for check in form.checks),
                )
                for code, form in self.forms.items()
            ),
        )


def report_rules(statute: Statute) -> ReportRules:
    """The statute's report forms (none when it has no `[reports]`)."""
    return statute.section("reports", ReportRules)
