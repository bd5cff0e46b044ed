from typing import Any

from django import template

from orgburo.absence import selectors
from orgburo.absence.statute import absence_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.clock import today

register = template.Library()


@register.filter
def weakened_here(org: Any) -> Any:
    """For a unit: its weakened stretch now or soon; for a committee: the weakened units below."""
    if org.numchild:
        return selectors.weakened_below(org, today())
    return selectors.weakened(org, today())


@register.filter
def leave_kind(code: str) -> str:
    from orgburo.core.i18n import current_language

    label = absence_rules(active_statute()).kinds.get(code)
    return label.get(current_language()) if label else code


@register.filter
def leaves_list(person: Any) -> list[Any]:
    return list(selectors.leaves_of(person.pk)[:10])


@register.filter
def weakened_before(org: Any) -> list[Any]:
    """For a unit: the stretches of the last half-year during which it was weakened."""
    return [] if org.numchild else selectors.weakened_history(org, today())
