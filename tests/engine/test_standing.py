"""Standing and eligibility: the gap rules, their boundaries, and the Stalin report's cases."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgburo.engine.standing import (
    Spell,
    Standing,
    check_eligibility,
    compute_standing,
    describe_duration,
)
from orgburo.statutes import GapRule, load_bundled

CUMULATIVE = GapRule("cumulative", 0, candidate_stage_counts=False, expulsion_resets=True)
CONTINUOUS = GapRule("continuous", 90, candidate_stage_counts=False, expulsion_resets=True)
RCP = load_bundled("rcp-1923")
UNION = load_bundled("trade-union")


def member(start: date, end: date | None = None, ended_by: str = "") -> Spell:
    return Spell(start, end, "member", ended_by)  # type: ignore[arg-type]


def candidate(start: date, end: date | None = None) -> Spell:
    return Spell(start, end, "candidate", "made_member" if end else "")


def standing_of(*spells: Spell, rule: GapRule = CUMULATIVE, as_of: date) -> Standing:
    return compute_standing(spells, rule, as_of)


# --------------------------------------------------------------------------- basics


def test_no_spells() -> None:
    s = standing_of(as_of=date(1923, 1, 1))
    assert s == Standing(days=0, since=None, is_member=False, is_candidate=False)
    assert s.years_months() == (0, 0)
    assert s.describe() == "0 months"


def test_as_of_before_first_spell() -> None:
    s = standing_of(member(date(1920, 1, 1)), as_of=date(1919, 12, 31))
    assert (s.days, s.since, s.is_member) == (0, None, False)


def test_spell_starting_on_as_of_is_a_member_with_zero_days() -> None:
    s = standing_of(member(date(1920, 1, 1)), as_of=date(1920, 1, 1))
    assert (s.days, s.since, s.is_member) == (0, date(1920, 1, 1), True)


def test_running_spell_counts_to_as_of() -> None:
    s = standing_of(member(date(1922, 3, 1)), as_of=date(1923, 11, 1))
    assert s.days == (date(1923, 11, 1) - date(1922, 3, 1)).days
    assert s.since == date(1922, 3, 1)
    assert s.is_member and not s.is_candidate
    assert s.years_months() == (1, 8)
    assert s.describe() == "1 year 8 months"
    assert s.describe("ru") == "1 год 8 месяцев"


def test_end_date_is_exclusive() -> None:
    spell = member(date(1920, 1, 1), date(1920, 1, 11), "dropped_out")
    on_end = standing_of(spell, as_of=date(1920, 1, 11))
    assert on_end.days == 10 and not on_end.is_member
    day_before = standing_of(spell, as_of=date(1920, 1, 10))
    assert day_before.days == 9 and day_before.is_member


def test_spell_clipped_at_as_of() -> None:
    s = standing_of(member(date(1920, 1, 1), date(1925, 1, 1)), as_of=date(1921, 1, 1))
    assert s.days == 366  # 1920 is a leap year
    assert s.years_months() == (1, 0)


# --------------------------------------------------------------------------- cumulative


def test_cumulative_adds_spells_across_a_gap() -> None:
    s = standing_of(
        member(date(1918, 1, 1), date(1919, 1, 1), "dropped_out"),
        member(date(1921, 1, 1)),
        as_of=date(1922, 1, 1),
    )
    assert s.days == 365 + 365
    assert s.since == date(1922, 1, 1) - timedelta(days=730)  # as_of - days, not 1918-01-01
    assert s.is_member


def test_moves_merge_without_double_counting() -> None:
    spells = [
        member(date(1920, 1, 1), date(1921, 1, 1), "moved"),
        member(date(1921, 1, 1), date(1922, 6, 1), "moved"),  # back-to-back
        member(date(1922, 5, 1)),  # overlapping by a month
    ]
    for rule in (CUMULATIVE, CONTINUOUS):
        s = compute_standing(spells, rule, date(1923, 1, 1))
        assert s.days == (date(1923, 1, 1) - date(1920, 1, 1)).days
        assert s.since == date(1920, 1, 1)


def test_expulsion_resets_cumulative_standing() -> None:
    spells = [
        member(date(1910, 1, 1), date(1921, 6, 1), "expelled"),
        member(date(1922, 1, 1)),
    ]
    s = compute_standing(spells, CUMULATIVE, date(1923, 1, 1))
    assert s.days == 365 and s.since == date(1922, 1, 1)
    keep = GapRule("cumulative", 0, candidate_stage_counts=False, expulsion_resets=False)
    s = compute_standing(spells, keep, date(1923, 1, 1))
    assert s.days == (date(1921, 6, 1) - date(1910, 1, 1)).days + 365


def test_expulsion_in_the_future_does_not_reset_yet() -> None:
    spells = [member(date(1910, 1, 1), date(1921, 6, 1), "expelled")]
    s = compute_standing(spells, CUMULATIVE, date(1921, 1, 1))
    assert s.days == (date(1921, 1, 1) - date(1910, 1, 1)).days and s.is_member
    after = compute_standing(spells, CUMULATIVE, date(1921, 6, 1))
    assert after == Standing(0, None, is_member=False, is_candidate=False)


def test_candidate_stage_counts_only_when_the_rule_says() -> None:
    spells = [candidate(date(1921, 1, 1), date(1921, 7, 1)), member(date(1921, 7, 1))]
    s = compute_standing(spells, CUMULATIVE, date(1922, 7, 1))
    assert s.days == 365 and s.since == date(1921, 7, 1)
    counting = GapRule("cumulative", 0, candidate_stage_counts=True, expulsion_resets=True)
    s = compute_standing(spells, counting, date(1922, 7, 1))
    assert s.since == date(1921, 1, 1)
    assert s.years_months() == (1, 6)


def test_candidate_on_as_of() -> None:
    s = standing_of(candidate(date(1923, 1, 1)), as_of=date(1923, 6, 1))
    assert s.is_candidate and not s.is_member
    assert s.days == 0 and s.since is None


# --------------------------------------------------------------------------- continuous


def two_spells_with_gap(gap_days: int) -> list[Spell]:
    first_end = date(2020, 1, 1)
    return [
        member(date(2019, 1, 1), first_end, "dropped_out"),
        member(first_end + timedelta(days=gap_days)),
    ]


def test_continuous_gap_of_exactly_grace_days_is_bridged_and_counts() -> None:
    as_of = date(2021, 1, 1)
    s = compute_standing(two_spells_with_gap(90), CONTINUOUS, as_of)
    assert s.since == date(2019, 1, 1)
    assert s.days == (as_of - date(2019, 1, 1)).days  # the 90 bridged days count too


def test_continuous_gap_of_grace_days_plus_one_restarts() -> None:
    as_of = date(2021, 1, 1)
    s = compute_standing(two_spells_with_gap(91), CONTINUOUS, as_of)
    restart = date(2020, 1, 1) + timedelta(days=91)
    assert s.since == restart
    assert s.days == (as_of - restart).days


def test_continuous_zero_grace_adjacent_spells_still_merge() -> None:
    strict = GapRule("continuous", 0, candidate_stage_counts=False, expulsion_resets=True)
    assert compute_standing(two_spells_with_gap(0), strict, date(2021, 1, 1)).since == date(
        2019, 1, 1
    )
    assert compute_standing(two_spells_with_gap(1), strict, date(2021, 1, 1)).since == date(
        2020, 1, 2
    )


def test_continuous_expulsion_restarts_even_within_grace() -> None:
    spells = [
        member(date(2015, 1, 1), date(2020, 1, 1), "expelled"),
        member(date(2020, 1, 10)),
    ]
    s = compute_standing(spells, CONTINUOUS, date(2021, 1, 10))
    assert s.since == date(2020, 1, 10)
    lenient = GapRule("continuous", 90, candidate_stage_counts=False, expulsion_resets=False)
    assert compute_standing(spells, lenient, date(2021, 1, 10)).since == date(2015, 1, 1)


def test_continuous_lapsed_member_keeps_last_run_length() -> None:
    spells = [member(date(2018, 1, 1), date(2020, 1, 1), "dropped_out")]
    s = compute_standing(spells, CONTINUOUS, date(2020, 6, 1))
    assert s.days == (date(2020, 1, 1) - date(2018, 1, 1)).days
    assert not s.is_member and not s.is_candidate


# --------------------------------------------------------------------------- calendar


def test_leap_day_anniversary() -> None:
    joined = date(2020, 2, 29)
    s = standing_of(member(joined), as_of=date(2021, 2, 28))
    assert s.years_months() == (1, 0)  # a year from a leap day ends on 28 February
    s = standing_of(member(joined), as_of=date(2021, 2, 27))
    assert s.years_months() == (0, 11)
    s = standing_of(member(joined), as_of=date(2024, 2, 29))
    assert s.years_months() == (4, 0) and s.days == 1461


def test_month_end_clamping() -> None:
    s = standing_of(member(date(1923, 1, 31)), as_of=date(1923, 2, 28))
    assert s.years_months() == (0, 1)
    s = standing_of(member(date(1923, 1, 31)), as_of=date(1923, 2, 27))
    assert s.years_months() == (0, 0)


@pytest.mark.parametrize(
    ("years", "months", "en", "ru"),
    [
        (0, 0, "0 months", "0 месяцев"),
        (1, 0, "1 year", "1 год"),
        (2, 1, "2 years 1 month", "2 года 1 месяц"),
        (5, 3, "5 years 3 months", "5 лет 3 месяца"),
        (11, 11, "11 years 11 months", "11 лет 11 месяцев"),
        (21, 2, "21 years 2 months", "21 год 2 месяца"),
        (22, 5, "22 years 5 months", "22 года 5 месяцев"),
        (0, 4, "4 months", "4 месяца"),
    ],
)
def test_describe_duration(years: int, months: int, en: str, ru: str) -> None:
    assert describe_duration(years, months) == en
    assert describe_duration(years, months, "ru") == ru


# --------------------------------------------------------------------------- eligibility


AS_OF = date(1923, 12, 1)


def rcp_standing(joined: date) -> Standing:
    return compute_standing([member(joined)], RCP.gap_rule, AS_OF)


def test_unit_secretary_11_months_refused_12_accepted() -> None:
    post = RCP.post_kind("unit_secretary")
    refused = check_eligibility(post, rcp_standing(date(1923, 1, 1)))
    assert not refused.eligible
    assert refused.rule == "Unit secretary needs at least 1 year of standing"
    assert refused.reason == "member since 1923-01-01: 11 months; Unit secretary needs 1 year"
    accepted = check_eligibility(post, rcp_standing(date(1922, 12, 1)))
    assert accepted.eligible
    assert "1 year" in accepted.reason


def test_uyezd_secretary_needs_three_years() -> None:
    post = RCP.post_kind("uyezd_secretary")
    assert check_eligibility(post, rcp_standing(date(1920, 12, 1))).eligible
    refused = check_eligibility(post, rcp_standing(date(1920, 12, 2)))
    assert not refused.eligible
    assert refused.reason == (
        "member since 1920-12-02: 2 years 11 months; Uyezd committee secretary needs 3 years"
    )
    ru = check_eligibility(post, rcp_standing(date(1920, 12, 2)), "ru")
    assert ru.rule == "Для должности «Секретарь укома» требуется стаж не менее 3 лет"
    assert ru.reason.startswith("в организации с 1920-12-02: 2 года 11 месяцев;")


def test_gubernia_secretary_member_since_before_october() -> None:
    post = RCP.post_kind("gubernia_secretary")
    accepted = check_eligibility(post, rcp_standing(date(1917, 10, 1)))
    assert accepted.eligible
    assert "1917-11-07" in accepted.rule
    refused = check_eligibility(post, rcp_standing(date(1918, 1, 1)))
    assert not refused.eligible
    assert refused.reason == (
        "member since 1918-01-01; "
        "Gubernia committee secretary needs membership since before 1917-11-07"
    )
    # The boundary: joined on the day itself is not "before" it.
    assert check_eligibility(post, rcp_standing(date(1917, 11, 6))).eligible
    assert not check_eligibility(post, rcp_standing(date(1917, 11, 7))).eligible


def test_candidate_is_refused_with_reason() -> None:
    post = RCP.post_kind("unit_secretary")
    spells = [candidate(date(1920, 1, 1))]
    s = compute_standing(spells, RCP.gap_rule, AS_OF)
    result = check_eligibility(post, s)
    assert not result.eligible
    assert result.reason.startswith("a candidate, not a full member")
    assert check_eligibility(post, s, "ru").reason.startswith("кандидат")


def test_lapsed_member_is_refused_with_reason() -> None:
    post = RCP.post_kind("unit_secretary")
    spells = [member(date(1910, 1, 1), date(1923, 1, 1), "dropped_out")]
    result = check_eligibility(post, compute_standing(spells, RCP.gap_rule, AS_OF))
    assert not result.eligible
    assert "membership lapsed" in result.reason
    never = check_eligibility(post, compute_standing([], RCP.gap_rule, AS_OF))
    assert never.reason.startswith("not a member;")


def test_post_without_requirement_is_open() -> None:
    post = RCP.post_kind("unit_agitprop")
    result = check_eligibility(post, compute_standing([], RCP.gap_rule, AS_OF))
    assert result.eligible
    assert result.reason == "no standing requirement"


def test_trade_union_rep_needs_two_continuous_years() -> None:
    rep = UNION.post_kind("workplace_rep")
    as_of = date(2024, 6, 1)
    bridged = [
        member(date(2022, 1, 1), date(2023, 1, 1), "dropped_out"),
        member(date(2023, 3, 1)),  # 59 days of arrears: forgiven
    ]
    assert check_eligibility(rep, compute_standing(bridged, UNION.gap_rule, as_of)).eligible
    broken = [
        member(date(2022, 1, 1), date(2023, 1, 1), "dropped_out"),
        member(date(2023, 6, 1)),  # 151 days: the count starts again
    ]
    result = check_eligibility(rep, compute_standing(broken, UNION.gap_rule, as_of))
    assert not result.eligible
    assert result.reason == "member since 2023-06-01: 1 year; Workplace rep needs 2 years"


# --------------------------------------------------------------------------- properties

STATUSES: tuple[Literal["candidate", "member"], ...] = ("candidate", "member")
ENDINGS: tuple[Literal["made_member", "moved", "dropped_out", "expelled"], ...] = (
    "made_member",
    "moved",
    "dropped_out",
    "expelled",
)
RULES = st.builds(
    GapRule,
    mode=st.sampled_from(["cumulative", "continuous"]),
    grace_days=st.integers(0, 400),
    candidate_stage_counts=st.booleans(),
    expulsion_resets=st.booleans(),
)


@st.composite
def histories(draw: st.DrawFn) -> list[Spell]:
    """Sequential spells with gaps; the last one is a running membership."""
    day = draw(st.dates(date(1900, 1, 1), date(1950, 1, 1)))
    spells: list[Spell] = []
    for _ in range(draw(st.integers(0, 5))):
        length = draw(st.integers(1, 2000))
        status = draw(st.sampled_from(STATUSES))
        ended_by = draw(st.sampled_from(ENDINGS))
        spells.append(Spell(day, day + timedelta(days=length), status, ended_by))
        day += timedelta(days=length + draw(st.integers(0, 1000)))
    spells.append(Spell(day, None, "member"))
    return spells


@given(histories(), RULES, st.integers(-100, 40000))
def test_standing_never_exceeds_time_since_first_start(
    spells: list[Spell], rule: GapRule, offset: int
) -> None:
    first = spells[0].start
    as_of = first + timedelta(days=offset)
    s = compute_standing(spells, rule, as_of)
    assert 0 <= s.days <= max((as_of - first).days, 0)
    if s.since is not None:
        assert first <= s.since <= as_of


@given(histories(), RULES, st.integers(0, 20000), st.integers(0, 20000))
def test_standing_is_monotone_while_a_member(
    spells: list[Spell], rule: GapRule, a: int, b: int
) -> None:
    last_start = spells[-1].start
    earlier, later = sorted((a, b))
    s1 = compute_standing(spells, rule, last_start + timedelta(days=earlier))
    s2 = compute_standing(spells, rule, last_start + timedelta(days=later))
    assert s1.is_member and s2.is_member
    assert s1.days <= s2.days
    # While a member, each day adds exactly one day of standing.
    assert s2.days - s1.days == later - earlier
