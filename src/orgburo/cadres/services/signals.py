"""Signals: who and where is out of tune, and why. A computation under a committee reads the
figures of every unit below it (cadres/selectors/figures.py), compares each with its peers —
the units under the same committee, or further up until there are `signal_min_peers` of them
— by the median and MAD (engine/outliers.py), and keeps a signal for each figure beyond the
statute's threshold on its bad side; two signals follow a rule instead (an officer without the
skills the post needs, a unit stripped below its minimum by transfers). A signal found again
is updated, one no longer found is cleared. The person a signal is about may contest it; an
officer answers the contest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgburo.cadres.models import Contest, Signal
from orgburo.cadres.selectors import figures
from orgburo.cadres.selectors.skills import missing, studied_on
from orgburo.cadres.statute import CadreRules, cadre_rules
from orgburo.core.active_statute import active_statute
from orgburo.core.auditlog import Actor, SystemActor, actor_user_id, auditlog_record
from orgburo.core.clock import now, today
from orgburo.core.dates import add_months
from orgburo.core.errors import ConflictError, ServiceError
from orgburo.core.notifications import notify
from orgburo.core.tree import STEPLEN, parent_path, subtree_q
from orgburo.engine.outliers import robust_outlier
from orgburo.register.models import Organisation, Person, Tenure
from orgburo.register.models import Transfer as CardTransfer

SIGNAL_ABOUT_YOU = "cadres.signal"
HISTORY = 3  # earlier windows an organisation's figure is compared with

# The figures compared with peers, and which side of the median is out of tune.
HIGH_IS_BAD = {"reports_late": True, "assignments_overdue": True, "roll_churn": True}
LOW_IS_BAD = {"meeting_attendance": True, "member_attendance": True}
RULE_SIGNALS = ("officer_without_skills", "unit_stripped")
SIGNAL_CODES = (*HIGH_IS_BAD, *LOW_IS_BAD, *RULE_SIGNALS)
# What a share must be a share of before it says anything (one overdue assignment of one is no
# pattern): the count behind each figure, and its least. Thinner figures are left out of the
# comparison altogether, as the organisation's and as a peer's.
ENOUGH = {
    "reports_late": ("due", 3),
    "assignments_overdue": ("given", 3),
    "meeting_attendance": ("meetings", 2),
    "roll_churn": ("members", 5),
    "member_attendance": ("asked", 3),
}


@dataclass(frozen=True)
class Found:
    code: str
    organisation_id: int
    person_id: int | None
    value: float
    median: float | None
    mad: float | None
    compared_with: str
    peers: int
    details: dict[str, Any]

    @property
    def key(self) -> str:
        return signal_key(self.code, self.organisation_id, self.person_id)


def signal_key(code: str, organisation_id: int, person_id: int | None) -> str:
    return f"{code}:{organisation_id}:{person_id or 0}"


def _peer_groups(paths: dict[int, str], minimum: int) -> dict[int, tuple[str, list[int]]]:
    """Each organisation's peers: those under the same committee, or under the committee above
    that while there are fewer than `minimum` (the group's path prefix, and its members)."""
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for org_id, path in paths.items():
        prefix = parent_path(path)
        while prefix:
            by_prefix[prefix].append(org_id)
            prefix = parent_path(prefix)
        by_prefix[""].append(org_id)
    groups: dict[int, tuple[str, list[int]]] = {}
    for org_id, path in paths.items():
        prefix = parent_path(path)
        while prefix and len(by_prefix[prefix]) - 1 < minimum:  # peers: the others
            prefix = parent_path(prefix)
        groups[org_id] = (prefix, by_prefix[prefix])
    return groups


def _compared(
    code: str,
    values: dict[Any, figures.Figure],
    groups: dict[Any, tuple[str, list[Any]]],
    rules: CadreRules,
    where: Any,
    past: list[dict[Any, figures.Figure]] | None = None,
) -> list[Found]:
    """The figures out of tune on their bad side: against their peers' median and MAD, or, where
    the peers do not say so (or are too few), against the organisation's own earlier windows."""
    high = code in HIGH_IS_BAD
    part, least = ENOUGH[code]

    def enough(found: dict[Any, figures.Figure]) -> dict[Any, figures.Figure]:
        return {key: f for key, f in found.items() if f.parts.get(part, 0) >= least}

    values = enough(values)
    earlier = [enough(window) for window in past or []]
    found = []
    for key, figure in values.items():
        _prefix, group = groups[key]
        peers = [values[k].value for k in group if k != key and k in values]
        compared, against = "peers", peers
        out = robust_outlier(
            figure.value,
            peers,
            threshold=rules.signal_threshold,
            min_history=rules.signal_min_peers,
        )
        if out is None or (out.value > out.median) != high:
            history = [window[key].value for window in earlier if key in window]
            compared, against = "history", history
            out = robust_outlier(
                figure.value, history, threshold=rules.signal_threshold, min_history=HISTORY
            )
        if out is None or (out.value > out.median) != high:
            continue
        org_id, person_id = where(key)
        found.append(
            Found(
                code,
                org_id,
                person_id,
                figure.value,
                out.median,
                out.mad,
                compared,
                len(against),
                {**figure.parts, "score": out.score},
            )
        )
    return found


def _officers_without_skills(
    committee: Organisation, day: dt.date, rules: CadreRules
) -> list[Found]:
    kinds = [kind for kind in rules.posts]
    tenures = list(
        Tenure.objects.filter(
            subtree_q(committee.path, "post__organisation__path"),
            post__kind__in=kinds,
            started_on__lte=day,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("post__organisation_id", "person_id", "post__kind")
    )
    held = studied_on({person_id for _o, person_id, _k in tenures}, day)
    found = []
    for org_id, person_id, kind in tenures:
        needs = missing(rules.requirement(kind), held.get(person_id, set()))
        if needs:
            lacking = sorted(code for need in needs for code in sorted(need))
            details = {"post_kind": kind, "lacking": lacking}
            found.append(
                Found(
                    "officer_without_skills",
                    org_id,
                    person_id,
                    len(needs),
                    None,
                    None,
                    "rule",
                    0,
                    details,
                )
            )
    return found


def _units_stripped(
    committee: Organisation, start: dt.date, day: dt.date, unit_ids: list[int]
) -> list[Found]:
    minimum = active_statute().unit_minimum_members
    sent: dict[int, int] = defaultdict(int)
    cards = CardTransfer.objects.filter(
        subtree_q(committee.path, "from_unit__path"), issued_on__gte=start, issued_on__lte=day
    ).exclude(status=CardTransfer.Status.CANCELLED)
    for unit_id in cards.values_list("from_unit_id", flat=True):
        sent[unit_id] += 1
    if not sent:
        return []
    on_roll = figures.active_members(list(sent), day)
    return [
        Found(
            "unit_stripped",
            unit_id,
            None,
            on_roll.get(unit_id, 0),
            None,
            None,
            "rule",
            0,
            {"members": on_roll.get(unit_id, 0), "minimum": minimum, "transferred_out": n},
        )
        for unit_id, n in sent.items()
        if on_roll.get(unit_id, 0) < minimum and unit_id in set(unit_ids)
    ]


def signals_found(committee: Organisation, day: dt.date) -> list[Found]:
    """Every signal under the committee on the day (nothing written)."""
    rules = cadre_rules(active_statute())
    start = add_months(day, -rules.signal_window_months)
    organisations = dict(
        Organisation.objects.filter(subtree_q(committee.path)).values_list("id", "path")
    )
    deepest = max((len(p) for p in organisations.values()), default=0)
    units = {o: p for o, p in organisations.items() if len(p) == deepest}
    found: list[Found] = []
    # Compare like with like: units with units, committees with committees.
    groups: dict[int, tuple[str, list[int]]] = {}
    for depth in {len(p) for p in organisations.values()}:
        level = {o: p for o, p in organisations.items() if len(p) == depth}
        groups.update(_peer_groups(level, rules.signal_min_peers))
    # The same windows further back: the organisation's own history.
    windows = [
        (
            add_months(day, -rules.signal_window_months * (k + 1)),
            add_months(day, -rules.signal_window_months * k),
        )
        for k in range(1, HISTORY + 1)
    ]
    for code, read in (
        ("reports_late", figures.late_reports),
        ("assignments_overdue", figures.overdue_assignments),
        ("meeting_attendance", figures.meeting_attendance),
        ("roll_churn", figures.roll_churn),
    ):
        past = [read(committee, a, b) for a, b in windows]
        found += _compared(
            code, read(committee, start, day), groups, rules, lambda org_id: (org_id, None), past
        )
    members = figures.member_attendance(committee, start, day)
    by_org: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for key in members:
        by_org[key[0]].append(key)
    member_groups = {key: ("", by_org[key[0]]) for key in members}
    found += _compared("member_attendance", members, member_groups, rules, lambda key: key)
    if rules.posts:
        found += _officers_without_skills(committee, day, rules)
    found += _units_stripped(committee, start, day, list(units))
    return found


@transaction.atomic
def signals_compute(*, committee: Organisation, day: dt.date, actor: Actor) -> dict[str, int]:
    """Keep the signals under the committee up to date: new ones opened, those found again
    updated, those no longer found cleared. Returns how many of each."""
    # One computation at a time in a tree: the top organisation's row is the lock.
    Organisation.objects.select_for_update().filter(path=committee.path[:STEPLEN]).first()
    rules = cadre_rules(active_statute())
    upheld = set(
        Signal.objects.filter(
            subtree_q(committee.path, "organisation__path"),
            contest__outcome=Contest.Outcome.UPHELD,
            cleared_on__gte=add_months(day, -rules.signal_window_months),
        ).values_list("key", flat=True)
    )
    # A signal whose contest was upheld stays withdrawn for the window its figures cover.
    found = {f.key: f for f in signals_found(committee, day) if f.key not in upheld}
    open_here = {
        s.key: s
        for s in Signal.objects.select_for_update(of=("self",)).filter(
            subtree_q(committee.path, "organisation__path"), cleared_on__isnull=True
        )
    }
    opened = updated = 0
    new = []
    for key, f in found.items():
        fields = {
            "value": f.value,
            "median": f.median,
            "mad": f.mad,
            "compared_with": f.compared_with,
            "peers": f.peers,
            "details": f.details,
            "last_seen_on": day,
            "computed_under": committee.path,
        }
        signal = open_here.pop(key, None)
        if signal is None:
            new.append(
                Signal(
                    key=key,
                    code=f.code,
                    organisation_id=f.organisation_id,
                    person_id=f.person_id,
                    first_seen_on=day,
                    **fields,
                )
            )
            opened += 1
        else:
            for name, value in fields.items():
                setattr(signal, name, value)
            signal.save(update_fields=list(fields))
            updated += 1
    Signal.objects.bulk_create(new, batch_size=1000)
    for signal in new:
        if signal.person_id is not None:
            notify(
                SIGNAL_ABOUT_YOU,
                [signal.person_id],
                gettext_noop(
                    "A signal about you has been recorded: see where and why, with its numbers, "
                    "and contest it if it is wrong."
                ),
                url=f"/cadres/signal/{signal.pk}/" if signal.pk else "",
            )
    # What a computation under a wider committee found stays for that one to clear.
    gone = [s.pk for s in open_here.values() if s.computed_under.startswith(committee.path)]
    cleared = Signal.objects.filter(pk__in=gone).update(cleared_on=day)
    counts = {"opened": opened, "updated": updated, "cleared": cleared}
    auditlog_record(
        actor=actor,
        action="signals.compute",
        organisation_id=committee.pk,
        data={"on": day, **counts},
    )
    return counts


def signals_daily(day: dt.date) -> int:
    """Daily (core/daily.py): the signals under each top organisation computed again; how many
    are open."""
    opened = 0
    for root in Organisation.objects.filter(depth=1):
        counts = signals_compute(committee=root, day=day, actor=SystemActor("daily"))
        opened += counts["opened"] + counts["updated"]
    return opened


@transaction.atomic
def signal_contest(*, signal: Signal, person: Person, text: str, actor: Actor) -> Contest:
    """The person a signal is about says why it is wrong (once; whoever sees the signal sees
    it)."""
    if signal.person_id != person.pk:
        raise ServiceError(_("only the member a signal is about may contest it"), field="signal")
    text = text.strip()
    if not text:
        raise ServiceError(_("say why the signal is wrong"), field="text")
    if len(text) > 2000:
        raise ServiceError(_("at most %(n)d characters") % {"n": 2000}, field="text")
    try:
        with transaction.atomic():
            contest = Contest.objects.create(signal=signal, text=text, made_at=now())
    except IntegrityError:
        raise ConflictError(_("this signal has been contested already")) from None
    auditlog_record(
        actor=actor,
        action="signal.contest",
        subject=contest,
        organisation_id=signal.organisation_id,
        person_id=person.pk,
        data={"signal": signal.pk, "code": signal.code},
    )
    return contest


@transaction.atomic
def contest_answer(*, contest: Contest, upheld: bool, answer: str, actor: Actor) -> Contest:
    """An officer answers a contest: upheld (the signal no longer counts against the member) or
    rejected, with the reason either way."""
    locked = Contest.objects.select_for_update().select_related("signal").get(pk=contest.pk)
    if locked.outcome != Contest.Outcome.OPEN:
        raise ConflictError(_("this contest has been answered already"))
    answer = answer.strip()
    if not answer:
        raise ServiceError(_("give the reason for the answer"), field="answer")
    locked.outcome = Contest.Outcome.UPHELD if upheld else Contest.Outcome.REJECTED
    locked.answer = answer[:2000]
    locked.answered_at = now()
    locked.answered_by_id = actor_user_id(actor)
    locked.save(update_fields=["outcome", "answer", "answered_at", "answered_by"])
    if upheld:  # the signal is wrong: it no longer counts against the member
        Signal.objects.filter(pk=locked.signal_id, cleared_on__isnull=True).update(
            cleared_on=today()
        )
    auditlog_record(
        actor=actor,
        action="signal.contest_answer",
        subject=locked,
        organisation_id=locked.signal.organisation_id,
        person_id=locked.signal.person_id,
        data={"upheld": upheld},
    )
    return locked
