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
