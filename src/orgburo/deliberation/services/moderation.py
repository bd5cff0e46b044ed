"""Removing a contribution, only for a reason from the statute's list, recorded with who did it
and why, and shown in its place; the author's appeal to the body above, which upholds the
removal or reverses it. A body cannot remove criticism of itself: that goes to the body above.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.locking import version_bump
from orgburo.core.notifications import notify
from orgburo.core.tree import parent_path
from orgburo.deliberation import selectors
from orgburo.deliberation.models import Contribution, Moderation
from orgburo.deliberation.statute import deliberation_rules
from orgburo.register.models import Organisation, Person
from orgburo.register.selectors import officers_of

NOTE_LIMIT = 300
APPEAL_LIMIT = 1000


def _page(contribution: Contribution) -> str:
    return f"/question/{contribution.question_id}/#c{contribution.pk}"


def _parent(body: Organisation) -> Organisation | None:
    up = parent_path(body.path)
    return Organisation.objects.filter(path=up).first() if up else None


@transaction.atomic
def contribution_remove(
    *, contribution: Contribution, body: Organisation, reason: str, note: str = "", actor: Actor
) -> Moderation:
    """The body removes the contribution for one of the statute's reasons. It must stand over
    the question, or over the author's unit within the question's reach, and must not be the
    body the contribution criticises."""
    reasons = deliberation_rules(active_statute()).moderation_reasons
    if reason not in reasons:
        raise ServiceError(
            _("give one of the statute's reasons: %(known)s") % {"known": ", ".join(reasons)},
            field="reason",
        )
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": NOTE_LIMIT}, field="note")
    question = contribution.question
    if body.pk not in {b.pk for b in selectors.moderating_chain(contribution, today())}:
        raise ServiceError(_("no such body over this question"), field="body")
    criticised = contribution.criticises
    if criticised is not None and body.path.startswith(criticised.path):
        # Neither the body criticised nor one below it (which its officers may act for).
        above = _parent(criticised)
        raise ServiceError(
            _("this criticises %(body)s, which may not remove it; %(above)s decides")
            % {"body": criticised.name, "above": above.name if above else _("the congress")},
            field="body",
        )
    if contribution.removed:
        raise ConflictError(_("it was removed already"))
    moderation = Moderation.objects.create(
        contribution=contribution,
        body=body,
        reason=reason,
        note=note,
        moderated_at=now(),
        moderated_by_id=actor_user_id(actor),
    )
    Contribution.objects.filter(pk=contribution.pk).update(removed=True)
    contribution.removed = True
    label = reasons[reason]
    notify(
        "deliberation.removed",
        [contribution.author_id],
        gettext_noop("%(body)s removed your contribution to “%(title)s”: %(reason)s"),
        {"body": body.name, "title": question.title, "reason": label.en},
        url=_page(contribution),
    )
    auditlog_record(
        actor=actor,
        action="contribution.remove",
        subject=moderation,
        organisation_id=body.pk,
        person_id=contribution.author_id,
        data={"contribution": contribution.pk, "reason": reason, "note": note},
    )
    return moderation


@transaction.atomic
def moderation_appeal(
    *, moderation: Moderation, person: Person, text: str, actor: Actor
) -> Moderation:
    """The author appeals a removal to the body above the one that made it."""
    contribution = moderation.contribution
    if contribution.author_id != person.pk:
        raise ServiceError(_("only its author appeals a removal"), field="moderation")
    if moderation.appeal:
        raise ConflictError(_("it was appealed already"))
    text = text.strip()
    if not text:
        raise ServiceError(_("say why the removal was wrong"), field="text")
    if len(text) > APPEAL_LIMIT:
        raise ServiceError(
            _("at most %(limit)d characters") % {"limit": APPEAL_LIMIT}, field="text"
        )
    above = _parent(moderation.body)
    if above is None:
        raise ServiceError(_("no body stands above %(body)s") % {"body": moderation.body.name})
    moderation.appeal = Moderation.Appeal.PENDING
    moderation.appeal_text = text
    moderation.appeal_to = above
    moderation.appealed_at = now()
    moderation.save(update_fields=["appeal", "appeal_text", "appeal_to", "appealed_at"])
    version_bump(Moderation, moderation.pk)
    moderation.version += 1  # what the API hands back is what a decision must name
    notify(
        "deliberation.appeal",
        sorted({p for ps in officers_of([above.pk], now().date()).values() for p in ps}),
        gettext_noop("An appeal against a removal by %(body)s waits for your decision"),
        {"body": moderation.body.name},
        url=f"/org/{above.pk}/questions/appeals/",
    )
    auditlog_record(
        actor=actor,
        action="moderation.appeal",
        subject=moderation,
        organisation_id=above.pk,
        person_id=person.pk,
        data={"moderation": moderation.pk, "to": above.pk},
    )
    return moderation


@transaction.atomic
def moderation_decide(
    *, moderation: Moderation, reverse: bool, version: int, actor: Actor
) -> Moderation:
    """The body appealed to upholds the removal or reverses it (the contribution shows again)."""
    current = Moderation.objects.select_for_update().filter(pk=moderation.pk).first()
    if current is None or current.appeal != Moderation.Appeal.PENDING:
        raise ConflictError(_("this appeal was decided already"))
    version_bump(Moderation, moderation.pk, version)
    moderation.version = version + 1
    moderation.appeal = Moderation.Appeal.REVERSED if reverse else Moderation.Appeal.UPHELD
    moderation.decided_at = now()
    moderation.decided_by_id = actor_user_id(actor)
    moderation.save(update_fields=["appeal", "decided_at", "decided_by"])
    contribution = moderation.contribution
    if reverse:
        Contribution.objects.filter(pk=contribution.pk).update(removed=False)
    assert moderation.appeal_to is not None
    notify(
        "deliberation.removed",
        [contribution.author_id],
        gettext_noop("%(body)s reversed the removal of your contribution")
        if reverse
        else gettext_noop("%(body)s upheld the removal of your contribution"),
        {"body": moderation.appeal_to.name},
        url=_page(contribution),
    )
    auditlog_record(
        actor=actor,
        action="moderation.decide",
        subject=moderation,
        organisation_id=moderation.appeal_to_id,
        person_id=contribution.author_id,
        data={"moderation": moderation.pk, "reversed": reverse},
    )
    return moderation
