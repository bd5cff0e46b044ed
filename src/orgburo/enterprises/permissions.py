"""Who may see an enterprise's information, speak for it, record its administrators, and
confirm or answer for a unit.

An enterprise's page is seen by those who see any factory unit linked to it (its members and
officers, and the committees above) and by those who speak for it. Its director and its
trust's officers post to its units. Those holding the `enterprises` right over one of its units
record who speaks for it. A unit's copy is confirmed and answered by those holding the right
in that unit (or above it). An out-of-scope number answers as a missing one.
"""

from __future__ import annotations

from orgburo.core.clock import today
from orgburo.core.errors import NotFoundOrForbidden
from orgburo.core.scope import Scope, can_manage, can_see_public
from orgburo.enterprises import selectors
from orgburo.enterprises.models import Manager, Notice, Receipt
from orgburo.enterprises.statute import ENTERPRISES
from orgburo.register.models import Enterprise


def speaks_for(scope: Scope, enterprise: Enterprise) -> bool:
    if scope.person_id is None:
        return False
    return selectors.spoken_for(scope.person_id, today()).filter(pk=enterprise.pk).exists()


def can_see(scope: Scope, enterprise: Enterprise) -> bool:
    if scope.everything or speaks_for(scope, enterprise):
        return True
    units = selectors.linked_units(enterprise, today())
    return any(can_see_public(scope, unit) for unit in units)


def can_record_managers(scope: Scope, enterprise: Enterprise) -> bool:
    units = selectors.linked_units(enterprise, today())
    return any(can_manage(scope, unit, ENTERPRISES) for unit in units)


def access_enterprise(scope: Scope, pk: int) -> Enterprise:
    enterprise = Enterprise.objects.select_related("trust").filter(pk=pk).first()
    if enterprise is None or not can_see(scope, enterprise):
        raise NotFoundOrForbidden("no such enterprise", field="enterprise")
    return enterprise


def access_to_post(scope: Scope, pk: int) -> Enterprise:
    enterprise = access_enterprise(scope, pk)
    if not speaks_for(scope, enterprise):
        raise NotFoundOrForbidden("no such enterprise", field="enterprise")
    return enterprise


def access_to_record_managers(scope: Scope, pk: int) -> Enterprise:
    enterprise = access_enterprise(scope, pk)
    if not can_record_managers(scope, enterprise):
        raise NotFoundOrForbidden("no such enterprise", field="enterprise")
    return enterprise


def access_manager(scope: Scope, pk: int) -> Manager:
    """A record of who speaks for an enterprise or trust, for ending it."""
    manager = Manager.objects.select_related("enterprise", "trust", "person").filter(pk=pk).first()
    if manager is None:
        raise NotFoundOrForbidden("no such record")
    enterprises = (
        [manager.enterprise]
        if manager.enterprise is not None
        else list(Enterprise.objects.filter(trust=manager.trust))
    )
    if not any(e is not None and can_record_managers(scope, e) for e in enterprises):
        raise NotFoundOrForbidden("no such record")
    return manager


def access_notice(scope: Scope, pk: int) -> Notice:
    notice = Notice.objects.select_related("enterprise", "posted_by").filter(pk=pk).first()
    if notice is None or not can_see(scope, notice.enterprise):
        raise NotFoundOrForbidden("no such notice")
    return notice


def can_answer(scope: Scope, receipt: Receipt) -> bool:
    return can_manage(scope, receipt.unit, ENTERPRISES)


def own_receipts(scope: Scope, notice: Notice) -> list[Receipt]:
    """The copies of the notice the caller confirms and answers for: those of the units they
    are an officer of (a committee above may too, by the API, for a copy that came on paper)."""
    return [
        r
        for r in selectors.receipts_of(notice)
        if r.unit.path in scope.officer_paths and can_answer(scope, r)
    ]


def access_receipt(scope: Scope, pk: int) -> Receipt:
    receipt = Receipt.objects.select_related("unit", "notice").filter(pk=pk).first()
    if receipt is None or not can_answer(scope, receipt):
        raise NotFoundOrForbidden("no such notice")
    return receipt
