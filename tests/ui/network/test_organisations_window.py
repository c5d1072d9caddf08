"""The Organisations window, driven as staff would: adding, editing, importing a list with bad
rows, merging two listings, and naming contacts (a withdrawn person never appears as one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressDialog,
    QWidget,
)

from app.core.organisations import validate_organisation
from app.core.signups import ConsentMethod, validate_signup
from app.store.organisation_contacts import add_contact
from app.store.organisations import add_organisation, list_organisations
from app.store.people import ConsentGiven, save_signup, withdraw_consent
from app.ui.network.desk import OrganisationsDesk
from app.ui.network.import_dialog import ImportRun
from app.ui.network.organisations_window import OrganisationsWindow
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.people.test_people import through_dialog

STAFF = ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)


def open_organisations(window: MainWindow, qtbot) -> OrganisationsWindow:
    desk = OrganisationsDesk(window.workspace, window.event_page, window)
    with qtbot.waitSignal(desk.sig_window_open, timeout=10_000):
        desk.open()
    assert desk.window is not None
    orgs = desk.window
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    return orgs


def add_org(window: MainWindow, name: str, **values: object) -> str:
    with window.store.session() as session:
        return add_organisation(session, window.store.device_id, validate_organisation(
            {"name": name, "kind": "charity", **values})).id


def add_person(window: MainWindow, name: str) -> str:
    with window.store.session() as session:
        return save_signup(session, window.store.device_id, validate_signup(
            {"name": name, "email": f"{name.split()[0].lower()}@example.org", "contact_method": "email",
             "interests": ["health-network"]}), STAFF).id


def listed(orgs: OrganisationsWindow) -> list[str]:
    return [orgs.table.item(row, 0).text() for row in range(orgs.table.rowCount())]


def choose(orgs: OrganisationsWindow, qtbot, name: str) -> None:
    row = listed(orgs).index(name)
    orgs.table.selectRow(row)
    qtbot.waitUntil(lambda: orgs.page.record is not None and orgs.page.record.name == name, timeout=10_000)


def click(qtbot, root: QWidget, name: str) -> None:
    qtbot.mouseClick(button(root, name), Qt.MouseButton.LeftButton)


def on_each_import_result(orgs: OrganisationsWindow, act) -> None:  # noqa: ANN001
    """Run ``act`` on the result dialog of each import (after its progress window has gone)."""
    orgs.sig_import_done.connect(lambda _result: when_dialog_opens(act))


def settle(window: MainWindow, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)


def test_adding_with_a_mistake_then_editing(window: MainWindow, qtbot) -> None:
    orgs = open_organisations(window, qtbot)
    assert "No organisations match" in orgs.found.text()
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        qtbot.keyClicks(find(dialog, "Name", QLineEdit), "Maidstone Carers' Centre")
        kind = find(dialog, "Kind", QComboBox)
        assert isinstance(kind, QComboBox)
        kind.setCurrentIndex(kind.findText("Charity"))
        qtbot.keyClicks(find(dialog, "Areas", QLineEdit), "me14; Maidstone")
        topics = find(dialog, "Topics", QListWidget)
        assert isinstance(topics, QListWidget)
        topics.findItems("Dementia", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)
        qtbot.keyClicks(find(dialog, "Phone", QLineEdit), "12")
        click(qtbot, dialog, "Add")
        seen["problem"] = find(dialog, "Problem with Phone").text()
        find(dialog, "Phone", QLineEdit).setText("01622 123456")
        click(qtbot, dialog, "Add")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    through_dialog(qtbot, lambda: click(qtbot, orgs, "Add organisation"), fill)
    assert "phone number" in seen["problem"]
    qtbot.waitUntil(lambda: listed(orgs) == ["Maidstone Carers' Centre"] and orgs.page.record is not None,
                    timeout=10_000)
    assert orgs.outcome.text() == "Added Maidstone Carers' Centre."
    assert orgs.page.areas.text() == "ME14; Maidstone" and orgs.page.topics.text() == "Dementia"
    assert orgs.page.phone.text() == "01622 123456"

    def rename(dialog: QWidget) -> None:
        name = find(dialog, "Name", QLineEdit)
        assert isinstance(name, QLineEdit)
        name.setText("Maidstone Carers Network")
        click(qtbot, dialog, "Save")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    through_dialog(qtbot, lambda: click(qtbot, orgs, "Edit organisation"), rename)
    qtbot.waitUntil(lambda: listed(orgs) == ["Maidstone Carers Network"], timeout=10_000)
    qtbot.waitUntil(lambda: orgs.page.heading.text() == "Maidstone Carers Network", timeout=10_000)


def test_search_and_filters(window: MainWindow, qtbot) -> None:
    add_org(window, "Maidstone Carers' Centre", areas="ME14", topics="dementia", communities="carers")
    add_org(window, "Ashford Youth Forum", kind="vcs", areas="Ashford", topics="mental_health",
            notes="Meets on Fridays")
    orgs = open_organisations(window, qtbot)
    assert listed(orgs) == ["Ashford Youth Forum", "Maidstone Carers' Centre"]
    topic = find(orgs, "Topic", QComboBox)
    assert isinstance(topic, QComboBox)
    topic.setCurrentIndex(topic.findText("Dementia"))
    qtbot.waitUntil(lambda: listed(orgs) == ["Maidstone Carers' Centre"], timeout=10_000)
    topic.setCurrentIndex(0)
    area = find(orgs, "Area", QComboBox)
    assert isinstance(area, QComboBox)
    qtbot.waitUntil(lambda: area.findText("Ashford") > 0, timeout=10_000)
    area.setCurrentIndex(area.findText("Ashford"))
    qtbot.waitUntil(lambda: listed(orgs) == ["Ashford Youth Forum"], timeout=10_000)
    area.setCurrentIndex(0)
    qtbot.keyClicks(orgs.search, "fridays")
    qtbot.waitUntil(lambda: listed(orgs) == ["Ashford Youth Forum"], timeout=10_000)


def test_importing_a_list_with_bad_rows_then_the_good_rows_only(window: MainWindow, qtbot, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "organisations.csv"
    path.write_text("Name,Type,Areas,Topics\nDeal Men's Shed,community,Deal,mental_health\n"
                    "Dover Pride,club,Dover,\nFolkestone Foodbank,charity,Folkestone,parking\n"
                    "Hythe Lunch Club,community,Hythe,\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    orgs = open_organisations(window, qtbot)
    shown: dict[str, str] = {}

    def on_result(dialog: QWidget) -> None:
        if "summary" in shown:
            shown["second"] = find(dialog, "What the import did").text()
            click(qtbot, dialog, "Close")
            return
        shown["summary"] = find(dialog, "What the import did").text()
        details = find(dialog, "Problems and rows skipped, by line", QPlainTextEdit)
        assert isinstance(details, QPlainTextEdit)
        shown["lines"] = details.toPlainText()
        with window.store.session() as session:
            shown["saved first"] = str(len(list_organisations(session)))
        click(qtbot, dialog, "Import the good rows only")

    on_each_import_result(orgs, on_result)
    click(qtbot, orgs, "Import")
    qtbot.waitUntil(lambda: "summary" in shown, timeout=15_000)
    assert shown["summary"].startswith("2 rows have problems, so nothing was saved.")
    assert shown["lines"].splitlines() == [
        "line 3: Kind: 'club' is not a kind of organisation; choose one of Voluntary or community "
        "group, Charity, Patient Participation Group (PPG), Healthwatch, Council, Faith group, Community group, "
        "NHS organisation, Other.",
        "line 4: Topics: 'parking' is not one of the topics; choose from " + ", ".join(
            __import__("app.core.network", fromlist=["TOPICS"]).TOPICS.values()) + "."]
    assert shown["saved first"] == "0"
    qtbot.waitUntil(lambda: "second" in shown, timeout=15_000)
    assert shown["second"].startswith("Added 2 organisations. 2 rows had problems and were left out.")
    qtbot.waitUntil(lambda: listed(orgs) == ["Deal Men's Shed", "Hythe Lunch Club"], timeout=10_000)


def test_an_import_shows_progress_and_can_be_cancelled(window: MainWindow, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_text("Name,Kind\n" + "".join(f"Group {n},vcs\n" for n in range(400)), encoding="utf-8")
    orgs = open_organisations(window, qtbot)
    results = []
    orgs.sig_import_done.connect(results.append)
    window.tasks.run(lambda: __import__("time").sleep(0.3))  # the worker is busy, so Cancel comes first

    def started(run) -> None:
        run.sig_progress_shown.connect(lambda progress: click(qtbot, progress, "Cancel"))

    orgs.sig_import_started.connect(started)
    on_each_import_result(orgs, lambda dialog: click(qtbot, dialog, "Close"))
    orgs.start_import(path)
    qtbot.waitUntil(lambda: bool(results), timeout=15_000)
    assert results[0].cancelled and results[0].added == 0
    settle(window, qtbot)
    assert listed(orgs) == []


def test_import_progress_counts_rows_in_words(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    run = ImportRun(owner, store=None, tasks=None)  # type: ignore[arg-type]  # progress only: no file is read
    run.progress = QProgressDialog(owner)
    run._advance((1, 1))
    assert run.progress.labelText() == "Checked 1 of 1 row…"
    run._advance((1, 2))
    assert run.progress.labelText() == "Checked 1 of 2 rows…"


def test_merging_two_listings_of_one_organisation(window: MainWindow, qtbot) -> None:
    add_org(window, "Maidstone Carers' Centre", areas="ME14", topics="dementia")
    add_org(window, "The Maidstone Carers Centre Ltd", areas="Maidstone", topics="mental_health")
    add_org(window, "Ashford Youth Forum", kind="vcs")
    orgs = open_organisations(window, qtbot)
    assert find(orgs, "How many possible duplicates").text() == "2 may be listed twice"
    duplicates = find(orgs, "Possible duplicates only", QCheckBox)
    assert isinstance(duplicates, QCheckBox)
    duplicates.setChecked(True)
    qtbot.waitUntil(lambda: len(listed(orgs)) == 2, timeout=10_000)
    choose(orgs, qtbot, "Maidstone Carers' Centre")
    assert orgs.page.duplicate.isVisibleTo(orgs)

    def merge(dialog: QWidget) -> None:
        others = find(dialog, "Organisations to merge with", QListWidget)
        assert isinstance(others, QListWidget)
        qtbot.waitUntil(lambda: others.count() == 2, timeout=10_000)
        assert others.item(0).text().startswith("The Maidstone Carers Centre Ltd")
        assert others.item(0).text().endswith("likely the same")
        assert button(dialog, "Keep Maidstone Carers' Centre").isChecked()
        click(qtbot, dialog, "Merge")

    through_dialog(qtbot, lambda: click(qtbot, orgs, "Merge with"), merge)
    qtbot.waitUntil(lambda: listed(orgs) == [] or orgs.outcome.text().startswith("Merged"), timeout=10_000)
    assert orgs.outcome.text() == "Merged The Maidstone Carers Centre Ltd into Maidstone Carers' Centre."
    duplicates.setChecked(False)
    qtbot.waitUntil(lambda: listed(orgs) == ["Ashford Youth Forum", "Maidstone Carers' Centre"], timeout=10_000)
    choose(orgs, qtbot, "Maidstone Carers' Centre")
    qtbot.waitUntil(lambda: orgs.page.topics.text() == "Dementia; Mental health", timeout=10_000)
    assert orgs.page.areas.text() == "ME14; Maidstone"
    assert not orgs.page.duplicate.isVisibleTo(orgs)


def test_contacts_are_people_who_can_be_reached_and_a_withdrawn_person_never_appears(window: MainWindow,
                                                                                      qtbot) -> None:
    org = add_org(window, "Deal Men's Shed", kind="community")
    add_person(window, "Ann Smith")
    bob = add_person(window, "Bob Jones")
    cat = add_person(window, "Cat Lee")
    with window.store.session() as session:
        add_contact(session, window.store.device_id, org, cat, "Treasurer")
        withdraw_consent(session, cat)  # named once, then withdrew: no longer listed
        withdraw_consent(session, bob)  # withdrew before: never offered
    orgs = open_organisations(window, qtbot)
    choose(orgs, qtbot, "Deal Men's Shed")
    assert orgs.page.contacts == [] and orgs.page.contacts_heading.text() == "0 contacts"
    offered: list[str] = []

    def name_ann(dialog: QWidget) -> None:
        people = find(dialog, "People who can be named", QListWidget)
        assert isinstance(people, QListWidget)
        qtbot.waitUntil(lambda: people.count() > 0, timeout=10_000)
        offered.extend(people.item(i).text() for i in range(people.count()))
        qtbot.keyClicks(find(dialog, "Role", QLineEdit), "Chair")
        click(qtbot, dialog, "Add contact")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    through_dialog(qtbot, lambda: click(qtbot, orgs, "Add contact"), name_ann)
    assert offered == ["Ann Smith · ann@example.org"]
    qtbot.waitUntil(lambda: [c.name for c in orgs.page.contacts] == ["Ann Smith"], timeout=10_000)
    assert orgs.page.contact_list.item(0).text() == "Ann Smith, Chair · ann@example.org"
    assert orgs.outcome.text() == "Ann Smith is a contact at Deal Men's Shed."

    orgs.page.contact_list.setCurrentRow(0)
    click(qtbot, orgs, "Remove contact")
    qtbot.waitUntil(lambda: orgs.page.contacts == [] and orgs.page.record is not None, timeout=10_000)


def test_removing_asks_first(window: MainWindow, qtbot) -> None:
    add_org(window, "Old Lunch Club")
    orgs = open_organisations(window, qtbot)
    choose(orgs, qtbot, "Old Lunch Club")
    through_dialog(qtbot, lambda: click(qtbot, orgs, "Remove organisation"), lambda box: click(qtbot, box, "Keep"))
    settle(window, qtbot)
    assert listed(orgs) == ["Old Lunch Club"]
    through_dialog(qtbot, lambda: click(qtbot, orgs, "Remove organisation"), lambda box: click(qtbot, box, "Remove"))
    qtbot.waitUntil(lambda: listed(orgs) == [], timeout=10_000)
    assert orgs.outcome.text() == "Removed Old Lunch Club."


def test_the_phone_is_edited_as_the_page_shows_it_and_saved_unchanged(window: MainWindow, qtbot) -> None:
    add_org(window, "Westminster Carers", phone="+442079460552")
    orgs = open_organisations(window, qtbot)
    choose(orgs, qtbot, "Westminster Carers")
    assert find(orgs, "Phone", QLabel).text() == "020 7946 0552"
    seen: dict[str, str] = {}

    def keep(dialog: QWidget) -> None:
        seen["phone"] = find(dialog, "Phone", QLineEdit).text()
        click(qtbot, dialog, "Save")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    through_dialog(qtbot, lambda: click(qtbot, orgs, "Edit organisation"), keep)
    settle(window, qtbot)
    assert seen["phone"] == "020 7946 0552"
    with window.store.session() as session:
        assert [o.details.phone for o in list_organisations(session) if o.name == "Westminster Carers"] == [
            "+442079460552"]
