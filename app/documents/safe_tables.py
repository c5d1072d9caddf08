"""Tables that leave the app as CSV or XLSX, safe to open in a spreadsheet.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could be
run as a formula by Excel, LibreOffice or Google Sheets (CSV injection). Such text is written
with a leading apostrophe, which spreadsheets show as plain text and never evaluate; numbers
stay numbers. CSV follows RFC 4180 (comma, double quotes, CRLF) in UTF-8 with a byte-order
mark so Excel reads accented names and emoji correctly. XLSX is written with openpyxl, every
text cell stored as text.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from app.store.atomic_file import replacing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | dt.date | dt.datetime | None


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


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, table: Table, *, private: bool = False) -> int:
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
    return count


def write_xlsx(path: Path, tables: Sequence[Table], *, private: bool = False) -> dict[str, int]:
    """Write each table as a sheet; returns rows per sheet. Written whole or not at all.

    ``private``: readable by this user only, for tables that hold personal data.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook(write_only=True)
    counts: dict[str, int] = {}
    for table in tables:
        sheet = book.create_sheet(title=_sheet_title(table.name))
        sheet.append([neutralise(h) for h in table.header])
        counts[table.name] = 0
        for row in table.rows:
            cells = []
            for value in row:
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    cells.append(value)
                    continue
                cell = WriteOnlyCell(sheet, value=None)
                text = neutralise(_text(value))
                try:
                    cell.value = text
                except IllegalCharacterError:  # control characters XLSX cannot hold
                    cell.value = _printable(text)
                cell.data_type = TYPE_STRING  # never a formula, whatever the text
                cells.append(cell)
            sheet.append(cells)
            counts[table.name] += 1
    with replacing(path, private=private, suffix=".partial") as partial:
        book.save(partial)
    return counts


def _printable(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _sheet_title(name: str) -> str:
    # Excel refuses these in sheet names, and more than 31 characters.
    cleaned = "".join("-" if c in "[]:*?/\\" else c for c in name).strip("'") or "Sheet"
    return cleaned[:31]
