"""Writes to posts and tenures: creating a post, and filling it by election, appointment or
co-option, and ending a tenure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, auditlog_record
from orgburo.core.errors import ServiceError
from orgburo.core.i18n import current_language
from orgburo.core.locking import version_bump
from orgburo.core.requirements import unmet_requirements
from orgburo.register.models import Organisation, Person, Post, Tenure
from orgburo.register.selectors import person_eligibility
from orgburo.register.services._checks import _not_in_future, _statute_entry
from orgburo.statutes import PostKind


def _already_has(organisation: Organisation, post_kind: PostKind) -> str:
    return _("%(org)s already has a %(post)s") % {
        "org": organisation.name,
        "post": post_kind.name.get(current_language()),
    }


def end_open_tenures(tenures: Any, on: dt.date, reason: str, actor: Actor) -> None:
    """End the open tenures of a query as a consequence of another write, each with its event."""
    for tenure in tenures.filter(ended_on__isnull=True).select_related("post"):
        if on < tenure.started_on:
            raise ServiceError(
                _("a post held since %(day)s would end before it began; choose a later date")
                % {"day": tenure.started_on},
                field="on",
            )
        data = {"on": on, "reason": reason}
        _tenure_close(tenure, tenure.post.organisation_id, on, reason, actor, data)


def _tenure_close(
    tenure: Tenure,
    organisation_id: int,
    on: dt.date,
    reason: str,
    actor: Actor,
    data: dict[str, Any],
) -> None:
    """End a tenure on `on`: its post's version moves on, and the end is audit-logged."""
    tenure.ended_on = on
    tenure.end_reason = reason
    tenure.save(update_fields=["ended_on", "end_reason"])
    version_bump(Post, tenure.post_id)
    auditlog_record(
        actor=actor,
        action="tenure.end",
        subject=tenure,
        person_id=tenure.person_id,
        organisation_id=organisation_id,
        data=data,
    )


@transaction.atomic
def post_create(
    *, organisation: Organisation, kind: str, on: dt.date, seats: int = 1, actor: Actor
) -> Post:
    """Create a post of a statute kind in an organisation of that kind's level."""
    statute = active_statute()
    post_kind = _statute_entry(statute.post_kind, kind, "kind")
    if post_kind.level != organisation.level:
        raise ServiceError(
            _("a %(post)s is a post of a %(level)s, not of a %(other)s")
            % {
                "post": post_kind.name.get(current_language()),
                "level": statute.level(post_kind.level).name.get(current_language()),
                "other": statute.level(organisation.level).name.get(current_language()),
            },
            field="kind",
        )
    if seats < 1:
        raise ServiceError(_("a post has at least one seat"), field="seats")
    if Post.objects.filter(
        organisation=organisation, kind=kind, abolished_on__isnull=True
    ).exists():
        raise ServiceError(_already_has(organisation, post_kind), field="kind")
    _not_in_future(on, "on")
    if not organisation.is_active_on(on):
        raise ServiceError(
            _("%(org)s was not active on %(day)s") % {"org": organisation.name, "day": on},
            field="on",
        )
    try:
        with transaction.atomic():
            post = Post.objects.create(
                organisation=organisation, kind=kind, seats=seats, created_on=on
            )
    except IntegrityError as exc:  # the same post created by a concurrent request
        raise ServiceError(_already_has(organisation, post_kind), field="kind") from exc
    auditlog_record(
        actor=actor,
        action="post.create",
        subject=post,
        organisation_id=organisation.pk,
        data={"kind": kind, "seats": seats, "on": on},
    )
    return post


def _tenure_start(
    post: Post,
    person: Person,
    on: dt.date,
    actor: Actor,
    version: int | None,
    acknowledge_ineligible: bool,
    *,
    filled_by: str,
    **details: Any,
) -> Tenure:
    """Fill a seat of the post (elected, appointed or co-opted, with that filling's details)."""
    _not_in_future(on, "on")
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.abolished_on is not None:
        raise ServiceError(_("this post has been abolished"), field="post")
    version_bump(Post, locked.pk, version)
    if Tenure.objects.filter(post=locked, person=person, ended_on__isnull=True).exists():
        raise ServiceError(
            _("%(name)s already holds this post") % {"name": person.full_name}, field="person"
        )
    if on < locked.created_on:
        raise ServiceError(
            _("the post exists only from %(day)s") % {"day": locked.created_on}, field="on"
        )
    # Holders on or after `on` (a backdated tenure must not overlap one recorded since).
    holders = (
        Tenure.objects.filter(post=locked)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .count()
    )
    if holders >= locked.seats:
        raise ServiceError(
            _("every seat of this post is filled; end a tenure first")
            if locked.seats > 1
            else _("this post is filled; end the current tenure first"),
            field="person",
        )
    eligibility = person_eligibility(person, locked.kind, on)
    if not eligibility.eligible and not acknowledge_ineligible:
        refusal = person_eligibility(person, locked.kind, on, current_language())
        raise ServiceError(refusal.reason, field="person")
    # What other apps ask of the holder (the skills a post needs), refused the same way.
    unmet = unmet_requirements(person.pk, [locked.kind], on, current_language()).get(locked.kind)
    if unmet and not acknowledge_ineligible:
        raise ServiceError("; ".join(unmet), field="person")
    tenure = Tenure.objects.create(
        post=locked, person=person, started_on=on, filled_by=filled_by, **details
    )
    auditlog_record(
        actor=actor,
        action=f"tenure.{filled_by}",
        subject=tenure,
        organisation_id=locked.organisation_id,
        person_id=person.pk,
        data={
            "post": locked.pk,
            "kind": locked.kind,
            "on": on,
            "eligible": eligibility.eligible,
            "eligibility": eligibility.reason,
            "requirements_unmet": unmet or [],
            **{k: getattr(v, "pk", v) for k, v in details.items()},
        },
    )
    return tenure


@transaction.atomic
def tenure_elect(
    *,
    post: Post,
    person: Person,
    on: dt.date,
    election_record: str,
    actor: Actor,
    version: int | None = None,
    acknowledge_ineligible: bool = False,
    election: Any = None,
) -> Tenure:
    """Record that a person was elected to a post (the election's record says where it is
    minuted; `election` links the elections app's own record when orgburo ran the vote)."""
    if not election_record.strip():
        raise ServiceError(
            _("say where the election is recorded (meeting and date, or the election)"),
            field="election_record",
        )
    filling: dict[str, Any] = {
        "filled_by": Tenure.FilledBy.ELECTED,
        "election_record": election_record.strip(),
        "election": election,
    }
    return _tenure_start(post, person, on, actor, version, acknowledge_ineligible, **filling)


@transaction.atomic
def tenure_appoint(
    *,
    post: Post,
    person: Person,
    on: dt.date,
    appointed_by: Organisation,
    reason: str,
    until: dt.date,
    actor: Actor,
    version: int | None = None,
    acknowledge_ineligible: bool = False,
) -> Tenure:
    """Record an appointment instead of an election: by which body, why, and until when."""
    if not reason.strip():
        raise ServiceError(
            _("an appointment needs its reason (the obstacle to an election)"), field="reason"
        )
    if until <= on:
        raise ServiceError(_("the appointment must end after it starts"), field="until")
    target = Organisation.objects.get(pk=post.organisation_id)
    if not target.path.startswith(appointed_by.path) or appointed_by.pk == target.pk:
        raise ServiceError(_("only an organisation above may appoint"), field="appointed_by")
    filling: dict[str, Any] = {"filled_by": Tenure.FilledBy.APPOINTED, "appointed_by": appointed_by}
    filling |= {"reason": reason.strip(), "appointed_until": until}
    return _tenure_start(post, person, on, actor, version, acknowledge_ineligible, **filling)


@transaction.atomic
def tenure_coopt(
    *,
    post: Post,
    person: Person,
    on: dt.date,
    reason: str,
    actor: Actor,
    version: int | None = None,
    acknowledge_ineligible: bool = False,
) -> Tenure:
    """Record a co-option: the body itself filled a vacancy between elections."""
    if not reason.strip():
        raise ServiceError(_("a co-option needs its reason"), field="reason")
    target = Organisation.objects.get(pk=post.organisation_id)
    filling: dict[str, Any] = {
        "filled_by": Tenure.FilledBy.COOPTED,
        "appointed_by": target,
        "reason": reason.strip(),
    }
    return _tenure_start(post, person, on, actor, version, acknowledge_ineligible, **filling)


@transaction.atomic
def tenure_end(*, tenure: Tenure, on: dt.date, reason: str, actor: Actor) -> Tenure:
    """End a tenure (term over, resigned, recalled, transferred)."""
    _not_in_future(on, "on")
    locked = Tenure.objects.select_for_update().get(pk=tenure.pk)
    if locked.ended_on is not None:
        raise ServiceError(
            _("this tenure already ended on %(day)s") % {"day": locked.ended_on}, field="tenure"
        )
    if on < locked.started_on:
        raise ServiceError(
            _("must be on or after %(day)s") % {"day": locked.started_on}, field="on"
        )
    if not reason.strip():
        raise ServiceError(_("give the reason the tenure ends"), field="reason")
    organisation_id = Post.objects.get(pk=locked.post_id).organisation_id
    _tenure_close(locked, organisation_id, on, reason.strip(), actor, {"on": on, "reason": reason})
    return locked
