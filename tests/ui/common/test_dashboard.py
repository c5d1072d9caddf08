"""The event page's live dashboard: big FFT figures, and charts of the answers and topics, kept up to date."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.store.events import add_event
from app.store.responses import submit_response
from app.store.survey_library import load_library
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find

ANSWERS = [("very_good", ["gp_access", "pharmacy"]), ("very_good", ["gp_access"]), ("good", []),
           ("neither", ["dental"]), ("poor", ["gp_access"]), ("dont_know", [])]


def submit(window: MainWindow, event_id: str, rating: str, topics: list[str], **more: Any) -> None:
    store = window.store
    library = load_library(store.paths.surveys).surveys
    answers: dict[str, Any] = {"fft": {"fft_rating": rating}, **more}
    if topics:
        answers["topics"] = {"topics": topics}
    with store.session() as session:
        submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=event_id,
                        surveys={k: library[k] for k in answers}, answers=answers, mode=ResponseMode.KIOSK,
                        language="en")


def open_event(window: MainWindow, qtbot) -> str:
    store = window.store
    with store.session() as session:
        event_id = add_event(session, store.device_id, validate_event(
            {"name": "Health stall, Ashford", "kind": "outreach-stall", "event_date": "2026-04-14"})).id
    for rating, topics in ANSWERS:
        submit(window, event_id, rating, topics)
    submit(window, event_id, "good", [], equality={"sex": "female"})
    with qtbot.waitSignal(window.sig_counts_shown, timeout=10_000):
        window.open_event(event_id)
    return event_id


def text(window: MainWindow, name: str) -> str:
    return find(window.event_page, name, QLabel).text()


def test_the_dashboard_shows_the_fft_figures_and_both_charts(window: MainWindow, qtbot) -> None:
    open_event(window, qtbot)
    assert text(window, "All responses") == "All responses: 7"
    assert text(window, "Responses today") == "Responses today: 7"
    # 4 of 7 positive (57%), 1 of 7 negative (14%): every answer counts, Neither and Don't know too.
    assert text(window, "FFT positive so far") == "FFT positive so far: 57% · negative: 14%"
    assert text(window, "FFT negative so far") == "FFT negative so far: 14%"
    assert "4 of 7 answers" in text(window, "How the FFT figure is worked out")
    answers = find(window.event_page, "Chart of FFT answers")
    assert answers.accessibleDescription() == (
        "FFT answers from 7 people: Very good: 2; Good: 2; Neither good nor poor: 1; Poor: 1; Very poor: 0; "
        "Don't know: 1.")
    topics = find(window.event_page, "Chart of topics")
    assert topics.accessibleDescription() == (
        "Topics chosen by 4 people: Getting a GP appointment: 3; Pharmacy: 1; Dentist: 1.")
    assert text(window, "About the topics") == "4 of 7 responses chose a topic; a response can choose several."
    # Equality answers are never on the dashboard.
    assert "female" not in topics.accessibleDescription().lower()
    # Each chart gets the height its six or more rows need once laid out: nothing is cut off.
    qtbot.waitUntil(lambda: answers.height() >= answers.sizeHint().height() > 0
                    and topics.height() >= topics.sizeHint().height())


def test_a_new_response_shows_at_the_next_refresh(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    submit(window, event_id, "very_poor", ["hospital"])
    window.event_page.sig_counts_wanted.emit()  # what the page's 5-second timer does
    qtbot.waitUntil(lambda: text(window, "All responses") == "All responses: 8", timeout=10_000)
    assert text(window, "FFT positive so far") == "FFT positive so far: 50% · negative: 25%"
    assert "Very poor: 1" in find(window.event_page, "Chart of FFT answers").accessibleDescription()
    assert "Hospital: 1" in find(window.event_page, "Chart of topics").accessibleDescription()


def test_an_event_without_feedback_says_so(window: MainWindow, qtbot) -> None:
    store = window.store
    with store.session() as session:
        event_id = add_event(session, store.device_id, validate_event(
            {"name": "Quiet stall", "kind": "outreach-stall", "event_date": "2026-04-14"})).id
    with qtbot.waitSignal(window.sig_counts_shown, timeout=10_000):
        window.open_event(event_id)
    assert text(window, "All responses") == "All responses: 0"
    assert find(window.event_page, "Chart of FFT answers").accessibleDescription() == \
        "No one has answered the FFT question yet."
    assert find(window.event_page, "Chart of topics").accessibleDescription() == "No one has chosen a topic yet."


def test_report_and_actions_buttons_name_the_event(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot)
    assert button(window.event_page, "Actions").toolTip() == "'You said, we did': what was agreed and done"
    with qtbot.waitSignal(window.event_page.sig_actions) as asked:
        qtbot.mouseClick(button(window.event_page, "Actions"), Qt.MouseButton.LeftButton)
    assert asked.args == [event_id]
