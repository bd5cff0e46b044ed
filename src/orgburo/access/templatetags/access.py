"""`{% login_status person as status %}`: what a person's record shows about their login."""

from __future__ import annotations

from django import template

from orgburo.access.selectors import LoginStatus, login_status
from orgburo.register.models import Person

register = template.Library()


@register.simple_tag
def login_status_of(person: Person) -> LoginStatus:
    return login_status(person)
