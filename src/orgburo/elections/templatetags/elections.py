"""Names of the counting engine's codes in the reader's language: the method of a count and the
action of each of its stages (the engine, below Django, speaks in English codes)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from orgburo.elections.forms import METHOD_LABELS

register = template.Library()

STAGE_ACTIONS = {
    "count": _("count"),
    "election": _("election"),
    "exclusion": _("exclusion"),
    "first preferences": _("first preferences"),
    "first round": _("first round"),
    "second round": _("second round"),
    "surplus": _("transfer of a surplus"),
    "remaining candidates elected (as many as seats left)": _(
        "remaining candidates elected (as many as seats left)"
    ),
}


@register.filter
def stage_action(code: str) -> str:
    return str(STAGE_ACTIONS.get(code, code))


STV_VARIANTS = {"scottish": _("Scottish rules, 2007"), "meek": _("Meek")}


@register.filter
def method_name(code: str) -> str:
    return str(METHOD_LABELS.get(code, code))


@register.filter
def stv_variant_name(code: str) -> str:
    return str(STV_VARIANTS.get(code, code))


# The line's rules an election remedies (the finding's page offers to call one).
REMEDIED_BY_ELECTION = {
    "appointed_not_elected",
    "appointment_expired",
    "election_overdue",
    "official_without_standing",
    "unit_without_secretary",
}


@register.filter
def election_remedy(finding: Any, request: Any) -> dict[str, Any] | None:
    """For a finding an election would remedy: whether the caller may call one at its
    organisation, and the elections held there (or to be) since it was first seen."""
    from orgburo.core.scope import can_manage, request_scope
    from orgburo.elections.models import Election
    from orgburo.elections.statute import ELECTIONS

    if finding.rule not in REMEDIED_BY_ELECTION:
        return None
    org = finding.organisation
    called = list(
        Election.objects.filter(organisation=org, held_on__gte=finding.first_seen.date()).order_by(
            "-held_on", "-pk"
        )[:10]
    )
    may_call = can_manage(request_scope(request), org, ELECTIONS)
    return {"may_call": may_call, "called": called} if may_call or called else None
