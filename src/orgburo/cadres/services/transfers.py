"""Transfers of cadres: proposed (by hand, or from one of the optimiser's proposals), agreed by
the committee of each side, executed — a transfer card issued and the arrival registered by the
register's own services, so the membership moves and the member's posts at the old unit end —
or refused. A campaign groups many transfers: approved once by the committee above them all,
which agrees every side at once, and executed together.

No transfer may take a unit below the statute's minimum of members: checked when it is
proposed, agreed and executed, counting the other transfers out of that unit already agreed.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from orgburo.cadres.models import CadreTransfer, Campaign, Proposal
from orgburo.cadres.selectors.vacancies import spare_members
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.tree import parent_path
from orgburo.register.models import Membership, Organisation, Person, Post, Tenure
from orgburo.register.services import end_open_tenures, transfer_issue, transfer_register_arrival

SIDES = ("sending", "receiving")


def _recorded(action: str, transfer: CadreTransfer, actor: Actor, **data: object) -> None:
    for organisation_id in (transfer.from_unit_id, transfer.to_unit_id):
        auditlog_record(
            actor=actor,
            action=action,
            subject=transfer,
            organisation_id=organisation_id,
            person_id=transfer.person_id,
            data={"from": transfer.from_unit_id, "to": transfer.to_unit_id, **data},
        )


def _not_stripped(unit: Organisation, day: dt.date, *, exclude: int | None = None) -> None:
    """Refuse when the unit, less the transfers out of it already agreed (and this one), would
    fall below the statute's minimum of members."""
    pending = CadreTransfer.objects.filter(from_unit=unit, status=CadreTransfer.Status.AGREED)
    if exclude is not None:
        pending = pending.exclude(pk=exclude)
    spare = spare_members([unit.pk], day, count_agreed=False)[unit.pk] - pending.count()
    if spare <= 0:
        minimum = active_statute().unit_minimum_members
        raise ServiceError(
            _(
                "%(unit)s would fall below its minimum of %(n)d members: it has none to spare "
                "(counting the transfers out of it already agreed)"
            )
            % {"unit": unit.name, "n": minimum},
            field="person",
        )


@transaction.atomic
def cadre_transfer_propose(
    *,
    person: Person,
    to_unit: Organisation,
    reason: str,
    actor: Actor,
    post: Post | None = None,
    proposal: Proposal | None = None,
    campaign: Campaign | None = None,
) -> CadreTransfer:
    """Propose to send a member from their unit to another (for a post there, if given)."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("say why the member should be transferred"), field="reason")
    if len(reason) > 2000:
        raise ServiceError(_("at most %(n)d characters") % {"n": 2000}, field="reason")
    day = today()
    spell = (
        Membership.objects.select_related("organisation")
        .filter(person=person, ended_on__isnull=True)
        .first()
    )
    if spell is None:
        raise ServiceError(
            _("%(name)s is not a member or candidate now") % {"name": person.full_name},
            field="person",
        )
    unit_level = active_statute().levels[-1].code
    if to_unit.level != unit_level or to_unit.dissolved_on is not None:
        raise ServiceError(_("a member is transferred to an open unit"), field="to_unit")
    if spell.organisation_id == to_unit.pk:
        raise ServiceError(
            _("%(name)s is already in %(unit)s") % {"name": person.full_name, "unit": to_unit.name},
            field="to_unit",
        )
    if post is not None and (post.organisation_id != to_unit.pk or post.abolished_on is not None):
        raise ServiceError(_("the post must be a live post of the receiving unit"), field="post")
    if campaign is not None and campaign.status != Campaign.Status.DRAFT:
        raise ConflictError(_("this campaign is approved: it takes no more transfers"))
    _not_stripped(spell.organisation, day)
    try:
        with transaction.atomic():
            transfer = CadreTransfer.objects.create(
                person=person,
                from_unit=spell.organisation,
                to_unit=to_unit,
                post=post,
                reason=reason,
                proposal=proposal,
                campaign=campaign,
                proposed_at=now(),
            )
    except IntegrityError:
        raise ConflictError(
            _("%(name)s already has a transfer proposed or agreed") % {"name": person.full_name}
        ) from None
    _recorded(
        "cadre_transfer.propose", transfer, actor, reason=reason, campaign=campaign and campaign.pk
    )
    return transfer


def _pending(transfer: CadreTransfer) -> CadreTransfer:
    locked = (
        CadreTransfer.objects.select_for_update()
        .select_related("person", "from_unit", "to_unit")
        .get(pk=transfer.pk)
    )
    if locked.status not in (CadreTransfer.Status.PROPOSED, CadreTransfer.Status.AGREED):
        raise ConflictError(
            _("this transfer is %(status)s") % {"status": locked.get_status_display()}
        )
    return locked


def _agree(locked: CadreTransfer, sides: set[str], actor: Actor) -> None:
    moment, user = now(), actor_user_id(actor)
    if "sending" in sides and locked.sending_agreed_at is None:
        locked.sending_agreed_at, locked.sending_agreed_by_id = moment, user
    if "receiving" in sides and locked.receiving_agreed_at is None:
        locked.receiving_agreed_at, locked.receiving_agreed_by_id = moment, user
    if locked.sending_agreed_at and locked.receiving_agreed_at:
        _not_stripped(locked.from_unit, today(), exclude=locked.pk)
        locked.status = CadreTransfer.Status.AGREED
        locked.agreed_on = today()


@transaction.atomic
def cadre_transfer_agree(
    *, transfer: CadreTransfer, sides: set[str], actor: Actor
) -> CadreTransfer:
    """The committee of a side agrees (`sides`: those the caller keeps, permissions.sides_kept);
    with both, the transfer is agreed."""
    if not sides or not sides <= set(SIDES):
        raise ServiceError(_("you agree for neither side of this transfer"), field="side")
    locked = _pending(transfer)
    if locked.status == CadreTransfer.Status.AGREED:
        raise ConflictError(_("this transfer is agreed already"))
    _agree(locked, sides, actor)
    locked.save()
    _recorded("cadre_transfer.agree", locked, actor, sides=sorted(sides), status=locked.status)
    return locked


@transaction.atomic
def cadre_transfer_refuse(*, transfer: CadreTransfer, reason: str, actor: Actor) -> CadreTransfer:
    """Either side refuses, with a reason: the member stays."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("say why the transfer is refused"), field="reason")
    locked = _pending(transfer)
    locked.status = CadreTransfer.Status.REFUSED
    locked.refusal = reason[:2000]
    locked.save(update_fields=["status", "refusal"])
    _recorded("cadre_transfer.refuse", locked, actor, reason=locked.refusal)
    return locked


@transaction.atomic
def cadre_transfer_execute(*, transfer: CadreTransfer, on: dt.date, actor: Actor) -> CadreTransfer:
    """Carry out an agreed transfer: the card issued and the arrival registered on the day (the
    membership moves), the member's posts in the sending unit ended."""
    locked = _pending(transfer)
    if locked.status != CadreTransfer.Status.AGREED:
        raise ConflictError(_("both committees must agree before the transfer is executed"))
    if on < locked.agreed_on:  # type: ignore[operator]  # agreed_on is set with the status
        raise ServiceError(
            _("it was agreed on %(day)s") % {"day": locked.agreed_on.isoformat()},  # type: ignore[union-attr]
            field="on",
        )
    here = Membership.objects.filter(person=locked.person, ended_on__isnull=True).first()
    if here is None or here.organisation_id != locked.from_unit_id:
        raise ConflictError(
            _("%(name)s is no longer on the roll of %(unit)s")
            % {"name": locked.person.full_name, "unit": locked.from_unit.name}
        )
    _not_stripped(locked.from_unit, on, exclude=locked.pk)
    note = _("Transfer of cadres: %(reason)s") % {"reason": locked.reason}
    card = transfer_issue(
        person=locked.person, to_unit=locked.to_unit, on=on, note=note, actor=actor
    )
    transfer_register_arrival(transfer=card, on=on, actor=actor)
    end_open_tenures(
        Tenure.objects.filter(person=locked.person, post__organisation=locked.from_unit),
        on,
        "transferred",
        actor,
    )
    locked.status = CadreTransfer.Status.EXECUTED
    locked.executed_on = on
    locked.card = card
    locked.save(update_fields=["status", "executed_on", "card"])
    _recorded("cadre_transfer.execute", locked, actor, on=on, card=card.pk)
    return locked


@transaction.atomic
def campaign_create(*, committee: Organisation, title: str, actor: Actor) -> Campaign:
    title = title.strip()
    if not title or len(title) > 200:
        raise ServiceError(_("a title of at most 200 characters"), field="title")
    campaign = Campaign.objects.create(committee=committee, title=title, created_at=now())
    auditlog_record(
        actor=actor,
        action="campaign.create",
        subject=campaign,
        organisation_id=committee.pk,
        data={"title": title},
    )
    return campaign


@transaction.atomic
def campaign_from_run(
    *, run_proposals: list[Proposal], committee: Organisation, title: str, actor: Actor
) -> Campaign:
    """A campaign of the transfers a run of the optimiser proposed (its "transfer" round), once
    for a run."""
    runs = {p.run_id for p in run_proposals}
    if CadreTransfer.objects.filter(proposal__run_id__in=runs).exists():
        raise ConflictError(_("the transfers of this run are in a campaign already"))
    if not any(p.person_id and p.explanation.get("round") == "transfer" for p in run_proposals):
        raise ServiceError(_("this run proposes no transfer"), field="title")
    campaign = campaign_create(committee=committee, title=title, actor=actor)
    now_in = dict(
        Membership.objects.filter(
            person_id__in=[p.person_id for p in run_proposals if p.person_id],
            ended_on__isnull=True,
        ).values_list("person_id", "organisation_id")
    )
    for proposal in run_proposals:
        if proposal.person_id is None or proposal.explanation.get("round") != "transfer":
            continue
        if now_in.get(proposal.person_id) != proposal.from_unit_id:
            continue  # moved since the run: the proposal no longer stands
        post = Post.objects.filter(
            organisation_id=proposal.organisation_id,
            kind=proposal.post_kind,
            abolished_on__isnull=True,
        ).first()
        cadre_transfer_propose(
            person=proposal.person,  # type: ignore[arg-type]  # checked above
            to_unit=proposal.organisation,
            post=post,
            reason=_("proposed by the optimiser's run %(run)d") % {"run": proposal.run_id},
            proposal=proposal,
            campaign=campaign,
            actor=actor,
        )
    return campaign


@transaction.atomic
def campaign_approve(*, campaign: Campaign, actor: Actor) -> Campaign:
    """The committee above every transfer of the campaign approves it: each is agreed for both
    sides at once (each still checked against the sending unit's minimum)."""
    locked = Campaign.objects.select_for_update().select_related("committee").get(pk=campaign.pk)
    if locked.status != Campaign.Status.DRAFT:
        raise ConflictError(_("this campaign is approved already"))
    transfers = list(
        CadreTransfer.objects.filter(campaign=locked, status=CadreTransfer.Status.PROPOSED)
        .select_related("from_unit", "to_unit")
        .order_by("id")
    )
    if not transfers:
        raise ServiceError(_("the campaign has no transfers to approve"), field="campaign")
    for transfer in transfers:
        for unit in (transfer.from_unit, transfer.to_unit):
            if not parent_path(unit.path).startswith(locked.committee.path):
                raise ServiceError(
                    _("%(unit)s is not under %(committee)s")
                    % {"unit": unit.name, "committee": locked.committee.name},
                    field="campaign",
                )
        locked_transfer = _pending(transfer)
        _agree(locked_transfer, set(SIDES), actor)
        locked_transfer.save()
        _recorded(
            "cadre_transfer.agree",
            locked_transfer,
            actor,
            sides=list(SIDES),
            status=locked_transfer.status,
            campaign=locked.pk,
        )
    locked.status = Campaign.Status.APPROVED
    locked.approved_at = now()
    locked.approved_by_id = actor_user_id(actor)
    locked.save(update_fields=["status", "approved_at", "approved_by"])
    auditlog_record(
        actor=actor,
        action="campaign.approve",
        subject=locked,
        organisation_id=locked.committee_id,
        data={"transfers": [t.pk for t in transfers]},
    )
    return locked


@transaction.atomic
def campaign_execute(*, campaign: Campaign, on: dt.date, actor: Actor) -> int:
    """Execute every agreed transfer of an approved campaign; how many."""
    if campaign.status != Campaign.Status.APPROVED:
        raise ConflictError(_("approve the campaign first"))
    done = 0
    agreed = CadreTransfer.objects.filter(
        campaign=campaign, status=CadreTransfer.Status.AGREED
    ).order_by("id")
    for transfer in agreed:
        cadre_transfer_execute(transfer=transfer, on=on, actor=actor)
        done += 1
    return done
