"""Exporting an event with 10,000 responses as XLSX and CSV vs writing the same cells bare.

The Involve side is exactly what ``involve export`` runs: read the rows from the encrypted
store, turn answers into English labels, neutralise formula text and write through
:mod:`app.documents.safe_tables` (a partial file, then a rename). The baselines write the
same finished cells, already in memory, with openpyxl's write-only workbook and the csv
module and nothing else, so the ratio is what reading, labelling and safety cost on top of
the writing any exporter pays for.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from app.documents.exports import ExportFormat, ExportWhat, responses_table, write_export
from app.store.export_rows import read_export_rows
from app.store.store import Store
from app.store.survey_library import load_library
from tests.bench.big_event import seed_big_event


def _involve(store: Store, event_id: str, surveys, out: Path, fmt: ExportFormat) -> None:
    with store.session() as session:
        rows = read_export_rows(session, event_id)
    write_export(out, rows, surveys, fmt, [ExportWhat.RESPONSES])


def _bare_xlsx(header: list[str], cells: list[list], out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append(header)
    for row in cells:
        sheet.append(row)
    book.save(out)


def _bare_csv(header: list[str], cells: list[list], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(cells)


def run(folder: Path, key, rounds: int = 3) -> dict[str, object]:
    store, event_id = seed_big_event(folder / "export-data", key)
    try:
        surveys = load_library(store.paths.surveys).surveys
        with store.session() as session:
            rows = read_export_rows(session, event_id)
        table = responses_table(rows, surveys)
        header, cells = list(table.header), [list(r) for r in table.rows]
        jobs = {
            "involve xlsx": lambda: _involve(store, event_id, surveys, folder / "involve.xlsx", ExportFormat.XLSX),
            "bare xlsx": lambda: _bare_xlsx(header, cells, folder / "bare.xlsx"),
            "involve csv": lambda: _involve(store, event_id, surveys, folder / "involve.csv", ExportFormat.CSV),
            "bare csv": lambda: _bare_csv(header, cells, folder / "bare.csv"),
        }
        times: dict[str, list[float]] = {name: [] for name in jobs}
        for _round in range(rounds):
            for name, job in jobs.items():
                began = time.perf_counter()
                job()
                times[name].append(time.perf_counter() - began)
        return {"times": times, "rows": len(cells), "columns": len(header),
                "xlsx_bytes": (folder / "involve.xlsx").stat().st_size}
    finally:
        store.close()
