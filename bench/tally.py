"""The count at scale: a million ranked ballots over 20 candidates, STV (3 seats), IRV and
Schulze, on two profiles.

- truncated: each voter ranks 1 + Geometric(0.3) candidates (about 255,000 distinct rankings);
- full: every voter ranks all 20 (about a million distinct rankings, 55 MB as BLT), also
  written as CSV.

Both are drawn from a Plackett-Luce model (candidates of very unequal popularity, as in a real
election). orgburo's time includes starting Python, importing and reading the file
(`read_blt` or `read_csv`, then `count`), each in a fresh process so nothing is cached between
them; its peak memory is that process's. pref_voting and votekit are handed the distinct
rankings and their counts as Python lists (already read and merged: the most favourable form
for them, and for full rankings pref_voting's NumPy `Profile` of linear orders); their time
is building their own profile object from those lists plus the count. Their winners are
compared with ours.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from bench.common import PYTHON, fmt, markdown_table, scratch_dir

CANDIDATES = 20
SEATS = 3

# Run in a child process: start, read the file and count, timing both, printing JSON.
_OURS = """
import json, sys, time
started = time.perf_counter()
def peak_mib():  # this process's own peak (ru_maxrss would count the parent's, from the fork)
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
from orgburo.engine.ballots import read_blt, read_csv
from orgburo.engine.tally import count
path = sys.argv[1]
with open(path, "rb") as f:
    data = f.read()
profile = read_csv(data.decode("utf-8"), path) if path.endswith(".csv") else read_blt(data, path)
read = time.perf_counter()
result = count(profile, sys.argv[2], seats=int(sys.argv[3]))
done = time.perf_counter()
print(json.dumps({"read_s": read - started, "count_s": done - read, "total_s": done - started,
                  "winners": result.winners, "rows": len(profile.counts), "valid": profile.valid,
                  "rss_mib": peak_mib()}))
"""
METHODS = ("stv", "irv", "schulze")


def rankings(ballots: int, full: bool, seed: int = 2007) -> Iterator[npt.NDArray[np.int64]]:
    """The ballots' rankings (candidate numbers from 1), 100,000 at a time."""
    rng = np.random.default_rng(seed)
    strength = np.log(rng.pareto(1.2, CANDIDATES) + 0.05)
    lengths = np.minimum(1 + rng.geometric(0.3, ballots) - 1, CANDIDATES)
    chunk = 100_000
    for first in range(0, ballots, chunk):
        n = min(chunk, ballots - first)
        noise = rng.gumbel(size=(n, CANDIDATES))
        order = np.argsort(-(strength + noise), axis=1) + 1  # Plackett-Luce via Gumbel
        if full:
            yield order
        else:
            yield from (
                row[:length] for row, length in zip(order, lengths[first : first + n], strict=True)
            )


def write_profile(path: str, ballots: int, full: bool = False) -> None:
    """A BLT file of `ballots` single ballots (weight 1 each, as a count would export them)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"{CANDIDATES} {SEATS}\n")
        for block in _blocks(rankings(ballots, full), full):
            out.write("".join("1 " + " ".join(map(str, row)) + " 0\n" for row in block))
        out.write("0\n")
        for c in range(CANDIDATES):
            out.write(f'"Candidate {c + 1:02d}"\n')
        out.write('"Benchmark: a million ballots"\n')


def write_csv(path: str, ballots: int) -> None:
    """The full profile as CSV: a row of names per ballot."""
    names = [f"Candidate {c + 1:02d}" for c in range(CANDIDATES + 1)]
    with open(path, "w", encoding="utf-8") as out:
        for block in _blocks(rankings(ballots, True), True):
            out.write("".join(",".join(names[c - 1] for c in row) + "\n" for row in block))


def _blocks(rows: Iterator[Any], full: bool) -> Iterator[list[list[int]]]:
    if full:
        yield from (block.tolist() for block in rows)
        return
    block: list[list[int]] = []
    for row in rows:
        block.append(row.tolist())
        if len(block) == 100_000:
            yield block
            block = []
    if block:
        yield block


def ours(path: str, method: str) -> dict[str, Any]:
    done = subprocess.run(
        [PYTHON, "-c", _OURS, path, method, str(SEATS if method == "stv" else 1)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


def theirs(path: str, full: bool, others: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """pref_voting's Scottish STV, instant runoff and Schulze (beat path, winning votes),
    votekit's STV, IRV and Schulze, on the profile's distinct rankings."""
    from orgburo.engine.ballots import read_blt

    with open(path, "rb") as f:
        profile = read_blt(f.read(), path)
    names = list(profile.candidates)
    ranked = [[int(c) for c in row if c >= 0] for row in profile.rankings]
    counts = profile.counts.tolist()

    import votekit
    from pref_voting.iterative_methods import (
        instant_runoff,
        instant_runoff_for_truncated_linear_orders,
    )
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.profiles import Profile as LinearProfile
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish
    from votekit.elections import IRV, STV, Schulze

    def pref_voting_profile() -> Any:
        if full:  # linear orders: pref_voting's NumPy profile, its fastest
            return LinearProfile(ranked, rcounts=counts)
        built = ProfileWithTies(
            [{c: i + 1 for i, c in enumerate(r)} for r in ranked],
            rcounts=counts,
            candidates=list(range(len(names))),
        )
        built.use_extended_strict_preference()
        return built

    def votekit_profile() -> Any:
        return votekit.RankProfile(
            ballots=[
                votekit.RankBallot(ranking=[{names[c]} for c in r], weight=w)
                for r, w in zip(ranked, counts, strict=True)
            ],
            candidates=names,
        )

    def pv_irv(pv: Any) -> list[int]:
        return list(instant_runoff(pv) if full else instant_runoff_for_truncated_linear_orders(pv))

    counts_by_name = {
        "pref_voting stv": lambda: stv_scottish(pref_voting_profile(), num_seats=SEATS),
        "pref_voting irv": lambda: pv_irv(pref_voting_profile()),
        "pref_voting schulze": lambda: (lambda pv: beat_path(pv, strength_function=pv.support))(
            pref_voting_profile()
        ),
        "votekit stv": lambda: STV(votekit_profile(), n_seats=SEATS).get_elected(),
        "votekit irv": lambda: IRV(votekit_profile()).get_elected(),
        "votekit schulze": lambda: Schulze(votekit_profile()).get_elected(),
    }
    figures: dict[str, dict[str, Any]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, counted in counts_by_name.items():
            if name.split()[0] not in others:
                continue
            started = time.perf_counter()
            winners = counted()
            seconds = time.perf_counter() - started
            if name.startswith("votekit"):
                chosen = sorted(c for group in winners for c in group)
            else:
                chosen = sorted(names[c] for c in winners)
            figures[name] = {"count_s": seconds, "winners": chosen}
    return figures


def run(
    ballots: int = 1_000_000, others: tuple[str, ...] = ("pref_voting", "votekit")
) -> dict[str, Any]:
    """`others`: the libraries to count the same profiles with (votekit takes tens of minutes
    on a million distinct rankings)."""
    directory = scratch_dir("tally")
    result: dict[str, Any] = {"ballots": ballots, "candidates": CANDIDATES, "seats": SEATS}
    try:
        for shape, full in (("truncated", False), ("full", True)):
            path = os.path.join(directory, f"{shape}.blt")
            write_profile(path, ballots, full)
            figures: dict[str, Any] = {"file_mib": os.path.getsize(path) / 2**20}
            figures["ours"] = {method: ours(path, method) for method in METHODS}
            if full:
                csv_path = os.path.join(directory, f"{shape}.csv")
                write_csv(csv_path, ballots)
                figures["csv_mib"] = os.path.getsize(csv_path) / 2**20
                figures["ours_csv"] = {method: ours(csv_path, method) for method in METHODS}
            figures["theirs"] = theirs(path, full, others)
            result[shape] = figures
            os.remove(path)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return result


def markdown(result: dict[str, Any]) -> str:
    return "\n\n".join(_shape_markdown(result, shape) for shape in ("truncated", "full"))


def _shape_markdown(result: dict[str, Any], shape: str) -> str:
    figures = result[shape]
    rows = []
    for method in METHODS:
        fastest = min(
            (t["count_s"] for name, t in figures["theirs"].items() if name.endswith(method)),
            default=None,
        )
        for kind in ("ours", "ours_csv"):
            if kind not in figures:
                continue
            mine = figures[kind][method]
            rows.append(
                [
                    f"orgburo {method}" + (" (CSV)" if kind == "ours_csv" else " (BLT)"),
                    fmt(mine["read_s"], 2),
                    fmt(mine["count_s"], 2),
                    fmt(mine["total_s"], 2),
                    f"{mine['rss_mib']:.0f}",
                    ", ".join(sorted(mine["winners"])),
                    "≤ 2 s: " + ("met" if mine["total_s"] <= 2 else "**not met**"),
                    "—"
                    if fastest is None
                    else f"{fastest / mine['total_s']:.1f}x faster than the fastest other",
                ]
            )
        mine = figures["ours"][method]
        for name, theirs in figures["theirs"].items():
            if not name.endswith(method):
                continue
            same = sorted(theirs["winners"]) == sorted(mine["winners"])
            rows.append(
                [
                    name,
                    "—",
                    fmt(theirs["count_s"], 2),
                    "—",
                    "—",
                    ", ".join(theirs["winners"]) + ("" if same else " (**differs**)"),
                    "—",
                    f"{theirs['count_s'] / mine['total_s']:.1f}x orgburo's total",
                ]
            )
    first = figures["ours"]["stv"]
    files = f"a BLT file ({figures['file_mib']:.0f} MiB"
    if "csv_mib" in figures:
        files += f"; and as CSV, {figures['csv_mib']:.0f} MiB"
    return (
        f"**tally, {shape} rankings** — {result['ballots']:,} ranked ballots over "
        f"{result['candidates']} candidates in {files}; {first['rows']:,} distinct rankings), "
        f"STV for {result['seats']} seats (Scottish rules), IRV and Schulze. orgburo: start, "
        "read the file and count, in a fresh process (peak memory of that process); the "
        "others: build their profile object from the distinct rankings (handed over as Python "
        "lists, outside the clock) and count. Times in seconds.\n\n"
        + markdown_table(
            ["count", "read", "count", "total", "MiB", "winners", "target", "ratio"],
            rows,
        )
    )
