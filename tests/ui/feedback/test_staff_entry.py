"""Staff recording feedback for an event, the event's live counts, and choosing its surveys."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QRadioButton

from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.store import StoreError
from app.store import responses as stored_responses
from app.store.events import add_event, list_events
from app.ui.common import event_page
from app.ui.common.answer_editors import AnswerEditor
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, click_label, find, when_dialog_opens

RATING = "Overall, how was your experience of our service?"
COMMENT = "Please can you tell us why you gave your answer?"
CONDITION = ("Do you have any physical or mental health conditions or illnesses lasting or expected to last "
             "12 months or more?")
REDUCES = "Does your condition or illness reduce your ability to carry out day-to-day activities?"


def open_event_with(window: MainWindow, qtbot, surveys: list[str], name: str = "Spring health fair") -> str:
    with window.store.session() as session:
        record = add_event(session, window.store.device_id, validate_event(
            {"name": name, "kind": "community-event", "event_date": "2026-04-14", "survey_ids": surveys}))
    with qtbot.waitSignal(window.sig_counts_shown, timeout=10_000):
        window.open_event(record.id)
    return record.id


def saved(window: MainWindow, event_id: str) -> list[dict]:
    with window.store.session() as session:
        return stored_responses.response_answers(session, event_id)


def figure(window: MainWindow, name: str) -> str:
    return find(window.event_page, name, QLabel).text()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_record_feedback_as_staff(window: MainWindow, qtbot) -> None:
    event_id = open_event_with(window, qtbot, ["fft", "topics"])
    assert figure(window, "Responses today") == "Responses today: 0"
    assert figure(window, "All responses") == "All responses: 0"
    seen: dict[str, object] = {}

    def fill(dialog) -> None:
        seen["note"] = find(dialog, "About this feedback", QLabel).text()
        click_label(qtbot, find(dialog, "Good", QRadioButton))
        qtbot.keyClicks(find(dialog, COMMENT, QPlainTextEdit), "The nurse explained everything")
        click_label(qtbot, find(dialog, "Getting a GP appointment", QCheckBox))
        click(qtbot, button(dialog, "Save feedback"))
        assert dialog.saving, "the form was not saved"

    when_dialog_opens(fill)
    click(qtbot, button(window, "Record feedback"))
    qtbot.waitUntil(lambda: figure(window, "All responses") == "All responses: 1", timeout=10_000)

    assert "staff" in seen["note"] and "no names or contact details" in seen["note"]
    [response] = saved(window, event_id)
    assert response["mode"] == ResponseMode.STAFF.value == "staff"
    assert response["language"] == "en"
    assert response["answers"]["fft"] == {"fft_rating": "good", "fft_comment": "The nurse explained everything"}
    assert response["answers"]["topics"] == {"topics": ["gp_access"]}
    assert figure(window, "Responses today") == "Responses today: 1"
    assert figure(window, "FFT positive so far") == "FFT positive so far: 100% · negative: 0%"
    assert "1 of 1 answer" in find(window.event_page, "How the FFT figure is worked out", QLabel).text()
    assert window.statusBar().currentMessage() == "Feedback saved for “Spring health fair”."


def test_skipped_fft_rating_is_shown_beside_the_question_and_nothing_is_saved(window: MainWindow, qtbot) -> None:
    event_id = open_event_with(window, qtbot, ["fft"])
    seen: dict[str, object] = {}

    def skip_rating(dialog) -> None:
        qtbot.keyClicks(find(dialog, COMMENT, QPlainTextEdit), "No rating given")
        click(qtbot, button(dialog, "Save feedback"))
        problem = find(dialog, f"Problem with {RATING}", QLabel)
        seen["problem"] = problem.text()
        seen["beside"] = problem.parentWidget() is find(dialog, RATING, AnswerEditor).parentWidget()
        seen["still open"] = dialog.isVisible()
        seen["focus"] = dialog.focusWidget().text()
        when_dialog_opens(lambda box: click(qtbot, button(box, "Discard feedback")))
        click(qtbot, button(dialog, "Cancel"))

    when_dialog_opens(skip_rating)
    click(qtbot, button(window, "Record feedback"))
    window.tasks.wait()
    assert seen == {"problem": "Please answer this question.", "beside": True, "still open": True,
                    "focus": "Very good"}
    assert saved(window, event_id) == []


def test_cancel_saves_nothing_and_asks_before_throwing_answers_away(window: MainWindow, qtbot) -> None:
    event_id = open_event_with(window, qtbot, ["fft"])
    seen: dict[str, object] = {}

    def answer_then_cancel(dialog) -> None:
        click_label(qtbot, find(dialog, "Very good", QRadioButton))

        def keep_editing(box) -> None:
            seen["asked"] = box.windowTitle()
            click(qtbot, button(box, "Keep editing"))

        when_dialog_opens(keep_editing)
        click(qtbot, button(dialog, "Cancel"))
        seen["kept"] = dialog.isVisible() and find(dialog, "Very good", QRadioButton).isChecked()
        when_dialog_opens(lambda box: click(qtbot, button(box, "Discard feedback")))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(answer_then_cancel)
    click(qtbot, button(window, "Record feedback"))
    window.tasks.wait()
    assert seen == {"asked": "Discard this feedback?", "kept": True}
    assert saved(window, event_id) == []

    when_dialog_opens(lambda dialog: click(qtbot, button(dialog, "Cancel")))  # nothing typed: no question
    click(qtbot, button(window, "Record feedback"))
    window.tasks.wait()
    assert saved(window, event_id) == []


def test_follow_up_questions_appear_only_when_they_apply(window: MainWindow, qtbot) -> None:
    event_id = open_event_with(window, qtbot, ["fft", "equality"])
    seen: dict[str, object] = {}

    def answer(dialog) -> None:
        condition = find(dialog, CONDITION, AnswerEditor)
        seen["hidden at first"] = not any(e.accessibleName() == REDUCES and e.isVisibleTo(dialog)
                                          for e in dialog.findChildren(AnswerEditor))
        click_label(qtbot, find(condition, "Yes", QRadioButton))
        follow_up = find(dialog, REDUCES, AnswerEditor)
        click_label(qtbot, find(follow_up, "Yes, a little", QRadioButton))
        click_label(qtbot, find(condition, "No", QRadioButton))
        seen["hidden again"] = not follow_up.isVisibleTo(dialog)
        click_label(qtbot, find(dialog, "Poor", QRadioButton))
        qtbot.keyClicks(find(dialog, "What is the first part of your postcode?", QLineEdit), "ct1")
        click(qtbot, button(dialog, "Save feedback"))
        assert dialog.saving, "the form was not saved"

    when_dialog_opens(answer)
    click(qtbot, button(window, "Record feedback"))
    qtbot.waitUntil(lambda: len(saved(window, event_id)) == 1, timeout=10_000)
    assert seen == {"hidden at first": True, "hidden again": True}
    [response] = saved(window, event_id)
    assert response["answers"]["equality"] == {"long_term_condition": "no", "postcode_district": "CT1"}
    assert response["answers"]["fft"] == {"fft_rating": "poor"}


def test_a_failed_save_keeps_the_form_and_a_retry_saves_once(window: MainWindow, qtbot, monkeypatch) -> None:
    event_id = open_event_with(window, qtbot, ["fft"])
    real_submit = stored_responses.submit_response
    calls: list[str] = []

    def flaky_submit(session, **kwargs):
        calls.append(kwargs["response_id"])
        if len(calls) == 1:
            raise StoreError("The disk is full.")
        return real_submit(session, **kwargs)

    monkeypatch.setattr(stored_responses, "submit_response", flaky_submit)
    seen: dict[str, object] = {}

    def save_twice(dialog) -> None:
        click_label(qtbot, find(dialog, "Neither good nor poor", QRadioButton))
        click(qtbot, button(dialog, "Save feedback"))
        qtbot.waitUntil(lambda: not dialog.saving, timeout=10_000)
        seen["problem"] = find(dialog, "Problem saving the feedback", QLabel).text()
        seen["still open"] = dialog.isVisible()
        click(qtbot, button(dialog, "Save feedback"))
        assert dialog.saving, "the form was not saved"

    when_dialog_opens(save_twice)
    click(qtbot, button(window, "Record feedback"))
    qtbot.waitUntil(lambda: figure(window, "All responses") == "All responses: 1", timeout=10_000)
    assert "The disk is full." in seen["problem"] and seen["still open"]
    assert len(calls) == 2 and calls[0] == calls[1]
    [response] = saved(window, event_id)
    assert response["id"] == calls[0]


def test_counts_follow_responses_saved_elsewhere(monkeypatch, open_window, qtbot) -> None:
    monkeypatch.setattr(event_page, "COUNTS_EVERY_MS", 100)
    window = open_window()
    event_id = open_event_with(window, qtbot, ["fft"])
    with window.store.session() as session:
        library = {"fft": window.workspace.surveys["fft"]}
        for rating in ("very_good", "good", "neither", "dont_know", "poor", "good", "very_poor"):
            stored_responses.submit_response(
                session, response_id=str(uuid.uuid4()), device_id=window.store.device_id, event_id=event_id,
                surveys=library, answers={"fft": {"fft_rating": rating}}, mode=ResponseMode.KIOSK, language="en")
    qtbot.waitUntil(lambda: figure(window, "All responses") == "All responses: 7", timeout=10_000)
    assert figure(window, "FFT positive so far") == "FFT positive so far: 43% · negative: 29%"
    detail = find(window.event_page, "How the FFT figure is worked out", QLabel).text()
    assert "3 of 7 answers" in detail and "Don't know" in detail

    window.show_list()
    with qtbot.waitSignal(window.sig_counts_shown, timeout=10_000):
        window.refresh_event_counts()


def test_choose_surveys_for_an_event_and_keep_them_when_editing(window: MainWindow, qtbot) -> None:
    seen: dict[str, object] = {}

    def create(dialog) -> None:
        qtbot.keyClicks(find(dialog, "Name", QLineEdit), "Diabetes focus group")
        seen["ticked"] = [b.text() for b in dialog.findChildren(QCheckBox)
                          if b.isChecked() and b.text() != "Set start and end times"]
        click_label(qtbot, find(dialog, "Friends and Family Test", QCheckBox))
        click(qtbot, button(dialog, "Save event"))
        seen["none"] = find(dialog, "Problem with Feedback surveys", QLabel).text()
        click_label(qtbot, find(dialog, "What your feedback is about", QCheckBox))
        click_label(qtbot, find(dialog, "About you (optional)", QCheckBox))
        click(qtbot, button(dialog, "Save event"))

    when_dialog_opens(create)
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        click(qtbot, button(window, "New event"))
    assert seen == {"ticked": ["Friends and Family Test"], "none": "Choose at least one survey."}
    shown = find(window.event_page, "Feedback surveys", QLabel).text()
    assert shown == "What your feedback is about, About you (optional)"

    def change_venue(dialog) -> None:
        seen["kept"] = [b.text() for b in dialog.findChildren(QCheckBox) if b.isChecked()]
        qtbot.keyClicks(find(dialog, "Venue", QLineEdit), "Library")
        click(qtbot, button(dialog, "Save event"))

    when_dialog_opens(change_venue)
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        click(qtbot, button(window, "Edit details"))
    assert seen["kept"] == ["What your feedback is about", "About you (optional)"]
    with window.store.session() as session:
        [record] = list_events(session)
    assert record.details.venue == "Library"
    assert record.details.survey_ids == ("topics", "equality")


def test_record_feedback_is_closed_for_an_archived_event(window: MainWindow, qtbot) -> None:
    open_event_with(window, qtbot, ["fft", "topics"])
    with qtbot.waitSignal(window.sig_event_shown):
        click(qtbot, button(window, "Archive event"))
    assert not button(window, "Record feedback").isEnabled()
