"""The count at scale: a million ranked ballots over 20 candidates, STV (3 seats) and Schulze.

orgburo's time includes reading the BLT file (`read_blt` + `count`), each in a fresh
process so nothing is cached between them. pref_voting and votekit are handed the distinct
rankings and their counts as Python lists (already read and merged: the most favourable form
for them); their time is building their own profile object from those lists (their
"reading", which is also where pref_voting precomputes its pairwise supports) plus the
count. Their winners are compared with ours.

The profile is drawn from a Plackett-Luce model (candidates of very unequal popularity, as in
a real election) with truncated rankings: each voter ranks 1 + Geometric(0.3) candidates,
at most all 20.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import warnings
from typing import Any

import numpy as np

from bench.common import PYTHON, fmt, markdown_table, scratch_dir

CANDIDATES = 20
SEATS = 3

# Run in a child process: read the file and count, timing both, printing JSON.
_OURS = """
import json, sys, time
started = time.perf_counter()
from orgburo.engine.ballots import read_blt
from orgburo.engine.tally import count
with open(sys.argv[1], encoding="utf-8") as f:
    profile = read_blt(f.read(), sys.argv[1])
read = time.perf_counter()
result = count(profile, sys.argv[2], seats=int(sys.argv[3]))
done = time.perf_counter()
print(json.dumps({"read_s": read - started, "count_s": done - read, "total_s": done - started,
                  "winners": result.winners, "rows": len(profile.counts), "valid": profile.valid}))
"""


def write_profile(path: str, ballots: int, seed: int = 2007) -> None:
    """A BLT file of `ballots` single ballots (weight 1 each, as a count would export them)."""
    rng = np.random.default_rng(seed)
    strength = np.log(rng.pareto(1.2, CANDIDATES) + 0.05)
    lengths = np.minimum(1 + rng.geometric(0.3, ballots) - 1, CANDIDATES)
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"{CANDIDATES} {SEATS}\n")
        chunk = 100_000
        for first in range(0, ballots, chunk):
            n = min(chunk, ballots - first)
            noise = rng.gumbel(size=(n, CANDIDATES))
            order = np.argsort(-(strength + noise), axis=1) + 1  # Plackett-Luce via Gumbel
            lines = []
            for row, length in zip(order, lengths[first : first + n], strict=True):
                lines.append("1 " + " ".join(map(str, row[:length].tolist())) + " 0\n")
            out.write("".join(lines))
        out.write("0\n")
        for c in range(CANDIDATES):
            out.write(f'"Candidate {c + 1:02d}"\n')
        out.write('"Benchmark: a million ballots"\n')


def ours(path: str, method: str) -> dict[str, Any]:
    done = subprocess.run(
        [PYTHON, "-c", _OURS, path, method, str(SEATS if method == "stv" else 1)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


def theirs(path: str) -> dict[str, dict[str, Any]]:
    """pref_voting's Scottish STV and Schulze (beat path, winning votes), votekit's STV and
    Schulze, on the profile's distinct rankings."""
    from orgburo.engine.ballots import read_blt

    with open(path, encoding="utf-8") as f:
        profile = read_blt(f.read(), path)
    names = list(profile.candidates)
    rankings = [[int(c) for c in row if c >= 0] for row in profile.rankings]
    counts = profile.counts.tolist()
    figures: dict[str, dict[str, Any]] = {}

    from pref_voting.margin_based_methods import beat_path
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    def pref_voting_profile() -> ProfileWithTies:
        built = ProfileWithTies(
            [{c: i + 1 for i, c in enumerate(r)} for r in rankings],
            rcounts=counts,
            candidates=list(range(len(names))),
        )
        built.use_extended_strict_preference()
        return built

    started = time.perf_counter()
    winners = stv_scottish(pref_voting_profile(), num_seats=SEATS)
    figures["pref_voting stv"] = {
        "count_s": time.perf_counter() - started,
        "winners": sorted(names[c] for c in winners),
    }
    started = time.perf_counter()
    pv = pref_voting_profile()
    winners = beat_path(pv, strength_function=pv.support)
    figures["pref_voting schulze"] = {
        "count_s": time.perf_counter() - started,
        "winners": sorted(names[c] for c in winners),
    }

    import votekit
    from votekit.elections import STV, Schulze

    def votekit_profile() -> votekit.RankProfile:
        return votekit.RankProfile(
            ballots=[
                votekit.RankBallot(ranking=[{names[c]} for c in r], weight=w)
                for r, w in zip(rankings, counts, strict=True)
            ],
            candidates=names,
        )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        elected = STV(votekit_profile(), n_seats=SEATS).get_elected()
        figures["votekit stv"] = {
            "count_s": time.perf_counter() - started,
            "winners": sorted(c for group in elected for c in group),
        }
        started = time.perf_counter()
        elected = Schulze(votekit_profile()).get_elected()
        figures["votekit schulze"] = {
            "count_s": time.perf_counter() - started,
            "winners": sorted(c for group in elected for c in group),
        }
    return figures


def run(ballots: int = 1_000_000) -> dict[str, Any]:
    directory = scratch_dir("tally")
    try:
        path = os.path.join(directory, "million.blt")
        write_profile(path, ballots)
        result: dict[str, Any] = {"ballots": ballots, "candidates": CANDIDATES, "seats": SEATS}
        result["file_mib"] = os.path.getsize(path) / 2**20
        result["ours"] = {method: ours(path, method) for method in ("stv", "schulze")}
        result["theirs"] = theirs(path)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return result


def markdown(result: dict[str, Any]) -> str:
    rows = []
    for method in ("stv", "schulze"):
        mine = result["ours"][method]
        fastest = min(
            figures["count_s"]
            for name, figures in result["theirs"].items()
            if name.endswith(method)
        )
        rows.append(
            [
                f"orgburo {method}",
                fmt(mine["read_s"], 2),
                fmt(mine["count_s"], 2),
                fmt(mine["total_s"], 2),
                ", ".join(sorted(mine["winners"])),
                "≤ 2 s: " + ("met" if mine["total_s"] <= 2 else "**not met**"),
                f"{fastest / mine['total_s']:.1f}x faster than the fastest other",
            ]
        )
        for name, figures in result["theirs"].items():
            if not name.endswith(method):
                continue
            same = sorted(figures["winners"]) == sorted(mine["winners"])
            rows.append(
                [
                    name,
                    "—",
                    fmt(figures["count_s"], 2),
                    "—",
                    ", ".join(figures["winners"]) + ("" if same else " (**differs**)"),
                    "—",
                    f"{figures['count_s'] / mine['total_s']:.1f}x orgburo's total",
                ]
            )
    first = result["ours"]["stv"]
    return (
        f"**tally** — {result['ballots']:,} ranked ballots over {result['candidates']} "
        f"candidates in a BLT file ({result['file_mib']:.0f} MiB, {first['rows']:,} distinct "
        f"rankings), STV for {result['seats']} seats (Scottish rules) and Schulze. orgburo: read "
        "the file and count, in a fresh process; the others: build their profile object from "
        "the distinct rankings (handed over as Python lists, outside the clock) and count. "
        "Times in seconds.\n\n"
        + markdown_table(
            ["count", "read", "count", "total", "winners", "target", "ratio"],
            rows,
        )
    )
