"""The reason box that deleting a response and removing a typed-in row share: a reason is
required, its problem is said beside it, and the buttons go busy while the worker acts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QVBoxLayout

from app.ui.common.reason_form import ReasonForm
from tests.ui.helpers import button, find


def test_a_reason_is_required_and_the_buttons_go_busy(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    asked: list[str | None] = []
    form = ReasonForm(dialog, label="&Why is it being removed? *", name="Why is it being removed?",
                      placeholder="For example: typed twice", action="Remove row", busy="Removing…",
                      on_action=lambda: asked.append(form.checked_reason()))
    form.add_to(QVBoxLayout(dialog))
    dialog.show()

    qtbot.mouseClick(button(dialog, "Remove row"), Qt.MouseButton.LeftButton)
    assert asked == [None]
    assert find(dialog, "Problem with the reason").text() == "Give a reason, so others can see why this was changed."
    assert dialog.focusWidget() is form.reason

    qtbot.keyClicks(find(dialog, "Why is it being removed?"), "  Typed from the wrong sheet ")
    qtbot.mouseClick(button(dialog, "Remove row"), Qt.MouseButton.LeftButton)
    assert asked[-1] == "Typed from the wrong sheet"

    form.set_busy(True)
    assert (form.action_button.text(), form.action_button.isEnabled(), form.cancel_button.isEnabled()) == (
        "Removing…", False, False)
    form.set_busy(False)
    assert (form.action_button.text(), form.action_button.isEnabled(), form.cancel_button.isEnabled()) == (
        "Remove row", True, True)
    qtbot.mouseClick(button(dialog, "Cancel"), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
