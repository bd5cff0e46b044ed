"""The cadres app's template tags: a person's cadre record for their page, and names."""

from typing import Any

from django import template

from orgburo.cadres import describe
from orgburo.cadres.permissions import keeps_cadres_of
from orgburo.cadres.selectors.desk import person_cadres
from orgburo.cadres.selectors.skills import level_name, skill_name
from orgburo.core.i18n import current_language
from orgburo.core.scope import request_scope

register = template.Library()


@register.simple_tag(takes_context=True)
def cadres_of(context: Any, person: Any) -> dict[str, Any]:
    """What the person's page shows of cadres, and whether the viewer keeps them there."""
    scope = request_scope(context["request"])
    record = person_cadres(person.pk)
    return {
        "record": record,
        "signals": [
            (s, describe.signal_title(s.code), describe.signal_why(s)) for s in record.signals
        ],
        # Keeping another's record: nobody records their own schooling.
        "keeps": keeps_cadres_of(scope, person.home.path) and scope.person_id != person.pk,
        "is_self": scope.person_id == person.pk,
    }


@register.filter
def skill_label(code: str) -> str:
    return skill_name(code, current_language())


@register.filter
def skill_level(record: Any) -> str:
    return level_name(record.skill, record.level, current_language()) if record.level else ""


@register.filter
def signal_title(code: str) -> str:
    return describe.signal_title(code)
