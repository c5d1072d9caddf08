"""Importing a list of organisations from a CSV or XLSX file, for the app and the command line.

The first row names the columns, loosely (Name; Kind or Type; Areas; Topics; Communities;
Email; Phone; Website; Notes), in any order and any case. Lists in a cell are split on ";"
(or "," when there is no ";"). Every row is checked as the form checks one, and every bad
row is reported with its line number and the field in plain words. Nothing is saved if any
row is bad, unless the caller asks for the good rows only. A row naming an organisation
already on the list (or earlier in the file) is reported and skipped, never added twice.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import _, ngettext
from app.core.organisations import OrganisationDetails, field_words, name_key, validate_organisation
from app.core.validation import ValidationError

if TYPE_CHECKING:
    from app.store.store import Store

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
Progress = Callable[[int, int], None]  # rows done, rows in all
ShouldStop = Callable[[], bool]

# What each field's column may be headed, with case, spaces and punctuation set aside.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "organisation", "organisationname", "organization", "organizationname", "group", "groupname"),
    "kind": ("kind", "type", "organisationtype", "organizationtype", "kindoforganisation", "category"),
    "areas": ("areas", "area", "locality", "localities", "ward", "wards", "pcn", "pcns", "areascovered"),
    "topics": ("topics", "topic", "issues", "subjects"),
    "communities": ("communities", "community", "communitiesserved", "whotheyserve", "servedcommunities"),
    "email": ("email", "emailaddress", "mail"),
    "phone": ("phone", "telephone", "phonenumber", "tel", "telephonenumber", "mobile"),
    "website": ("website", "web", "url", "site", "webaddress", "websiteaddress"),
    "notes": ("notes", "note", "comments", "comment"),
}
_BY_HEADER = {alias: name for name, aliases in HEADERS.items() for alias in aliases}


class ImportRefused(ValueError):
    """The file as a whole cannot be read as a list of organisations; the message says why."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str  # the field's name ("kind"), or "" for the row as a whole
    message: str

    def text(self) -> str:
        if self.field:
            return _("line {line}: {field}: {message}").format(line=self.line, field=field_words(self.field),
                                                               message=self.message)
        return _("line {line}: {message}").format(line=self.line, message=self.message)


@dataclass(frozen=True)
class SkippedRow:
    """A row naming an organisation already on the list, or earlier in the file."""

    line: int
    name: str
    earlier_line: int | None = None  # the row of the file it repeats; None when already on the list

    def text(self) -> str:
        if self.earlier_line is not None:
            return _("line {line}: {name} is the same organisation as line {earlier}; skipped.").format(
                line=self.line, name=self.name, earlier=self.earlier_line)
        return _("line {line}: {name} is already on the list; skipped.").format(line=self.line, name=self.name)


@dataclass(frozen=True)
class ImportResult:
    rows: int  # rows with something in them
    added_ids: tuple[str, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    skipped: tuple[SkippedRow, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    cancelled: bool = False
    good_rows: int = 0  # rows that passed their checks (saved, unless another row had a problem)

    @property
    def added(self) -> int:
        return len(self.added_ids)

    @property
    def saved(self) -> bool:
        return bool(self.added_ids)

    def summary(self) -> str:
        if self.cancelled:
            return _("Import cancelled; nothing was saved.")
        bad = len({p.line for p in self.problems})
        if not self.added and not self.good_rows and self.skipped:
            # Imported before: say so plainly, and what (if anything) was wrong with the rest.
            text = ngettext("The organisation in this file is already on the list, so there was nothing to add.",
                            "All {n} organisations in this file are already on the list, so there was nothing to "
                            "add.", len(self.skipped)).format(n=len(self.skipped))
            if self.problems:
                text += " " + ngettext("{n} row has problems and was left out; correct it to add it.",
                                       "{n} rows have problems and were left out; correct them to add them.",
                                       bad).format(n=bad)
            return text
        parts = [ngettext("Added {n} organisation.", "Added {n} organisations.", self.added).format(n=self.added)]
        if self.skipped:
            parts.append(ngettext("{n} row named an organisation already listed and was skipped.",
                                  "{n} rows named organisations already listed and were skipped.",
                                  len(self.skipped)).format(n=len(self.skipped)))
        if self.problems:
            if self.added:
                parts.append(ngettext("{n} row had problems and was left out.",
                                      "{n} rows had problems and were left out.", bad).format(n=bad))
            elif self.good_rows:
                parts = [ngettext("{n} row has problems, so nothing was saved. Correct the file and import it "
                                  "again, or import the good rows only.",
                                  "{n} rows have problems, so nothing was saved. Correct the file and import it "
                                  "again, or import the good rows only.", bad).format(n=bad)]
            else:
                parts = [ngettext("{n} row has problems, so nothing was saved. Correct the file and import it "
                                  "again.",
                                  "{n} rows have problems, so nothing was saved. Correct the file and import it "
                                  "again.", bad).format(n=bad)]
        return " ".join(parts)

    def as_json(self) -> dict[str, object]:
        return {"rows": self.rows, "added": self.added, "added_ids": list(self.added_ids),
                "problems": [{"line": p.line, "field": p.field, "message": p.message} for p in self.problems],
                "skipped": [{"line": s.line, "name": s.name, "earlier_line": s.earlier_line} for s in self.skipped],
                "ignored_columns": list(self.ignored_columns), "cancelled": self.cancelled,
                "good_rows": self.good_rows}


@dataclass
class _Sheet:
    columns: dict[int, str]  # cell index -> field
    ignored: list[str]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (line, cells)


def _header_key(text: object) -> str:
    return "".join(ch for ch in str(text or "").casefold() if ch.isalnum())


def _columns(header: list[object]) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    ignored = []
    for index, cell in enumerate(header):
        name = _BY_HEADER.get(_header_key(cell))
        if name is None:
            if str(cell or "").strip():
                ignored.append(str(cell).strip())
            continue
        if name in columns.values():
            raise ImportRefused(_("line 1: two columns are headed {field}; keep one.").format(field=field_words(name)))
        columns[index] = name
    if "name" not in columns.values():
        raise ImportRefused(_("line 1: no column is headed Name. The first row must name the columns: Name, Kind, "
                              "Areas, Topics, Communities, Email, Phone, Website, Notes."))
    return columns, ignored


def _text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # saved by Excel as plain "CSV" on Windows
    except UnicodeDecodeError:
        raise ImportRefused(_("{file} is not text Involve can read; save it from your spreadsheet as \"CSV UTF-8\" "
                              "or as an Excel workbook (.xlsx).").format(file=path.name)) from None


def _csv_rows(path: Path, data: bytes) -> Iterator[tuple[int, list[object]]]:
    reader = csv.reader(io.StringIO(_text(path, data), newline=""), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportRefused(_("line {line}: this line cannot be read as CSV ({reason}).").format(
                line=reader.line_num, reason=error)) from None
        yield start, list(row)
        start = reader.line_num + 1


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRefused(_("{file} cannot be opened as an Excel workbook: it is damaged, or is not really an "
                              "Excel file. Open it in your spreadsheet and save it again as .xlsx or as CSV.").format(
            file=path.name)) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()


def _cell(value: object, name: str) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and name == "phone" and len(str(value)) == 10:
        return "0" + str(value)  # a spreadsheet took the leading 0 off a UK number
    return value if isinstance(value, str) else str(value)


def read_sheet(path: Path, should_stop: ShouldStop | None = None) -> _Sheet:
    """The file's columns and rows; ``ImportRefused`` when it is too big, empty or not a list."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportRefused(_("{file} is {size} MB; Involve imports files up to {limit} MB. Split it into "
                              "smaller files.").format(file=path.name, size=round(size / 1048576, 1),
                                                       limit=MAX_BYTES // 1048576))
    xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
    if xlsx:
        rows = _xlsx_rows(path)
    else:
        data = path.read_bytes()
        if data[:2] == b"PK":
            rows = _xlsx_rows(path)
        else:
            rows = _csv_rows(path, data)
    sheet: _Sheet | None = None
    for line, cells in rows:
        if should_stop is not None and should_stop():
            return sheet or _Sheet({}, [])
        if sheet is None:
            if not any(str(c or "").strip() for c in cells):
                continue
            sheet = _Sheet(*_columns(cells))
            continue
        if not any(str(c if c is not None else "").strip() for c in cells):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise ImportRefused(_("{file} has more than {limit} rows; Involve imports up to {limit} at a time. Split "
                                  "it into smaller files.").format(file=path.name, limit=MAX_ROWS))
        sheet.rows.append((line, cells))
    if sheet is None:
        raise ImportRefused(_("{file} is empty; the first row must name the columns: Name, Kind, Areas, Topics, "
                              "Communities, Email, Phone, Website, Notes.").format(file=path.name))
    return sheet


def check_rows(sheet: _Sheet, existing: dict[str, str], progress: Progress | None = None,
               should_stop: ShouldStop | None = None
               ) -> tuple[list[OrganisationDetails], list[RowProblem], list[SkippedRow], bool]:
    """Each row checked: the good ones, the problems, the repeats, and whether it was stopped."""
    good: list[OrganisationDetails] = []
    problems: list[RowProblem] = []
    skipped: list[SkippedRow] = []
    in_file: dict[str, int] = {}
    total = len(sheet.rows)
    for done, (line, cells) in enumerate(sheet.rows, start=1):
        if should_stop is not None and should_stop():
            return good, problems, skipped, True
        values = {name: _cell(cells[i] if i < len(cells) else None, name) for i, name in sheet.columns.items()}
        if "kind" not in values:
            values["kind"] = ""
        try:
            details = validate_organisation(values)
        except ValidationError as error:
            problems.extend(RowProblem(line, name, message) for name, message in error.errors.items())
        else:
            key = name_key(details.name)
            if key in existing:
                skipped.append(SkippedRow(line, details.name))
            elif key in in_file:
                skipped.append(SkippedRow(line, details.name, in_file[key]))
            else:
                in_file[key] = line
                good.append(details)
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)
    return good, problems, skipped, False


def import_organisations(store: Store, path: Path, *, good_rows_only: bool = False,
                         progress: Progress | None = None, should_stop: ShouldStop | None = None) -> ImportResult:
    """Read, check and (all or nothing, unless ``good_rows_only``) save the organisations in ``path``."""
    from app.store.organisations import add_organisations, name_keys

    sheet = read_sheet(path, should_stop)
    if should_stop is not None and should_stop():
        return ImportResult(len(sheet.rows), cancelled=True)
    with store.session() as session:
        existing = name_keys(session)
    good, problems, skipped, stopped = check_rows(sheet, existing, progress, should_stop)
    result = ImportResult(len(sheet.rows), (), tuple(problems), tuple(skipped), tuple(sheet.ignored), stopped,
                          len(good))
    if stopped or (problems and not good_rows_only) or not good:
        return result
    with store.session() as session:
        # Checked again inside the saving transaction: another window may have added one meanwhile.
        now_listed = name_keys(session)
        fresh = [d for d in good if d.name_key not in now_listed]
        added = add_organisations(session, store.device_id, fresh)
    return ImportResult(len(sheet.rows), tuple(a.id for a in added), tuple(problems), tuple(skipped),
                        tuple(sheet.ignored), good_rows=len(good))
