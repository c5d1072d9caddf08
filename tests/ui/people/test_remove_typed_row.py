"""People ▸ Remove typed-in row…: a sign-up typed in from paper by mistake is taken back, with a
reason, and its row can be typed in again."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget
from sqlalchemy import select

from app.core.sheet_codes import SheetKind, format_code, parse_sheet_code
from app.core.transcription import parse_signup_row
from app.store import paper
from app.store.models import RowRemoval
from app.ui.shell.main_window import MainWindow
from tests.paper_helpers import add_event
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.people.test_people import click, store_person
from tests.ui.people.test_people_edit import choose
from tests.ui.people.test_people_window import open_people, search


def type_in(window: MainWindow, event_id: str, row: int, name: str) -> None:
    with window.store.session() as session:
        paper.enter_signup_row(session, window.store.device_id, event_id,
                               parse_sheet_code(format_code(SheetKind.SIGNUP, event_id, 1)),
                               parse_signup_row({"row": str(row), "name": name, "email": "bob@example.org",
                                                 "ticks": "H", "consent": "Y"}, rows=8),
                               notice_id="privacy-notice", notice_version=1)


def test_a_row_typed_in_by_mistake_is_removed_with_a_reason_and_can_be_typed_again(window: MainWindow,
                                                                                  qtbot) -> None:
    event_id = add_event(window.store)
    sheet = format_code(SheetKind.SIGNUP, event_id, 1)
    type_in(window, event_id, 3, "Bob Jones")
    store_person(window, {"name": "Ann Smith", "email": "ann@example.org", "interests": ["newsletter"],
                          "contact_method": "email"})
    people = open_people(window, qtbot)
    search(people, qtbot, "", 2)
    remove = button(people, "Remove typed-in row")
    choose(people, qtbot, "Ann Smith")
    assert not remove.isEnabled()  # signed up with staff, not typed in from paper
    choose(people, qtbot, "Bob Jones")
    assert remove.isEnabled()
    seen: dict[str, object] = {}

    def give_reason(dialog: QWidget) -> None:
        seen["title"] = dialog.windowTitle()
        seen["row"] = find(dialog, "Which row", QLabel).text()
        click(qtbot, button(dialog, "Remove row"))
        seen["problem"] = find(dialog, "Problem with the reason", QLabel).text()
        qtbot.keyClicks(find(dialog, "Why is it being removed?", QPlainTextEdit), "Typed from the wrong sheet")
        click(qtbot, button(dialog, "Remove row"))

    when_dialog_opens(give_reason)
    click(qtbot, remove)
    qtbot.waitUntil(lambda: people.outcome.text().startswith("Removed"), timeout=10_000)
    assert seen == {"title": "Remove a row typed in by mistake?", "row": f"Typed in from row 3 of sheet {sheet}.",
                    "problem": "Give a reason, so others can see why this was changed."}
    assert people.outcome.text() == (f"Removed row 3 of sheet {sheet}: Bob Jones was erased, and the row can be "
                                     "typed in again.")
    qtbot.waitUntil(lambda: people.table.rowCount() == 1, timeout=10_000)
    assert people.table.item(0, 0).text() == "Ann Smith"
    with window.store.session() as session:
        assert paper.entered_rows(session, event_id, sheet) == []
        assert session.scalars(select(RowRemoval.reason)).all() == ["Typed from the wrong sheet"]
    type_in(window, event_id, 3, "Rob Jones")  # the right name, typed in again
    with window.store.session() as session:
        assert paper.entered_rows(session, event_id, sheet) == [3]


def test_cancelling_removes_nothing(window: MainWindow, qtbot) -> None:
    event_id = add_event(window.store)
    type_in(window, event_id, 5, "Bob Jones")
    people = open_people(window, qtbot)
    search(people, qtbot, "", 1)
    choose(people, qtbot, "Bob Jones")
    when_dialog_opens(lambda dialog: click(qtbot, button(dialog, "Cancel")))
    click(qtbot, button(people, "Remove typed-in row"))
    with window.store.session() as session:
        assert paper.entered_rows(session, event_id, format_code(SheetKind.SIGNUP, event_id, 1)) == [5]
    assert people.table.rowCount() == 1
