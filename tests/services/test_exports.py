"""One export for both front ends: refusals before anything is read, then the file and its counts,
with progress and Cancel."""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path

import openpyxl
import pytest

from app.core.responses import ResponseMode
from app.documents.exports import ExportFormat, ExportWhat
from app.services.exports import ExportCancelled, ExportRefused, check_export, export_event
from app.store.demo import seed_demo
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library
from tests.documents.export_sample import EXPECTED, sample_event, workbook_cells


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


def test_the_workbook_holds_exactly_what_it_held_before_exports_were_streamed(store: Store, tmp_path: Path) -> None:
    """Every cell of every sheet, and whether it is text or a number, as the export wrote it
    when it read all rows first and typed each text cell itself (tests/data/export-sample.json)."""
    event_id = sample_event(store)
    out = tmp_path / "sample.xlsx"
    export_event(store, event_id, out, ExportFormat.XLSX, ExportWhat.default(ExportFormat.XLSX))
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert workbook_cells(out) == expected


def _busy_event(store: Store, responses: int = 1200) -> str:
    return seed_demo(store, load_library(store.paths.surveys).surveys, events=1, responses=responses,
                     seed=5).event_ids[0]


def test_progress_counts_the_rows_written_up_to_the_total(store: Store, tmp_path: Path) -> None:
    event_id = _busy_event(store)
    heard: list[tuple[int, int]] = []
    exported = export_event(store, event_id, tmp_path / "busy.xlsx", ExportFormat.XLSX,
                            ExportWhat.default(ExportFormat.XLSX),
                            progress=lambda done, total: heard.append((done, total)))
    total = sum(exported.counts.values())
    assert exported.counts["Responses"] == 1200
    assert {t for _done, t in heard} == {total}
    done = [d for d, _total in heard]
    assert done == sorted(done) and len(done) >= 3 and done[-1] == total


def test_cancel_leaves_no_file_anywhere_and_the_store_works_on(store: Store, tmp_path: Path, monkeypatch) -> None:
    """Nothing beside the file asked for, and none of openpyxl's own temporary files (the
    rows so far) left in the system's temporary folder until the app closes."""
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    event_id = _busy_event(store)
    folder = tmp_path / "exports"
    folder.mkdir()
    heard: list[int] = []
    with pytest.raises(ExportCancelled):
        export_event(store, event_id, folder / "busy.xlsx", ExportFormat.XLSX, ExportWhat.default(ExportFormat.XLSX),
                     progress=lambda done, _total: heard.append(done), cancelled=lambda: bool(heard))
    assert heard == [500]  # stopped at the next look, part-way through the responses
    assert list(folder.iterdir()) == [] and list(system_temp.iterdir()) == []

    fft = load_library(store.paths.surveys).surveys["fft"]
    with store.session() as session:
        assert submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=event_id,
                               surveys={"fft": fft}, answers={"fft": {"fft_rating": "good"}},
                               mode=ResponseMode.KIOSK, language="en")
    exported = export_event(store, event_id, folder / "busy.csv", ExportFormat.CSV, [ExportWhat.RESPONSES])
    assert exported.counts == {"Responses": 1201}
    assert (folder / "busy.csv").stat().st_mode & 0o777 == 0o600
