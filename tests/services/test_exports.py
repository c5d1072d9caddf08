"""One export for both front ends: refusals before anything is read, then the file and its counts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.documents.exports import ExportFormat, ExportWhat
from app.services.exports import ExportRefused, check_export, export_event
from app.store.demo import seed_demo
from app.store.store import Store
from app.store.survey_library import load_library


@pytest.mark.parametrize(("name", "fmt", "what", "words"), [
    ("out.csv", ExportFormat.XLSX, [ExportWhat.RESPONSES], "must name a .xlsx file"),
    ("missing/out.csv", ExportFormat.CSV, [ExportWhat.RESPONSES], "does not exist"),
    ("out.csv", ExportFormat.CSV, [ExportWhat.SUMMARY], "use --format xlsx"),
])
def test_what_cannot_be_written_is_refused_first(tmp_path: Path, name: str, fmt: ExportFormat,
                                                 what: list[ExportWhat], words: str) -> None:
    with pytest.raises(ExportRefused, match=words):
        check_export(tmp_path / name, fmt, what)


def test_an_event_exports_by_a_start_of_its_id(store: Store, tmp_path: Path) -> None:
    summary = seed_demo(store, load_library(store.paths.surveys).surveys, events=1, responses=12, seed=3)
    event_id = summary.event_ids[0]
    out = tmp_path / "event.xlsx"
    exported = export_event(store, event_id[:8], out, ExportFormat.XLSX, ExportWhat.default(ExportFormat.XLSX))
    assert exported.event_id == event_id
    assert exported.counts["Responses"] == 12
    assert openpyxl.load_workbook(out)["Responses"].max_row == 13
