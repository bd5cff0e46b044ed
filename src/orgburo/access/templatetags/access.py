"""`{% login_status person as status %}`: what a person's record shows about their login."""

from __future__ import annotations

from typing import Any

from django import template

from orgburo.access.selectors import LoginStatus, login_status, logins_manageable
from orgburo.core.scope import request_scope
from orgburo.register.models import Person

register = template.Library()


@register.simple_tag
def login_status_of(person: Person) -> LoginStatus:
    return login_status(person)


@register.simple_tag(takes_context=True)
def may_manage_login(context: dict[str, Any], person: Person) -> bool:
    """Whether the viewer may issue, revoke, unlock or reset this person's login: not where the
    person holds a post outside the roll the viewer keeps (access/views.py says why)."""
    return person.pk in logins_manageable(request_scope(context["request"]), [person.pk])
