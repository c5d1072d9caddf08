"""The time warning as a screen-reader user meets it: Orca on Linux, driven from the keyboard.

A session of its own (the kiosk's idle time set short), in a module of its own: Orca runs once
per user, so sessions take turns, and another module's session must have ended first.
"""

from __future__ import annotations

import pytest

from tests.screen_reader.orca_session import missing_tools, orca_on_kiosk

pytestmark = pytest.mark.timeout(240)


def test_the_time_warning_is_heard_and_more_time_keeps_the_answer(tmp_path) -> None:
    lacking = missing_tools()
    if lacking:
        pytest.fail("the screen-reader tests need " + ", ".join(lacking) + " (installed by .ci/run)")
    with orca_on_kiosk(tmp_path, idle_seconds=40) as orca:  # the warning comes after 10 quiet seconds
        orca.press("Return")
        orca.hear("Very good")
        orca.press("space")  # chooses Very good
        said = " ".join(orca.hear("Are you still there", timeout=40))
        assert "I need more time" in said, said
        orca.press("Return")  # on "I need more time"
        said = " ".join(orca.hear("Very good"))
        assert "selected" in said and "not selected" not in said, said
