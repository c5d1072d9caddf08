"""No two things on one health-network window or form answer the same Alt key: a clash makes Alt+key
go to the first one only (or cycle between them), so staff who work by keyboard land in the wrong place."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

from app.core.organisations import validate_organisation
from app.store.organisations import add_organisation
from app.ui.involvement.activity_dialog import ActivityDialog
from app.ui.involvement.claim_dialog import ClaimDialog
from app.ui.network.organisation_dialog import OrganisationDialog
from app.ui.programmes.programme_dialog import ProgrammeDialog
from app.ui.shell.main_window import MainWindow
from tests.ui.network.test_organisations_window import choose, open_organisations


def shared_alt_keys(window: QWidget) -> dict[str, list[str]]:
    """Each Alt key that more than one visible label, button or tab of ``window`` answers."""
    keys: dict[str, list[str]] = defaultdict(list)

    def note(text: str) -> None:
        found = re.search(r"&([^&])", text.replace("&&", ""))
        if found:
            keys[found.group(1).lower()].append(text)

    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            note(widget.text())
        elif isinstance(widget, QGroupBox):
            note(widget.title())
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                note(widget.tabText(i))
    return {key: texts for key, texts in keys.items() if len(texts) > 1}


def test_no_alt_key_is_shared(window: MainWindow, qtbot) -> None:
    with window.store.session() as session:
        add_organisation(session, window.store.device_id,
                         validate_organisation({"name": "Maidstone Carers", "kind": "charity"}))
    orgs = open_organisations(window, qtbot)
    choose(orgs, qtbot, "Maidstone Carers")
    forms = [orgs,
             OrganisationDialog(orgs, store=window.store, tasks=window.tasks),
             ProgrammeDialog(window, store=window.store, tasks=window.tasks),
             ActivityDialog(window, store=window.store, tasks=window.tasks, person_id="p", name="Ann Smith"),
             ClaimDialog(window, store=window.store, tasks=window.tasks, person_id="p", name="Ann Smith",
                         activities=[])]
    clashes = {}
    for form in forms:
        form.show()
        qtbot.waitExposed(form)
        clashes[form.windowTitle()] = shared_alt_keys(form)
        form.close()
    assert clashes == {form.windowTitle(): {} for form in forms}


def test_the_save_buttons_have_alt_keys_and_the_forms_say_the_same_keys(window: MainWindow) -> None:
    forms = [ProgrammeDialog(window, store=window.store, tasks=window.tasks),
             ActivityDialog(window, store=window.store, tasks=window.tasks, person_id="p", name="Ann Smith"),
             ClaimDialog(window, store=window.store, tasks=window.tasks, person_id="p", name="Ann Smith",
                         activities=[])]
    assert [form.save_button.text() for form in forms] == ["&Save programme", "&Save activity", "&Save claim"]
    assert {form.keys.text() for form in forms} == {"* required. Ctrl+Enter saves; Esc cancels."}
