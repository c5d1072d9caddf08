"""The event report from the GUI: Report… on the event page, progress with Cancel, preview, save; and across events."""

from __future__ import annotations

import datetime as dt
import io
import threading
import uuid
from pathlib import Path

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.store.events import add_event
from app.store.responses import submit_response
from app.store.survey_library import load_library
from app.ui.reports.desk import ReportPreview
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens

RATINGS = ("very_good", "very_good", "good", "good", "neither", "poor", "dont_know")  # 57% positive, 14% negative


def add(window: MainWindow, name: str, day: dt.date, ratings: tuple[str, ...] = RATINGS) -> str:
    store = window.store
    fft = load_library(store.paths.surveys).surveys["fft"]
    with store.session() as session:
        event_id = add_event(session, store.device_id, validate_event(
            {"name": name, "kind": "outreach-stall", "event_date": day.isoformat()})).id
        for rating in ratings:
            submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=event_id,
                            surveys={"fft": fft}, answers={"fft": {"fft_rating": rating}}, mode=ResponseMode.KIOSK,
                            language="en")
    return event_id


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def open_event(window: MainWindow, qtbot, name: str = "Health stall, Ashford") -> str:
    event_id = add(window, name, dt.date.today() - dt.timedelta(days=3))
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        window.open_event(event_id)
    return event_id


def make_from_page(window: MainWindow, qtbot) -> ReportPreview:
    with qtbot.waitSignal(window.reports.sig_preview_shown, timeout=60_000) as shown:
        qtbot.mouseClick(button(window.event_page, "Report"), Qt.MouseButton.LeftButton)
    preview = shown.args[0]
    assert isinstance(preview, ReportPreview) and preview.isVisible()
    return preview


def test_report_button_previews_the_event_report_and_saves_it(window: MainWindow, qtbot, tmp_path: Path,
                                                             monkeypatch) -> None:
    open_event(window, qtbot)
    preview = make_from_page(window, qtbot)
    text = pdf_text(preview.pdf)
    assert "Health stall, Ashford" in text
    assert "57%" in text and "14%" in text
    assert window.store.side.running, "made in a process of its own, so the window and the kiosk keep Python"
    qtbot.waitUntil(lambda: preview.preview.page.pixmap() is not None and not preview.preview.page.pixmap().isNull(),
                    timeout=20_000)
    assert "Page 1 of" in find(preview, "Page shown").text()

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "stall report"  # the .pdf is added when left off
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), "PDF files (*.pdf)"))
    with qtbot.waitSignal(preview.sig_done, timeout=20_000) as done:
        qtbot.mouseClick(button(preview, "Save as PDF"), Qt.MouseButton.LeftButton)
    assert done.args == ["The report was saved to “stall report.pdf”."]
    saved = folder / "stall report.pdf"
    assert saved.read_bytes() == preview.pdf
    assert "57%" in pdf_text(saved.read_bytes())
    assert [p.name for p in folder.iterdir()] == ["stall report.pdf"]  # no temporary file left beside it
    preview.reject()


def test_cancel_stops_the_report_and_nothing_is_shown_or_saved(window: MainWindow, qtbot, tmp_path: Path,
                                                               monkeypatch) -> None:
    import app.store.reports as reports

    open_event(window, qtbot)
    gate = threading.Event()
    real = reports.local_report

    def slow(store, selection, **options):
        gate.wait(20)  # holds the worker until the person has pressed Cancel
        return real(store, selection, **options)

    monkeypatch.setattr(reports, "local_report", slow)
    shown: list[object] = []
    window.reports.sig_preview_shown.connect(shown.append)
    qtbot.mouseClick(button(window.event_page, "Report"), Qt.MouseButton.LeftButton)
    progress = window.reports.progress
    assert progress is not None and progress.isVisible()
    assert not button(window.event_page, "Report").isEnabled()  # one report at a time
    with qtbot.waitSignal(window.reports.sig_cancelled, timeout=20_000):
        qtbot.mouseClick(button(progress, "Cancel"), Qt.MouseButton.LeftButton)
        gate.set()
    assert shown == []
    assert window.reports.progress is None
    assert button(window.event_page, "Report").isEnabled()
    assert list(tmp_path.rglob("*.pdf")) == []


def test_report_across_events_covers_the_ticked_events_only(window: MainWindow, qtbot) -> None:
    today = dt.date.today()
    add(window, "Spring fair, Margate", today - dt.timedelta(days=20), ("very_good", "poor"))
    add(window, "Library stall, Dartford", today - dt.timedelta(days=10), ("good", "good", "very_poor"))
    add(window, "PPG open day, Folkestone", today - dt.timedelta(days=5), ("poor",))
    add(window, "Long ago, Canterbury", today - dt.timedelta(days=400), ("good",))

    def choose(dialog) -> None:
        qtbot.waitUntil(lambda: dialog.events.count() == 3)  # the event 400 days ago is outside the dates
        assert find(dialog, "Events chosen").text() == "3 of 3 events ticked."
        assert not find(dialog, "The central database").isEnabled()  # no central address set
        for i in range(dialog.events.count()):
            item = dialog.events.item(i)
            if "Folkestone" in item.text():
                item.setCheckState(Qt.CheckState.Unchecked)
        assert find(dialog, "Events chosen").text() == "2 of 3 events ticked."
        qtbot.mouseClick(button(dialog, "Make report"), Qt.MouseButton.LeftButton)

    when_dialog_opens(choose)
    with qtbot.waitSignal(window.reports.sig_preview_shown, timeout=60_000) as shown:
        window.report_across_action.trigger()
    text = pdf_text(shown.args[0].pdf)
    assert "Spring fair, Margate" in text and "Library stall, Dartford" in text
    assert "Folkestone" not in text and "Canterbury" not in text
    # 3 positive and 2 negative of the 5 FFT answers at the two ticked events.
    assert "60%" in text and "40%" in text
    assert window.reports.last_range == (today - dt.timedelta(days=90), today)
    shown.args[0].reject()


def test_a_central_database_that_cannot_be_reached_is_said_plainly(window: MainWindow, qtbot, monkeypatch) -> None:
    add(window, "Spring fair, Margate", dt.date.today() - dt.timedelta(days=2))
    window.settings.set("central_url", "postgresql://postgres@127.0.0.1:9/involve")  # nothing listens on port 9
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warned.append((title, text)))

    def choose(dialog) -> None:
        qtbot.waitUntil(lambda: dialog.events.count() == 1)
        central = find(dialog, "The central database")
        assert central.isEnabled()
        central.setChecked(True)
        qtbot.mouseClick(button(dialog, "Make report"), Qt.MouseButton.LeftButton)

    when_dialog_opens(choose)
    with qtbot.waitSignal(window.reports.sig_failed, timeout=20_000):
        window.report_across_action.trigger()
    assert len(warned) == 1 and warned[0][0] == "No report"
    assert warned[0][1].startswith("127.0.0.1 was found, but nothing is answering at 127.0.0.1:")


def test_a_report_that_cannot_be_made_says_why_in_plain_words(window: MainWindow, qtbot, monkeypatch) -> None:
    from app.store.errors import NotFound

    open_event(window, qtbot)
    import app.store.reports as reports

    def gone(_store, _selection, **_options):
        raise NotFound("That event no longer exists, so there is nothing to report.")

    monkeypatch.setattr(reports, "local_report", gone)
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warned.append((title, text)))
    with qtbot.waitSignal(window.reports.sig_failed, timeout=20_000):
        qtbot.mouseClick(button(window.event_page, "Report"), Qt.MouseButton.LeftButton)
    assert warned == [("No report", "That event no longer exists, so there is nothing to report.")]
    assert button(window.event_page, "Report").isEnabled()


def test_report_across_events_from_the_central_database(window: MainWindow, qtbot, tmp_path: Path) -> None:
    """Every laptop's synced events, as commissioners see them: here another laptop's, not yet this one's."""
    from app.store.paths import DataPaths
    from app.store.store import Store
    from sync.connection import target_from
    from sync.runner import run_sync
    from tests.sync.conftest import make_central

    url, _drop = make_central("sqlite", tmp_path)
    other = Store.open(DataPaths(tmp_path / "other-laptop"))
    try:
        fft = load_library(other.paths.surveys).surveys["fft"]
        with other.session() as session:
            theirs = add_event(session, other.device_id, validate_event(
                {"name": "Winter vaccines stall, Deal", "kind": "outreach-stall",
                 "event_date": (dt.date.today() - dt.timedelta(days=4)).isoformat()})).id
            for rating in ("very_good", "very_good", "good", "very_poor"):
                submit_response(session, response_id=str(uuid.uuid4()), device_id=other.device_id, event_id=theirs,
                                surveys={"fft": fft}, answers={"fft": {"fft_rating": rating}},
                                mode=ResponseMode.STAFF, language="en")
        assert run_sync(other, target_from(url)).outcome == "ok"
    finally:
        other.close()
    add(window, "Spring fair, Margate", dt.date.today() - dt.timedelta(days=2))  # on this laptop, not synced
    window.settings.set("central_url", url)

    def choose(dialog) -> None:
        qtbot.waitUntil(lambda: dialog.events.count() == 1)
        find(dialog, "The central database").setChecked(True)
        qtbot.mouseClick(button(dialog, "Make report"), Qt.MouseButton.LeftButton)

    when_dialog_opens(choose)
    with qtbot.waitSignal(window.reports.sig_preview_shown, timeout=60_000) as shown:
        window.report_across_action.trigger()
    text = pdf_text(shown.args[0].pdf)
    assert "Winter vaccines stall, Deal" in text and "Spring fair" not in text
    assert "75%" in text and "25%" in text and "central database" in text
    shown.args[0].reject()


def test_ctrl_shift_r_makes_the_report_of_the_event_on_show(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    window.activateWindow()
    with qtbot.waitSignal(window.reports.sig_preview_shown, timeout=60_000) as shown, \
            qtbot.waitSignal(window.event_page.sig_report) as asked:
        qtbot.keyClick(window.event_page, Qt.Key.Key_R,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked.args == [event_id]
    shown.args[0].reject()
