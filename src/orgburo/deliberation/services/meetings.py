"""A unit's general meeting (or a committee's plenum): the roll asked, the statute's quorum
worked out from it, its agenda (the questions it discusses among the items)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor
from orgburo.deliberation.models import Question
from orgburo.deliberation.statute import deliberation_rules
from orgburo.meetings.models import Meeting
from orgburo.meetings.services import Invitee, meeting_call
from orgburo.register.models import Membership, Organisation, Person, Tenure
from orgburo.register.selectors import active_on

KIND = "deliberation.meeting"


def meeting_roll(organisation: Organisation, day: dt.date) -> tuple[list[Invitee], int]:
    """Who is asked (a unit's members and candidates; a committee's post holders) and how many
    of them count for the quorum (full members; every post holder of a committee)."""
    spells = Membership.objects.filter(active_on(day), organisation=organisation)
    if spells.exists():
        full = set(
            spells.filter(status=Membership.Status.MEMBER).values_list("person_id", flat=True)
        )
        people = Person.objects.filter(pk__in=spells.values("person_id")).order_by(
            "sort_name", "pk"
        )
        return [Invitee(person=p, counts=p.pk in full) for p in people], len(full)
    holders = Tenure.objects.filter(active_on(day), post__organisation=organisation)
    people = Person.objects.filter(pk__in=holders.values("person_id")).order_by("sort_name", "pk")
    invitees = [Invitee(person=p) for p in people]
    return invitees, len(invitees)


@transaction.atomic
def general_meeting_call(
    *,
    organisation: Organisation,
    held_on: dt.date,
    place: str = "",
    agenda: Sequence[str],
    questions: Sequence[Question] = (),
    actor: Actor,
) -> Meeting:
    """Call the organisation's general meeting: its roll asked, the statute's quorum (a share of
    those counted) set on it, the questions it discusses put first on the agenda."""
    invitees, counted = meeting_roll(organisation, held_on)
    percent = deliberation_rules(active_statute()).meeting_quorum_percent
    quorum = -(-counted * percent // 100) if counted else None  # rounded up
    items = [q.title for q in questions] + [a for a in agenda if a.strip()]
    return meeting_call(
        organisation=organisation,
        kind=KIND,
        title=f"{organisation.name} — {held_on.isoformat()}",
        held_on=held_on,
        place=place,
        agenda=items,
        invitees=invitees,
        quorum=quorum,
        actor=actor,
    )
