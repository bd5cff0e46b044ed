"""Ballot files: BLT and CSV read into profiles; every malformed file refused with its line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from orgburo.engine.ballots import BallotFileError, read_blt, read_csv

pytestmark = pytest.mark.pure

BLT = """4 2
-4
4 1 2 0
2 1 3 0
3 2 0
1 3 4 0
2 4 0
1 0
0
"Ivanov"
"Petrov"
"Sidorov"
"Kuznetsova"
"Bureau of the Putilov works unit"
"""


def test_blt_is_read_with_weights_withdrawals_blanks_and_title() -> None:
    profile = read_blt(BLT)
    assert profile.candidates == ("Ivanov", "Petrov", "Sidorov", "Kuznetsova")
    assert (profile.seats, profile.title, profile.withdrawn) == (
        2,
        "Bureau of the Putilov works unit",
        ("Kuznetsova",),
    )
    # Kuznetsova withdrew: "3 4" becomes "3", "4" alone becomes blank, like the "1 0" line.
    rows = {
        tuple(int(c) for c in r if c >= 0): int(n)
        for r, n in zip(profile.rankings, profile.counts, strict=True)
    }
    assert rows == {(0, 1): 4, (0, 2): 2, (1,): 3, (2,): 1}
    assert (profile.valid, profile.blank) == (10, 3)


def test_identical_ballots_are_merged() -> None:
    text = "2 1\n" + "1 1 2 0\n" * 1000 + "1 2 0\n" * 10 + '0\n"A"\n"B"\n'
    profile = read_blt(text)
    assert len(profile.counts) == 2 and sorted(profile.counts.tolist()) == [10, 1000]
    assert profile.rankings.dtype == np.int16


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("x y\n0\n", 1, "two numbers"),
        ("3 4\n0\n", 1, "4 seats for 3 candidates"),
        ("2 1\n-3\n0\n", 2, "withdrawn candidate 3"),
        ('2 1\n1 1 2 0\n1 3 0\n0\n"A"\n"B"\n', 3, "candidate 3 does not exist"),
        ('2 1\n1 1 2 0\n1 2 2 0\n0\n"A"\n"B"\n', 3, "candidate 2 is ranked twice"),
        ('2 1\n1 1 2 0\n1 1=2 0\n0\n"A"\n"B"\n', 3, "equal rankings"),
        ('2 1\n1 1 2 0\n1 1 x 0\n0\n"A"\n"B"\n', 3, "unexpected 'x'"),
        ('2 1\n1 1 2 0\n1 1 2\n0\n"A"\n"B"\n', 3, "closing 0"),
        ('2 1\n1 1 2 0\n0 1 0\n0\n"A"\n"B"\n', 3, "weight of at least 1"),
        ('2 1\n1 1 2 0\n"A"\n"B"\n', None, "no line '0'"),
        ('2 1\n1 1 2 0\n0\n"A"\n', None, "declares 2 candidates but 1"),
        ('2 1\n1 1 2 0\n0\n"A"\nB\n', 5, "expected a quoted name"),
        ('2 1\n1 1 2 0\n0\n"A"\n"A"\n', 5, "appears twice"),
        ('2 1\n1 1 2 0\n0\n"A"\n"B"\n"T"\n"extra"\n', 7, "more names"),
    ],
)
def test_bad_blt_files_are_refused_with_line_and_reason(
    text: str, line: int | None, reason: str
) -> None:
    with pytest.raises(BallotFileError, match=reason) as caught:
        read_blt(text, "vote.blt")
    assert caught.value.line == line
    assert str(caught.value).startswith("vote.blt")


def test_csv_with_and_without_a_count_column() -> None:
    plain = read_csv("Ivanov,Petrov\nPetrov\nIvanov,Petrov\n")
    assert plain.candidates == ("Ivanov", "Petrov")
    assert sorted(plain.counts.tolist()) == [1, 2]
    counted = read_csv("count,first,second\n3,Ivanov,Petrov\n2,Petrov,\n0,Ivanov\n")
    assert counted.valid == 5
    declared = read_csv("Petrov\n", candidates=["Ivanov", "Petrov", "Sidorov"])
    assert declared.candidates == ("Ivanov", "Petrov", "Sidorov")


@pytest.mark.parametrize(
    ("text", "candidates", "line", "reason"),
    [
        ("", None, None, "empty"),
        ("count,1\nthree,A\n", None, 2, "'three' is not a whole number"),
        ("count,1\n-2,A\n", None, 2, "negative"),
        ("A,B,A\n", None, 1, "'A' is ranked twice"),
        ("A,,B\n", None, 1, "skipped rank"),
        ("A,B\nC\n", ["A", "B"], 2, "unknown candidate 'C'"),
    ],
)
def test_bad_csv_files_are_refused_with_line_and_reason(
    text: str, candidates: list[str] | None, line: int | None, reason: str
) -> None:
    with pytest.raises(BallotFileError, match=reason) as caught:
        read_csv(text, "vote.csv", candidates)
    assert caught.value.line == line


def run_tally(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "orgburo", "tally", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_tally_command_prints_json_with_rounds(tmp_path: Path) -> None:
    path = tmp_path / "bureau.blt"
    path.write_text(BLT, encoding="utf-8")
    done = run_tally("--method", "stv", "--json", str(path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["method"] == "stv" and result["seats"] == 2
    assert result["winners"] == ["Ivanov", "Petrov"]
    assert [r["action"] for r in result["rounds"]][:2] == ["first preferences", "surplus"]
    assert (result["ballots"], result["valid"], result["blank"]) == (13, 10, 3)
    text = run_tally("--method", "schulze", str(path))
    assert text.returncode == 0 and "elected: Ivanov" in text.stdout


def test_tally_command_refuses_a_bad_file_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B\nB,B\n", encoding="utf-8")
    done = run_tally("--method", "irv", str(path))
    assert done.returncode == 2
    assert "bad.csv, line 2: 'B' is ranked twice" in done.stderr
    assert done.stdout == ""


def reference_blt_ballots(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """The ballot lines of a well-formed BLT file, read the plain way: (weight, preferences)."""
    lines = text.split("\n")
    ballots = []
    for line in lines[1:]:
        numbers = [int(token) for token in line.split()]
        if numbers == [0]:
            break
        if numbers:
            ballots.append((numbers[0], tuple(c - 1 for c in numbers[1:-1])))
    return ballots


def merged(ballots: list[tuple[int, tuple[int, ...]]]) -> dict[tuple[int, ...], int]:
    totals: dict[tuple[int, ...], int] = {}
    for weight, ranking in ballots:
        if ranking:
            totals[ranking] = totals.get(ranking, 0) + weight
    return totals


def rows_of(profile: object) -> dict[tuple[int, ...], int]:
    return {
        tuple(int(c) for c in r if c >= 0): int(n)
        for r, n in zip(profile.rankings, profile.counts, strict=True)  # type: ignore[attr-defined]
    }


@pytest.mark.parametrize("seed", range(8))
def test_blt_reader_agrees_with_a_plain_reading_across_chunks_and_layouts(seed: int) -> None:
    """Files of several chunks, with weights of many digits, CRLF line ends, tabs, doubled
    spaces, empty lines and ballots of every length, read as the plain reading reads them."""
    rng = np.random.default_rng(seed)
    n = int(rng.choice([3, 12, 31, 40, 70]))
    lines = []
    for _ in range(int(rng.integers(1, 4000))):
        depth = int(rng.integers(0, n + 1)) if seed % 2 else n
        weight = int(rng.choice([1, 1, 1, 7, 42, 12345, 10**17]))
        ranking = (rng.permutation(n)[:depth] + 1).tolist()
        gap = str(rng.choice([" ", " ", "  ", "\t"])) if seed % 3 == 0 else " "
        lines.append(gap.join(map(str, [weight, *ranking, 0])))
        if seed % 4 == 1 and rng.random() < 0.05:
            lines.append("")
    end = "\r\n" if seed % 5 == 2 else "\n"
    names = "".join(f'"C{c}"{end}' for c in range(n))
    text = f"{n} 1{end}" + end.join(lines) + f"{end}0{end}" + names
    from orgburo.engine import ballots

    small = ballots._BltBallots.CHUNK
    ballots._BltBallots.CHUNK = 1 << 12  # many chunks, lines cut at every place
    try:
        profile = read_blt(text)
    finally:
        ballots._BltBallots.CHUNK = small
    expected = reference_blt_ballots(text.replace("\r", ""))
    assert rows_of(profile) == merged(expected)
    assert profile.blank == sum(w for w, r in expected if not r)
    assert profile.candidates == tuple(f"C{c}" for c in range(n))


@pytest.mark.parametrize("n", [5, 31, 40, 70])
def test_a_repeat_or_an_unknown_candidate_deep_in_a_big_file_names_its_line(n: int) -> None:
    from orgburo.engine import ballots

    good = "1 " + " ".join(str(c) for c in range(1, n + 1)) + " 0\n"
    small = ballots._BltBallots.CHUNK
    ballots._BltBallots.CHUNK = 1 << 12
    try:
        for bad, reason in [
            (f"1 {n} 1 {n} 0\n", f"candidate {n} is ranked twice"),
            (f"1 1 {n + 1} 0\n", f"candidate {n + 1} does not exist"),
            ("1 1 x 0\n", "unexpected 'x'"),
            ("1 1 2\n", "closing 0"),
            ("3 1 0 2 0\n", "closing 0"),
        ]:
            text = f"{n} 1\n" + good * 700 + bad + good * 50 + "0\n"
            text += "".join(f'"C{c}"\n' for c in range(n))
            with pytest.raises(BallotFileError, match=reason) as caught:
                read_blt(text.encode(), "big.blt")
            assert caught.value.line == 702
    finally:
        ballots._BltBallots.CHUNK = small


def test_blt_bytes_with_a_byte_order_mark_and_non_ascii_names() -> None:
    text = '2 1\n3 1 2 0\n1 2 0\n0\n"Иванов"\n"Петрова"\n"Выборы бюро"\n'
    profile = read_blt(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert profile.candidates == ("Иванов", "Петрова") and profile.title == "Выборы бюро"
    assert rows_of(profile) == {(0, 1): 3, (1,): 1}
    with pytest.raises(BallotFileError, match="not UTF-8") as caught:
        read_blt(text.encode("cp1251"))
    assert caught.value.line == 5
