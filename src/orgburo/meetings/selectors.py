"""Reads for meetings: who was asked and who came, by field of work; each decision with the
assignments it gave; an organisation's meetings of a kind, and when it last held one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext

from orgburo.assignments.models import Assignment
from orgburo.core.releases import released_q
from orgburo.meetings.models import Attendance, Decision, Meeting, MeetingVote, Speaker
from orgburo.meetings.services import SOURCE
from orgburo.register.models import Organisation


@dataclass(frozen=True)
class FieldAttendance:
    field: str  # a statute field code, "" where none was given
    asked: int
    present: int


def attendance_by_field(meeting: Meeting) -> list[FieldAttendance]:
    """Those asked and those who came, for each field of work, in the order of the fields."""
    asked: dict[str, int] = defaultdict(int)
    came: dict[str, int] = defaultdict(int)
    for field, present in Attendance.objects.filter(meeting=meeting).values_list(
        "field", "present"
    ):
        asked[field] += 1
        came[field] += 1 if present else 0
    return [FieldAttendance(f, asked[f], came[f]) for f in sorted(asked)]


def attendance_list(meeting: Meeting) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "delegate_of")
        .order_by("field", "person__sort_name", "pk")
    )


def decisions_with_assignments(meeting: Meeting) -> list[tuple[Decision, list[Assignment]]]:
    """Each decision, and the assignments it gave (to its owners, in the tree's order)."""
    decisions = list(Decision.objects.filter(meeting=meeting))
    given: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(
            released_q(), source=SOURCE, source_id__in=[d.pk for d in decisions]
        )
        .select_related("organisation")
        .order_by("organisation__path")
    ):
        given[assignment.source_id].append(assignment)
    return [(d, given[d.pk]) for d in decisions]


def meetings_of(org: Organisation, kind: str) -> QuerySet[Meeting]:
    """The organisation's meetings of a kind, the latest first."""
    return Meeting.objects.filter(organisation=org, kind=kind).order_by("-held_on", "-pk")


def last_held(kind: str, organisation_ids: list[int]) -> dict[int, dt.date]:
    """The day each organisation last held a meeting of this kind (absent where never)."""
    rows: Any = (
        Meeting.objects.filter(
            kind=kind, status=Meeting.Status.HELD, organisation_id__in=organisation_ids
        )
        .values("organisation_id")
        .annotate(last=Max("held_on"))
        .values_list("organisation_id", "last")
    )
    return dict(rows)


def decision_of(assignment: Assignment) -> Decision | None:
    if assignment.source != SOURCE:
        return None
    return Decision.objects.select_related("meeting").filter(pk=assignment.source_id).first()


def attendance_counts(meeting_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(present, asked) for each meeting, in one query."""
    rows = (
        Attendance.objects.filter(meeting_id__in=meeting_ids)
        .values("meeting_id")
        .annotate(asked=Count("pk"), present=Count("pk", filter=Q(present=True)))
    )
    return {r["meeting_id"]: (r["present"], r["asked"]) for r in rows}


def speakers_of(meeting: Meeting) -> list[Speaker]:
    return list(Speaker.objects.filter(meeting=meeting).select_related("person", "item"))


def votes_of(meeting: Meeting) -> list[MeetingVote]:
    return list(MeetingVote.objects.filter(meeting=meeting).select_related("item", "decision"))


def choice_label(vote: MeetingVote, choice: str) -> str:
    """A motion's "for" and "against" in the reader's language; an alternative as written."""
    if vote.kind == MeetingVote.Kind.MOTION:
        return {"for": gettext("for"), "against": gettext("against")}.get(choice, choice)
    return choice


def vote_line(vote: MeetingVote) -> str:
    """One line of the minutes: what was put, the hands for each choice, what it made."""
    hands = ", ".join(
        f"{choice_label(vote, c)} {n}" for c, n in zip(vote.choices, vote.counts, strict=True)
    )
    line = gettext("Voted on “%(motion)s”: %(hands)s, abstained %(abstained)d.") % {
        "motion": vote.motion,
        "hands": hands,
        "abstained": vote.abstained,
    }
    if not vote.carried:
        return line + " " + gettext("Not carried.")
    if vote.kind == MeetingVote.Kind.MOTION:
        return line + " " + gettext("Carried.")
    return line + " " + gettext("Chosen: %(choice)s.") % {"choice": vote.carried}


def _speaker_line(speaker: Speaker) -> str:
    seconds = speaker.seconds_spoken()
    if seconds is None:
        return gettext("%(name)s (did not speak)") % {"name": speaker.person.full_name}
    return gettext("%(name)s (%(minutes)d min %(seconds)02d s)") % {
        "name": speaker.person.full_name,
        "minutes": seconds // 60,
        "seconds": seconds % 60,
    }


def minutes_draft(meeting: Meeting) -> str:
    """A first draft of the minutes from what was recorded: who was asked and who came, the
    quorum, then for each item on the agenda who spoke to it and what was voted; lines to fill
    in where nothing was recorded."""
    asked = Attendance.objects.filter(meeting=meeting).count()
    lines = [
        gettext("%(title)s, %(day)s.")
        % {"title": meeting.title, "day": meeting.held_on.isoformat()}
    ]
    if meeting.place:
        lines.append(gettext("Place: %(place)s.") % {"place": meeting.place})
    lines.append(gettext("Asked: %(asked)d.") % {"asked": asked})
    if meeting.opened_at is not None:
        present = Attendance.objects.filter(meeting=meeting, present=True).count()
        lines.append(gettext("Present: %(present)d.") % {"present": present})
    if meeting.quorum is not None:
        lines.append(gettext("Quorum: %(quorum)d.") % {"quorum": meeting.quorum})
    speakers = speakers_of(meeting)
    votes = votes_of(meeting)

    def floor(item_id: int | None) -> list[str]:
        said = [_speaker_line(s) for s in speakers if s.item_id == item_id]
        found = [gettext("Spoke: %(names)s.") % {"names": "; ".join(said)}] if said else []
        return found + [vote_line(v) for v in votes if v.item_id == item_id]

    for item in meeting.agenda.all():
        recorded = floor(item.pk)
        lines += ["", f"{item.position}. {item.title}"]
        lines += recorded or [gettext("Heard: …"), gettext("Decided: …")]
    general = floor(None)
    if general:
        lines += ["", gettext("Other business"), *general]
    return "\n".join(lines)
