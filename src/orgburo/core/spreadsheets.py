"""CSV and XLSX: writing exports, with every cell kept from running as a formula, and reading
an import file's table (CSV in UTF-8, with or without a BOM, or the first sheet of an XLSX)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from orgburo.core.errors import ServiceError

# A spreadsheet runs a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def write_csv(rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so a spreadsheet opens Cyrillic correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Iterable[list[str]], sheet_name: str = "roll") -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row of an import file (row 1 is the header; 0, the whole file)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "the file"
        return (
            f"{where}, column {self.column}: {self.reason}"
            if self.column
            else f"{where}: {self.reason}"
        )


class FileRejected(ServiceError):
    """An import file was not loaded, nothing was written; `problems` lists every bad row."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported", field="file")
        self.problems = problems
        self.field_errors = {"file": [str(p) for p in problems]}


class UnreadableTable(Exception):
    """The file is not a table one can read: `line` is where (0: the file as a whole)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def read_table(name: str, content: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """An import file's header and its rows as (line, {column: text}); the header is line 1,
    empty rows are skipped."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(content)
    if suffix != ".csv":
        raise UnreadableTable(0, f"{name}: expected a .csv or .xlsx file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableTable(
            0, f"{name} is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV"
        ) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [column.strip() for column in reader.fieldnames or []]
    rows = []
    for row in reader:
        if None in row:
            raise UnreadableTable(reader.line_num, "more cells than the header has columns")
        rows.append((reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items()}))
    return header, rows


def _read_xlsx(content: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises several kinds for a damaged file
        raise UnreadableTable(0, f"not a readable XLSX workbook ({type(exc).__name__})") from exc
    values = list(sheet.iter_rows(values_only=True))
    if not values:
        raise UnreadableTable(1, "the sheet is empty")
    header = [str(v or "").strip() for v in values[0]]

    def cell(value: object) -> str:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return "" if value is None else str(value).strip()

    rows = [
        (line, dict(zip(header, (cell(v) for v in row), strict=False)))
        for line, row in enumerate(values[1:], start=2)
        if any(v is not None for v in row)
    ]
    return header, rows
