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


@register.filter
def directive_sender_for(org: Organisation, request: HttpRequest) -> Organisation | None:
    """The nearest committee above `org` from which the caller may send it a directive."""
    from orgburo.directives.permissions import can_send
    from orgburo.register.selectors import ancestors

    scope = request_scope(request)
    for committee in reversed(ancestors(org)):
        if can_send(scope, committee):
            return committee
    return None


@register.filter
def directives_since(org: Organisation, moment: object) -> list[object]:
    """The directives and bulletins delivered to `org` since `moment`, newest first."""
    from orgburo.directives.models import Delivery, Directive

    return list(
        Delivery.objects.filter(
            organisation=org,
            directive__status=Directive.Status.SENT,
            directive__sent_at__gte=moment,
        )
        .select_related("directive__sender")
        .order_by("-directive__sent_at")[:10]
    )


@register.filter
def directive_title(directive: object) -> str:
    """The directive's title in the reader's language."""
    from orgburo.core.i18n import current_language

    return str(directive.text_in(current_language())["title"])  # type: ignore[attr-defined]
