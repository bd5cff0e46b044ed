from django import template
from django.http import HttpRequest

from orgburo.core.scope import can_see_full, request_scope
from orgburo.register.models import Organisation

register = template.Library()


@register.filter
def directives_as_member(org: Organisation, request: HttpRequest) -> bool:
    """A member of the unit, who does not see it in full: the link to what it received."""
    scope = request_scope(request)
    return scope.member_unit_id == org.pk and not can_see_full(scope, org)
