"""Standing: how long a person has been a member, by the statute's gap rule, as of a date.

Pure computation (no Django): the register turns memberships into `Spell`s, and
elections, cadres and the audit ask `compute_standing` and `check_eligibility`.

Conventions:
- a spell is the half-open interval [start, end); `end=None` means still running;
- only spells that started on or before `as_of` count, clipped at `as_of`, so a
  spell that starts on `as_of` makes the person a member with 0 days of standing;
- touching or overlapping spells are merged (a member moving between units has
  back-to-back spells and must not lose or double-count a day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol

from orgburo.engine.dates import months_between

__all__ = [
    "Eligibility",
    "GapRuleLike",
    "LabelLike",
    "PostKindLike",
    "Spell",
    "Standing",
    "StandingRequirementLike",
    "check_eligibility",
    "compute_standing",
    "describe_duration",
]


# What the engine reads of the statute, as protocols: the statute's dataclasses
# (orgburo.statutes: GapRule, PostKind, ...) fit them without the engine importing them.
class GapRuleLike(Protocol):
    """How standing is counted across gaps in membership."""

    @property
    def mode(self) -> Literal["cumulative", "continuous"]: ...
    @property
    def grace_days(self) -> int: ...
    @property
    def candidate_stage_counts(self) -> bool: ...
    @property
    def expulsion_resets(self) -> bool: ...


class LabelLike(Protocol):
    def get(self, language: str) -> str: ...


class StandingRequirementLike(Protocol):
    """Years of standing and/or membership since before a date."""

    @property
    def years(self) -> int: ...
    @property
    def member_since_before(self) -> date | None: ...
    @property
    def is_empty(self) -> bool: ...
    def describe_years(self, language: str = "en") -> str: ...


class PostKindLike(Protocol):
    """A kind of post: its name and the standing it needs."""

    @property
    def name(self) -> LabelLike: ...
    @property
    def standing(self) -> StandingRequirementLike: ...


@dataclass(frozen=True)
class Spell:
    """One period of membership or candidacy, [start, end); end None = still running."""

    start: date
    end: date | None
    status: Literal["candidate", "member"]
    ended_by: Literal["", "made_member", "moved", "dropped_out", "expelled", "died"] = ""

    def covers(self, day: date) -> bool:
        """True when the spell is running on `day`."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Standing:
    """A person's standing as of a date.

    `since` is always `as_of - days` (None when nothing counts). While the counted
    time is one unbroken run that is the day the run began; with cumulative gaps
    it is the date from which the same number of days would have run unbroken,
    so "member since X" requirements compare like with like.
    """

    days: int
    since: date | None
    is_member: bool
    is_candidate: bool

    @property
    def as_of(self) -> date | None:
        """The date the standing was computed for (None when nothing counts)."""
        return None if self.since is None else self.since + timedelta(days=self.days)

    def years_months(self) -> tuple[int, int]:
        """Completed calendar years and months from `since` to the as-of date."""
        if self.since is None:
            return (0, 0)
        months = months_between(self.since, self.since + timedelta(days=self.days))
        return divmod(months, 12)

    def describe(self, language: str = "en") -> str:
        """The standing in words: '1 year 8 months' / '1 год 8 месяцев'."""
        years, months = self.years_months()
        return describe_duration(years, months, language)


def _ru_plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def describe_duration(years: int, months: int, language: str = "en") -> str:
    """'2 years 1 month' / '2 года 1 месяц'; '0 months' when both are zero."""
    ru = language.lower().startswith("ru")
    parts: list[str] = []
    if years:
        word = (
            _ru_plural(years, "год", "года", "лет") if ru else ("year" if years == 1 else "years")
        )
        parts.append(f"{years} {word}")
    if months or not years:
        word = (
            _ru_plural(months, "месяц", "месяца", "месяцев")
            if ru
            else ("month" if months == 1 else "months")
        )
        parts.append(f"{months} {word}")
    return " ".join(parts)


def compute_standing(spells: Sequence[Spell], rule: GapRuleLike, as_of: date) -> Standing:
    """A person's standing on `as_of` from their spells, counted by the statute's gap rule.

    cumulative: the days of all counted spells are added up; gaps simply do not count.
    continuous: only the last run counts; a gap of at most `grace_days` is bridged
    and the bridged days count too (a member who paid late was still a member),
    a longer gap starts the count again.
    In both modes, when `expulsion_resets`, nothing before the last expulsion counts,
    and candidate spells count only when `candidate_stage_counts`.
    """
    started = [s for s in spells if s.start <= as_of]
    is_member = any(s.status == "member" and s.covers(as_of) for s in started)
    is_candidate = not is_member and any(
        s.status == "candidate" and s.covers(as_of) for s in started
    )

    # An expulsion counts once it has happened, i.e. its spell ended on or before as_of.
    floor: date | None = None
    if rule.expulsion_resets:
        for s in started:
            if s.ended_by == "expelled" and s.end is not None and s.end <= as_of:
                floor = s.end if floor is None else max(floor, s.end)

    intervals: list[tuple[date, date]] = []
    for s in started:
        if s.status == "candidate" and not rule.candidate_stage_counts:
            continue
        start = s.start if floor is None else max(s.start, floor)
        end = as_of if s.end is None else min(s.end, as_of)
        # Keep a spell that begins today (0 days, but `since` is today); drop empty ones.
        if end > start or (start == end == as_of and s.covers(as_of)):
            intervals.append((start, end))

    if not intervals:
        return Standing(days=0, since=None, is_member=is_member, is_candidate=is_candidate)

    intervals.sort()
    if rule.mode == "continuous":
        run_start, run_end = intervals[0]
        for start, end in intervals[1:]:
            if (start - run_end).days <= rule.grace_days:
                run_end = max(run_end, end)
            else:
                run_start, run_end = start, end
        days = (run_end - run_start).days
    else:
        days = 0
        cur_start, cur_end = intervals[0]
        for start, end in intervals[1:]:
            if start <= cur_end:
                cur_end = max(cur_end, end)
            else:
                days += (cur_end - cur_start).days
                cur_start, cur_end = start, end
        days += (cur_end - cur_start).days

    return Standing(
        days=days,
        since=as_of - timedelta(days=days),
        is_member=is_member,
        is_candidate=is_candidate,
    )


@dataclass(frozen=True)
class Eligibility:
    """Whether a person may hold a post: the answer, the rule cited and the numbers."""

    eligible: bool
    rule: str
    reason: str


def check_eligibility(
    post_kind: PostKindLike, standing: Standing, language: str = "en"
) -> Eligibility:
    """Check a standing against a post's requirement, citing the rule either way.

    A post with no standing requirement is open to anyone. Any requirement implies
    full membership on the date: candidates and lapsed members are refused.
    """
    ru = language.lower().startswith("ru")
    req = post_kind.standing
    name = post_kind.name.get(language)
    if req.is_empty:
        if ru:
            return Eligibility(
                True, f"Для должности «{name}» стаж не требуется", "требований к стажу нет"
            )
        return Eligibility(True, f"{name} has no standing requirement", "no standing requirement")

    wanted: list[str] = []
    if req.years:
        wanted.append(req.describe_years(language))
    if req.member_since_before is not None:
        wanted.append(_joined_before(req.member_since_before, ru))
    if ru:
        rule = f"Для должности «{name}» требуется {' и '.join(wanted)}"
    else:
        rule = f"{name} needs {' and '.join(wanted)}"

    if not standing.is_member:
        if standing.is_candidate:
            status = "кандидат, а не полноправный член" if ru else "a candidate, not a full member"
        elif standing.since is not None:
            status = (
                "не состоит в организации на эту дату (членство прервано)"
                if ru
                else "not a member on this date (membership lapsed)"
            )
        else:
            status = "не является членом" if ru else "not a member"
        return Eligibility(False, rule, f"{status}; {rule[0].lower()}{rule[1:]}")

    assert standing.since is not None  # a member always has a start, possibly today
    since = standing.since.isoformat()
    facts: list[str] = []
    needs: list[str] = []
    eligible = True

    if req.years:
        years, _ = standing.years_months()
        eligible = eligible and years >= req.years
        duration = standing.describe(language)
        facts.append(
            f"в организации с {since}: {duration}" if ru else f"member since {since}: {duration}"
        )
        # Russian needs the genitive after "не менее" (3 лет, not 3 года): the statute's words.
        needs.append(req.describe_years(language) if ru else describe_duration(req.years, 0))
    if req.member_since_before is not None:
        eligible = eligible and standing.since < req.member_since_before
        if not facts:
            facts.append(f"в организации с {since}" if ru else f"member since {since}")
        needs.append(_joined_before(req.member_since_before, ru))

    if ru:
        reason = f"{'; '.join(facts)}; для должности «{name}» требуется {' и '.join(needs)}"
    else:
        reason = f"{'; '.join(facts)}; {name} needs {' and '.join(needs)}"
    return Eligibility(eligible, rule, reason)


def _joined_before(day: date, ru: bool) -> str:
    before = day.isoformat()
    return f"вступление до {before}" if ru else f"membership since before {before}"
