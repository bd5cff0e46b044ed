"""The count: worked examples published with the rules, and differential tests against two
independent libraries (pref_voting, votekit) on thousands of random profiles."""

from __future__ import annotations

import random
import warnings
from collections.abc import Callable

import pytest

from orgburo.engine.ballots import Profile, profile_from_rankings
from orgburo.engine.tally import CountError, count

pytestmark = pytest.mark.pure


def expand(groups: list[tuple[int, str]]) -> tuple[list[list[str]], list[int]]:
    """[(5, "ACBED"), …] -> rankings of single-letter candidates and their counts."""
    return [list(order) for _n, order in groups], [n for n, _order in groups]


# --- worked examples -----------------------------------------------------------------------


def test_schulze_worked_example_45_voters() -> None:
    # Schulze's own example (45 voters, 5 candidates), as in his paper and Wikipedia's article.
    rankings, counts = expand(
        [
            (5, "ACBED"),
            (5, "ADECB"),
            (8, "BEDAC"),
            (3, "CABED"),
            (7, "CAEBD"),
            (2, "CBADE"),
            (7, "DCEBA"),
            (8, "EBADC"),
        ]
    )
    profile = profile_from_rankings("ABCDE", rankings, counts)
    result = count(profile, "schulze", seats=5)
    assert result.winners == ["E", "A", "C", "B", "D"]
    assert result.pairwise is not None and result.strongest_paths is not None
    a, b, c, d, e = range(5)
    assert result.pairwise[a][b] == 20 and result.pairwise[b][a] == 25
    assert result.pairwise[d][c] == 28 and result.pairwise[e][d] == 31
    assert result.strongest_paths[e][a] == 25 and result.strongest_paths[a][e] == 24
    assert result.ties == []


def test_stv_food_election_worked_example() -> None:
    # The classic three-seat example: 20 voters, Droop quota 6; Chocolate's surplus halves.
    profile = profile_from_rankings(
        ["Oranges", "Pears", "Chocolate", "Strawberries", "Bonbons"],
        [
            ["Oranges"],
            ["Pears", "Oranges"],
            ["Chocolate", "Strawberries"],
            ["Chocolate", "Bonbons"],
            ["Strawberries"],
            ["Bonbons"],
        ],
        [4, 2, 8, 4, 1, 1],
    )
    result = count(profile, "stv", seats=3)
    assert result.quota == 6
    assert result.winners == ["Chocolate", "Oranges", "Strawberries"]
    surplus = result.rounds[1]
    assert (surplus.action, surplus.subject) == ("surplus", "Chocolate")
    assert surplus.votes["Strawberries"] == 5 and surplus.votes["Bonbons"] == 3


def test_stv_transfer_values_are_truncated_to_five_decimals() -> None:
    # Rule 48(3): A's surplus 1 of 6 gives each paper 0.16666 (not 0.166666…).
    profile = profile_from_rankings(
        ["A", "B", "C", "D"], [["A", "B"], ["A", "C"], ["B"], ["C", "D"], ["D"]], [4, 2, 3, 1, 2]
    )
    result = count(profile, "stv", seats=2)
    stage = result.rounds[1]
    assert stage.subject == "A"
    assert stage.votes == {"A": 5.00004, "B": 3.66664, "C": 1.33332, "D": 2.0}
    assert result.winners == ["A", "B"]


def test_irv_tie_for_exclusion_is_decided_by_the_earlier_round() -> None:
    profile = profile_from_rankings(
        ["A", "B", "C", "D"], [["A"], ["B"], ["C", "D"], ["D"]], [6, 3, 1, 2]
    )
    result = count(profile, "irv")
    # After C goes, B and D have 3 each; D had fewer in the first round, so D goes.
    assert result.rounds[1].votes["D"] == 3 == result.rounds[1].votes["B"]
    assert [t.chosen for t in result.ties] == ["D"]
    assert result.ties[0].decided_by == "earlier stage"
    assert result.winners == ["A"]


def test_a_tie_nothing_can_separate_goes_to_the_lot_order_fixed_before_the_vote() -> None:
    profile = profile_from_rankings(["A", "B"], [["A"], ["B"]], [5, 5])
    assert count(profile, "plurality", lot_order=["B", "A"]).winners == ["B"]
    result = count(profile, "plurality", lot_order=["A", "B"])
    assert result.winners == ["A"]
    assert result.ties[0].decided_by == "lot" and result.ties[0].between == ["A", "B"]


def test_for_against_needs_more_than_half_of_the_valid_ballots() -> None:
    profile = profile_from_rankings(
        ["A", "B", "C"], [["A", "B"], ["A"], ["C"], ["B"]], [3, 2, 4, 1]
    )
    result = count(profile, "for-against", seats=3)
    # 10 valid: A 5 for (exactly half: not elected), B 4, C 4.
    assert result.rounds[0].votes == {"A": 5.0, "B": 4.0, "C": 4.0}
    assert result.winners == []
    more = profile_from_rankings(["A", "B"], [["A", "B"], ["A"], ["B"]], [3, 3, 1])
    assert count(more, "for-against", seats=2).winners == ["A", "B"]


def test_two_round_goes_to_a_second_round_between_the_top_two() -> None:
    profile = profile_from_rankings(
        ["A", "B", "C"], [["A"], ["B", "C"], ["C", "B"], ["C"]], [4, 3, 2, 1]
    )
    result = count(profile, "two-round")
    # A 4 of 10 is no majority; B and C tie at 3 for second place, the lot order favours B.
    assert [r.action for r in result.rounds] == ["first round", "second round"]
    assert [(t.purpose, t.chosen) for t in result.ties] == [("second place", "B")]
    # B against A: the B>C and C>B ballots both rank B above A (A is unranked on them).
    assert result.rounds[1].votes == {"A": 4.0, "B": 5.0, "C": 0.0}
    assert result.winners == ["B"]


def test_blank_ballots_are_counted_but_not_valid() -> None:
    profile = profile_from_rankings(["A", "B"], [["A"], [], ["B"]], [3, 2, 1])
    result = count(profile, "stv", seats=1)
    assert (result.ballots, result.valid, result.blank) == (6, 4, 2)
    assert result.quota == 3


def test_bad_requests_are_refused_with_the_reason() -> None:
    profile = profile_from_rankings(["A", "B"], [["A"]], [1])
    with pytest.raises(CountError, match="unknown method"):
        count(profile, "borda")
    with pytest.raises(CountError, match="3 seats for 2 candidates"):
        count(profile, "stv", seats=3)
    with pytest.raises(CountError, match="lot order"):
        count(profile, "plurality", lot_order=["A"])
    with pytest.raises(CountError, match="irv fills one seat"):
        count(profile, "irv", seats=2)


# --- differential tests ----------------------------------------------------------------------


def random_profile(rng: random.Random) -> tuple[list[str], list[list[str]], list[int]]:
    """Small electorates, so that ties and near-ties are common; truncated ballots included."""
    n = rng.randint(2, 6)
    names = [chr(65 + i) for i in range(n)]
    rankings = [rng.sample(names, rng.randint(1, n)) for _ in range(rng.randint(1, 25))]
    return names, rankings, [rng.randint(1, 4) for _ in rankings]


def complete_profile(rng: random.Random) -> tuple[list[str], list[list[str]], list[int]]:
    n = rng.randint(2, 6)
    names = [chr(65 + i) for i in range(n)]
    rankings = [rng.sample(names, n) for _ in range(rng.randint(1, 25))]
    return names, rankings, [rng.randint(1, 4) for _ in rankings]


class LotNeeded(Exception):
    pass


class NoLot:
    """An rng for pref_voting that refuses to draw: a count it needs a lot for is skipped."""

    def choice(self, _seq: object) -> object:
        raise LotNeeded


def pref_voting_profile(names: list[str], rankings: list[list[str]], counts: list[int]) -> object:
    from pref_voting.profiles_with_ties import ProfileWithTies

    profile = ProfileWithTies(
        [{names.index(c): i + 1 for i, c in enumerate(r)} for r in rankings],
        rcounts=counts,
        candidates=list(range(len(names))),
    )
    profile.use_extended_strict_preference()  # ranked above unranked, as in our count
    return profile


def differential(
    trials: int,
    seed: int,
    make: Callable[[random.Random], tuple[list[str], list[list[str]], list[int]]],
    check: Callable[[list[str], list[list[str]], list[int], Profile, random.Random], str],
) -> dict[str, int]:
    """Run `check` on `trials` random profiles; it returns "agree" or "skipped" (a lot was
    needed, where the two sides' lots cannot be made the same) and asserts otherwise."""
    rng = random.Random(seed)
    outcomes: dict[str, int] = {}
    for _ in range(trials):
        names, rankings, counts = make(rng)
        profile = profile_from_rankings(names, rankings, counts)
        outcome = check(names, rankings, counts, profile, rng)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def test_stv_scottish_agrees_with_pref_voting() -> None:
    from pref_voting.proportional_methods import stv_scottish

    def check(names, rankings, counts, profile, rng):  # type: ignore[no-untyped-def]
        seats = rng.randint(1, len(names))
        ours = count(profile, "stv", seats=seats)
        try:
            theirs = stv_scottish(
                pref_voting_profile(names, rankings, counts), num_seats=seats, rng=NoLot()
            )
        except LotNeeded:
            return "skipped"
        if any(t.decided_by == "lot" for t in ours.ties):
            return "skipped"
        assert sorted(ours.winners) == sorted(names[c] for c in theirs), (rankings, counts, seats)
        return "agree"

    outcomes = differential(2000, 2007, random_profile, check)
    assert outcomes["agree"] >= 1500, outcomes


def test_stv_meek_agrees_with_pref_voting() -> None:
    from pref_voting.proportional_methods import stv_meek

    def check(names, rankings, counts, profile, rng):  # type: ignore[no-untyped-def]
        seats = rng.randint(1, len(names))
        ours = count(profile, "stv", seats=seats, variant="meek")
        if ours.ties:  # pref_voting breaks Meek ties by candidate order, not by earlier stages
            return "skipped"
        theirs = stv_meek(pref_voting_profile(names, rankings, counts), num_seats=seats)
        assert sorted(ours.winners) == sorted(names[c] for c in theirs), (rankings, counts, seats)
        return "agree"

    outcomes = differential(1000, 1987, random_profile, check)
    assert outcomes["agree"] >= 800, outcomes


def test_single_winner_methods_pick_a_winner_pref_voting_allows() -> None:
    # pref_voting's "parallel universe" variants return every winner some tie-break could give;
    # ours must be one of them, and the only one when there is only one.
    from pref_voting.iterative_methods import instant_runoff_put, plurality_with_runoff_put
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.scoring_methods import plurality

    def check(names, rankings, counts, profile, rng):  # type: ignore[no-untyped-def]
        theirs = pref_voting_profile(names, rankings, counts)
        allowed = {
            "irv": instant_runoff_put(theirs),
            "two-round": plurality_with_runoff_put(theirs),
            "plurality": plurality(theirs),
            "schulze": beat_path(theirs, strength_function=theirs.support),  # winning votes
        }
        for method, winners in allowed.items():
            ours = count(profile, method).winners[0]
            assert ours in {names[c] for c in winners}, (method, rankings, counts)
        return "agree"

    assert differential(2000, 1923, random_profile, check) == {"agree": 2000}


def test_schulze_pairwise_matrix_equals_pref_voting_support() -> None:
    def check(names, rankings, counts, profile, rng):  # type: ignore[no-untyped-def]
        theirs = pref_voting_profile(names, rankings, counts)
        ours = count(profile, "schulze").pairwise
        assert ours is not None
        n = len(names)
        assert ours == [[0 if i == j else theirs.support(i, j) for j in range(n)] for i in range(n)]
        return "agree"

    assert differential(500, 45, random_profile, check) == {"agree": 500}


def test_agrees_with_votekit() -> None:
    import votekit
    from votekit.elections import IRV, Plurality, Schulze

    def check(names, rankings, counts, profile, rng):  # type: ignore[no-untyped-def]
        theirs = votekit.RankProfile(
            ballots=[
                votekit.RankBallot(ranking=[{c} for c in r], weight=w)
                for r, w in zip(rankings, counts, strict=True)
            ],
            candidates=names,
        )
        seats = rng.randint(1, len(names))
        skipped = False
        for method, election, our_seats in (
            ("irv", lambda: IRV(theirs), 1),
            ("plurality", lambda: Plurality(theirs, n_seats=seats), seats),
            ("schulze", lambda: Schulze(theirs), 1),
        ):
            ours = count(profile, method, seats=our_seats)
            if ours.ties:
                skipped = True  # votekit breaks ties by its own rules (or at random)
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                elected = election().get_elected()
            assert sorted(ours.winners) == sorted(c for group in elected for c in group), method
        return "skipped" if skipped else "agree"

    # votekit counts a truncated ballot as saying nothing about the unranked, so Schulze is
    # compared on complete rankings, where the two conventions coincide.
    outcomes = differential(600, 1986, complete_profile, check)
    assert outcomes["agree"] >= 400, outcomes
