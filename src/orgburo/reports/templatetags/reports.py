"""Report values as a page shows them: `{{ form|due_on:period }}`, `{{ value|report_value:element }}`,
`{{ values|get_value:code }}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from orgburo.core.i18n import current_language
from orgburo.engine.periods import Period
from orgburo.reports.statute import Element, ReportForm

register = template.Library()


@register.filter
def due_on(form: ReportForm, period: Period) -> Any:
    return form.due_on(period)


@register.filter
def report_value(value: Any, element: Element) -> str:
    if value is None:
        return "—"
    if element.type == "boolean":
        return _("yes") if value else _("no")
    if element.type == "choice" and value in element.choices:
        return element.choices[value].get(current_language())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@register.filter
def get_value(values: dict[str, Any] | None, code: str) -> Any:
    return "" if not values else values.get(code, "")


@register.filter
def element_label(code: str, form: ReportForm) -> str:
    try:
        return form.element(code).label.get(current_language())
    except KeyError:
        return code
