"""The "Who should we involve?" window, driven as staff would: search, ranked results with why,
an export that never holds anyone who must not be contacted, the record of lists sent, and a
person's topics ticked in the edit dialog."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QWidget

from app.store.people import get_person, withdraw_consent
from app.ui.finding.desk import FindingDesk
from app.ui.finding.export_dialog import ExportListDialog
from app.ui.finding.window import WhoToInvolveWindow
from app.ui.shell.main_window import MainWindow
from tests.network_helpers import NEVER, make_network
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.people.test_people import click


@pytest.fixture
def ids(window: MainWindow) -> dict[str, str]:
    return make_network(window.store).ids


def open_finding(window: MainWindow) -> WhoToInvolveWindow:
    desk = FindingDesk(window.workspace, window.event_page, window)
    desk.open_who_to_involve()
    assert desk.window is not None
    return desk.window


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def search(finding: WhoToInvolveWindow, qtbot, *, topic: str = "Any topic", area: str = "",
           community: str = "Any community") -> list[str]:
    choose(find(finding, "Topic", QComboBox), topic)
    area_box = find(finding, "Area", QLineEdit)
    area_box.clear()
    qtbot.keyClicks(area_box, area)
    choose(find(finding, "Community", QComboBox), community)
    with qtbot.waitSignal(finding.sig_found, timeout=10_000):
        click(qtbot, button(finding, "Search"))
    return shown_text(finding)


def shown_text(finding: WhoToInvolveWindow) -> list[str]:
    model = finding.table.model()
    return [model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())]


def names(finding: WhoToInvolveWindow) -> list[str]:
    model = finding.table.model()
    return [model.index(r, 0).data().split("\n")[0] for r in range(model.rowCount())]


def cell(finding: WhoToInvolveWindow, row: int, column: int) -> str:
    return finding.table.model().index(row, column).data()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_a_search_ranks_people_and_organisations_with_why_and_how_to_reach_them(window: MainWindow, qtbot,
                                                                               ids) -> None:
    finding = open_finding(window)
    cells = search(finding, qtbot, topic="Mental health", area="me14")
    assert names(finding) == ["Maidstone Mind", "Max Kept", "Mo Khan", "Amy Shah", "Zoe Adams"]
    assert cell(finding, 2, 1) == "Cares about Mental health · Lives in ME14"
    assert cell(finding, 0, 2) == ("hello@maidstonemind.example · 01622 123456\n"
                                   "Contact: Carl Contact (Chair) carl@example.org · 07400 123456")
    assert cell(finding, 3, 2) == "amy@example.org · 07911 123456\nprefers: Text message"
    assert not any(name in cell for cell in cells for name in NEVER)
    assert find(finding, "How many were found", QLabel).text().startswith("4 people and 1 organisation found")
    assert finding.export_button.isEnabled()


@pytest.mark.parametrize("kwargs", [{"area": "ME"}, {"area": "Maidstone"}, {"community": "Carers"},
                                    {"topic": "Mental health"}])
def test_no_one_withdrawn_erased_merged_or_without_consent_is_ever_shown(window: MainWindow, qtbot, ids,
                                                                         kwargs) -> None:
    finding = open_finding(window)
    cells = search(finding, qtbot, **kwargs)
    assert cells and not any(name in cell for cell in cells for name in NEVER)


def test_nothing_to_search_by_is_said_beside_the_search(window: MainWindow, qtbot, ids) -> None:
    finding = open_finding(window)
    click(qtbot, button(finding, "Search"))
    assert find(finding, "Problem with the search", QLabel).text() == (
        "Give a topic, an area or a community to search by.")
    assert finding.table.model().rowCount() == 0 and not finding.export_button.isEnabled()


def export_through_dialog(finding: WhoToInvolveWindow, qtbot, path: Path, *, purpose: str,
                          list_format: str = "Mail merge", monkeypatch) -> dict[str, str]:
    seen: dict[str, str] = {}
    monkeypatch.setattr(ExportListDialog, "ask_path", lambda _self: str(path))

    def fill(dialog: QWidget) -> None:
        seen["warning"] = next(w.text() for w in dialog.findChildren(QLabel) if w.objectName() == "warning")
        click(qtbot, button(dialog, "Choose file and write…"))  # no purpose yet
        seen["problem"] = find(dialog, "Problem with what the list is for", QLabel).text()
        qtbot.keyClicks(find(dialog, "What the list is for", QLineEdit), purpose)
        choice = next(b for name, b in dialog.formats.items() if b.text().startswith(list_format))
        choice.setChecked(True)
        click(qtbot, button(dialog, "Choose file and write…"))

    when_dialog_opens(fill)
    with qtbot.waitSignal(finding.sig_exported, timeout=15_000):
        click(qtbot, button(finding, "Export contact list"))
    return seen


def test_export_warns_asks_the_purpose_writes_the_list_and_keeps_the_record(window: MainWindow, qtbot, ids,
                                                                            tmp_path: Path, monkeypatch) -> None:
    finding = open_finding(window)
    search(finding, qtbot, topic="Mental health", area="ME14")
    with window.store.session() as session:  # withdrawn after the search was shown
        withdraw_consent(session, ids["Mo Khan"])
    out = tmp_path / "invite.csv"
    seen = export_through_dialog(finding, qtbot, out, purpose="Mental health focus group", monkeypatch=monkeypatch)
    assert seen["warning"].startswith("This list holds personal data")
    assert seen["problem"].startswith("Say what the list is for")
    rows = read_csv(out)
    assert [r["name"] for r in rows] == ["Maidstone Mind", "Carl Contact", "Max Kept", "Amy Shah", "Zoe Adams"]
    assert not {r["name"] for r in rows} & (set(NEVER) | {"Mo Khan"})
    assert finding.outcome.text().startswith("Wrote 5 contacts to invite.csv and kept a record of it")

    def look(dialog: QWidget) -> None:
        qtbot.waitUntil(lambda: dialog.entries.rowCount() == 5, timeout=10_000)
        seen["list"] = [dialog.lists.item(0, c).text() for c in range(5)]
        seen["entries"] = [dialog.entries.item(r, 0).text() for r in range(5)]
        dialog.close()

    when_dialog_opens(look)
    click(qtbot, button(finding, "Lists sent"))
    assert seen["list"][1:] == ["Mental health focus group", "Mental health · ME14 · for: Getting involved",
                                "Mail merge", "4 people\n1 organisation"]
    assert sorted(seen["entries"]) == ["Amy Shah", "Carl Contact", "Maidstone Mind", "Max Kept", "Zoe Adams"]


def test_a_notify_text_list_holds_only_those_who_asked_for_texts(window: MainWindow, qtbot, ids, tmp_path: Path,
                                                                 monkeypatch) -> None:
    finding = open_finding(window)
    search(finding, qtbot, topic="Mental health", area="ME14")
    out = tmp_path / "texts.csv"
    export_through_dialog(finding, qtbot, out, purpose="Reminder", list_format="GOV.UK Notify, text",
                          monkeypatch=monkeypatch)
    assert read_csv(out) == [{"phone number": "07911 123456", "name": "Amy Shah", "organisation": ""}]


def test_topics_are_ticked_in_the_edit_dialog_and_saved(window: MainWindow, qtbot, ids) -> None:
    from app.ui.people.edit_dialog import EditPersonDialog

    with window.store.session() as session:
        zoe = get_person(session, ids["Zoe Adams"])
    dialog = EditPersonDialog(window, store=window.store, tasks=window.tasks, person=zoe, practices=[])
    qtbot.addWidget(dialog)
    dialog.show()
    chooser = find(dialog, "Topics they care about", QListWidget)
    assert chooser.accessibleName() == "Topics they care about: none ticked"
    chooser.setFocus()
    dentists = chooser.findItems("Dentists", Qt.MatchFlag.MatchExactly)[0]
    chooser.setCurrentItem(dentists)
    qtbot.keyClick(chooser, Qt.Key.Key_Space)
    assert chooser.accessibleName() == "Topics they care about: Dentists"
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        click(qtbot, button(dialog, "Save changes"))
    with window.store.session() as session:
        assert get_person(session, ids["Zoe Adams"]).details.topics == ("dental",)
    finding = open_finding(window)
    search(finding, qtbot, topic="Dentists")
    assert names(finding) == ["Zoe Adams"]
