"""Tables that leave the app as CSV or XLSX, safe to open in a spreadsheet.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could be
run as a formula by Excel, LibreOffice or Google Sheets (CSV injection). Such text is written
with a leading apostrophe, which spreadsheets show as plain text and never evaluate; numbers
stay numbers. CSV follows RFC 4180 (comma, double quotes, CRLF) in UTF-8 with a byte-order
mark so Excel reads accented names and emoji correctly. XLSX is written with openpyxl, every
text cell stored as text.

Rows are streamed into the file as a table yields them (openpyxl's write-only workbook), and
made safe with as little Python per cell as may be: a year's event is 100,000 rows of 20 or
more cells. ``tick(rows_done)`` is called every :data:`TICK_ROWS` rows and once all are
written, for progress; if it raises (the person cancelled), nothing is written and
openpyxl's own temporary files are removed at once.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from app.store.atomic_file import replacing

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | dt.date | dt.datetime | None
Progress = Callable[[int, int], None]  # (rows done, rows in all)
TICK_ROWS = 500


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: Cell) -> Cell: ...
def neutralise(value: Cell) -> Cell:
    """Text that a spreadsheet could run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Table:
    """One sheet of an export: its name (for XLSX), column headings and rows."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    count: int | None = None  # how many rows, when ``rows`` is a stream that knows it ahead

    def size(self) -> int:
        """How many rows the table holds, as far as can be known before it is written."""
        if self.count is not None:
            return self.count
        return len(self.rows) if isinstance(self.rows, Sequence) else 0


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, table: Table, *, private: bool = False, tick: Callable[[int], None] | None = None) -> int:
    """Write ``table`` as CSV; returns the number of data rows. Written whole or not at all.

    ``private``: readable by this user only, for tables that hold personal data.
    """
    count = 0
    with replacing(path, private=private, suffix=".partial") as partial:
        with partial.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
            writer.writerow([neutralise(h) for h in table.header])
            for row in table.rows:
                writer.writerow([neutralise(_text(v)) if not isinstance(v, (int, float)) or isinstance(v, bool)
                                 else v for v in row])
                count += 1
                if tick is not None and count % TICK_ROWS == 0:
                    tick(count)
            if tick is not None:
                tick(count)
    return count


def write_xlsx(path: Path, tables: Sequence[Table], *, private: bool = False,
               tick: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write each table as a sheet; returns rows per sheet. Written whole or not at all.

    ``private``: readable by this user only, for tables that hold personal data.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    counts: dict[str, int] = {}
    done = 0
    try:
        for table in tables:
            sheet = book.create_sheet(title=_sheet_title(table.name))
            safe = _xlsx_cells(sheet)
            sheet.append(safe(table.header))
            count = 0
            for row in table.rows:
                sheet.append(safe(row))
                count += 1
                if tick is not None and (done + count) % TICK_ROWS == 0:
                    tick(done + count)
            counts[table.name] = count
            done += count
        if tick is not None:
            tick(done)
    except BaseException:
        _discard(book)
        raise
    with replacing(path, private=private, suffix=".partial") as partial:
        book.save(partial)
    return counts


def _xlsx_cells(sheet: WriteOnlyWorksheet) -> Callable[[Iterable[Cell]], list[Any]]:
    """A function making a row safe for ``sheet``: text neutralised, cleaned of what XLSX cannot
    hold and always stored as text; numbers as numbers. Plain values wherever openpyxl would
    store them as they are, for speed: a typed cell only for text it would take for an error
    code (``#N/A``); a formula is impossible once text is neutralised."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, TYPE_STRING

    illegal = ILLEGAL_CHARACTERS_RE.search
    errors = frozenset(ERROR_CODES)
    starts = FORMULA_STARTS

    def text(value: str) -> Any:
        if value.startswith(starts):
            value = "'" + value
        if illegal(value):  # control characters XLSX cannot hold
            value = _printable(value)
        if value in errors:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = TYPE_STRING
            return cell
        return value

    def row(values: Iterable[Cell]) -> list[Any]:
        cells: list[Any] = []
        add = cells.append
        for value in values:
            kind = type(value)
            if kind is str:
                add(text(value))  # type: ignore[arg-type]
            elif value is None or kind is int or kind is float:
                add(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                add(value)
            else:
                add(text(_text(value)))
        return cells

    return row


def _discard(book: Workbook) -> None:
    """Close a workbook that will not be saved and remove the temporary files openpyxl wrote
    its sheets to (in the system's temporary folder, holding the rows so far), now rather than
    when the app exits."""
    for sheet in book.worksheets:
        with contextlib.suppress(Exception):
            sheet.close()
        writer = getattr(sheet, "_writer", None)  # openpyxl keeps no public handle on the file
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def _printable(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _sheet_title(name: str) -> str:
    # Excel refuses these in sheet names, and more than 31 characters.
    cleaned = "".join("-" if c in "[]:*?/\\" else c for c in name).strip("'") or "Sheet"
    return cleaned[:31]
