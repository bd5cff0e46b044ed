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


@register.filter
def event_kind(kind: str) -> str:
    """A field event's kind in the page's language."""
    from orgburo.core.active_statute import active_statute
    from orgburo.reports.statute import report_rules

    label = report_rules(active_statute()).events.kinds.get(kind)
    return label.get(current_language()) if label else kind


@register.filter
def may_report_event(org: Any, request: Any) -> bool:
    """Whether the reader may report a field event from this unit (its officers, its members)."""
    from orgburo.core.scope import request_scope
    from orgburo.reports.permissions import can_report_event

    return bool(org.depth > 1 and can_report_event(request_scope(request), org))
