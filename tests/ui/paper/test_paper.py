"""Typing paper back in as staff would: sheet codes, sign-up rows once each, feedback cards once each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget

from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.core.sheet_codes import SheetKind, format_code, qr_payload
from app.store import paper
from app.store.events import add_event
from app.store.people import search_people
from app.store.responses import response_answers
from app.ui.paper.transcription_dialog import TranscriptionDialog
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens


def add(window: MainWindow, name: str) -> str:
    with window.store.session() as session:
        return add_event(session, window.store.device_id, validate_event(
            {"name": name, "kind": "community-event", "event_date": "2026-04-14"})).id


def open_event(window: MainWindow, qtbot, name: str = "Spring health fair") -> str:
    event_id = add(window, name)
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        window.open_event(event_id)
    return event_id


def printed(window: MainWindow, event_id: str, kind: SheetKind, count: int) -> None:
    with window.store.session() as session:
        paper.record_print_run(session, window.store.device_id, event_id, kind, count)


def type_code(qtbot, dialog: TranscriptionDialog, text: str) -> None:
    code = find(dialog, "Sheet or card code", QLineEdit)
    code.setFocus()
    code.selectAll()
    qtbot.keyClicks(code, text)
    qtbot.keyClick(code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def type_row(qtbot, dialog, **boxes: str) -> None:
    for name, text in boxes.items():
        box = find(dialog, name, QLineEdit)
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, text)


def code_problem(dialog) -> str:
    label = find(dialog, "Problem with the sheet code", QLabel) if dialog.code_error.isVisible() else None
    return label.text() if label is not None else ""


def test_a_row_of_a_sheet_is_entered_once(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    with window.store.session() as session:
        paper.record_print_run(session, window.store.device_id, event_id, SheetKind.SIGNUP, 2)
    sheet = format_code(SheetKind.SIGNUP, event_id, 1)
    seen: dict[str, object] = {}

    def type_in(dialog) -> None:
        type_code(qtbot, dialog, sheet.lower().replace("-", " "))  # typed loosely
        seen["title"] = find(dialog, "Sheet open", QLabel).text()
        seen["row"] = find(dialog, "Row number", QLineEdit).text()
        seen["focus"] = dialog.focusWidget().accessibleName()
        type_row(qtbot, dialog, Name="Ann Smith", Email="ann@example.org", Postcode="ls1 4ap")
        type_row(qtbot, dialog, **{"Ways to get involved": "hn"})
        seen["meaning"] = find(dialog, "What the ticks mean", QLabel).text()
        type_row(qtbot, dialog, **{"Consent ticked": "y"})
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.rows_saved == 1, timeout=10_000)
        seen["saved"] = find(dialog, "Last saved", QLabel).text()
        seen["next row"] = find(dialog, "Row number", QLineEdit).text()
        seen["focus after"] = dialog.focusWidget().accessibleName()
        seen["count"] = dialog.sheet_count_text(sheet)

        # The same row again, someone else's name: refused beside the row number.
        type_row(qtbot, dialog, **{"Row number": "1", "Name": "Bob Jones", "Phone": "07911 123456",
                                   "Ways to get involved": "N", "Consent ticked": "Y"})
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        window.tasks.wait()
        seen["refused"] = find(dialog, "Problem with Row number", QLabel).text()
        seen["kept"] = find(dialog, "Name", QLineEdit).text()
        seen["count after"] = dialog.sheet_count_text(sheet)
        when_dialog_opens(lambda box: qtbot.mouseClick(button(box, "Lose what I typed"), Qt.MouseButton.LeftButton))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(type_in)
    qtbot.mouseClick(button(window, "Type in paper"), Qt.MouseButton.LeftButton)
    window.tasks.wait()

    assert seen["title"] == f"Sign-up sheet {sheet}: 0 of its 8 rows typed in so far"
    assert seen["row"] == "1" and seen["focus"] == "Name"
    assert seen["meaning"] == "Ticked: Health network · Newsletter"
    assert seen["saved"] == f"Saved row 1 of {sheet}: Ann Smith."
    assert seen["next row"] == "2" and seen["focus after"] == "Name"
    assert seen["count"] == f"{sheet}: 1 row"
    assert seen["refused"] == (f"Row 1 of sheet {sheet} has already been entered. To correct what was typed, "
                               "find the person in People and choose Edit; if it should not have been typed in at "
                               "all, choose Remove typed-in row.")
    assert seen["kept"] == "Bob Jones"
    assert seen["count after"] == f"{sheet}: 1 row"
    with window.store.session() as session:
        [person] = search_people(session)
        assert person.name == "Ann Smith" and person.details.postcode == "LS1 4AP"
        assert paper.entered_rows(session, event_id, sheet) == [1]
        assert paper.sheet_progress(session, event_id, SheetKind.SIGNUP)[0].rows_entered == 1


def test_the_store_refuses_a_row_typed_in_elsewhere_meanwhile(window: MainWindow, qtbot) -> None:
    """The check on screen is a courtesy; the store's refusal is what keeps a row from going in twice."""
    from app.core.transcription import parse_signup_row
    from app.store.notices import current_notice

    event_id = open_event(window, qtbot)
    printed(window, event_id, SheetKind.SIGNUP, 3)
    sheet = format_code(SheetKind.SIGNUP, event_id, 3)
    seen: dict[str, str] = {}

    def type_in(dialog) -> None:
        type_code(qtbot, dialog, sheet)
        notice = current_notice("en", organisation="Team", contact="team@example.org")
        with window.store.session() as session:  # another laptop's row 1 arrives by sync, say
            paper.enter_signup_row(session, window.store.device_id, event_id, dialog.sheet.code, parse_signup_row(
                {"row": "1", "name": "Cara Lee", "email": "cara@example.org", "ticks": "H", "consent": "Y"},
                rows=8), notice_id=notice.id, notice_version=notice.version)
        type_row(qtbot, dialog, Name="Dan Roe", Email="dan@example.org", **{"Ways to get involved": "S",
                                                                             "Consent ticked": "Y"})
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.row_form.error_text("row") != "", timeout=10_000)
        seen["refused"] = dialog.row_form.error_text("row")
        when_dialog_opens(lambda box: qtbot.mouseClick(button(box, "Lose what I typed"), Qt.MouseButton.LeftButton))
        qtbot.mouseClick(button(dialog, "Close"), Qt.MouseButton.LeftButton)

    when_dialog_opens(type_in)
    qtbot.mouseClick(button(window, "Type in paper"), Qt.MouseButton.LeftButton)
    window.tasks.wait()
    assert seen["refused"] == (f"Row 1 of sheet {sheet} has already been entered. To correct what was typed, "
                               "find the person in People and choose Edit; if it should not have been typed in at "
                               "all, choose Remove typed-in row.")
    with window.store.session() as session:
        assert [p.name for p in search_people(session)] == ["Cara Lee"]


def test_codes_of_other_events_and_bad_codes_are_refused_and_a_scanned_qr_opens(window: MainWindow, qtbot) -> None:
    other = add(window, "Market stall")
    event_id = open_event(window, qtbot)
    printed(window, event_id, SheetKind.SIGNUP, 7)
    seen: dict[str, str] = {}

    def try_codes(dialog) -> None:
        type_code(qtbot, dialog, format_code(SheetKind.SIGNUP, other, 2))
        seen["other"] = code_problem(dialog)
        type_code(qtbot, dialog, "S-12")
        seen["malformed"] = code_problem(dialog)
        type_code(qtbot, dialog, format_code(SheetKind.SIGNUP, "abcdef00-0000-4000-8000-000000000000", 1))
        seen["unknown"] = code_problem(dialog)
        type_code(qtbot, dialog, format_code(SheetKind.ATTENDANCE, event_id, 1))
        seen["register"] = code_problem(dialog)
        type_code(qtbot, dialog, qr_payload(SheetKind.SIGNUP, event_id, 7))  # as a USB scanner types it
        seen["scanned"] = find(dialog, "Sheet open", QLabel).text()
        seen["code shown"] = find(dialog, "Sheet or card code", QLineEdit).text()
        seen["problem after"] = code_problem(dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without asking

    when_dialog_opens(try_codes)
    qtbot.mouseClick(button(window, "Type in paper"), Qt.MouseButton.LeftButton)
    window.tasks.wait()

    assert seen["other"] == (f"{format_code(SheetKind.SIGNUP, other, 2)} belongs to “Market stall”, not to this "
                             "event. Type it in from that event's page.")
    assert seen["malformed"] == "'S-12' is not a sheet code; codes look like S-3F2A9C-KXQM-007."
    assert seen["unknown"].startswith("No event on this laptop matches sheet S-ABCDEF-001.")
    assert seen["register"].startswith("That is an attendance register.")
    sheet = format_code(SheetKind.SIGNUP, event_id, 7)
    assert seen["scanned"].startswith(f"Sign-up sheet {sheet}:") and seen["code shown"] == sheet
    assert seen["problem after"] == ""


def test_a_feedback_card_is_entered_once_as_paper_feedback(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    printed(window, event_id, SheetKind.FEEDBACK, 4)
    card = format_code(SheetKind.FEEDBACK, event_id, 4)
    seen: dict[str, str] = {}

    def type_in(dialog) -> None:
        type_code(qtbot, dialog, card)
        rating = find(dialog, "Box ticked", QLineEdit)
        seen["focus"] = dialog.focusWidget().accessibleName()
        qtbot.keyClicks(rating, "2")
        seen["meaning"] = find(dialog, "The answer ticked", QLabel).text()
        comment = dialog.card_form.comment
        comment.setFocus()
        qtbot.keyClicks(comment, "Kind reception staff")
        qtbot.keyClick(comment, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.cards_saved == 1, timeout=10_000)
        seen["saved"] = find(dialog, "Last saved", QLabel).text()
        seen["listed"] = "\n".join(find(dialog, "Typed in so far", QListWidget).item(i).text()
                                   for i in range(dialog.progress.count()))
        seen["focus after"] = dialog.focusWidget().accessibleName()
        type_code(qtbot, dialog, card)
        seen["again"] = code_problem(dialog)
        qtbot.mouseClick(button(dialog, "Close"), Qt.MouseButton.LeftButton)

    when_dialog_opens(type_in)
    qtbot.mouseClick(button(window, "Type in paper"), Qt.MouseButton.LeftButton)
    window.tasks.wait()

    assert seen["focus"] == "Box ticked" and seen["meaning"] == "Good"
    assert seen["saved"] == f"Saved card {card}."
    assert f"{card}: entered" in seen["listed"]
    assert seen["focus after"] == "Sheet or card code"
    assert seen["again"] == (f"Card {card} has already been typed in. To correct or remove it, use Responses on "
                             "the event's page.")
    with window.store.session() as session:
        [response] = response_answers(session, event_id)
        assert paper.card_entered(session, event_id, card)
    assert response["mode"] == ResponseMode.PAPER.value == "paper"
    assert response["answers"]["fft"] == {"fft_rating": "good", "fft_comment": "Kind reception staff"}


def test_problems_in_a_row_show_beside_their_boxes_and_nothing_is_saved(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    printed(window, event_id, SheetKind.SIGNUP, 1)
    seen: dict[str, str] = {}

    def type_in(dialog) -> None:
        type_code(qtbot, dialog, format_code(SheetKind.SIGNUP, event_id, 1))
        type_row(qtbot, dialog, Name="Eve Adams", Email="not an email", **{"Ways to get involved": "HQ"})
        seen["live"] = dialog.row_form.error_text("ticks")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        seen["email"] = dialog.row_form.error_text("email")
        seen["consent"] = dialog.row_form.error_text("consent")
        seen["focus"] = dialog.focusWidget().accessibleName()
        when_dialog_opens(lambda box: qtbot.mouseClick(button(box, "Keep typing"), Qt.MouseButton.LeftButton))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        seen["still open"] = str(dialog.isVisible())
        when_dialog_opens(lambda box: qtbot.mouseClick(button(box, "Lose what I typed"), Qt.MouseButton.LeftButton))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(type_in)
    qtbot.mouseClick(button(window, "Type in paper"), Qt.MouseButton.LeftButton)
    window.tasks.wait()

    assert seen["live"] == "'Q' is not a box on the sheet; use H, P, N, S, F, V."
    assert seen["email"] != ""
    assert seen["consent"] == "The consent box on this row is not ticked, so the row cannot be entered."
    assert seen["focus"] == "Email"
    assert seen["still open"] == "True"
    with window.store.session() as session:
        assert search_people(session) == []


def test_a_code_never_printed_is_refused_and_a_bad_code_closes_the_sheet_that_was_open(
        window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    printed(window, event_id, SheetKind.SIGNUP, 2)
    seen: dict[str, str] = {}

    def try_codes(dialog) -> None:
        type_code(qtbot, dialog, format_code(SheetKind.SIGNUP, event_id, 2))
        seen["opened"] = find(dialog, "Sheet open", QLabel).text()
        type_code(qtbot, dialog, format_code(SheetKind.SIGNUP, event_id, 3))  # one past the last printed
        seen["unprinted"] = code_problem(dialog)
        seen["open after unprinted"] = find(dialog, "Sheet open", QLabel).text()
        seen["name box shown"] = str(dialog.row_form.isVisible())
        type_code(qtbot, dialog, format_code(SheetKind.FEEDBACK, event_id, 1))
        seen["card"] = code_problem(dialog)
        type_code(qtbot, dialog, format_code(SheetKind.SIGNUP, event_id, 1))
        type_code(qtbot, dialog, "S-12")
        seen["open after malformed"] = find(dialog, "Sheet open", QLabel).text()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(try_codes)
    qtbot.mouseClick(button(window, "Type in paper"), Qt.MouseButton.LeftButton)
    window.tasks.wait()

    assert seen["opened"].startswith("Sign-up sheet")
    sheet = format_code(SheetKind.SIGNUP, event_id, 3)
    assert seen["unprinted"] == (f"No sign-up sheet {sheet} was printed for this event. Check the code; if "
                                 "another laptop printed it, sync first.")
    assert seen["open after unprinted"] == "" and seen["name box shown"] == "False"
    assert seen["card"].startswith(f"No feedback card {format_code(SheetKind.FEEDBACK, event_id, 1)} was printed")
    assert seen["open after malformed"] == ""
