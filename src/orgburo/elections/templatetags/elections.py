"""Names of the counting engine's codes in the reader's language: the method of a count and the
action of each of its stages (the engine, below Django, speaks in English codes)."""

from __future__ import annotations

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
