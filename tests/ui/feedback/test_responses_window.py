"""Staff find an event's responses, read one, correct a staff or paper one, and delete any with a
reason; the window fits small screens at the largest text and remembers its size and place."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QWidget,
)

from app.core.responses import ResponseMode
from app.store.corrections import get_response, list_responses
from app.store.responses import submit_response
from app.store.survey_library import load_library
from app.ui.common.text_size import apply_text_size
from app.ui.feedback.responses_window import ResponsesWindow
from app.ui.shell.main_window import MainWindow
from tests.ui.feedback.test_staff_entry import click, figure, open_event_with
from tests.ui.helpers import button, click_label, find, when_dialog_opens
from tests.ui.staff_accessibility import assert_staff_window_accessible

RATING = "Overall, how was your experience of our service?"


def give(window: MainWindow, event_id: str, rating: str, mode: ResponseMode, comment: str = "") -> str:
    surveys = {k: v for k, v in load_library().surveys.items() if k in ("fft", "topics")}
    rid = str(uuid.uuid4())
    with window.store.session() as session:
        submit_response(session, response_id=rid, device_id=window.store.device_id, event_id=event_id,
                        surveys=surveys, answers={"fft": {"fft_rating": rating, "fft_comment": comment}},
                        mode=mode, language="en")
    return rid


def three_responses(window: MainWindow, qtbot) -> tuple[str, dict[str, str]]:
    event_id = open_event_with(window, qtbot, ["fft", "topics"])
    ids = {"kiosk": give(window, event_id, "very_good", ResponseMode.KIOSK, "The receptionist was kind"),
           "staff": give(window, event_id, "good", ResponseMode.STAFF, "Parking is hard"),
           "paper": give(window, event_id, "poor", ResponseMode.PAPER, "Long wait")}
    return event_id, ids


def rows(responses: QTreeWidget) -> list[str]:
    return [responses.topLevelItem(i).text(3) for i in range(responses.topLevelItemCount())]


def choose(qtbot, responses: QTreeWidget, comment: str) -> None:
    for i in range(responses.topLevelItemCount()):
        if responses.topLevelItem(i).text(3) == comment:
            responses.setFocus()
            responses.setCurrentItem(responses.topLevelItem(i))
            return
    raise AssertionError(f"{comment!r} is not listed: {rows(responses)}")


def open_responses(window: MainWindow, qtbot, act) -> None:
    """Open the event's Responses window from its page and run ``act(window)`` once it has listed."""
    def listed(dialog) -> None:
        assert isinstance(dialog, ResponsesWindow)
        qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() > 0 or "shown" in dialog.count.text(),
                        timeout=10_000)
        try:
            act(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    when_dialog_opens(listed)
    click(qtbot, button(window.event_page, "Responses"))


def relisted(qtbot, dialog: ResponsesWindow, change) -> None:
    with qtbot.waitSignal(dialog.sig_listed, timeout=10_000):
        change()


def test_responses_are_listed_filtered_and_read_in_full(window: MainWindow, qtbot) -> None:
    _event_id, _ids = three_responses(window, qtbot)
    seen: dict[str, object] = {}

    def look(dialog: ResponsesWindow) -> None:
        listing = find(dialog, "Responses", QTreeWidget)
        seen["all"] = sorted(rows(listing))
        seen["count"] = dialog.count.text()
        mode, rating = find(dialog, "How given", QComboBox), find(dialog, "FFT answer", QComboBox)
        relisted(qtbot, dialog, lambda: mode.setCurrentIndex(mode.findText("Paper")))
        seen["paper"] = rows(listing)
        relisted(qtbot, dialog, lambda: mode.setCurrentIndex(0))
        relisted(qtbot, dialog, lambda: rating.setCurrentIndex(rating.findText("Very good")))
        seen["very good"] = rows(listing)
        relisted(qtbot, dialog, lambda: rating.setCurrentIndex(0))
        relisted(qtbot, dialog, lambda: qtbot.keyClicks(find(dialog, "Search the comments", QLineEdit), "PARKING"))
        seen["search"] = rows(listing)
        choose(qtbot, listing, "Parking is hard")
        details = find(dialog, "The chosen response", QPlainTextEdit)
        qtbot.waitUntil(lambda: "Parking is hard" in details.toPlainText())
        seen["details"] = details.toPlainText()
        assert_staff_window_accessible(dialog)

    open_responses(window, qtbot, look)
    assert seen["all"] == ["Long wait", "Parking is hard", "The receptionist was kind"]
    assert seen["count"] == "3 responses shown"
    assert seen["paper"] == ["Long wait"]
    assert seen["very good"] == ["The receptionist was kind"]
    assert seen["search"] == ["Parking is hard"]
    assert RATING in seen["details"] and "Good" in seen["details"] and "Recorded by staff" in seen["details"]


def test_a_staff_response_is_corrected_with_a_reason(window: MainWindow, qtbot) -> None:
    event_id, ids = three_responses(window, qtbot)
    seen: dict[str, object] = {}

    def fix(form) -> None:
        seen["title"] = form.windowTitle()
        seen["was"] = find(form, "Good", QRadioButton).isChecked()
        click_label(qtbot, find(form, "Poor", QRadioButton))
        click(qtbot, button(form, "Save correction"))  # no reason yet: refused beside the field
        seen["no reason"] = form.reason_error.text()
        assert_staff_window_accessible(form)
        qtbot.keyClicks(find(form, "Reason for the correction", QLineEdit), "Ticked the wrong answer")
        click(qtbot, button(form, "Save correction"))

    def correct(dialog: ResponsesWindow) -> None:
        listing = find(dialog, "Responses", QTreeWidget)
        choose(qtbot, listing, "The receptionist was kind")
        seen["kiosk editable"] = button(dialog, "Correct").isEnabled()
        choose(qtbot, listing, "Parking is hard")
        assert button(dialog, "Correct").isEnabled()
        when_dialog_opens(fix)
        with qtbot.waitSignal(dialog.sig_changed, timeout=10_000):
            click(qtbot, button(dialog, "Correct"))
        qtbot.waitUntil(lambda: "was corrected" in dialog.outcome.text())
        details = find(dialog, "The chosen response", QPlainTextEdit)
        qtbot.waitUntil(lambda: "Ticked the wrong answer" in details.toPlainText(), timeout=10_000)
        seen["details"] = details.toPlainText()

    open_responses(window, qtbot, correct)
    assert seen["kiosk editable"] is False
    assert seen["title"] == "Correct feedback: Spring health fair" and seen["was"] is True
    assert seen["no reason"] == "Give a reason, so others can see why this was changed."
    assert "Corrected" in seen["details"]
    with window.store.session() as session:
        fixed = get_response(session, ids["staff"])
    assert fixed.fft_rating == "poor" and fixed.comment == "Parking is hard"
    assert [(c.action, c.reason) for c in fixed.corrections] == [("edited", "Ticked the wrong answer")]
    assert fixed.corrections[0].laptop  # the laptop's name, with the account signed in to it
    qtbot.waitUntil(lambda: figure(window, "All responses") == "All responses: 3", timeout=10_000)


def test_any_response_is_deleted_with_a_reason_and_leaves_the_counts(window: MainWindow, qtbot) -> None:
    event_id, ids = three_responses(window, qtbot)
    seen: dict[str, object] = {}

    def give_reason(confirm) -> None:
        click(qtbot, button(confirm, "Delete response"))  # no reason: nothing deleted
        seen["no reason"] = find(confirm, "Problem with the reason", QLabel).text()
        assert_staff_window_accessible(confirm)
        qtbot.keyClicks(find(confirm, "Why is it being deleted?", QPlainTextEdit), "A test press by staff")
        click(qtbot, button(confirm, "Delete response"))

    def delete(dialog: ResponsesWindow) -> None:
        listing = find(dialog, "Responses", QTreeWidget)
        choose(qtbot, listing, "The receptionist was kind")
        when_dialog_opens(give_reason)
        with qtbot.waitSignal(dialog.sig_listed, timeout=10_000):
            click(qtbot, button(dialog, "Delete"))
        seen["after"] = sorted(rows(listing))
        relisted(qtbot, dialog, lambda: find(dialog, "Show deleted responses", QCheckBox).setChecked(True))
        seen["with deleted"] = sorted(rows(listing))
        choose(qtbot, listing, "The receptionist was kind")
        details = find(dialog, "The chosen response", QPlainTextEdit)
        qtbot.waitUntil(lambda: "A test press by staff" in details.toPlainText(), timeout=10_000)
        seen["can delete again"] = button(dialog, "Delete").isEnabled()

    open_responses(window, qtbot, delete)
    assert seen["no reason"] == "Give a reason, so others can see why this was changed."
    assert seen["after"] == ["Long wait", "Parking is hard"]
    assert seen["with deleted"] == ["Long wait", "Parking is hard", "The receptionist was kind"]
    assert seen["can delete again"] is False
    with window.store.session() as session:
        gone = get_response(session, ids["kiosk"])
        assert gone.deleted and gone.deleted_reason == "A test press by staff"
        assert len(list_responses(session, event_id)) == 2
    qtbot.waitUntil(lambda: figure(window, "All responses") == "All responses: 2", timeout=10_000)


def test_an_optional_choice_chosen_by_mistake_is_cleared(window: MainWindow, qtbot) -> None:
    event_id = open_event_with(window, qtbot, ["fft", "equality"])
    seen: dict[str, object] = {}

    def answer(dialog) -> None:
        clear = button(dialog, "Clear answer to How old are you?")
        seen["enabled at first"] = clear.isEnabled()
        seen["required has none"] = not any(b.accessibleName() == f"Clear answer to {RATING}"
                                            for b in dialog.findChildren(QPushButton))
        click_label(qtbot, find(dialog, "Good", QRadioButton))
        click_label(qtbot, find(dialog, "25 to 34", QRadioButton))
        assert clear.isEnabled()
        click(qtbot, clear)
        seen["enabled after"] = clear.isEnabled()
        seen["focus"] = dialog.focusWidget().accessibleName()
        click(qtbot, button(dialog, "Save feedback"))

    when_dialog_opens(answer)
    click(qtbot, button(window, "Record feedback"))
    with window.store.session() as session:
        qtbot.waitUntil(lambda: len(list_responses(session, event_id)) == 1, timeout=10_000)
        [response] = list_responses(session, event_id)
    assert seen == {"enabled at first": False, "required has none": True, "enabled after": False,
                    "focus": "Under 16"}
    assert "age_band" not in response.answers.get("equality", {})


def cut_off(window: QWidget) -> list[str]:
    inside = window.rect()
    problems = []
    for control in window.findChildren(QAbstractButton) + window.findChildren(QComboBox) \
            + window.findChildren(QLineEdit):
        if not control.isVisible():
            continue
        where = QRect(control.mapTo(window, QPoint(0, 0)), control.size())
        if not inside.contains(where):
            problems.append(f"{control.accessibleName()!r} at {where.getRect()}")
        elif isinstance(control, QPushButton) and control.width() < control.sizeHint().width():
            problems.append(f"{control.accessibleName()!r} squeezed")
    return problems


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)], ids=["1366x768", "1024x768"])
@pytest.mark.parametrize("text_size", ["normal", "larger"])
def test_the_window_fits_small_screens_at_the_largest_text(window: MainWindow, qtbot, size, text_size) -> None:
    three_responses(window, qtbot)
    seen: dict[str, object] = {}
    apply_text_size(text_size)

    def measure(dialog: ResponsesWindow) -> None:
        dialog.resize(*size)
        qtbot.waitUntil(lambda: dialog.size() == QSize(*size))
        minimum = dialog.minimumSizeHint()
        seen["minimum fits"] = minimum.width() <= size[0] and minimum.height() <= size[1]
        seen["cut off"] = cut_off(dialog)
        listing = find(dialog, "Responses", QTreeWidget)
        seen["list rows shown"] = listing.viewport().height() >= 3 * listing.sizeHintForRow(0)

    try:
        open_responses(window, qtbot, measure)
    finally:
        apply_text_size("normal")
    assert seen == {"minimum fits": True, "cut off": [], "list rows shown": True}


def test_the_window_remembers_its_size_and_place(window: MainWindow, qtbot) -> None:
    three_responses(window, qtbot)
    seen: list[QSize] = []

    def resize(dialog: ResponsesWindow) -> None:
        dialog.resize(700, 500)
        qtbot.waitUntil(lambda: dialog.size() == QSize(700, 500))

    open_responses(window, qtbot, resize)
    assert window.settings.get("responses_window_geometry")
    open_responses(window, qtbot, lambda dialog: seen.append(dialog.size()))
    assert seen == [QSize(700, 500)]


def test_keyboard_alone_finds_and_deletes_a_response(window: MainWindow, qtbot) -> None:
    event_id, ids = three_responses(window, qtbot)

    def give_reason(confirm) -> None:
        assert confirm.focusWidget().accessibleName() == "Why is it being deleted?"
        qtbot.keyClicks(confirm.focusWidget(), "Typed in twice")
        qtbot.keyClick(confirm.focusWidget(), Qt.Key.Key_Tab)
        assert confirm.focusWidget().accessibleName() == "Delete response"
        qtbot.keyClick(confirm.focusWidget(), Qt.Key.Key_Space)

    def by_keys(dialog: ResponsesWindow) -> None:
        listing = find(dialog, "Responses", QTreeWidget)
        assert dialog.focusWidget() is listing
        qtbot.keyClick(listing, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda: dialog.shown is not None)
        when_dialog_opens(give_reason)
        with qtbot.waitSignal(dialog.sig_changed, timeout=10_000):
            qtbot.keyClick(listing, Qt.Key.Key_Delete)

    open_responses(window, qtbot, by_keys)
    with window.store.session() as session:
        assert len(list_responses(session, event_id)) == 2
