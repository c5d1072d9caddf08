"""Exporting from the event page: choosing Excel or CSV, the work off the store's queue with progress and
Cancel, a plain message."""

from __future__ import annotations

import csv
import datetime as dt
import threading
import uuid
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QRadioButton

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.core.signups import ConsentMethod, validate_signup
from app.store import actions, people
from app.store.events import add_event
from app.store.responses import submit_response
from app.store.survey_library import load_library
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, click_label, find, when_dialog_opens

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


KINDS = ("everything", "responses", "signups", "actions", "summary")  # the dialog's choices, in order
LABELS = {"everything": "Everything recorded at the event", "responses": "Responses", "signups": "Sign-ups",
          "actions": "Actions", "summary": "The report's figures"}


def choose(monkeypatch, target: Path, kind: int, asked: list[str] | None = None, *, csv_file: bool | None = None,
           seen: dict | None = None) -> None:
    """Choose what to export in the export dialog (and CSV for a one-table choice when the target is
    a .csv), then ``target`` in the file dialog."""
    what = KINDS[kind]
    as_csv = target.suffix == ".csv" if csv_file is None else csv_file

    def pick(dialog) -> None:
        click_label(dialog_qtbot[0], find(dialog, LABELS[what], QRadioButton))
        if as_csv:
            click_label(dialog_qtbot[0], find(dialog, "CSV file (.csv), for one table", QRadioButton))
        if seen is not None:
            seen["personal"] = dialog.personal.isVisible()
            seen["personal text"] = dialog.personal.text()
            seen["csv enabled"] = find(dialog, "CSV file (.csv), for one table", QRadioButton).isEnabled()
        qtbot = dialog_qtbot[0]
        qtbot.mouseClick(button(dialog, "Choose where to save"), Qt.MouseButton.LeftButton)

    def save_as(_parent, _title, suggested, filters):
        if asked is not None:
            asked.append(suggested)
        if seen is not None:
            seen["filter"] = filters
            seen["warned before the file"] = seen.get("personal")
        return str(target), filters

    when_dialog_opens(pick)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)


dialog_qtbot: list = []


@pytest.fixture(autouse=True)
def _qtbot_for_dialogs(qtbot):
    dialog_qtbot[:] = [qtbot]
    yield


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
    assert Path(asked[0]).name == "Spring fair Town Hall 2026-04-14 all.xlsx"
    out = tmp_path / "fair.xlsx"
    assert shown == [("info", "Exported", f"Saved {out} (Responses: 3 rows; Sign-ups: 1 row; Actions: 1 row). "
                      "Remember: it holds people's contact details.")]
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
    choose(monkeypatch, tmp_path / "never.xlsx", 1)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    shown = capture_messages(monkeypatch)
    qtbot.mouseClick(button(window.event_page, "Export"), Qt.MouseButton.LeftButton)
    assert shown == [] and not window.exports.running
    assert list(tmp_path.iterdir()) == [tmp_path / "gui-data"]


def test_cancelling_the_choice_asks_for_no_file(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    open_seeded_event(window, qtbot)
    asked: list = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: asked.append(args) or ("", ""))
    when_dialog_opens(lambda dialog: qtbot.mouseClick(button(dialog, "Cancel"), Qt.MouseButton.LeftButton))
    qtbot.mouseClick(button(window.event_page, "Export"), Qt.MouseButton.LeftButton)
    assert asked == [] and not window.exports.running


def test_what_to_export_is_chosen_in_words_and_personal_data_is_warned_of_before_the_file(
        window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    open_seeded_event(window, qtbot)
    out = tmp_path / "people.csv"
    seen: dict = {}
    choose(monkeypatch, out, KINDS.index("signups"), seen=seen)
    shown = capture_messages(monkeypatch)
    with qtbot.waitSignal(window.exports.sig_exported, timeout=20_000):
        qtbot.mouseClick(button(window.event_page, "Export"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    assert seen["warned before the file"] is True
    assert seen["personal text"].startswith("This file will hold people's names and contact details.")
    assert seen["filter"] == "CSV file (*.csv)"  # the file dialog asks only where, not what
    assert shown[0][2].startswith(f"Saved {out} (Sign-ups: 1 row).")


def test_a_workbook_only_choice_offers_no_csv_and_anonymous_data_no_warning(window: MainWindow, qtbot) -> None:
    from app.ui.reports.export_dialog import ExportChoiceDialog

    dialog = ExportChoiceDialog(window, "Spring fair")
    qtbot.addWidget(dialog)
    dialog.show()
    csv_choice = find(dialog, "CSV file (.csv), for one table", QRadioButton)
    assert dialog.personal.isVisible() and not csv_choice.isEnabled()  # everything: sign-ups included
    click_label(qtbot, find(dialog, "Responses", QRadioButton))
    assert not dialog.personal.isVisible() and csv_choice.isEnabled()
    click_label(qtbot, csv_choice)
    click_label(qtbot, find(dialog, "The report's figures", QRadioButton))
    assert not csv_choice.isEnabled() and dialog.fmt == "xlsx"


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


@pytest.mark.parametrize("size", ["normal", "larger"])
@pytest.mark.parametrize("screen", [(1366, 768), (1024, 768)], ids=["1366x768", "1024x768"])
def test_the_export_dialog_fits_a_laptop_screen_at_every_text_size(qapp, qtbot, size: str,
                                                                   screen: tuple[int, int]) -> None:
    """Every button on screen and every line readable, at the largest text on the smallest screen;
    pictures go to INVOLVE_SHOTS when it names a folder, to be looked at."""
    import os

    from PySide6.QtWidgets import QApplication, QLabel

    from app.ui.common.text_size import apply_text_size
    from app.ui.reports.export_dialog import ExportChoiceDialog
    from app.ui.shell.application import make_application

    make_application()  # the app's look, as staff see it
    before = QApplication.font()
    apply_text_size(size)
    try:
        dialog = ExportChoiceDialog(None, "Spring health fair at the Riverside Community Centre")
        qtbot.addWidget(dialog)
        width, height = screen
        dialog.resize(min(dialog.width(), int(width * 0.9)), min(dialog.height(), height - 80))
        dialog.show()
        qtbot.waitUntil(dialog.isVisible)
        assert dialog.width() <= width * 0.9 and dialog.height() <= height - 80, dialog.size()
        for push in (button(dialog, "Choose where to save"), button(dialog, "Cancel")):
            assert dialog.rect().contains(push.geometry().translated(push.parentWidget().mapTo(dialog, push.pos())
                                                                     - push.pos())), push.text()
        for label in dialog.findChildren(QLabel):
            if label.isVisible() and label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), label.text()
        warning = dialog.personal
        assert warning.isVisible() and dialog.rect().contains(
            warning.geometry().translated(warning.parentWidget().mapTo(dialog, warning.pos()) - warning.pos()))
        if os.environ.get("INVOLVE_SHOTS"):
            dialog.grab().save(str(Path(os.environ["INVOLVE_SHOTS"]) / f"export-dialog-{size}-{width}x{height}.png"))
    finally:
        QApplication.setFont(before)
