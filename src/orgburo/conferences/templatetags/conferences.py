from typing import Any

from django import template

from orgburo.conferences import selectors

register = template.Library()


@register.filter
def conference_invitations(org: Any) -> list[Any]:
    """For a unit: the conference sessions it is asked to send a delegate to, not yet named."""
    if org.numchild:
        return []
    return list(selectors.invitations_waiting(org)[:5])
