from typing import Any

from django import template

from orgburo.core.clock import today
from orgburo.enterprises import selectors

register = template.Library()


@register.filter
def enterprise_copies(org: Any) -> list[Any]:
    """For a unit linked to an enterprise: its latest copies of the enterprise's notices."""
    if org.enterprise_id is None:
        return []
    return selectors.unit_copies(org)


@register.filter
def speaks_for(person: Any) -> list[Any]:
    """The enterprises the person speaks for today (as director, or for their trust)."""

    return list(selectors.spoken_for(person.pk, today()))
