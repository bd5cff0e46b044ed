"""Elections in the demo, made through the same services as everything else.

Around the personas' factory unit, on the demo's calendar (the installation's day is moved
forward between the steps, as the days would pass):

- the unit's secretary, by instant run-off online: the vote is open all day, most of the roll
  has voted, and the member persona has not, so they can;
- the uyezd's delegation to the gubernia conference, three seats by STV: paper ballots,
  counted and entered, with every stage of the count to look at;
- the secretary of a unit where no member has a year's standing: every nomination is refused
  with the rule, the election fails, and the gubernia committee may appoint;
- a slate to the town soviet, nominations open, short of non-members: warned about.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from orgburo.core.auditlog import SystemActor
from orgburo.core.clock import calendar_set
from orgburo.core.errors import ServiceError
from orgburo.core.tree import parent_path, subtree_q
from orgburo.elections.models import Candidacy, Election, Voter
from orgburo.elections.selectors import candidate_names
from orgburo.elections.services import (
    ballot_cast,
    candidacy_answer,
    candidacy_nominate,
    election_call,
    election_enter_count,
    election_open_voting,
)
from orgburo.register.models import Membership, Organisation, Person, Post, Tenure
from orgburo.register.selectors import person_eligibility
from orgburo.register.services import person_create

ACTOR = SystemActor("demo")
# A quarter of an hour into the demo's day: time to vote as the member, then the secretary
# closes and counts it.
VOTE_CLOSES = dt.time(9, 15)


@contextlib.contextmanager
def installation_day(day: dt.date) -> Iterator[None]:
    """Put the installation's stored calendar on `day`, its clock just started, and run the
    block there, as a user of the demo would (an ORGBURO_TODAY override is set aside meanwhile,
    so the block's clock is the same whatever the environment). The calendar stays on `day`:
    `orgburo demo` ends by putting it on the demo's own day."""
    override = getattr(settings, "ORGBURO_TODAY", None)
    settings.ORGBURO_TODAY = None
    calendar_set(day=day, actor=ACTOR)
    try:
        yield
    finally:
        settings.ORGBURO_TODAY = override


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _members(org: Organisation, post_kind: str, on: dt.date, limit: int) -> list[Person]:
    """Members of the subtree who may hold a post of this kind, longest standing first."""
    spells = (
        Membership.objects.filter(subtree_q(org.path, "organisation__path"))
        .filter(ended_on__isnull=True, status="member")
        .select_related("person")
        .order_by("started_on", "person_id")[: limit * 4]
    )
    found = []
    for spell in spells:
        if person_eligibility(spell.person, post_kind, on).eligible:
            found.append(spell.person)
        if len(found) == limit:
            break
    return found


def _nominate(election: Election, people: list[Person], by: str) -> list[Candidacy]:
    made = []
    for person in people:
        candidacy = candidacy_nominate(election=election, person=person, body=by, actor=ACTOR)
        made.append(candidacy_answer(candidacy=candidacy, accept=True, actor=ACTOR))
    return made


@dataclass(frozen=True)
class DemoElections:
    ids: dict[str, int]  # by name
    # The shares of the online vote's tellers: the demo prints them, as a committee would.
    tellers_shares: list[str]


def build_demo_elections(present: dt.date, personas: dict[str, int], seed: int) -> DemoElections:
    """Make the four elections."""
    rng = random.Random(seed)
    member = Person.objects.select_related("home").get(pk=personas["member"])
    secretary = Person.objects.get(pk=personas["unit_secretary"])
    unit = member.home
    uyezd = Organisation.objects.get(path=parent_path(unit.path))
    gubernia = Organisation.objects.get(path=parent_path(uyezd.path))
    week_before, eve = present - dt.timedelta(days=7), present - dt.timedelta(days=1)
    ids: dict[str, int] = {}

    with installation_day(week_before):
        common: dict[str, Any] = {
            "roll_date": week_before,
            "nominations_close": _at(eve, 20),
            "voting_opens": _at(present, 0),
            "voting_closes": _at(present, VOTE_CLOSES.hour, VOTE_CLOSES.minute),
            "actor": ACTOR,
        }
        post = Post.objects.get(organisation=unit, kind="unit_secretary", abolished_on__isnull=True)
        online = election_call(
            organisation=unit,
            called_by=unit,
            kind="post",
            post=post,
            seats=1,
            method="irv",
            mode="online",
            **common,
        )
        others = [
            p
            for p in _members(unit, "unit_secretary", present, 4)
            if p.pk not in (member.pk, secretary.pk)
        ]
        _nominate(online, [secretary, *others[:2]], "Bureau of the unit")
        ids["online"] = online.pk

        paper = election_call(
            organisation=uyezd,
            called_by=gubernia,
            kind="delegation",
            seats=3,
            method="stv",
            mode="paper",
            title="Delegation to the gubernia conference",
            post_kind="uyezd_bureau_member",
            **common,
        )
        delegates = _members(uyezd, "uyezd_bureau_member", present, 6)
        _nominate(paper, delegates, "Uyezd committee")
        ids["paper"] = paper.pk

        failed_unit = _unit_without_standing(gubernia, present)
        if failed_unit is not None:
            failed_post = Post.objects.get(
                organisation=failed_unit, kind="unit_secretary", abolished_on__isnull=True
            )
            failed = election_call(
                organisation=failed_unit,
                called_by=failed_unit,
                kind="post",
                post=failed_post,
                seats=1,
                method="for-against",
                mode="meeting",
                **common,
            )
            for spell in Membership.objects.filter(organisation=failed_unit, ended_on__isnull=True)[
                :5
            ]:
                with contextlib.suppress(ServiceError):  # each refusal cites the one-year rule
                    candidacy_nominate(
                        election=failed, person=spell.person, body="General meeting", actor=ACTOR
                    )
            ids["failed"] = failed.pk

        soviet = election_call(
            organisation=uyezd,
            called_by=uyezd,
            kind="soviet",
            seats=5,
            method="for-against",
            mode="meeting",
            title="Town soviet, factory district",
            roll_date=week_before,
            nominations_close=_at(present + dt.timedelta(days=3), 20),
            voting_opens=_at(present + dt.timedelta(days=4), 9),
            voting_closes=_at(present + dt.timedelta(days=4), 21),
            actor=ACTOR,
        )
        non_member = person_create(
            family_name="Беспартийный",
            given_name="Остап",
            patronymic="Петрович",
            birth_date=dt.date(1890, 3, 14),
            home=unit,
            actor=ACTOR,
        )
        _nominate(
            soviet,
            [*_members(uyezd, "unit_bureau_member", present, 4), non_member],
            "Factory meeting",
        )
        ids["soviet"] = soviet.pk

    shares: list[str] = []
    with installation_day(present):
        for key in ("online", "paper", "failed"):
            if key in ids:
                opened = election_open_voting(
                    election=Election.objects.get(pk=ids[key]), actor=ACTOR
                )
                shares += opened.shares
        _vote_online(Election.objects.get(pk=ids["online"]), skip=member.pk, rng=rng)
        _count_paper(Election.objects.get(pk=ids["paper"]), rng)
    return DemoElections(ids, shares)


def _unit_without_standing(gubernia: Organisation, on: dt.date) -> Organisation | None:
    """A unit of the gubernia whose secretary was appointed because no member had standing."""
    tenure = (
        Tenure.objects.filter(subtree_q(gubernia.path, "post__organisation__path"))
        .filter(
            post__kind="unit_secretary",
            filled_by=Tenure.FilledBy.APPOINTED,
            ended_on__isnull=True,
            reason__icontains="no member",
        )
        .select_related("post__organisation")
        .order_by("post__organisation__path")
        .first()
    )
    return tenure.post.organisation if tenure else None


def _vote_online(election: Election, skip: int, rng: random.Random) -> None:
    """About two thirds of the roll votes; ranked ballots, some stopping after one name."""
    order = list(election.lot_order)
    for voter in (
        Voter.objects.filter(election=election).exclude(person_id=skip).select_related("person")
    ):
        if rng.random() > 0.66:
            continue
        ranking = rng.sample(order, rng.randint(1, len(order)))
        ballot_cast(election=election, voter=voter.person, choices=ranking, actor=ACTOR)


def _count_paper(election: Election, rng: random.Random) -> None:
    """The count commission's protocol: the paper ballots, entered as a CSV of names."""
    names = list(candidate_names(election).values())
    weights = [rng.random() ** 2 + 0.05 for _ in names]
    rows = []
    for _ in range(int(election.roll_size * 0.8)):
        pool, ranking = list(range(len(names))), []
        for _depth in range(rng.randint(1, len(names))):
            pick = rng.choices(pool, [weights[i] for i in pool])[0]
            pool.remove(pick)
            ranking.append(names[pick])
        rows.append(",".join(ranking))
    election_enter_count(
        election=election,
        minutes="Count commission of the uyezd conference, protocol no. 1",
        ballots_file="\n".join(rows) + "\n",
        file_name="protocol-1.csv",
        invalid=rng.randint(0, 5),
        actor=ACTOR,
    )
