"""Reads for absence: whether a unit is weakened (more than the statute's share of its members,
or of its officers, away at once) now or within the notice days; the weakened units below a
committee; a person's leave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from orgburo.absence.models import Leave
from orgburo.absence.statute import AbsenceRules, absence_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.tree import subtree_q
from orgburo.register.models import Membership, Organisation
from orgburo.register.selectors import active_on, officers_of

LISTED = 50  # weakened units a committee's page lists


@dataclass(frozen=True)
class Weakened:
    """A unit weakened from `starts_on` to `ends_on`: `away` of its `members` gone, `officers_away`
    of its `officers`."""

    organisation: Organisation
    starts_on: dt.date
    ends_on: dt.date
    away: int
    members: int
    officers_away: int
    officers: int

    def under_way(self, day: dt.date) -> bool:
        return self.starts_on <= day


def _over(part: int, whole: int, percent: int) -> bool:
    return whole > 0 and 100 * part > percent * whole


def weakened(
    unit: Organisation, day: dt.date, rules: AbsenceRules | None = None, *, ahead: bool = True
) -> Weakened | None:
    """The first stretch, from `day` to the notice days ahead (or on `day` alone), during which
    the unit is weakened; None if it is not. A few queries, whatever the unit's size."""
    rules = rules or absence_rules(active_statute())
    until = day + dt.timedelta(days=rules.notice_days if ahead else 0)
    leaves = list(
        Leave.objects.filter(organisation=unit, starts_on__lte=until, ends_on__gte=day).order_by(
            "starts_on"
        )
    )
    if not leaves:
        return None
    members = Membership.objects.filter(active_on(day), organisation=unit).count()
    officers = set(officers_of([unit.pk], day).get(unit.pk, []))
    for start in sorted({max(day, leave.starts_on) for leave in leaves}):
        if start > until:
            break
        away = [leave for leave in leaves if leave.starts_on <= start <= leave.ends_on]
        people = {leave.person_id for leave in away}
        if _over(len(people), members, rules.members_percent) or _over(
            len(people & officers), len(officers), rules.officers_percent
        ):
            return Weakened(
                unit,
                start,
                min(leave.ends_on for leave in away),
                len(people),
                members,
                len(people & officers),
                len(officers),
            )
    return None


def weakened_below(org: Organisation, day: dt.date, *, ahead: bool = True) -> list[Weakened]:
    """The units of the subtree weakened now or within the notice days (the first LISTED of
    those with any leave then, in the tree's order)."""
    rules = absence_rules(active_statute())
    until = day + dt.timedelta(days=rules.notice_days if ahead else 0)
    candidates = (
        Leave.objects.filter(
            subtree_q(org.path, "organisation__path"), starts_on__lte=until, ends_on__gte=day
        )
        .values_list("organisation_id", flat=True)
        .distinct()
        .order_by()
    )
    units = Organisation.objects.filter(pk__in=list(candidates)).order_by("path")
    found = []
    for unit in units:
        stretch = weakened(unit, day, rules, ahead=ahead)
        if stretch is not None:
            found.append(stretch)
            if len(found) == LISTED:
                break
    return found


def leaves_of(person_id: int) -> QuerySet[Leave]:
    return (
        Leave.objects.filter(person_id=person_id)
        .select_related("organisation")
        .order_by("-starts_on")
    )


def weakened_history(unit: Organisation, day: dt.date, days: int = 183) -> list[Weakened]:
    """The stretches in the `days` before `day` during which the unit was weakened, the latest
    first (counted against its roll and officers of each stretch's first day)."""
    rules = absence_rules(active_statute())
    since = day - dt.timedelta(days=days)
    starts = sorted(
        set(
            Leave.objects.filter(
                organisation=unit, starts_on__lt=day, ends_on__gte=since
            ).values_list("starts_on", flat=True)
        )
    )
    found: list[Weakened] = []
    for start in starts:
        if found and start <= found[-1].ends_on:
            continue  # inside a stretch already found
        stretch = weakened(unit, max(start, since), rules, ahead=False)
        if stretch is not None:
            found.append(stretch)
    return found[::-1]
