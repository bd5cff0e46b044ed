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

import codecs
import csv
import itertools
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
    lengths: Ints | None = None,
    **extra: object,
) -> Profile:
    """Merge identical rankings; blank ones are counted apart. `lengths`: the preferences in
    each row, when the reader knows them."""
    if lengths is None:
        lengths = (matrix >= 0).sum(axis=1)
    blank = int(weights[lengths == 0].sum())
    keep = (lengths > 0) & (weights > 0)
    if not keep.all():
        matrix, weights, lengths = matrix[keep], weights[keep], lengths[keep]
    if len(matrix):
        depth = int(lengths.max())
        if depth < matrix.shape[1]:
            matrix = np.ascontiguousarray(matrix[:, :depth])
        matrix, weights = _merge_identical(matrix, weights)
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


def _merge_identical(
    matrix: npt.NDArray[np.int16], weights: Ints
) -> tuple[npt.NDArray[np.int16], Ints]:
    """The distinct rows and the weight each carries in all.

    `np.unique(axis=0)` sorts rows as byte strings, ~4 s for a million; instead each row is
    hashed to 64 bits and the hashes sorted. Distinct hashes are distinct rows, and then
    nothing moves (a million full rankings are nearly all distinct). Where hashes are equal,
    the rows are ordered by hash and each checked against its group's first, so a collision
    cannot merge different rankings (it falls back to the exact sort).
    """
    rows, depth = matrix.shape
    # Four preferences at a time where a row's bytes divide into 64-bit words.
    words = matrix.view(np.uint64) if depth % 4 == 0 and matrix.flags.c_contiguous else matrix
    keys = np.zeros(rows, dtype=np.uint64)
    column = np.empty(rows, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(words.shape[1]):  # column by column, in place: no big temporaries
            np.add(words[:, j], 2, out=column, casting="unsafe")
            np.multiply(column, _HASH[j % len(_HASH)], out=column)
            np.add(keys, column, out=keys)
    ordered = np.sort(keys)
    if rows < 2 or (ordered[1:] != ordered[:-1]).all():
        return matrix, weights
    order = np.argsort(keys)
    starts = np.flatnonzero(np.concatenate(([True], keys[order][1:] != keys[order][:-1])))
    by_hash = np.take(matrix, order, axis=0)
    unique = by_hash[starts]
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, rows)))
    if not np.array_equal(np.take(unique, group, axis=0), by_hash):
        exact, inverse = np.unique(matrix, axis=0, return_inverse=True)
        totals = np.zeros(len(exact), dtype=np.int64)
        np.add.at(totals, inverse.ravel(), weights)
        return exact, totals
    return unique, np.add.reduceat(weights[order], starts)


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

_HEADER = re.compile(rb"\s*(-?\d+)[ \t]+(-?\d+)[ \t]*\r?\n")
_WITHDRAWN = re.compile(rb"[ \t]*(-\d+(?:[ \t]+-\d+)*)[ \t]*\r?\n")
_END_OF_BALLOTS = re.compile(rb"(?m)^[ \t]*0[ \t]*\r?$")
_NOT_BALLOT_TEXT = re.compile(r"[^0-9 \t\r\n]")


def _end_of_ballots(data: bytes, position: int) -> tuple[int, int] | None:
    """Start and end of the line "0" that closes the ballots: the last such line, found from
    the end (no ballot line is just "0", and the names after it are quoted)."""
    for marker in (b"\n0\n", b"\n0\r\n"):
        found = data.rfind(marker, position - 1)
        if found >= 0:
            return found + 1, found + 1 + len(marker) - 2
    match = _END_OF_BALLOTS.search(data, position)  # with spaces around the 0
    return (match.start(), match.end()) if match else None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_blt(data: str | bytes, source: str = "ballots.blt") -> Profile:
    """Parse a BLT file (its bytes, or its text); every problem is a `BallotFileError`
    naming the line."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    header = _HEADER.match(data, 3 if data.startswith(codecs.BOM_UTF8) else 0)
    if header is None:
        raise BallotFileError(source, 1, "the first line must be two numbers: candidates and seats")
    n_candidates, seats = int(header[1]), int(header[2])
    if n_candidates < 1:
        raise BallotFileError(source, 1, f"{n_candidates} candidates: there must be at least one")
    if not 1 <= seats <= n_candidates:
        raise BallotFileError(
            source, 1, f"{seats} seats for {n_candidates} candidates: must be 1 to {n_candidates}"
        )
    position = header.end()
    withdrawn: set[int] = set()
    while (line := _WITHDRAWN.match(data, position)) is not None:
        for token in line[1].split():
            number = -int(token)
            if not 1 <= number <= n_candidates:
                raise BallotFileError(
                    source, _line_of(data, position), f"withdrawn candidate {number} does not exist"
                )
            withdrawn.add(number - 1)
        position = line.end()
    end = _end_of_ballots(data, position)
    if end is None:
        raise BallotFileError(source, None, "no line '0' closes the ballots")
    ballots = _BltBallots(data, position, end[0], n_candidates, source)
    matrix, weights, lengths = ballots.read()
    names, title = _blt_names(data, end[1], n_candidates, source)
    if withdrawn:
        matrix, lengths = _without(matrix, withdrawn), None
    return _aggregate(
        names,
        matrix,
        weights,
        lengths,
        seats=seats,
        title=title,
        withdrawn=tuple(names[i] for i in sorted(withdrawn)),
    )


class _BltBallots:
    """The ballot lines of a BLT file, read as bytes by NumPy: a million lines in about half a
    second. Each number lies between two blanks, so the positions of the blanks give every
    number's last digit and its length; the zeros among the numbers close the ballots. The
    lines are read a few megabytes at a time, so the arrays in between stay small and warm."""

    CHUNK = 1 << 21  # bytes

    def __init__(self, data: bytes, begin: int, end: int, n: int, source: str) -> None:
        self.data, self.begin, self.end, self.n, self.source = data, begin, end, n, source
        self.first_line = _line_of(data, begin)
        self.offset = begin - 1  # of the chunk being read, from its newline before

    def read(self) -> tuple[npt.NDArray[np.int16], Ints, Ints | None]:
        """(rankings padded with -1, weights, lengths) of every ballot line."""
        parts: list[tuple[npt.NDArray[np.int16], Ints, Ints]] = []
        begin, line = self.begin, 0
        while begin < self.end:
            # Whole lines: the section ends with a newline, so one is always found.
            end = self.data.find(b"\n", min(begin + self.CHUNK, self.end) - 1, self.end) + 1
            matrix, weights, lengths, count = self.chunk(begin, end, line)
            parts.append((matrix, weights, lengths))
            line += count
            begin = end
        if not parts:
            return np.full((0, 1), -1, dtype=np.int16), np.zeros(0, dtype=np.int64), None
        depth = max(matrix.shape[1] for matrix, _, _ in parts)
        matrix = np.full((sum(len(w) for _, w, _ in parts), depth), -1, dtype=np.int16)
        row = 0
        for part, _, _ in parts:
            matrix[row : row + len(part), : part.shape[1]] = part
            row += len(part)
        weights = np.concatenate([w for _, w, _ in parts])
        return matrix, weights, np.concatenate([lengths for _, _, lengths in parts])

    def chunk(
        self, begin: int, end: int, line: int
    ) -> tuple[npt.NDArray[np.int16], Ints, Ints, int]:
        """The ballots of the whole lines data[begin:end], the first of them the section's line
        `line` (from 0), and how many lines they are."""
        # With the newline before it, the chunk begins and ends with a blank.
        self.offset = begin - 1
        raw = np.frombuffer(self.data, dtype=np.uint8, count=end - begin + 1, offset=begin - 1)
        blanks = np.flatnonzero(raw < ord("0"))
        count = _newlines_if_blank(raw[blanks]) - 1  # raw[0] is the line before
        if raw.max() > ord("9") or count < 0:
            raise self.bad_character(begin, end, line)
        lengths = np.diff(blanks) - 1  # the digits between two blanks
        ends = blanks[1:]  # each number ends just before a blank
        if lengths.min() == 0:  # blanks side by side: two spaces, "\r\n", an empty line
            numbers = lengths > 0
            ends, lengths = ends[numbers], lengths[numbers]
        if not len(ends):  # only empty lines
            return np.full((0, 1), -1, dtype=np.int16), np.zeros(0, dtype=np.int64), ends, count
        values = self.values(raw, ends, lengths, line)
        zeros = np.flatnonzero(values == 0)  # weights and candidates are at least 1
        if not len(zeros) or zeros[-1] != len(values) - 1:
            raise self.malformed(begin, end, line)
        firsts = np.concatenate(([0], zeros[:-1] + 1))
        sizes = zeros - firsts  # numbers before the closing 0: the weight and the preferences
        if sizes.min() < 1:
            raise self.malformed(begin, end, line)
        lines = line + self.lines(raw, ends, firsts, zeros, begin, end, line, count)
        weights = values[firsts].astype(np.int64)
        if (sizes == sizes[0]).all():  # every ballot as long: a table, no copying
            chosen = values.reshape(len(zeros), int(sizes[0]) + 1)[:, 1:-1]
        else:
            chosen = _padded(values, firsts, sizes - 1)
        if chosen.shape[1] and chosen.max() > self.n:
            b = int(np.flatnonzero((chosen > self.n).any(axis=1))[0])
            c = int(chosen[b][chosen[b] > self.n][0])
            raise self.fail(int(lines[b]), f"candidate {c} does not exist (there are {self.n})")
        repeated = _first_repeat(chosen, self.n, sizes - 1)
        if repeated is not None:
            b, c = repeated
            raise self.fail(int(lines[b]), f"candidate {c} is ranked twice")
        matrix = np.empty((len(zeros), max(chosen.shape[1], 1)), dtype=np.int16)
        matrix[:, chosen.shape[1] :] = -1
        np.subtract(chosen, 1, out=matrix[:, : chosen.shape[1]], casting="unsafe")
        return matrix, weights, sizes - 1, count

    def values(self, raw: npt.NDArray[np.uint8], ends: Ints, lengths: Ints, line: int) -> Ints:
        """Each number's value from its digits, read backwards from the blank after it."""
        longest = int(lengths.max())
        if longest > 18:
            newlines = np.flatnonzero(raw == ord("\n"))
            b = int(np.searchsorted(newlines, ends[lengths > 18][0])) - 1
            raise self.fail(line + b, "a number of more than 18 digits")
        # Digit k of every number (1 = the last) at once, from a view of the file shifted by
        # k bytes: no index arithmetic over the numbers.
        last = self.shifted(raw, 1)[ends]
        last -= ord("0")
        values: Ints = last.astype(np.int16 if longest <= 4 else np.int64)
        scale = 1
        for k in range(2, longest + 1):
            scale *= 10
            digit = self.shifted(raw, k)[ends]
            np.maximum(digit, ord("0"), out=digit)  # a blank before a shorter number reads 0
            digit -= ord("0")
            if k == 2:
                digit *= 10  # at most 90: still a byte
                values += digit
                continue
            digit[lengths < k] = 0  # past that blank lies the number before
            values += digit.astype(values.dtype) * scale
        return values

    def shifted(self, raw: npt.NDArray[np.uint8], k: int) -> npt.NDArray[np.uint8]:
        """raw[i - k] at index i."""
        offset = self.offset - k
        if offset >= 0:
            return np.frombuffer(self.data, dtype=np.uint8, count=len(raw), offset=offset)
        return np.concatenate((np.zeros(k, dtype=np.uint8), raw[:-k]))

    def lines(
        self, raw: npt.NDArray[np.uint8], ends: Ints, firsts: Ints, zeros: Ints, *where: int
    ) -> Ints:
        """The line (from 0) of each ballot in the chunk, checked: one ballot a line, each
        on one line."""
        closing = ends[zeros]
        begin, end, line, count = where
        if count == len(zeros) and (raw[closing] == ord("\n")).all():
            return np.arange(len(zeros))  # each 0 ends its line: nothing between them
        newlines = np.flatnonzero(raw == ord("\n"))  # raw[0] is the line before the chunk
        first_line = np.searchsorted(newlines, ends[firsts]) - 1
        if not (
            (first_line == np.searchsorted(newlines, closing) - 1).all()
            and (first_line[1:] > first_line[:-1]).all()
        ):
            raise self.malformed(begin, end, line)
        return first_line

    def fail(self, line: int, reason: str) -> BallotFileError:
        return BallotFileError(self.source, self.first_line + line, reason)

    def malformed(self, begin: int, end: int, line: int) -> BallotFileError:
        return self.fail(
            line + _first_malformed_line(self.data[begin:end].decode("ascii")),
            "a ballot line must be a weight of at least 1, candidate numbers, and a closing 0",
        )

    def bad_character(self, begin: int, end: int, line: int) -> BallotFileError:
        text = self.data[begin:end].decode("utf-8", errors="replace")
        bad = _NOT_BALLOT_TEXT.search(text)
        assert bad is not None
        char = bad.group(0)
        reason = (
            "equal rankings ('=') are not supported"
            if char == "="
            else f"unexpected {char!r} in a ballot line (numbers only)"
        )
        return self.fail(line + text.count("\n", 0, bad.start()), reason)


def _padded(values: Ints, firsts: Ints, lengths: Ints) -> Ints:
    """Ballots of different lengths as a table, 0 after each last preference."""
    depth = int(lengths.max())
    chosen = np.zeros((len(firsts), depth), dtype=values.dtype)
    if depth:
        ballot_of = np.repeat(np.arange(len(firsts)), lengths)
        rank_of = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        chosen[ballot_of, rank_of] = values[np.repeat(firsts + 1, lengths) + rank_of]
    return chosen


def _newlines_if_blank(separators: npt.NDArray[np.uint8]) -> int:
    """How many of these bytes (all below "0") are newlines, if all are spaces, tabs and line
    ends; else -1. Spaces and newlines are counted first, as a ballot file has few others."""
    newlines = int(np.count_nonzero(separators == ord("\n")))
    common = newlines + int(np.count_nonzero(separators == ord(" ")))
    if common == len(separators):
        return newlines
    rare = int(
        np.count_nonzero(separators == ord("\t")) + np.count_nonzero(separators == ord("\r"))
    )
    return newlines if common + rare == len(separators) else -1


def _first_repeat(chosen: Ints, n: int, lengths: Ints) -> tuple[int, int] | None:
    """The first ballot (and candidate) ranking someone twice, in a table of candidate numbers
    from 1 (0 pads): each ballot's candidates as a set of bits, which has as many bits as the
    ballot has preferences unless one is repeated."""
    rows, depth = chosen.shape
    if not depth:
        return None
    if n <= 63:
        bits = np.uint32 if n <= 31 else np.uint64
        union = np.zeros(rows, dtype=bits)
        bit = np.empty(rows, dtype=bits)
        for position in range(depth):
            np.left_shift(1, chosen[:, position], out=bit, dtype=bits, casting="unsafe")
            np.bitwise_or(union, bit, out=union)
        np.bitwise_and(union, bits(~1 & np.iinfo(bits).max), out=union)  # 0 pads: no candidate
        twice = np.flatnonzero(np.bitwise_count(union) != lengths)
    else:
        ordered = np.sort(chosen, axis=1)
        twice = np.flatnonzero(((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] > 0)).any(1))
    if not len(twice):
        return None
    b = int(twice[0])
    seen: set[int] = set()
    for c in chosen[b].tolist():
        if c in seen:
            return b, c
        seen.add(c)
    raise AssertionError("a repeat was found but not located")


def _first_malformed_line(section: str) -> int:
    for number, line in enumerate(section.split("\n")):
        parts = line.split()
        if parts and (len(parts) < 2 or parts[-1] != "0" or "0" in parts[:-1]):
            return number
    return 0


def _blt_names(data: bytes, offset: int, n: int, source: str) -> tuple[list[str], str]:
    try:
        text = data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BallotFileError(
            source, _line_of(data, offset + exc.start), "the names are not UTF-8 text"
        ) from None
    names: list[str] = []
    title = ""
    for number, raw in enumerate(text.split("\n"), start=_line_of(data, offset)):
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
    # Lines rather than one StringIO: the csv module would hold the whole text again, at four
    # bytes a character. Each name becomes its candidate's number as it is read, so a million
    # rankings are tuples of small ints, not twenty million strings.
    rows = csv.reader(text.splitlines(keepends=True))
    first = next(rows, None)
    if first is None:
        raise BallotFileError(source, None, "the file is empty")
    with_counts = bool(first) and first[0].strip().lower() == "count"
    index: dict[str, int] = {name: i for i, name in enumerate(candidates or ())}
    tally: Counter[tuple[int, ...]] = Counter()
    body = rows if with_counts else _chain_first(first, rows)
    for number, row in enumerate(body, start=2 if with_counts else 1):
        cells = [cell.strip() for cell in row]
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
            del cells[0]
        while cells and not cells[-1]:
            cells.pop()  # trailing empty cells: a short ranking in a wide file
        try:
            ranking = tuple(map(index.__getitem__, cells))
        except KeyError:
            ranking = _numbered(cells, index, candidates is None, source, number)
        if ranking not in tally and len(set(ranking)) != len(ranking):
            twice = next(name for name in cells if cells.count(name) > 1)
            raise BallotFileError(source, number, f"{twice!r} is ranked twice")
        tally[ranking] += count
    names = list(index)
    lengths = np.fromiter(map(len, tally), dtype=np.int64, count=len(tally))
    flat = np.fromiter(itertools.chain.from_iterable(tally), dtype=np.int16, count=lengths.sum())
    matrix = np.full((len(tally), max(int(lengths.max(initial=0)), 1)), -1, dtype=np.int16)
    rank_of = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    matrix[np.repeat(np.arange(len(tally)), lengths), rank_of] = flat
    weights = np.fromiter(tally.values(), dtype=np.int64, count=len(tally))
    return _aggregate(names, matrix, weights, lengths)


def _numbered(
    cells: list[str], index: dict[str, int], open_list: bool, source: str, number: int
) -> tuple[int, ...]:
    """A ranking with a name not yet numbered: numbered now, unless the candidates were given
    (then it is refused). An empty cell before a later name is a skipped rank."""
    if "" in cells:
        raise BallotFileError(source, number, "an empty cell between preferences (a skipped rank)")
    for name in cells:
        if name not in index:
            if not open_list:
                raise BallotFileError(source, number, f"unknown candidate {name!r}")
            index[name] = len(index)
    return tuple(index[name] for name in cells)


def _chain_first(first: list[str], rows: Iterable[list[str]]) -> Iterable[list[str]]:
    yield first
    yield from rows
