"""The kiosk as a screen-reader user meets it: Orca on Linux, driven from the keyboard.

These run the real screen reader (see ``orca_session``), so they check what is said aloud, not
only what the accessibility tree holds: the question with its answers, where the person is in
the survey, and the messages that appear on screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.screen_reader.orca_session import missing_tools, orca_on_kiosk

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def orca(tmp_path_factory):
    lacking = missing_tools()
    if lacking:
        pytest.fail("the screen-reader tests need " + ", ".join(lacking) + " (installed by .ci/run)")
    with orca_on_kiosk(Path(tmp_path_factory.mktemp("orca"))) as session:
        yield session


def test_an_answer_is_read_with_its_question_and_where_the_person_is(orca) -> None:
    orca.press("Return")  # start
    said = " ".join(orca.hear("Very good"))
    assert "How was your experience" in said or "Overall, how was" in said, said
    assert "Question 1 of" in said, said


def test_a_missing_answer_is_said_aloud(orca) -> None:
    orca.press_until("Tab", "Next")
    orca.press("Return")
    orca.hear("Please answer this question")


def test_the_easy_read_pictures_are_heard_with_their_question(orca) -> None:
    orca.press_until("Tab", "Start again")
    orca.press("Return")  # back to the welcome screen
    orca.press_until("Tab", "Easy read: off")
    orca.press("Return")
    orca.hear("Easy read: on")
    orca.press("s")  # any letter starts
    said = " ".join(orca.hear("Very good"))
    assert "How was our service? Question 1 of" in said, said
