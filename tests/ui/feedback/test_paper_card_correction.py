"""A feedback card typed in wrongly is corrected, or removed and typed in again, from the event's
Responses window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QRadioButton, QTreeWidget

from app.core.sheet_codes import SheetKind, format_code
from app.store import paper
from app.store.corrections import get_response, list_responses
from app.ui.shell.main_window import MainWindow
from tests.ui.feedback.test_responses_window import choose, open_responses
from tests.ui.feedback.test_staff_entry import click
from tests.ui.helpers import button, click_label, find, when_dialog_opens
from tests.ui.paper.test_paper import code_problem, open_event, printed, type_code


def type_card(window: MainWindow, qtbot, card: str, rating: str, comment: str) -> str:
    """Type one card in through "Type in paper"; what the code box then says if typed again."""
    seen: dict[str, str] = {}

    def type_in(dialog) -> None:
        type_code(qtbot, dialog, card)
        qtbot.keyClicks(find(dialog, "Box ticked", QLineEdit), rating)
        comment_box = dialog.card_form.comment
        comment_box.setFocus()
        qtbot.keyClicks(comment_box, comment)
        qtbot.keyClick(comment_box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.cards_saved == 1, timeout=10_000)
        type_code(qtbot, dialog, card)
        seen["again"] = code_problem(dialog)
        qtbot.mouseClick(button(dialog, "Close"), Qt.MouseButton.LeftButton)

    when_dialog_opens(type_in)
    qtbot.mouseClick(button(window, "Type in paper"), Qt.MouseButton.LeftButton)
    window.tasks.wait()
    return seen["again"]


def test_a_typed_in_card_is_corrected_then_removed_and_typed_in_again(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    printed(window, event_id, SheetKind.FEEDBACK, 4)  # only a card that was printed can be typed in
    card = format_code(SheetKind.FEEDBACK, event_id, 4)
    assert "has already been typed in" in type_card(window, qtbot, card, "2", "Kind staff")

    def fix(form) -> None:
        click_label(qtbot, find(form, "Very good", QRadioButton))
        qtbot.keyClicks(find(form, "Reason for the correction", QLineEdit), "Misread the tick")
        click(qtbot, button(form, "Save correction"))

    def remove(confirm) -> None:
        qtbot.keyClicks(find(confirm, "Why is it being deleted?", QPlainTextEdit), "Card belongs to another event")
        click(qtbot, button(confirm, "Delete response"))

    def correct_then_remove(dialog) -> None:
        listing = find(dialog, "Responses", QTreeWidget)
        qtbot.keyClicks(find(dialog, "Search the comments", QLineEdit), card)
        qtbot.waitUntil(lambda: listing.topLevelItemCount() == 1 and dialog.search.text() == card, timeout=10_000)
        choose(qtbot, listing, "Kind staff")
        assert card in listing.topLevelItem(0).text(1)
        when_dialog_opens(fix)
        with qtbot.waitSignal(dialog.sig_listed, timeout=10_000):
            click(qtbot, button(dialog, "Correct"))
        with window.store.session() as session:
            [fixed] = list_responses(session, event_id)
            assert (fixed.fft_rating, fixed.mode, fixed.paper_sheet) == ("very_good", "paper", card)
        choose(qtbot, listing, "Kind staff")
        when_dialog_opens(remove)
        with qtbot.waitSignal(dialog.sig_listed, timeout=10_000):
            click(qtbot, button(dialog, "Delete"))

    open_responses(window, qtbot, correct_then_remove)
    with window.store.session() as session:
        assert not paper.card_entered(session, event_id, card)
        assert list_responses(session, event_id) == []

    # Removed, the card can be typed in again, once.
    assert "has already been typed in" in type_card(window, qtbot, card, "1", "Right card this time")
    with window.store.session() as session:
        [again] = list_responses(session, event_id)
        assert (again.comment, again.paper_sheet, again.paper_row) == ("Right card this time", card, 1)
        assert get_response(session, again.id).corrections == ()
