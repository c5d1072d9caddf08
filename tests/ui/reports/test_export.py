"""Exporting from the event page: choosing Excel or CSV, the work off the store's queue with progress and
Cancel, a plain message."""

from __future__ import annotations

import csv
import datetime as dt
import threading
import uuid
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.core.signups import ConsentMethod, validate_signup
from app.store import actions, people
from app.store.events import add_event
from app.store.responses import submit_response
from app.store.survey_library import load_library
from app.ui.reports.export_desk import export_choices
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button

COMMENTS = ["=HYPERLINK(\"http://evil.example\")", "Friendly, \"quick\" and kind 😀", "שירות מצוין"]


def open_seeded_event(window: MainWindow, qtbot) -> str:
    store = window.store
    fft = load_library(store.paths.surveys).surveys["fft"]
    with store.session() as session:
        record = add_event(session, store.device_id, validate_event(
            {"name": "Spring fair: Town/Hall", "kind": "community-event", "event_date": "2026-04-14"}))
        for comment in COMMENTS:
            submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=record.id,
                            surveys={"fft": fft}, answers={"fft": {"fft_rating": "good", "fft_comment": comment}},
                            mode=ResponseMode.STAFF, language="en")
        people.save_signup(session, store.device_id, validate_signup(
            {"name": "Ann Smith", "email": "ann@example.org", "interests": ["newsletter"],
             "contact_method": "email"}), people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF),
            event_id=record.id)
        actions.add_action(session, store.device_id, validate_action(
            {"event_id": record.id, "you_said": "@Parking is hard", "we_will": "Ask the council"},
            today=dt.date(2026, 5, 1)))
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        window.open_event(record.id)
    return record.id


def choose(monkeypatch, target: Path, kind: int, asked: list[str] | None = None) -> None:
    def save_as(_parent, _title, suggested, filters):
        if asked is not None:
            asked.append(suggested)
        assert filters.split(";;") == list(export_choices())
        return str(target), list(export_choices())[kind]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)


def capture_messages(monkeypatch) -> list[tuple[str, str, str]]:
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: shown.append(("info", title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append(("warning", title, text)))
    return shown


def test_export_an_excel_workbook_from_the_event_page(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    open_seeded_event(window, qtbot)
    asked: list[str] = []
    choose(monkeypatch, tmp_path / "fair", 0, asked)  # the suffix is added when left off
    shown = capture_messages(monkeypatch)
    export = button(window.event_page, "Export")
    with qtbot.waitSignal(window.exports.sig_exported, timeout=20_000):
        qtbot.mouseClick(export, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    assert Path(asked[0]).name == "Spring fair Town Hall 2026-04-14.xlsx"
    out = tmp_path / "fair.xlsx"
    assert shown == [("info", "Exported", f"Saved {out} (Responses: 3 rows; Sign-ups: 1 row; Actions: 1 row). It "
                      "holds people's contact details: keep it on secure storage and delete it when done.")]
    assert export.isEnabled()
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Responses", "Sign-ups", "Actions"]
    assert [c.value for c in book["Actions"][2]][3:5] == ["'@Parking is hard", "Ask the council"]
    sheet = book["Responses"]
    header = [c.value for c in sheet[1]]
    column = next(i for i, h in enumerate(header) if h.endswith("[fft.fft_comment]"))
    comments = sorted(row[column] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert comments == sorted(["'" + COMMENTS[0], *COMMENTS[1:]])
    assert [row[0] for row in book["Sign-ups"].iter_rows(min_row=2, values_only=True)] == ["Ann Smith"]


def test_export_responses_as_csv(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    open_seeded_event(window, qtbot)
    out = tmp_path / "responses.csv"
    choose(monkeypatch, out, 1)
    shown = capture_messages(monkeypatch)
    with qtbot.waitSignal(window.exports.sig_exported, timeout=20_000):
        qtbot.mouseClick(button(window.event_page, "Export"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("info", "Exported", f"Saved {out} (Responses: 3 rows).")]
    with out.open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 4


def test_export_actions_as_csv(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    open_seeded_event(window, qtbot)
    out = tmp_path / "actions.csv"
    choose(monkeypatch, out, 3)
    shown = capture_messages(monkeypatch)
    with qtbot.waitSignal(window.exports.sig_exported, timeout=20_000):
        qtbot.mouseClick(button(window.event_page, "Export"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("info", "Exported", f"Saved {out} (Actions: 1 row).")]
    with out.open(encoding="utf-8-sig", newline="") as f:
        header, row = list(csv.reader(f))
    assert header[3:5] == ["You said", "We will"] and row[3:5] == ["'@Parking is hard", "Ask the council"]


def test_a_folder_that_is_gone_is_said_plainly_and_nothing_is_written(window: MainWindow, qtbot, tmp_path,
                                                                       monkeypatch) -> None:
    open_seeded_event(window, qtbot)
    out = tmp_path / "gone" / "signups.csv"
    choose(monkeypatch, out, 2)
    shown = capture_messages(monkeypatch)
    qtbot.mouseClick(button(window.event_page, "Export"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    [(kind, title, text)] = shown
    assert (kind, title) == ("warning", "Not exported")
    assert text.startswith(f"{out} could not be saved: ") and "Nothing was written" in text
    assert not (tmp_path / "gone").exists()
    assert button(window.event_page, "Export").isEnabled()


def test_cancelling_the_file_dialog_does_nothing(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    open_seeded_event(window, qtbot)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    shown = capture_messages(monkeypatch)
    qtbot.mouseClick(button(window.event_page, "Export"), Qt.MouseButton.LeftButton)
    assert shown == [] and not window.exports.running
    assert list(tmp_path.iterdir()) == [tmp_path / "gui-data"]


def _seed_busy_event(window: MainWindow, qtbot, responses: int = 600) -> str:
    from app.store.demo import seed_demo

    store = window.store
    event_id = seed_demo(store, load_library(store.paths.surveys).surveys, events=1, responses=responses,
                         seed=7).event_ids[0]
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        window.open_event(event_id)
    return event_id


class HeldExport:
    """The export as the app runs it, held until released: as it starts, or at its first
    progress report (once 500 rows are written)."""

    def __init__(self, monkeypatch, *, at_start: bool = False) -> None:
        from app.services import exports

        self.reported = threading.Event()
        self.release = threading.Event()
        real = exports.export_event

        def hold() -> None:
            self.reported.set()
            self.release.wait(30)

        def held(*args, **kwargs):
            if at_start:
                hold()
                return real(*args, **kwargs)
            progress = kwargs.pop("progress")

            def report(done: int, total: int) -> None:
                progress(done, total)
                hold()

            return real(*args, progress=report, **kwargs)

        monkeypatch.setattr(exports, "export_event", held)


def test_a_kiosk_save_goes_through_while_an_export_is_being_written(window: MainWindow, qtbot, tmp_path,
                                                                     monkeypatch) -> None:
    event_id = _seed_busy_event(window, qtbot)
    out = tmp_path / "busy.xlsx"
    choose(monkeypatch, out, 0)
    capture_messages(monkeypatch)
    held = HeldExport(monkeypatch, at_start=True)
    qtbot.mouseClick(button(window.event_page, "Export"), Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(held.reported.is_set, timeout=20_000)
        store, saved = window.store, []
        fft = load_library(store.paths.surveys).surveys["fft"]
        # The kiosk's own way to save: one session on the store's queue.
        window.workspace.tasks.run_in_session(
            store, submit_response, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=event_id,
            surveys={"fft": fft}, answers={"fft": {"fft_rating": "good"}}, mode=ResponseMode.KIOSK, language="en",
            on_success=saved.append)
        qtbot.waitUntil(lambda: saved == [True], timeout=5_000)
        assert window.exports.running and not out.exists()
    finally:
        held.release.set()
    with qtbot.waitSignal(window.exports.sig_exported, timeout=20_000):
        pass
    assert openpyxl.load_workbook(out)["Responses"].max_row == 602  # the heading, 600 and the one just saved


def test_cancel_in_the_progress_window_leaves_no_file(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    event_id = _seed_busy_event(window, qtbot)
    folder = tmp_path / "exports"
    folder.mkdir()
    choose(monkeypatch, folder / "busy.xlsx", 0)
    shown = capture_messages(monkeypatch)
    held = HeldExport(monkeypatch)
    windows: list = []
    window.exports.sig_progress_shown.connect(windows.append)
    qtbot.mouseClick(button(window.event_page, "Export"), Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(held.reported.is_set, timeout=20_000)
        [progress] = windows
        qtbot.waitUntil(lambda: progress.labelText() == "Written 500 of 600 rows…")
        assert (progress.value(), progress.maximum()) == (500, 600)
        with qtbot.waitSignal(window.exports.sig_cancelled, timeout=20_000):
            qtbot.mouseClick(button(progress, "Cancel"), Qt.MouseButton.LeftButton)
            held.release.set()
    finally:
        held.release.set()
    assert list(folder.iterdir()) == [] and shown == []
    assert not progress.isVisible() and button(window.event_page, "Export").isEnabled()
    with window.store.session() as session:  # the store is as usable as before
        fft = load_library(window.store.paths.surveys).surveys["fft"]
        assert submit_response(session, response_id=str(uuid.uuid4()), device_id=window.store.device_id,
                               event_id=event_id, surveys={"fft": fft}, answers={"fft": {"fft_rating": "good"}},
                               mode=ResponseMode.KIOSK, language="en")
