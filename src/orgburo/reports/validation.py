"""A report's values held against its form: each value's type and range, then the form's
checks between values. Used alike by the web form, the API and the file import, so each says
the same thing about the same value."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from orgburo.core.i18n import current_language
from orgburo.reports.statute import Check, Element, ReportForm

Value = int | float | bool | str

_TRUE = {"1", "true", "yes", "on", "да", "y"}
_FALSE = {"0", "false", "no", "off", "нет", "n"}
_OPS = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "=": lambda a, b: a == b,
}
_OP_WORDS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "=": "="}


@dataclass(frozen=True)
class Problem:
    """What is wrong with a report: the element concerned ("" for the whole report), why, and
    whether it refuses the report ("error") or asks for a comment ("warning")."""

    element: str
    message: str
    severity: str = "error"

    def as_dict(self) -> dict[str, str]:
        return {"element": self.element, "message": self.message, "severity": self.severity}


@dataclass(frozen=True)
class Checked:
    values: dict[str, Value]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


def check_values(form: ReportForm, raw: Mapping[str, Any]) -> Checked:
    """Read `raw` (JSON values, or the strings of a web form or a file) as the form's values
    and check them; the values read are kept even when some are wrong, so a form redrawn with
    its errors loses nothing."""
    problems: list[Problem] = []
    known = {element.code for element in form.elements}
    for key in raw:
        if key not in known:
            problems.append(
                Problem(
                    str(key),
                    _("unknown element %(code)s (the form's elements: %(known)s)")
                    % {"code": key, "known": ", ".join(e.code for e in form.elements)},
                )
            )
    values: dict[str, Value] = {}
    for element in form.elements:
        given = raw.get(element.code)
        if given is None or (isinstance(given, str) and not given.strip()):
            if element.required:
                problems.append(Problem(element.code, _("a value is required")))
            continue
        value, why = _read(element, given)
        if why:
            problems.append(Problem(element.code, why))
            continue
        assert value is not None
        out_of_range = _range_problem(element, value)
        if out_of_range:
            problems.append(Problem(element.code, out_of_range))
        values[element.code] = value
    wrong = {p.element for p in problems}
    for check in form.checks:
        problem = _apply(form, check, values, wrong)
        if problem is not None:
            problems.append(problem)
    return Checked(values, tuple(problems))


def _read(element: Element, given: Any) -> tuple[Value | None, str]:
    """The value `given` as the element's type, or why it is not one."""
    text = given.strip() if isinstance(given, str) else None
    if element.type == "integer":
        if isinstance(given, bool):
            return None, _("a whole number, not true or false")
        if isinstance(given, int):
            return given, ""
        if isinstance(given, float) and given.is_integer():
            return int(given), ""
        if text is not None and text.lstrip("-").isdigit():
            return int(text), ""
        return None, _("a whole number is needed, got %(value)s") % {"value": _shown(given)}
    if element.type == "decimal":
        if isinstance(given, bool):
            return None, _("a number, not true or false")
        if isinstance(given, (int, float)) and math.isfinite(given):
            return float(given), ""
        if text is not None:
            try:
                number = float(text.replace(",", ".").replace(" ", ""))
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                return number, ""
        return None, _("a number is needed, got %(value)s") % {"value": _shown(given)}
    if element.type == "boolean":
        if isinstance(given, bool):
            return given, ""
        if text is not None and text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE, ""
        return None, _("yes or no is needed, got %(value)s") % {"value": _shown(given)}
    if element.type == "choice":
        if isinstance(given, str) and given in element.choices:
            return given, ""
        return None, _("one of %(choices)s is needed, got %(value)s") % {
            "choices": ", ".join(element.choices),
            "value": _shown(given),
        }
    if not isinstance(given, str):
        return None, _("a text is needed, got %(value)s") % {"value": _shown(given)}
    if len(given) > element.max_length:
        return None, _("at most %(limit)d characters (this has %(length)d)") % {
            "limit": element.max_length,
            "length": len(given),
        }
    return given.strip(), ""


def _range_problem(element: Element, value: Value) -> str:
    if not element.numeric or isinstance(value, (bool, str)):
        return ""
    if element.minimum is not None and value < element.minimum:
        return _("at least %(limit)s (got %(value)s)") % {
            "limit": _number(element.minimum),
            "value": _number(value),
        }
    if element.maximum is not None and value > element.maximum:
        return _("at most %(limit)s (got %(value)s)") % {
            "limit": _number(element.maximum),
            "value": _number(value),
        }
    return ""


def _apply(
    form: ReportForm, check: Check, values: Mapping[str, Value], wrong: set[str]
) -> Problem | None:
    """The check's problem with these values; none where a value it needs is missing or
    already wrong (that value has its own message)."""
    language = current_language()
    if check.together:
        given = [code for code in check.together if code in values]
        if not given or len(given) == len(check.together):
            return None
        missing = [code for code in check.together if code not in values and code not in wrong]
        if not missing:
            return None
        names = ", ".join(form.element(code).label.get(language) for code in check.together)
        message = (
            check.message.get(language)
            if check.message
            else _("%(names)s are given together, or none of them") % {"names": names}
        )
        return Problem(missing[0], message, check.severity)
    needed = (check.left, *check.right)
    if any(code not in values for code in needed):
        return None
    left = float(values[check.left])
    right = (
        check.constant
        if check.constant is not None
        else sum(float(values[code]) for code in check.right)
    )
    if _OPS[check.op](left, right):
        return None
    words = {
        "left": form.element(check.left).label.get(language),
        "value": _number(left),
        "op": _OP_WORDS[check.op],
        "total": _number(right),
    }
    if check.message:
        message = check.message.get(language)
    elif check.constant is not None:
        message = _("%(left)s (%(value)s) should be %(op)s %(total)s") % words
    else:
        words["right"] = " + ".join(form.element(c).label.get(language) for c in check.right)
        message = _("%(left)s (%(value)s) should be %(op)s %(right)s (%(total)s)") % words
    return Problem(check.left, message, check.severity)


def _number(value: float | int | bool | str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:39] + "…"
