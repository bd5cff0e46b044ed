"""Ballots as arrays, and the two files they come in: BLT and CSV.

Pure computation (no Django). A `Profile` holds the distinct rankings of an election as
rows of candidate indices (-1 pads a short, "truncated" ranking) with how many ballots
carried each; every count in `orgburo.engine.tally` works on it, so a million ballots
that share a few thousand rankings cost a few thousand rows.

BLT is the format of OpenSTV and of Scottish local elections:

    4 2                 candidates, seats
    -4                  optional: withdrawn candidates, negative
    3 1 3 0             a weight, then candidate numbers in order of preference, then 0
    2 2 0
    0                   end of ballots
    "Ivanov"            one name a line, in candidate-number order
    ...
    "Title of the election"

CSV has one ballot a row: candidate names in order of preference. If the first row's
first cell is `count`, that row is a header and every later row starts with how many
ballots it stands for.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = ["BallotFileError", "Profile", "profile_from_rankings", "read_blt", "read_csv"]

Ints = npt.NDArray[np.int64]


class BallotFileError(ValueError):
    """A ballot file that cannot be counted; says where (file, line) and why."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        self.source, self.line, self.reason = source, line, reason
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Profile:
    """The distinct rankings of an election and how many ballots carried each."""

    candidates: tuple[str, ...]
    rankings: npt.NDArray[np.int16]  # (rows, depth): candidate indices, -1 after the last
    counts: Ints  # (rows,): ballots per ranking, all > 0
    blank: int = 0  # ballots that ranked nobody: cast, not valid
    seats: int | None = None  # as the file declares it (BLT)
    title: str = ""
    withdrawn: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> int:
        return int(self.counts.sum())

    @property
    def depth(self) -> int:
        return int(self.rankings.shape[1])


def _aggregate(
    candidates: Sequence[str],
    matrix: npt.NDArray[np.int16],
    weights: Ints,
    **extra: object,
) -> Profile:
    """Merge identical rankings; blank ones are counted apart."""
    lengths = (matrix >= 0).sum(axis=1)
    blank = int(weights[lengths == 0].sum())
    keep = (lengths > 0) & (weights > 0)
    matrix, weights = matrix[keep], weights[keep]
    if len(matrix):
        depth = int(lengths.max())
        matrix = np.ascontiguousarray(matrix[:, :depth])
        unique, inverse = _distinct_rows(matrix)
        counts = np.bincount(inverse, weights=weights, minlength=len(unique))
        matrix, weights = unique, counts.astype(np.int64)
    else:
        matrix = np.full((0, 1), -1, dtype=np.int16)
        weights = np.zeros(0, dtype=np.int64)
    return Profile(
        candidates=tuple(candidates),
        rankings=matrix,
        counts=weights,
        blank=blank,
        **extra,  # type: ignore[arg-type]
    )


# Random odd multipliers for hashing a ranking into 64 bits (fixed, so counts are repeatable).
_HASH = np.random.default_rng(1923).integers(1, 2**63, size=64, dtype=np.uint64) | np.uint64(1)


def _distinct_rows(matrix: npt.NDArray[np.int16]) -> tuple[npt.NDArray[np.int16], Ints]:
    """The distinct rows and, for each row, the index of its distinct row.

    `np.unique(axis=0)` sorts rows as byte strings, ~4 s for a million; instead each row is
    hashed to 64 bits and the hashes sorted, and every row is then checked against its
    group's first row, so a collision cannot merge different rankings (it falls back to the
    exact sort).
    """
    keys = np.zeros(len(matrix), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(matrix.shape[1]):  # column by column: no (rows x depth) temporaries
            keys += (matrix[:, j].astype(np.uint64) + np.uint64(2)) * _HASH[j % len(_HASH)]
    _keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    unique = matrix[first]
    if not np.array_equal(unique[inverse], matrix):
        exact, exact_inverse = np.unique(matrix, axis=0, return_inverse=True)
        return exact, exact_inverse.ravel().astype(np.int64)
    return unique, inverse.ravel().astype(np.int64)


def profile_from_rankings(
    candidates: Sequence[str],
    rankings: Iterable[Sequence[str]],
    counts: Iterable[int] | None = None,
    source: str = "ballots",
) -> Profile:
    """A profile from rankings of names (the web form, the tests); repeats and unknowns refused."""
    index = {name: i for i, name in enumerate(candidates)}
    if len(index) != len(candidates):
        raise BallotFileError(source, None, "a candidate is listed twice")
    rows = list(rankings)
    weights = list(counts) if counts is not None else [1] * len(rows)
    if len(weights) != len(rows):
        raise BallotFileError(source, None, "rankings and counts differ in number")
    depth = max((len(r) for r in rows), default=1) or 1
    matrix = np.full((len(rows), depth), -1, dtype=np.int16)
    for number, (ranking, weight) in enumerate(zip(rows, weights, strict=True), start=1):
        if weight < 0:
            raise BallotFileError(source, number, f"count {weight} is negative")
        seen = set()
        for position, name in enumerate(ranking):
            if name not in index:
                raise BallotFileError(source, number, f"unknown candidate {name!r}")
            if name in seen:
                raise BallotFileError(source, number, f"{name!r} is ranked twice")
            seen.add(name)
            matrix[number - 1, position] = index[name]
    return _aggregate(candidates, matrix, np.asarray(weights, dtype=np.int64))


# --- BLT ---------------------------------------------------------------------------------

_END_OF_BALLOTS = re.compile(r"(?m)^[ \t]*0[ \t]*\r?$")
_NOT_BALLOT_TEXT = re.compile(r"[^0-9 \t\r\n]")


_BALLOT_BYTES = np.zeros(256, dtype=bool)
_BALLOT_BYTES[list(b"0123456789 \t\r\n")] = True


def _end_of_ballots(text: str, position: int) -> tuple[int, int] | None:
    """Start and end of the line "0" that closes the ballots (no ballot line is just "0")."""
    for marker in ("\n0\n", "\n0\r\n"):
        found = text.find(marker, position - 1)
        if found >= 0:
            return found + 1, found + 1 + len(marker) - 2
    match = _END_OF_BALLOTS.search(text, position)  # with spaces around the 0
    return (match.start(), match.end()) if match else None


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def read_blt(text: str, source: str = "ballots.blt") -> Profile:
    """Parse a BLT file; every problem is a `BallotFileError` naming the line."""
    # Comments (`#` to the end of the line) are allowed by some writers; names never hold `#`
    # outside quotes, so strip only outside the names section, below.
    header_match = re.match(r"\s*(-?\d+)[ \t]+(-?\d+)[ \t]*\r?\n", text)
    if header_match is None:
        raise BallotFileError(source, 1, "the first line must be two numbers: candidates and seats")
    n_candidates, seats = int(header_match[1]), int(header_match[2])
    if n_candidates < 1:
        raise BallotFileError(source, 1, f"{n_candidates} candidates: there must be at least one")
    if not 1 <= seats <= n_candidates:
        raise BallotFileError(
            source, 1, f"{seats} seats for {n_candidates} candidates: must be 1 to {n_candidates}"
        )
    position = header_match.end()
    withdrawn: set[int] = set()
    while True:
        line_match = re.match(r"[ \t]*(-\d+(?:[ \t]+-\d+)*)[ \t]*\r?\n", text[position:])
        if line_match is None:
            break
        for token in line_match[1].split():
            number = -int(token)
            if not 1 <= number <= n_candidates:
                raise BallotFileError(
                    source, _line_of(text, position), f"withdrawn candidate {number} does not exist"
                )
            withdrawn.add(number - 1)
        position += line_match.end()
    end = _end_of_ballots(text, position)
    if end is None:
        raise BallotFileError(source, None, "no line '0' closes the ballots")
    section = text[position : end[0]]
    first_line = _line_of(text, position)
    encoded = section.encode("utf-8")
    if not _BALLOT_BYTES[np.frombuffer(encoded, dtype=np.uint8)].all():
        bad = _NOT_BALLOT_TEXT.search(section)
        assert bad is not None
        line = first_line + section.count("\n", 0, bad.start())
        char = bad.group(0)
        reason = (
            "equal rankings ('=') are not supported"
            if char == "="
            else f"unexpected {char!r} in a ballot line (numbers only)"
        )
        raise BallotFileError(source, line, reason)
    lines = _ballot_lines(section)  # index in the section of each non-empty line
    tokens = (
        np.fromstring(section, dtype=np.int64, sep=" ")
        if len(lines)
        else np.zeros(0, dtype=np.int64)
    )
    zeros = np.flatnonzero(tokens == 0)
    if len(zeros) != len(lines) or (len(lines) and lines[0] < 0):
        raise BallotFileError(
            source,
            first_line + _first_malformed_line(section),
            "a ballot line must be a weight of at least 1, candidate numbers, and a closing 0",
        )
    starts = np.concatenate(([0], zeros[:-1] + 1)).astype(np.int64)
    weights = tokens[starts]
    lengths = zeros - starts - 1
    n_ballots = len(starts)
    depth = int(lengths.max()) if n_ballots else 0
    matrix = np.full((n_ballots, max(depth, 1)), -1, dtype=np.int16)
    if n_ballots and depth:
        ballot_of = np.repeat(np.arange(n_ballots), lengths)
        rank_of = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        preference = tokens[np.repeat(starts + 1, lengths) + rank_of]
        unknown = np.flatnonzero((preference < 1) | (preference > n_candidates))
        if len(unknown):
            b = int(ballot_of[unknown[0]])
            raise BallotFileError(
                source,
                first_line + int(lines[b]),
                f"candidate {int(preference[unknown[0]])} does not exist (there are {n_candidates})",
            )
        keys = ballot_of * (n_candidates + 1) + preference
        order = np.sort(keys)
        repeated = np.flatnonzero(order[1:] == order[:-1])
        if len(repeated):
            b = int(order[repeated[0]] // (n_candidates + 1))
            c = int(order[repeated[0]] % (n_candidates + 1))
            raise BallotFileError(
                source, first_line + int(lines[b]), f"candidate {c} is ranked twice"
            )
        matrix[ballot_of, rank_of] = preference - 1
    names, title = _blt_names(text, end[1], n_candidates, source)
    if withdrawn:
        matrix = _without(matrix, withdrawn)
    return _aggregate(
        names,
        matrix,
        weights,
        seats=seats,
        title=title,
        withdrawn=tuple(names[i] for i in sorted(withdrawn)),
    )


def _ballot_lines(section: str) -> Ints:
    """The section's non-empty lines (their numbers, from 0), checked to end in a separate 0;
    a single -1 if one does not. Done on the bytes: a million lines in a few milliseconds."""
    raw = np.frombuffer(section.encode("ascii"), dtype=np.uint8)  # checked: digits and blanks
    if not len(raw):
        return np.zeros(0, dtype=np.int64)
    if raw[-1] != ord("\n"):
        raw = np.append(raw, np.uint8(ord("\n")))
    blank = (raw == ord(" ")) | (raw == ord("\t")) | (raw == ord("\r")) | (raw == ord("\n"))
    newlines = np.flatnonzero(raw == ord("\n"))
    # For every byte, the position of the last non-blank byte at or before it.
    last = np.maximum.accumulate(np.where(blank, -1, np.arange(len(raw))))
    ends = last[newlines]
    starts = np.concatenate(([-1], newlines[:-1]))
    filled = ends > starts
    ends = ends[filled]
    closed = (raw[ends] == ord("0")) & (ends > starts[filled] + 1) & blank[np.maximum(ends - 1, 0)]
    if not closed.all():
        return np.array([-1], dtype=np.int64)
    return np.flatnonzero(filled)


def _first_malformed_line(section: str) -> int:
    for number, line in enumerate(section.split("\n")):
        parts = line.split()
        if parts and (len(parts) < 2 or parts[-1] != "0" or "0" in parts[:-1]):
            return number
    return 0


def _blt_names(text: str, offset: int, n: int, source: str) -> tuple[list[str], str]:
    names: list[str] = []
    title = ""
    for number, raw in enumerate(text[offset:].split("\n"), start=_line_of(text, offset)):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not (len(line) >= 2 and line[0] == '"' and line.rfind('"') > 0):
            raise BallotFileError(source, number, f"expected a quoted name, found {line[:40]!r}")
        value = line[1 : line.rfind('"')]
        if len(names) < n:
            if value in names:
                raise BallotFileError(source, number, f"candidate name {value!r} appears twice")
            names.append(value)
        elif not title:
            title = value
        else:
            raise BallotFileError(source, number, "more names than the header's candidates")
    if len(names) < n:
        raise BallotFileError(
            source, None, f"the header declares {n} candidates but {len(names)} names follow"
        )
    return names, title


def _without(matrix: npt.NDArray[np.int16], withdrawn: set[int]) -> npt.NDArray[np.int16]:
    """Rankings with the withdrawn candidates removed and later preferences moved up."""
    gone = np.isin(matrix, list(withdrawn))
    kept = np.where(gone, -1, matrix)
    # Stable sort on "is padding" moves every kept preference to the front in order.
    order = np.argsort(kept < 0, axis=1, kind="stable")
    return np.take_along_axis(kept, order, axis=1)


# --- CSV ---------------------------------------------------------------------------------


def read_csv(
    text: str, source: str = "ballots.csv", candidates: Sequence[str] | None = None
) -> Profile:
    """Parse a CSV of rankings by name. Without `candidates`, the names found are the
    candidates (in order of first appearance); with it, any other name is an error."""
    rows = csv.reader(io.StringIO(text))
    first = next(rows, None)
    if first is None:
        raise BallotFileError(source, None, "the file is empty")
    with_counts = bool(first) and first[0].strip().lower() == "count"
    tally: Counter[tuple[str, ...]] = Counter()
    line_of_ranking: dict[tuple[str, ...], int] = {}
    body = rows if with_counts else _chain_first(first, rows)
    for number, row in enumerate(body, start=2 if with_counts else 1):
        cells = tuple(cell.strip() for cell in row)
        count = 1
        if with_counts:
            if not cells:
                continue
            try:
                count = int(cells[0])
            except ValueError:
                raise BallotFileError(
                    source, number, f"count {cells[0]!r} is not a whole number"
                ) from None
            if count < 0:
                raise BallotFileError(source, number, f"count {count} is negative")
            cells = cells[1:]
        ranking = cells
        while ranking and not ranking[-1]:
            ranking = ranking[:-1]  # trailing empty cells: a short ranking in a wide file
        if "" in ranking:
            raise BallotFileError(
                source, number, "an empty cell between preferences (a skipped rank)"
            )
        tally[ranking] += count
        line_of_ranking.setdefault(ranking, number)
    names = list(candidates) if candidates is not None else []
    if candidates is None:
        seen: dict[str, None] = {}
        for ranking in tally:
            for name in ranking:
                seen.setdefault(name, None)
        names = list(seen)
    index = {name: i for i, name in enumerate(names)}
    depth = max((len(r) for r in tally), default=1) or 1
    matrix = np.full((len(tally), depth), -1, dtype=np.int16)
    for row_number, ranking in enumerate(tally):
        if len(set(ranking)) != len(ranking):
            twice = next(name for name in ranking if ranking.count(name) > 1)
            raise BallotFileError(source, line_of_ranking[ranking], f"{twice!r} is ranked twice")
        for position, name in enumerate(ranking):
            if name not in index:
                raise BallotFileError(
                    source, line_of_ranking[ranking], f"unknown candidate {name!r}"
                )
            matrix[row_number, position] = index[name]
    weights = np.fromiter(tally.values(), dtype=np.int64, count=len(tally))
    return _aggregate(names, matrix, weights)


def _chain_first(first: list[str], rows: Iterable[list[str]]) -> Iterable[list[str]]:
    yield first
    yield from rows
