"""Programmes and decisions in the desktop app: add one by typing, link an event and an action,
unlink, record what changed, remove; and the evidence pack made from the window, previewed as a
PDF or saved as XLSX, and cancelled."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pypdf
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
)

from app.core.actions import validate_action
from app.core.events import validate_event
from app.store import actions
from app.store.events import add_event
from app.ui.programmes.desk import EvidencePreview, ProgrammesDesk
from app.ui.programmes.evidence_dialog import last_financial_year
from app.ui.programmes.window import ProgrammesWindow
from app.ui.shell.main_window import MainWindow
from tests.evidence_world import FROM, TO, build_world
from tests.ui.helpers import button, find, when_dialog_opens

SHOTS = Path(os.environ["INVOLVE_SHOTS"]) if os.environ.get("INVOLVE_SHOTS") else None


def shot(widget, name: str) -> None:
    if SHOTS is not None:
        widget.grab().save(str(SHOTS / f"{name}.png"))


def make_desk(window: MainWindow) -> ProgrammesDesk:
    return ProgrammesDesk(window.workspace, window.event_page, window)


def open_programmes(desk: ProgrammesDesk, qtbot) -> ProgrammesWindow:
    with qtbot.waitSignal(desk.sig_window_open, timeout=10_000) as opened:
        desk.open_programmes()
    programmes_window = opened.args[0]
    qtbot.waitUntil(lambda: not programmes_window.tasks.busy, timeout=10_000)
    return programmes_window


def rows(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def seed(window: MainWindow) -> dict[str, str]:
    store = window.store
    with store.session() as session:
        fair = add_event(session, store.device_id, validate_event(
            {"name": "Spring health fair", "kind": "community-event", "event_date": "2026-04-14"})).id
        add_event(session, store.device_id, validate_event(
            {"name": "Market stall", "kind": "outreach-stall", "event_date": "2026-05-02"}))
        action = actions.add_action(session, store.device_id, validate_action(
            {"event_id": fair, "you_said": "The bus stops too far away", "we_will": "Ask for a nearer stop",
             "status": "done", "what_done": "The 12 now stops at the door", "done_on": "2026-06-01"},
            today=dt.date(2026, 7, 1))).id
    return {"fair": fair, "action": action}


def page_ready(programmes_window: ProgrammesWindow, qtbot, trigger) -> None:
    with qtbot.waitSignal(programmes_window.sig_page_shown, timeout=10_000):
        trigger()


def test_a_programme_from_start_to_finish(open_window, qtbot, monkeypatch) -> None:
    window = open_window()
    seeded = seed(window)
    desk = make_desk(window)
    programmes_window = open_programmes(desk, qtbot)
    assert "None yet" in find(programmes_window, "How many programmes", QLabel).text()
    assert not button(programmes_window, "Edit programme").isEnabled()

    def fill(dialog: QDialog) -> None:
        qtbot.mouseClick(button(dialog, "Save programme"), Qt.MouseButton.LeftButton)
        assert find(dialog, "Problem with Name", QLabel).text() == "Give the programme or decision a name."
        type_into(qtbot, find(dialog, "Name", QLineEdit), "Urgent care redesign")
        type_into(qtbot, find(dialog, "Decision it informs", QPlainTextEdit), "Where the new centre goes")
        duty = find(dialog, "Involvement duty", QComboBox)
        duty.setCurrentIndex(duty.findText("The duty applied"))
        type_into(qtbot, find(dialog, "Why it applied or not", QPlainTextEdit), "A substantial change")
        start, end = find(dialog, "Start date", QDateEdit), find(dialog, "End date", QDateEdit)
        assert not start.isEnabled() and not end.isEnabled(), "no dates until they are given"
        for name in ("No start date", "No end date"):
            qtbot.mouseClick(button(dialog, name), Qt.MouseButton.LeftButton)
        start.setDate(QDate(2026, 4, 1))
        end.setDate(QDate(2026, 3, 1))
        qtbot.mouseClick(button(dialog, "Save programme"), Qt.MouseButton.LeftButton)
        assert find(dialog, "Problem with End date", QLabel).text() == (
            "The end date is before the start date; check both.")
        end.setDate(QDate(2027, 3, 31))
        shot(dialog, "programme-dialog")
        qtbot.mouseClick(button(dialog, "Save programme"), Qt.MouseButton.LeftButton)

    when_dialog_opens(fill)
    page_ready(programmes_window, qtbot, lambda: qtbot.mouseClick(button(programmes_window, "Add programme"),
                                                                  Qt.MouseButton.LeftButton))
    listing = find(programmes_window, "Programmes", QListWidget)
    assert listing.item(0).text() == "Urgent care redesign\nInvolvement duty applied\n1 Apr 2026 to 31 Mar 2027"
    assert programmes_window.title.text() == "Urgent care redesign"
    assert find(programmes_window, "Decision", QLabel).text() == "Where the new centre goes"
    assert find(programmes_window, "What changed", QLabel).text() == "Not recorded yet"

    # Link an event: the list narrows as one types.
    def pick_event(dialog: QDialog) -> None:
        choices = find(dialog, "Events", QListWidget)
        qtbot.waitUntil(lambda: choices.count() == 2, timeout=10_000)
        type_into(qtbot, find(dialog, "Find", QLineEdit), "spring")
        assert [choices.item(i).text() for i in range(choices.count())] == ["14 Apr 2026 · Spring health fair"]
        qtbot.mouseClick(button(dialog, "Link"), Qt.MouseButton.LeftButton)

    when_dialog_opens(pick_event)
    page_ready(programmes_window, qtbot, lambda: qtbot.mouseClick(button(programmes_window, "Link event"),
                                                                  Qt.MouseButton.LeftButton))
    assert rows(find(programmes_window, "Linked events", QTableWidget)) == [
        ["14 Apr 2026", "Spring health fair", "0", "0"]]

    def pick_action(dialog: QDialog) -> None:
        choices = find(dialog, "Actions", QListWidget)
        qtbot.waitUntil(lambda: choices.count() == 1, timeout=10_000)
        qtbot.mouseClick(button(dialog, "Link"), Qt.MouseButton.LeftButton)

    when_dialog_opens(pick_action)
    page_ready(programmes_window, qtbot, lambda: qtbot.mouseClick(button(programmes_window, "Link action"),
                                                                  Qt.MouseButton.LeftButton))
    linked_actions = find(programmes_window, "Linked actions", QTableWidget)
    assert rows(linked_actions) == [["Ask for a nearer stop", "Done", "The 12 now stops at the door"]]
    assert find(programmes_window, "Reach", QLabel).text() == (
        "1 event, 0 responses and 0 sign-ups at its events; 0 activities in members' logs (0 hours)")

    # Unlink the event: choose its row, then Unlink.
    linked_events = find(programmes_window, "Linked events", QTableWidget)
    assert not button(programmes_window, "Unlink").isEnabled()
    linked_events.selectRow(0)
    page_ready(programmes_window, qtbot, lambda: qtbot.mouseClick(button(programmes_window, "Unlink"),
                                                                  Qt.MouseButton.LeftButton))
    assert rows(linked_events) == [] and len(rows(linked_actions)) == 1
    assert find(programmes_window, "What was done", QLabel).text() == "Unlinked from “Urgent care redesign”."

    # Record what changed and the feedback given.
    def edit(dialog: QDialog) -> None:
        assert find(dialog, "Name", QLineEdit).text() == "Urgent care redesign"
        assert find(dialog, "Start date", QDateEdit).date() == QDate(2026, 4, 1)
        assert find(dialog, "End date", QDateEdit).date() == QDate(2027, 3, 31)
        assert find(dialog, "End date", QDateEdit).isEnabled(), "a known date is shown, not greyed out"
        type_into(qtbot, find(dialog, "What changed", QPlainTextEdit), "The centre stays on a bus route")
        type_into(qtbot, find(dialog, "Feedback given", QPlainTextEdit), "Letters to all who took part")
        qtbot.mouseClick(button(dialog, "Save programme"), Qt.MouseButton.LeftButton)

    when_dialog_opens(edit)
    page_ready(programmes_window, qtbot, lambda: qtbot.mouseClick(button(programmes_window, "Edit programme"),
                                                                  Qt.MouseButton.LeftButton))
    assert find(programmes_window, "What changed", QLabel).text() == "The centre stays on a bus route"
    assert find(programmes_window, "Feedback given", QLabel).text() == "Letters to all who took part"
    shot(programmes_window, "programmes-window")

    # Remove, after saying yes.
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    page_ready(programmes_window, qtbot, lambda: qtbot.mouseClick(button(programmes_window, "Remove programme"),
                                                                  Qt.MouseButton.LeftButton))
    assert listing.count() == 0 and programmes_window.page is None
    from app.store.actions import get_action

    with window.store.session() as session:  # the action itself stays
        assert get_action(session, seeded["action"]).details.we_will == "Ask for a nearer stop"


def test_the_evidence_pack_from_the_window_as_pdf_then_xlsx(open_window, qtbot, tmp_path, monkeypatch) -> None:
    import datetime as dt

    from app.services import evidence_pack

    monkeypatch.setattr(evidence_pack, "today", lambda: dt.date(2027, 4, 20))  # the year is over: all held
    window = open_window()
    build_world(window.store)
    desk = make_desk(window)
    programmes_window = open_programmes(desk, qtbot)
    assert find(programmes_window, "Programmes", QListWidget).count() == 5

    def choose(dialog: QDialog) -> None:
        start, end = find(dialog, "From", QDateEdit), find(dialog, "To", QDateEdit)
        start.setDate(QDate(FROM.year, FROM.month, FROM.day))
        end.setDate(QDate(2026, 1, 1))
        assert not button(dialog, "Make evidence pack").isEnabled()
        assert find(dialog, "Problem with the dates", QLabel).text() == "The end date is before the start date."
        end.setDate(QDate(TO.year, TO.month, TO.day))
        shot(dialog, "evidence-dialog")
        qtbot.mouseClick(button(dialog, "Make evidence pack"), Qt.MouseButton.LeftButton)

    saved_to = tmp_path / "pack.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(saved_to), ""))
    when_dialog_opens(choose)
    with qtbot.waitSignal(desk.sig_preview_shown, timeout=30_000) as shown:
        qtbot.mouseClick(button(programmes_window, "Evidence pack"), Qt.MouseButton.LeftButton)
    preview = shown.args[0]
    assert isinstance(preview, EvidencePreview)
    assert preview.windowTitle() == "Evidence pack: Public involvement evidence pack, 1 April 2026 to 31 March 2027"
    qtbot.waitUntil(lambda: preview.preview.page.pixmap() is not None
                    and not preview.preview.page.pixmap().isNull(), timeout=10_000)
    shot(preview, "evidence-preview")
    with qtbot.waitSignal(preview.sig_done, timeout=10_000):
        qtbot.mouseClick(button(preview, "Save as PDF"), Qt.MouseButton.LeftButton)
    preview.close()
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(saved_to).pages)
    assert "Northshire Health Voices held 2 engagement events, with 9 pieces of feedback and 2 sign-ups" in text
    assert "Co-produce 2 <5 3.5" in text

    # The workbook: asked where, then written.
    workbook = tmp_path / "pack.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(tmp_path / "pack"), ""))

    def as_xlsx(dialog: QDialog) -> None:
        assert find(dialog, "From", QDateEdit).date() == QDate(2026, 4, 1)  # the dates chosen last time
        find(dialog, "XLSX workbook", QRadioButton).setChecked(True)
        qtbot.mouseClick(button(dialog, "Make evidence pack"), Qt.MouseButton.LeftButton)

    when_dialog_opens(as_xlsx)
    with qtbot.waitSignal(desk.sig_written, timeout=30_000):
        qtbot.mouseClick(button(programmes_window, "Evidence pack"), Qt.MouseButton.LeftButton)
    assert openpyxl.load_workbook(workbook)["Levels"]["B6"].value == 2
    assert find(programmes_window, "What was done", QLabel).text() == "The evidence pack was saved to “pack.xlsx”."


def test_cancelling_the_evidence_pack_shows_and_saves_nothing(open_window, qtbot, tmp_path) -> None:
    window = open_window()
    build_world(window.store)
    desk = make_desk(window)
    folder = tmp_path / "out"
    folder.mkdir()
    for out in (folder / "pack.xlsx", None):  # a workbook, and a PDF to preview
        with qtbot.waitSignal(desk.sig_cancelled, timeout=30_000):
            desk.make(FROM, TO, out=out)
            assert desk.progress is not None and desk.progress.isVisible()
            qtbot.mouseClick(button(desk.progress, "Cancel"), Qt.MouseButton.LeftButton)
        assert desk.progress is None and not desk.running
    assert list(folder.iterdir()) == []


def test_the_last_financial_year() -> None:
    assert last_financial_year(dt.date(2027, 4, 20)) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert last_financial_year(dt.date(2027, 3, 31)) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert last_financial_year(dt.date(2027, 4, 1)) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))


def test_long_choices_to_link_wrap_rather_than_scroll_sideways(window: MainWindow, qtbot) -> None:
    from app.ui.programmes.link_dialog import CHOICE_CHARS, LinkDialog

    dialog = LinkDialog(window, store=window.store, tasks=window.tasks, kind="action", programme="Urgent care",
                        linked=frozenset())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.status.text()) and dialog.status.text() != "Reading…", timeout=10_000)
    long = ("Publish the extended-hours rota on each practice's website and in the newsletter " * 2)[:CHOICE_CHARS]
    dialog._loaded([("a1", long), ("a2", "Ask for a nearer stop · Done")])
    dialog.show()
    qtbot.waitExposed(dialog)
    choices = dialog.list
    assert choices.horizontalScrollBar().maximum() == 0
    first = choices.visualItemRect(choices.item(0))
    assert first.right() <= choices.viewport().width() and first.height() > choices.visualItemRect(
        choices.item(1)).height()  # on two lines
