""""You said, we did" in the desktop app: add an action by typing, finish it, see it listed for the
event and across events, delete and undo, and preview the public summary."""

from __future__ import annotations

import datetime as dt
import io
import os
import uuid
from pathlib import Path

import pypdf
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDialog, QFileDialog, QLabel, QLineEdit, QPlainTextEdit

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.store import actions
from app.store.events import add_event
from app.store.responses import submit_response
from app.store.survey_library import load_library
from app.ui.actions.desk import ActionsDesk
from app.ui.actions.window import ActionsWindow
from app.ui.actions.you_said_preview import YouSaidPreview
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens

SHOTS = Path(os.environ.get("INVOLVE_SHOTS", "")) if os.environ.get("INVOLVE_SHOTS") else None
COMMENT = "Waited 40 minutes at the front desk; ring me on 07911 123456"


def shot(widget, name: str) -> None:
    """Save a picture of ``widget`` when INVOLVE_SHOTS names a folder (to look at the screens)."""
    if SHOTS is not None:
        widget.grab().save(str(SHOTS / f"{name}.png"))


def seed(window: MainWindow, qtbot) -> dict:
    store = window.store
    fft = load_library(store.paths.surveys).surveys["fft"]
    with store.session() as session:
        fair = add_event(session, store.device_id, validate_event(
            {"name": "Spring health fair", "kind": "community-event", "event_date": "2026-04-14",
             "venue": "Riverside Community Centre"}))
        other = add_event(session, store.device_id, validate_event(
            {"name": "PPG meeting", "kind": "ppg-meeting", "event_date": "2026-03-02"}))
        for n, (rating, comment) in enumerate([("poor", COMMENT), ("good", "Lovely staff")]):
            submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=fair.id,
                            surveys={"fft": fft}, answers={"fft": {"fft_rating": rating, "fft_comment": comment}},
                            mode=ResponseMode.STAFF, language="en",
                            submitted_at=dt.datetime(2026, 4, 14, 10, n, tzinfo=dt.UTC))
        actions.add_action(session, store.device_id, validate_action(
            {"event_id": other.id, "you_said": "The meeting room is too small", "we_will": "Book the library hall",
             "owner": "Ann", "due_date": "2026-01-31"}, today=dt.date(2026, 1, 1)))
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        window.open_event(fair.id)
    return {"fair": fair, "other": other}


def open_actions(window: MainWindow, desk: ActionsDesk, qtbot, event_id: str) -> ActionsWindow:
    with qtbot.waitSignal(desk.sig_window_open, timeout=10_000) as opened:
        qtbot.mouseClick(button(window.event_page, "Actions"), Qt.MouseButton.LeftButton)
    actions_window = opened.args[0]
    qtbot.waitUntil(lambda: bool(actions_window.topics), timeout=10_000)
    return actions_window


def rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_add_finish_list_delete_and_print_actions(open_window, qtbot, tmp_path, monkeypatch) -> None:
    window = open_window()
    seeded = seed(window, qtbot)
    desk = window.action_desk
    actions_window = open_actions(window, desk, qtbot, seeded["fair"].id)
    assert actions_window.windowTitle() == "Actions: Spring health fair"
    qtbot.waitUntil(lambda: "No actions yet" in find(actions_window, "How many actions are listed", QLabel).text())

    # Add: Enter on an empty form shows the problems in place; then type it in and press Enter.
    def fill(dialog: QDialog) -> None:
        said = find(dialog, "You said", QPlainTextEdit)
        qtbot.keyClick(said, Qt.Key.Key_Return)
        problem = find(dialog, "Problem with You said", QLabel)
        assert problem.text() == "Say what people told us, in their words or a short summary."
        assert find(dialog, "Problem with We will", QLabel).isVisible()
        type_into(qtbot, said, "Hard to get through on the phone at 8am")
        type_into(qtbot, find(dialog, "We will", QPlainTextEdit), "Offer call-backs so nobody waits on the line")
        type_into(qtbot, find(dialog, "Owner", QLineEdit), "Sam Jones")
        topic = find(dialog, "Topic", QComboBox)
        topic.setCurrentIndex(topic.findText("Getting a GP appointment"))
        comment = find(dialog, "Linked comment", QComboBox)
        qtbot.waitUntil(lambda: comment.isEnabled() and comment.count() == 3)
        assert comment.itemText(1).endswith("· Poor · “Waited 40 minutes at the front desk; ring me on 07911 "
                                            "123456”")
        comment.setCurrentIndex(1)
        find(dialog, "Due by", QDateEdit).setDate(QDate(2030, 6, 30))
        assert find(dialog, "Done on", QDateEdit).isEnabled() is False
        shot(dialog, "action-dialog")
        qtbot.keyClick(find(dialog, "We will", QPlainTextEdit), Qt.Key.Key_Return)

    when_dialog_opens(fill)
    with qtbot.waitSignal(actions_window.sig_shown, timeout=10_000):
        qtbot.mouseClick(button(actions_window, "Add"), Qt.MouseButton.LeftButton)
    assert rows(actions_window.table) == [["Hard to get through on the phone at 8am",
                                           "Offer call-backs so nobody waits on the line", "Sam Jones",
                                           "30 June 2030", "Agreed"]]
    [added] = actions_window.records
    assert added.comment == COMMENT and added.details.topic == "gp_access"

    # Edit (Enter on the table): Done needs what was done, said in place; then saved.
    def finish(dialog: QDialog) -> None:
        status = find(dialog, "Status", QComboBox)
        status.setCurrentIndex(status.findText("Done"))
        assert find(dialog, "Done on", QDateEdit).isEnabled()
        qtbot.mouseClick(button(dialog, "Save action"), Qt.MouseButton.LeftButton)
        assert find(dialog, "Problem with What was done", QLabel).text() == (
            "Say what was done; the public summary prints it as “We did”.")
        type_into(qtbot, find(dialog, "What was done", QPlainTextEdit), "Call-backs started in May")
        qtbot.mouseClick(button(dialog, "Save action"), Qt.MouseButton.LeftButton)

    when_dialog_opens(finish)
    actions_window.table.setFocus()
    with qtbot.waitSignal(actions_window.sig_shown, timeout=10_000):
        qtbot.keyClick(actions_window.table, Qt.Key.Key_Return)
    assert rows(actions_window.table)[0][4] == "Done"
    assert actions_window.records[0].details.what_done == "Call-backs started in May"
    assert actions_window.records[0].details.done_on == dt.date.today()
    assert find(actions_window, "What was done", QLabel).text() == "Saved: Done."

    # Delete with the Del key, then Undo.
    with qtbot.waitSignal(actions_window.sig_shown, timeout=10_000):
        qtbot.keyClick(actions_window.table, Qt.Key.Key_Delete)
    assert rows(actions_window.table) == []
    undo = button(actions_window, "Undo delete")
    with qtbot.waitSignal(actions_window.sig_shown, timeout=10_000):
        qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert len(rows(actions_window.table)) == 1 and not undo.isVisible()
    shot(actions_window, "actions-window")

    # Across events: an Event column, the overdue one first and said in words.
    with qtbot.waitSignal(actions_window.sig_shown, timeout=10_000):
        desk.open_all()
    assert desk.window is actions_window and actions_window.windowTitle() == "Actions across events"
    listed = rows(actions_window.table)
    assert [r[0] for r in listed] == ["PPG meeting\n2 March 2026", "Spring health fair\n14 April 2026"]
    assert listed[0][4] == "Overdue: 31 January 2026" and listed[1][5] == "Done"
    assert "1 overdue" in find(actions_window, "How many actions are listed", QLabel).text()
    show = find(actions_window, "Show", QComboBox)
    show.setCurrentIndex(show.findText("Overdue"))
    assert [r[1] for r in rows(actions_window.table)] == ["The meeting room is too small"]
    show.setCurrentIndex(show.findText("All actions"))
    shot(actions_window, "actions-across-events")

    # The public summary: previewed, then saved; no owner's name and no comment in it.
    saved_to = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(saved_to), ""))
    previews: list[YouSaidPreview] = []

    def look(preview: QDialog) -> None:
        assert isinstance(preview, YouSaidPreview)
        previews.append(preview)
        qtbot.waitUntil(lambda: preview.preview.page.pixmap() is not None
                        and not preview.preview.page.pixmap().isNull(), timeout=10_000)
        shot(preview, "you-said-we-did-preview")
        with qtbot.waitSignal(preview.sig_done, timeout=10_000):
            qtbot.mouseClick(button(preview, "Save as PDF"), Qt.MouseButton.LeftButton)
        assert find(preview, "What was done", QLabel).text() == "Saved to “summary.pdf”."
        qtbot.mouseClick(button(preview, "Close"), Qt.MouseButton.LeftButton)

    when_dialog_opens(look)
    qtbot.mouseClick(button(actions_window, "Print “You said, we did”"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(previews) and not previews[0].isVisible(), timeout=20_000)
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(saved_to).pages]
    whole = " ".join(pages)
    assert whole.startswith("You said, we did Across our events Thank you for telling us")
    assert "We will do this. It was due by 31 January 2026 and is late." in whole
    assert "You said: Hard to get through on the phone at 8am" in whole
    assert "We did: Call-backs started in May" in whole and "The meeting room is too small" in whole
    assert "Sam" not in whole and "07911" not in whole and "Ann" not in whole


def test_the_event_summary_preview_reads_back(open_window, qtbot) -> None:
    window = open_window()
    seeded = seed(window, qtbot)
    with window.store.session() as session:
        actions.add_action(session, window.store.device_id, validate_action(
            {"event_id": seeded["fair"].id, "you_said": "Signs are confusing", "we_will": "New signs",
             "status": "in_progress", "due_date": "2030-07-31"}, today=dt.date.today()))
    desk = window.action_desk
    actions_window = open_actions(window, desk, qtbot, seeded["fair"].id)
    qtbot.waitUntil(lambda: actions_window.table.rowCount() == 1)
    made: list[bytes] = []

    def look(preview: QDialog) -> None:
        made.append(preview.pdf)
        assert find(preview, "Page shown", QLabel).text() == "Page 1 of 1"
        preview.reject()

    when_dialog_opens(look)
    qtbot.mouseClick(button(actions_window, "Print “You said, we did”"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(made), timeout=20_000)
    text = " ".join(pypdf.PdfReader(io.BytesIO(made[0])).pages[0].extract_text().split())
    assert text.startswith("You said, we did Spring health fair Tuesday 14 April 2026, Riverside Community Centre")
    assert "We are working on this, to finish by 31 July 2030" in text
    assert "meeting room" not in text, "only this event's actions"


def test_no_due_date_and_a_cross_event_action_has_no_comment_to_link(open_window, qtbot) -> None:
    window = open_window()
    seed(window, qtbot)
    desk = window.action_desk
    with qtbot.waitSignal(desk.sig_window_open, timeout=10_000) as opened:
        desk.open_all()
    actions_window = opened.args[0]
    qtbot.waitUntil(lambda: actions_window.table.rowCount() == 1, timeout=10_000)

    def fill(dialog: QDialog) -> None:
        comment = find(dialog, "Linked comment", QComboBox)
        assert not comment.isEnabled()
        assert comment.currentText() == "Only an action for an event can be linked to a comment"
        type_into(qtbot, find(dialog, "You said", QPlainTextEdit), "Buses do not run to the hospital on Sundays")
        type_into(qtbot, find(dialog, "We will", QPlainTextEdit), "Raise it with the transport board")
        find(dialog, "No due date", QCheckBox).setChecked(True)
        assert not find(dialog, "Due by", QDateEdit).isEnabled()
        qtbot.keyClick(find(dialog, "We will", QPlainTextEdit), Qt.Key.Key_Return)

    when_dialog_opens(fill)
    with qtbot.waitSignal(actions_window.sig_shown, timeout=10_000):
        qtbot.keyClick(actions_window.table, Qt.Key.Key_Insert)
    listed = rows(actions_window.table)
    assert ["Across events", "Buses do not run to the hospital on Sundays", "Raise it with the transport board", "",
            "No date", "Agreed"] in listed

    def cancel(dialog: QDialog) -> None:
        type_into(qtbot, find(dialog, "You said", QPlainTextEdit), "Not kept")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(cancel)
    qtbot.keyClick(actions_window.table, Qt.Key.Key_Insert)
    assert len(rows(actions_window.table)) == 2


def test_an_edit_made_elsewhere_meanwhile_is_not_overwritten(open_window, qtbot) -> None:
    window = open_window()
    seeded = seed(window, qtbot)
    store = window.store
    with store.session() as session:
        added = actions.add_action(session, store.device_id, validate_action(
            {"event_id": seeded["fair"].id, "you_said": "Parking is hard", "we_will": "Ask the council"},
            today=dt.date.today()))
    desk = window.action_desk
    actions_window = open_actions(window, desk, qtbot, seeded["fair"].id)
    qtbot.waitUntil(lambda: actions_window.table.rowCount() == 1)
    problems: list[str] = []

    def edit(dialog: QDialog) -> None:
        with store.session() as session:  # another laptop's change, arrived by sync
            actions.update_action(session, added.id, validate_action(
                {"event_id": seeded["fair"].id, "you_said": "Parking is hard", "we_will": "Ask the council today"},
                today=dt.date.today()))
        type_into(qtbot, find(dialog, "Owner", QLineEdit), "Sam")
        qtbot.mouseClick(button(dialog, "Save action"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(label.accessibleName().startswith("Problem: ") and label.isVisible()
                                    for label in dialog.findChildren(QLabel)), timeout=10_000)
        problems.append(find(dialog, "Problem", QLabel).text())
        dialog.reject()

    when_dialog_opens(edit)
    qtbot.mouseClick(button(actions_window, "Edit"), Qt.MouseButton.LeftButton)
    assert problems == ["This action was changed elsewhere while you were editing it. Close it and open it again "
                        "to see the latest details."]
    with store.session() as session:
        kept = actions.get_action(session, added.id)
    assert (kept.details.we_will, kept.details.owner) == ("Ask the council today", "")


def test_the_window_closes_when_its_store_goes(open_window, qtbot) -> None:
    window = open_window()
    seeded = seed(window, qtbot)
    desk = window.action_desk
    actions_window = open_actions(window, desk, qtbot, seeded["fair"].id)
    window.workspace.sig_store_changed.emit(window.store)
    assert actions_window.isVisible(), "the same store: nothing changes"
    window.workspace.sig_store_changed.emit(None)  # as when the store is closed
    assert not actions_window.isVisible() and desk.window is None


def test_a_finished_action_can_be_reopened(open_window, qtbot) -> None:
    window = open_window()
    seeded = seed(window, qtbot)
    with window.store.session() as session:
        done = actions.add_action(session, window.store.device_id, validate_action(
            {"event_id": seeded["fair"].id, "you_said": "No seats by the door", "we_will": "Add two chairs",
             "status": "done", "what_done": "Two chairs added"}, today=dt.date(2026, 4, 20)))
    actions_window = open_actions(window, window.action_desk, qtbot, seeded["fair"].id)
    qtbot.waitUntil(lambda: len(actions_window.records) == 1, timeout=10_000)
    reopen = button(actions_window, "Reopen")
    actions_window.table.selectRow(0)
    assert reopen.isEnabled()
    with qtbot.waitSignal(actions_window.sig_shown, timeout=10_000):
        qtbot.mouseClick(reopen, Qt.MouseButton.LeftButton)
    [record] = actions_window.records
    assert record.id == done.id and record.status.label == "In progress" and record.details.done_on is None
    assert record.details.what_done == "Two chairs added"  # kept, as the team's notes
    assert rows(actions_window.table)[0][-1] == "In progress"
    assert find(actions_window, "What was done", QLabel).text().startswith("Reopened “No seats by the door”")
    assert not reopen.isEnabled()  # an open action has nothing to reopen
    with window.store.session() as session:
        assert actions.get_action(session, done.id).version == done.version + 1


def test_the_actions_window_opens_where_it_was_left_even_after_a_restart(open_window, qtbot) -> None:
    window = open_window()
    seeded = seed(window, qtbot)
    first = open_actions(window, window.action_desk, qtbot, seeded["fair"].id)
    first.resize(640, 420)
    first.move(37, 23)
    where = first.geometry()
    first.close()
    again = open_actions(window, window.action_desk, qtbot, seeded["fair"].id)
    assert again is not first or again.isVisible()
    assert (again.geometry().size(), again.geometry().topLeft()) == (where.size(), where.topLeft())
    again.close()
    window.close()

    restarted = open_window()  # a new window reads the settings file afresh
    with qtbot.waitSignal(restarted.sig_event_shown, timeout=10_000):
        restarted.open_event(seeded["fair"].id)
    reopened = open_actions(restarted, restarted.action_desk, qtbot, seeded["fair"].id)
    assert reopened.geometry().size() == where.size()


def test_an_issue_the_ppg_raised_is_offered_as_the_groups_not_as_a_rating() -> None:
    from app.store.actions import CommentChoice
    from app.ui.actions.action_dialog import comment_line

    line = comment_line(CommentChoice("id", dt.datetime(2026, 4, 14, 9, 2, tzinfo=dt.UTC), None,
                                      "Phones busy at 8am", raised_by_group=True))
    assert line.endswith(" · Raised by the group · “Phones busy at 8am”")
