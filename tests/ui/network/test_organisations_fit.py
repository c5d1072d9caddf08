"""The Organisations window and its dialogs fit a 1366×768 and a 1024×768 laptop screen at the
largest text size; and the picture of an organisation's page in docs/ is made from demo data.

Remake the picture with:
    INVOLVE_WRITE_DOCS=1 pytest tests/ui/network/test_organisations_fit.py -k picture
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QWidget

from app.store.demo import seed_demo
from app.store.demo_network import seed_organisations
from app.store.demo_people import seed_signups
from app.store.organisation_contacts import list_contacts
from app.store.organisations import list_organisations
from app.store.survey_library import load_library
from app.ui.common.text_size import apply_text_size
from app.ui.shell.main_window import MainWindow
from tests.ui.network.test_organisations_window import (
    add_org,
    add_person,
    choose,
    click,
    on_each_import_result,
    open_organisations,
    settle,
)
from tests.ui.people.test_people import through_dialog
from tests.ui.test_staff_dialogs_fit import SCREENS, TASKBAR, off_screen_buttons

PICTURE = Path(__file__).resolve().parents[3] / "docs" / "organisation-page.png"


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen(request, monkeypatch) -> QSize:
    size = SCREENS[request.param]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, size.width(),
                                                                           size.height() - TASKBAR))
    return size


@pytest.fixture
def largest_text(window: MainWindow) -> Iterator[None]:
    window.settings.set("text_size", "larger")
    apply_text_size("larger")
    yield
    apply_text_size("normal")


def with_contacts(window: MainWindow) -> str:
    org = add_org(window, "The Maidstone and Malling Carers' Support Network", areas="Maidstone; ME14; ME15",
                  topics="dementia; social_care; long_term_conditions; mental_health",
                  communities="carers; older_people; rural", email="hello@carers.example.org",
                  phone="020 7946 0123", website="https://www.carers.example.org",
                  notes="Meets every Tuesday, 10am to 12 noon, at the community hall. " * 3)
    add_org(window, "Maidstone and Malling Carers Support Network")  # a likely duplicate
    from app.store.organisation_contacts import add_contact

    for name, role in (("Ann Smith", "Chair"), ("Bob Jones", "Volunteer coordinator")):
        person = add_person(window, name)
        with window.store.session() as session:
            add_contact(session, window.store.device_id, org, person, role)
    return org


@pytest.mark.usefixtures("largest_text")
def test_the_window_fits_with_an_organisation_chosen(window: MainWindow, qtbot, screen: QSize) -> None:
    with_contacts(window)
    orgs = open_organisations(window, qtbot)
    choose(orgs, qtbot, "The Maidstone and Malling Carers' Support Network")
    problems = off_screen_buttons(orgs, screen)
    assert not problems, "\n".join(problems)
    QApplication.processEvents()
    for label in (orgs.page.heading, orgs.page.notes, orgs.page.topics):  # wrapped, never cut
        assert label.width() <= orgs.page.width()


def test_on_a_small_screen_the_list_keeps_room_for_several_organisations(window: MainWindow, qtbot,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """At 1024×768 the page sits under the list; the list still shows 7 or more organisations."""
    size = SCREENS["1024x768"]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, size.width(),
                                                                           size.height() - TASKBAR))
    for n in range(12):
        add_org(window, f"Group {n:02d}")
    orgs = open_organisations(window, qtbot)
    qtbot.waitUntil(lambda: orgs.splitter.orientation() == Qt.Orientation.Vertical)
    rows = orgs.table.verticalHeader().defaultSectionSize()
    qtbot.waitUntil(lambda: orgs.table.viewport().height() // rows >= 7, timeout=3_000)
    assert orgs.page_side.height() >= orgs.page_side.minimumSizeHint().height()


@pytest.mark.usefixtures("largest_text")
def test_its_dialogs_fit(window: MainWindow, qtbot, screen: QSize, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    with_contacts(window)
    add_person(window, "Cat Lee")
    orgs = open_organisations(window, qtbot)
    choose(orgs, qtbot, "The Maidstone and Malling Carers' Support Network")
    problems: list[str] = []

    def check(dialog: QWidget) -> None:
        settle(window, qtbot)
        problems.extend(off_screen_buttons(dialog, screen))
        dialog.close()

    for name in ("Add organisation", "Edit organisation", "Merge with", "Add contact"):
        through_dialog(qtbot, lambda name=name: click(qtbot, orgs, name), check)
        assert not problems, f"{name}: " + "\n".join(problems)

    path = tmp_path / "organisations.csv"
    path.write_text("Name,Kind\n" + "".join(f"Group {n},club\n" for n in range(30)), encoding="utf-8")
    seen: list[bool] = []

    def check_result(dialog: QWidget) -> None:
        problems.extend(off_screen_buttons(dialog, screen))
        seen.append(True)
        dialog.close()

    on_each_import_result(orgs, check_result)
    orgs.start_import(path)
    qtbot.waitUntil(lambda: bool(seen), timeout=15_000)
    assert not problems, "\n".join(problems)


def test_the_picture_of_an_organisation_page(window: MainWindow, qtbot, tmp_path: Path) -> None:
    """Demo data, as staff would see it after ``involve demo``; the organisation chosen has contacts."""
    store = window.store
    surveys = load_library(store.paths.surveys).surveys
    summary = seed_demo(store, surveys, events=4, responses=20, seed=18, today=dt.date(2026, 11, 20))
    seed_signups(store, random.Random(19), summary.event_ids, 60, dt.date(2026, 11, 20))
    seed_organisations(store, random.Random(20), 40)
    with store.session() as session:
        best = max(list_organisations(session), key=lambda o: (
            min(len(list_contacts(session, o.id)), 2), bool(o.details.notes), len(o.details.topics),
            len(o.details.communities), bool(o.details.website), o.name))
        assert list_contacts(session, best.id)
    orgs = open_organisations(window, qtbot)
    orgs.resize(1280, 720)
    orgs.splitter.setSizes([620, 660])
    choose(orgs, qtbot, best.name)
    qtbot.waitUntil(lambda: bool(orgs.page.contacts), timeout=10_000)
    orgs.table.scrollTo(orgs.table.currentIndex())
    QApplication.processEvents()
    out = PICTURE if os.environ.get("INVOLVE_WRITE_DOCS") else tmp_path / PICTURE.name
    assert orgs.grab().save(str(out))
    assert out.stat().st_size > 20_000
    assert orgs.page.contact_list.isVisibleTo(orgs) and orgs.page.notes.text() != "No notes."
