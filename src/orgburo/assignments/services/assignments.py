"""Every write to assignments: give one to many owners at once, report on its execution,
comment on it from below, escalate the overdue. Each runs in one transaction with its audit
event, and adds to the counts up the tree in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.assignments.counts import CountChanges, assignment_counts
from orgburo.assignments.models import Assignment, AssignmentComment, ExecutionReport, Outcome
from orgburo.core.auditlog import Actor, SystemActor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import notify_many
from orgburo.core.releases import released_q
from orgburo.core.tree import STEPLEN, parent_path
from orgburo.register.models import Membership, Organisation, Person
from orgburo.register.selectors import active_on, officers_of, paths_held

TITLE_LIMIT = 300
TEXT_LIMIT = 8000
ESCALATED = "assignments.escalated"
CHUNK = 5000  # organisations a query names at once


@dataclass(frozen=True)
class Owner:
    """Whose an assignment is: an organisation, or one person within it."""

    organisation: Organisation
    person: Person | None = None


def _title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ServiceError(_("say what is to be done"), field="title")
    if len(title) > TITLE_LIMIT:
        raise ServiceError(
            _("at most %(limit)d characters") % {"limit": TITLE_LIMIT}, field="title"
        )
    return title


def _members_of_their_organisations(owners: Sequence[Owner], day: dt.date) -> None:
    """A person is given an assignment within an organisation only while a member of it."""
    if not owners:
        return
    held = set(
        Membership.objects.filter(
            person_id__in=[o.person.pk for o in owners if o.person],
            organisation_id__in=[o.organisation.pk for o in owners],
        )
        .filter(active_on(day))
        .values_list("person_id", "organisation_id")
    )
    for owner in owners:
        assert owner.person is not None
        if (owner.person.pk, owner.organisation.pk) not in held:
            raise ServiceError(
                _("%(person)s is not a member of %(name)s")
                % {"person": owner.person, "name": owner.organisation.name},
                field="owners",
            )


@transaction.atomic
def assignments_give(
    *,
    source: str,
    source_id: int,
    given_by: Organisation,
    title: str,
    deadline: dt.date,
    owners: Sequence[Owner],
    restricted: bool = False,
    actor: Actor,
) -> int:
    """Give the same assignment to each owner (a directive's addressees, a decision's
    executors): all of them or none. Every owner must lie within the giver's subtree. Returns
    how many were given."""
    title = _title(title)
    day = today()
    if deadline < day:
        raise ServiceError(_("the deadline must not be in the past"), field="deadline")
    if not owners:
        raise ServiceError(_("name at least one organisation or person"), field="owners")
    _members_of_their_organisations([o for o in owners if o.person is not None], day)
    seen: set[tuple[int, int | None]] = set()
    for owner in owners:
        key = (owner.organisation.pk, owner.person.pk if owner.person else None)
        if key in seen:
            raise ServiceError(
                _("%(name)s is named twice") % {"name": owner.person or owner.organisation.name},
                field="owners",
            )
        seen.add(key)
        if not owner.organisation.path.startswith(given_by.path):
            # Answered as the caller's app answers an organisation it cannot see.
            raise ServiceError(_("no such organisation in your subtree"), field="owners")
    rows = [
        Assignment(
            source=source,
            source_id=source_id,
            organisation=owner.organisation,
            person=owner.person,
            given_by=given_by,
            title=title,
            restricted=restricted,
            given_on=day,
            deadline=deadline,
        )
        for owner in owners
    ]
    try:
        with transaction.atomic():
            Assignment.objects.bulk_create(rows, batch_size=2000)
    except IntegrityError:
        raise ConflictError(
            _("some of these already have this assignment: it is given once to each")
        ) from None
    # The owners' paths as they stand now, not as the caller read them.
    paths = paths_held((owner.organisation.pk for owner in owners), hold=False)
    changes = CountChanges()
    for owner, row in zip(owners, rows, strict=True):
        changes.add_one(paths[owner.organisation.pk], source, source_id, {}, assignment_counts(row))
    changes.write()
    auditlog_record(
        actor=actor,
        action="assignment.give",
        organisation_id=given_by.pk,
        data={
            "source": source,
            "source_id": source_id,
            "title": title,
            "deadline": deadline,
            "owners": len(rows),
        },
    )
    return len(rows)


def _outcome(value: str) -> str:
    if value not in Outcome.values:
        raise ServiceError(
            _("one of: %(ways)s") % {"ways": ", ".join(str(o.label) for o in Outcome)},
            field="outcome",
        )
    return value


def _figures(figures: Mapping[str, Any]) -> dict[str, float | int]:
    kept: dict[str, float | int] = {}
    for name, value in figures.items():
        if not isinstance(name, str) or not name.strip() or len(name) > 100:
            raise ServiceError(_("each figure needs a short name"), field="figures")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ServiceError(
                _("%(name)s: a number is needed") % {"name": name}, field=f"figures.{name}"
            )
        kept[name.strip()] = value
    return kept


@transaction.atomic
def execution_report(
    *,
    assignment: Assignment,
    outcome: str,
    text: str,
    figures: Mapping[str, Any] | None = None,
    version: int | None = None,
    actor: Actor,
) -> ExecutionReport:
    """The owner reports on the assignment: done, partly or not done, saying what and how. The
    first report's day counts for timeliness; the latest one's outcome is the assignment's."""
    outcome = _outcome(outcome)
    text = text.strip()
    if not text:
        raise ServiceError(_("say what was done, or why not"), field="text")
    if len(text) > TEXT_LIMIT:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": TEXT_LIMIT}, field="text")
    kept = _figures(figures or {})
    locked = (
        Assignment.objects.select_for_update().select_related("organisation").get(pk=assignment.pk)
    )
    if version is not None and version != locked.version:
        raise ConflictError(_("someone else reported on this meanwhile; read it again"))
    before = assignment_counts(locked)
    day = today()
    report = ExecutionReport.objects.create(
        assignment=locked,
        outcome=outcome,
        text=text,
        figures=kept,
        submitted_on=day,
        submitted_at=now(),
        submitted_by_id=actor_user_id(actor),
    )
    if locked.reported_on is None:
        locked.reported_on = day
        locked.on_time = day <= locked.deadline
    locked.outcome = outcome
    locked.version += 1
    locked.save(update_fields=["reported_on", "on_time", "outcome", "version"])
    changes = CountChanges()
    changes.add_one(
        locked.organisation.path,
        locked.source,
        locked.source_id,
        before,
        assignment_counts(locked),
    )
    changes.write()
    auditlog_record(
        actor=actor,
        action="assignment.report",
        subject=report,
        organisation_id=locked.organisation_id,
        data={"assignment": locked.pk, "outcome": outcome, "figures": kept},
    )
    return report


@transaction.atomic
def assignment_comment(
    *, assignment: Assignment, person: Person, verdict: str, text: str, actor: Actor
) -> AssignmentComment:
    """A member of the owner organisation says, in their own name, whether it was done."""
    if verdict not in AssignmentComment.Verdict.values:
        raise ServiceError(
            _("one of: %(ways)s")
            % {"ways": ", ".join(str(v.label) for v in AssignmentComment.Verdict)},
            field="verdict",
        )
    text = text.strip()
    if not text:
        raise ServiceError(_("say what you saw"), field="text")
    if len(text) > TEXT_LIMIT:
        raise ServiceError(_("at most %(limit)d characters") % {"limit": TEXT_LIMIT}, field="text")
    comment = AssignmentComment.objects.create(
        assignment=assignment, person=person, verdict=verdict, text=text, written_at=now()
    )
    auditlog_record(
        actor=actor,
        action="assignment.comment",
        subject=comment,
        organisation_id=assignment.organisation_id,
        person_id=person.pk,
        data={"assignment": assignment.pk, "verdict": verdict},
    )
    return comment


@transaction.atomic
def assignments_escalate(day: dt.date) -> int:
    """Daily: each assignment past its deadline with no report goes to the committee above
    its owner, whose officers are told (with the owner's); each only once. Returns how many
    people were told."""
    overdue = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(released_q(), deadline__lt=day, reported_on__isnull=True, escalated_on__isnull=True)
        .select_related("organisation")
        .order_by("pk")
    )
    if not overdue:
        return 0
    parents = sorted(
        {parent_path(a.organisation.path) for a in overdue if len(a.organisation.path) > STEPLEN}
    )
    above: dict[str, int] = {}
    for start in range(0, len(parents), CHUNK):
        above.update(
            Organisation.objects.filter(path__in=parents[start : start + CHUNK]).values_list(
                "path", "pk"
            )
        )
    ids = sorted({a.organisation_id for a in overdue} | set(above.values()))
    officers: dict[int, list[int]] = {}
    for start in range(0, len(ids), CHUNK):
        officers.update(officers_of(ids[start : start + CHUNK], day))
    notices = []
    for assignment in overdue:
        committee = above.get(parent_path(assignment.organisation.path))
        assignment.escalated_to_id = committee
        assignment.escalated_on = day
        people = [*officers.get(assignment.organisation_id, []), *officers.get(committee or 0, [])]
        if assignment.person_id:
            people.append(assignment.person_id)
        notices.append(
            (
                people,
                {
                    "title": assignment.title,
                    "name": assignment.organisation.name,
                    "deadline": assignment.deadline.isoformat(),
                },
                "",
            )
        )
    Assignment.objects.bulk_update(overdue, ["escalated_to", "escalated_on"], batch_size=2000)
    told = notify_many(
        ESCALATED,
        gettext_noop("“%(title)s” of %(name)s is overdue: it was due %(deadline)s."),
        notices,
    )
    auditlog_record(
        actor=SystemActor("assignments"),
        action="assignment.escalate",
        data={"day": day, "assignments": len(overdue)},
    )
    return told
