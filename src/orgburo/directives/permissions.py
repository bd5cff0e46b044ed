"""Who may send a directive, see it, read it for an addressee, and acknowledge it.

A committee's officers with the `directives` right send below it. A directive is seen in full
(with its rates) by the sender's officers and those above them, and by the officers of every
committee between the sender and an addressee, for their part of the tree; an addressee's
officers see it and acknowledge it (an officer addressed by name, only they); the members of an
addressed organisation see it unless it is restricted (control from below). Before it is
delivered only the sender's side sees it. An out-of-scope number answers as a missing one.
"""

from __future__ import annotations

from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope, can_manage, can_see_full
from orgburo.directives.models import Attachment, Delivery, DeliveryCount, Directive
from orgburo.directives.statute import DIRECTIVES
from orgburo.register.models import Organisation


def can_send(scope: Scope, org: Organisation) -> bool:
    """From a committee (an organisation with organisations below it), with the right."""
    return org.numchild > 0 and can_manage(scope, org, DIRECTIVES)


def access_to_send(scope: Scope, pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None or not can_send(scope, org):
        raise NotFoundOrForbidden("no such organisation in your scope", field="organisation")
    return org


def sees_as_sender(scope: Scope, directive: Directive) -> bool:
    return can_see_full(scope, directive.sender)


def _reaches(scope: Scope, directive: Directive) -> bool:
    """Delivered to an organisation the caller is an officer of, or below one (read from the
    counts up the tree and the deliveries themselves: no scan of the subtree)."""
    paths = [*scope.officer_paths]
    if not paths:
        return False
    mine = Organisation.objects.filter(path__in=paths).values("pk")
    return (
        DeliveryCount.objects.filter(directive=directive, organisation__in=mine).exists()
        or Delivery.objects.filter(directive=directive, organisation__in=mine).exists()
    )


def _member_addressed(scope: Scope, directive: Directive) -> bool:
    if directive.restricted:
        return False
    if (
        scope.member_unit_id is not None
        and Delivery.objects.filter(
            directive=directive, organisation_id=scope.member_unit_id
        ).exists()
    ):
        return True
    return (
        scope.person_id is not None
        and Delivery.objects.filter(directive=directive, person_id=scope.person_id).exists()
    )


def can_see(scope: Scope, directive: Directive) -> bool:
    if sees_as_sender(scope, directive):
        return True
    if directive.status != Directive.Status.SENT:
        return False
    return scope.superuser or _reaches(scope, directive) or _member_addressed(scope, directive)


def access_directive(scope: Scope, pk: int) -> Directive:
    directive = Directive.objects.select_related("sender").filter(pk=pk).first()
    if directive is None or not can_see(scope, directive):
        raise NotFoundOrForbidden("no such directive")
    return directive


def own_deliveries(scope: Scope, directive: Directive) -> list[Delivery]:
    """The deliveries the caller receives it for: to an organisation where they hold a post
    (its own, not one below), or to them by name."""
    if directive.status != Directive.Status.SENT or scope.person_id is None:
        return []
    found = Delivery.objects.filter(directive=directive).select_related("organisation")
    if directive.to_officers:
        return list(found.filter(person_id=scope.person_id).order_by("path"))
    # By the organisations' ids: an OR with the persons', or a join on paths, reads every
    # delivery of a directive to 440,000 units.
    held = Organisation.objects.filter(path__in=scope.officer_paths).values_list("pk", flat=True)
    return list(found.filter(person__isnull=True, organisation_id__in=list(held)).order_by("path"))


def can_acknowledge(scope: Scope, delivery: Delivery) -> bool:
    if delivery.acknowledged_at is not None:
        return False
    if delivery.person_id is not None:
        return delivery.person_id == scope.person_id
    return can_manage(scope, delivery.organisation, DIRECTIVES)


def access_delivery(scope: Scope, directive: Directive, organisation_id: int | None) -> Delivery:
    """The caller's own delivery of the directive (to the organisation named, where they
    receive it for more than one), for acknowledging it."""
    found = [
        d
        for d in own_deliveries(scope, directive)
        if organisation_id is None or d.organisation_id == organisation_id
    ]
    if len(found) != 1:
        raise NotFoundOrForbidden("no such delivery", field="organisation")
    return found[0]


def access_attachment(scope: Scope, pk: int) -> Attachment:
    attachment = Attachment.objects.select_related("directive__sender").filter(pk=pk).first()
    if attachment is None or not can_see(scope, attachment.directive):
        raise NotFoundOrForbidden("no such file")
    return attachment
