"""Staff choose in the event form whether the kiosk offers the FFT in easy read."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox

from app.core.events import validate_event
from app.ui.events.event_dialog import EventDialog
from app.ui.shell.application import make_application
from tests.ui.helpers import button, find

EASY_READ = "Offer the Friends and Family Test in easy read at the kiosk"
SURVEYS = {"fft": "Friends and Family Test", "topics": "Topics"}
FAIR = validate_event({"name": "Fair", "kind": "community-event", "event_date": "2026-06-01"})


def _dialog(qtbot, existing=None) -> EventDialog:
    make_application()
    dialog = EventDialog(existing=existing, surveys=SURVEYS)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_ticking_easy_read_saves_it_and_an_edit_shows_it(qtbot) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.name, "Learning disability week")
    box = find(dialog, EASY_READ, QCheckBox)
    assert not box.isChecked() and "picture above each answer" in box.toolTip()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # as a person ticks it from the keyboard
    assert box.isChecked()
    qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)
    assert dialog.details is not None and dialog.details.easy_read

    again = _dialog(qtbot, existing=replace(FAIR, easy_read=True))
    assert find(again, EASY_READ, QCheckBox).isChecked()
    plain = _dialog(qtbot, existing=FAIR)
    assert not find(plain, EASY_READ, QCheckBox).isChecked()


def test_easy_read_without_the_fft_is_explained_beside_the_surveys_and_not_saved(qtbot) -> None:
    dialog = _dialog(qtbot, existing=FAIR)
    find(dialog, "Friends and Family Test", QCheckBox).setChecked(False)
    find(dialog, "Topics", QCheckBox).setChecked(True)
    find(dialog, EASY_READ, QCheckBox).setChecked(True)
    qtbot.mouseClick(button(dialog, "Save event"), Qt.MouseButton.LeftButton)
    assert dialog.details is None and dialog.isVisible()
    assert dialog.error_text("survey_ids") == "Easy read is for the Friends and Family Test: choose that survey too."
    assert dialog.focusWidget() is find(dialog, EASY_READ, QCheckBox)
