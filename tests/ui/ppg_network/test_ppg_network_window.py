"""The PPG network window: every practice's figures in a sortable table, a period to count in,
and the chosen practice's members (never one who withdrew), meetings and issues; it remembers
its place, and Enter or a double-click opens nothing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLabel, QTableWidget, QTabWidget

from app.core.actions import describe_date, validate_action
from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.signups import ConsentMethod, validate_signup
from app.store.actions import add_action
from app.store.attendance import add_guest, record_group_issue, set_present
from app.store.events import add_event
from app.store.people import ConsentGiven, save_signup, withdraw_consent
from app.store.practices import save_practice
from app.ui.ppg_network.desk import GEOMETRY_KEY, PpgNetworkDesk
from app.ui.ppg_network.window import PpgNetworkWindow, last_year_from
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find

TODAY = dt.date.today()


def _day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def seed_network(window: MainWindow) -> dict[str, str]:
    """Two practices with groups and one without: members (one withdrawn), meetings, issues."""
    store, d = window.store, window.store.device_id

    def member(s, name: str, practice: str) -> str:
        return save_signup(s, d, validate_signup(
            {"name": name, "email": f"{name.split()[0].lower()}@example.org", "phone": "07911 123456",
             "interests": ["ppg"], "practice_id": practice, "contact_method": "email"}),
            ConsentGiven("privacy", 1, ConsentMethod.STAFF)).id

    def meeting(s, practice: str, day: str, name: str) -> str:
        return add_event(s, d, validate_event({"name": name, "kind": "ppg-meeting", "event_date": day,
                                               "practice_id": practice})).id

    with store.session() as s:
        larkspur = save_practice(s, d, validate_practice("Larkspur Surgery", "G82001")).id
        hill = save_practice(s, d, validate_practice("Hill Street Medical Centre", "G82002")).id
        save_practice(s, d, validate_practice("Quiet Lane Practice", "G82003"))
        ann, bob = member(s, "Ann Adams", larkspur), member(s, "Bob Brown", larkspur)
        gail = member(s, "Gail Gone", larkspur)
        member(s, "Hal Hill", hill)
        old = meeting(s, larkspur, _day(400), "Larkspur PPG, last year")
        recent = meeting(s, larkspur, _day(30), "Larkspur PPG, last month")
        meeting(s, larkspur, (TODAY + dt.timedelta(days=20)).isoformat(), "Larkspur PPG, next")
        hill_meeting = meeting(s, hill, _day(10), "Hill Street PPG")
    with store.session() as s:
        for person in (ann, bob, gail):
            set_present(s, d, old, person, True)
        add_guest(s, d, old, "Practice manager")
        set_present(s, d, recent, ann, True)
        parking = record_group_issue(s, d, recent, "Parking is hard for disabled patients")
        record_group_issue(s, d, old, "Phones busy at 8am")
        add_action(s, d, validate_action({"event_id": recent, "response_id": parking, "you_said": "Parking",
                                          "we_will": "Ask for two more blue-badge bays", "status": "done",
                                          "what_done": "Two bays marked"}, today=TODAY))
        record_group_issue(s, d, hill_meeting, "Waiting room too cold")
        withdraw_consent(s, gail)
    return {"larkspur": larkspur, "hill": hill}


def open_network(window: MainWindow, qtbot) -> tuple[PpgNetworkDesk, PpgNetworkWindow]:
    desk = PpgNetworkDesk(window.workspace, window.event_page, window)
    with qtbot.waitSignal(desk.sig_window_open, timeout=10_000) as opened:
        desk.open()
    network = opened.args[0]
    qtbot.waitUntil(lambda: network.table.rowCount() > 0 and network.view is not None, timeout=10_000)
    return desk, network


def rows(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def choose_practice(network: PpgNetworkWindow, qtbot, name: str) -> None:
    table = network.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text().startswith(name))
    if network.view is not None and network.view.figures.name == name:
        return  # chosen already (the first in the list is, when the window opens)
    with qtbot.waitSignal(network.sig_shown, timeout=10_000):
        table.selectRow(row)
    assert network.view is not None and network.view.figures.name == name


def test_each_practice_is_counted_and_the_chosen_one_listed(window: MainWindow, qtbot) -> None:
    seed_network(window)
    _desk, network = open_network(window, qtbot)
    table = find(network, "Practices", QTableWidget)
    last_month = (TODAY - dt.timedelta(days=30))
    next_one = TODAY + dt.timedelta(days=20)
    said = {r[0]: r[1:] for r in rows(table)}
    assert said["Larkspur Surgery (G82001)"] == [
        "2", "2", "2.5", "2", "1", "0", f"{last_month.day} {last_month:%b %Y}", f"{next_one.day} {next_one:%b %Y}"]
    assert said["Hill Street Medical Centre (G82002)"][:6] == ["1", "1", "–", "1", "0", "0"]
    assert said["Quiet Lane Practice (G82003)"] == ["0", "0", "–", "0", "0", "0", "–", "–"]
    assert find(network, "How many practices are listed", QLabel).text() == (
        "3 practices · 2 with a PPG · 3 meetings held")

    # Sorted by members, most first, with a click on the heading (twice: most first).
    header = table.horizontalHeader()
    for _click in range(2):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=header.viewport().rect().topLeft() + _centre(header, 1))
    assert [r[1] for r in rows(table)] == ["2", "1", "0"]

    choose_practice(network, qtbot, "Larkspur Surgery")
    tabs = find(network, "About the chosen practice", QTabWidget)
    assert [tabs.tabText(i) for i in range(3)] == ["&Members (2)", "Meetin&gs (2)", "&Issues (2)"]
    members = find(network, "Members of the chosen practice's PPG", QTableWidget)
    assert rows(members) == [["Ann Adams", "ann@example.org", "07911 123456", "Email"],
                             ["Bob Brown", "bob@example.org", "07911 123456", "Email"]]
    tabs.setCurrentIndex(1)
    meetings = find(network, "Meetings held by the chosen practice's PPG", QTableWidget)
    assert [r[1:] for r in rows(meetings)] == [["Larkspur PPG, last month", "1", "1"],
                                               ["Larkspur PPG, last year", "4", "1"]]
    tabs.setCurrentIndex(2)
    issues = find(network, "Issues raised by the chosen practice's PPG", QTableWidget)
    assert [r[1:] for r in rows(issues)] == [
        ["Parking is hard for disabled patients", "Ask for two more blue-badge bays", "Done"],
        ["Phones busy at 8am", "", "No action agreed yet"]]
    # Whoever withdrew is nowhere in the window.
    for shown in network.findChildren(QTableWidget):
        assert not any("Gail" in text for row in rows(shown) for text in row)


def test_the_headings_say_what_is_counted(window: MainWindow, qtbot) -> None:
    ids = seed_network(window)
    with window.store.session() as s:  # a meeting held with no register taken
        add_event(s, window.store.device_id, validate_event(
            {"name": "Larkspur PPG, no register", "kind": "ppg-meeting", "event_date": _day(60),
             "practice_id": ids["larkspur"]}))
        may = add_event(s, window.store.device_id, validate_event(
            {"name": "Larkspur PPG, spring", "kind": "ppg-meeting", "event_date": _day(90),
             "practice_id": ids["larkspur"]})).id
        add_action(s, window.store.device_id, validate_action(
            {"event_id": may, "you_said": "Signs to the pharmacy", "we_will": "New signs", "status": "not_possible",
             "what_done": "The landlord said no"}, today=TODAY))
    _desk, network = open_network(window, qtbot)
    table = network.table
    headings = [table.horizontalHeaderItem(c).text().replace("\n", " ") for c in range(table.columnCount())]
    assert headings == ["Practice", "Members in Involve", "Meetings held", "Average attended (with register)",
                        "Issues raised", "Issues done", "Could not be done", "Last meeting", "Next meeting"]
    members_tip = table.horizontalHeaderItem(1).toolTip()
    assert "signed up in Involve" in members_tip and "Guests" in members_tip
    assert "only over the meetings whose register was taken" in table.horizontalHeaderItem(3).toolTip()
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text().startswith("Larkspur"))
    assert [table.item(row, c).text() for c in range(1, 7)] == ["2", "4", "2.5", "3", "1", "1"]
    assert table.item(row, 3).toolTip() == (
        "5 present over 2 meetings with a register; 2 meetings with no register are left out.")


def test_only_the_column_sorted_by_keeps_room_for_the_sort_arrow(window: MainWindow, qtbot) -> None:
    from app.ui.ppg_network.tables import SORT_ARROW_ROOM

    seed_network(window)
    _desk, network = open_network(window, qtbot)
    header = network.table.horizontalHeader()
    narrow = header.sectionSize(5)  # "Issues done": its heading is wider than its figures
    network.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    assert header.sectionSize(5) == narrow + SORT_ARROW_ROOM
    network.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert header.sectionSize(5) == narrow


def _centre(header, section: int):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)


def test_a_period_counts_only_its_meetings(window: MainWindow, qtbot) -> None:
    seed_network(window)
    _desk, network = open_network(window, qtbot)
    period = find(network, "Meetings held", QComboBox)
    with qtbot.waitSignal(network.sig_shown, timeout=10_000):
        period.setCurrentIndex(period.findText("The last 12 months"))
    said = {r[0]: r[1:] for r in rows(network.table)}
    assert said["Larkspur Surgery (G82001)"][:5] == ["2", "1", "1.0", "1", "1"]
    assert not network.date_from.isVisibleTo(network)  # dates only when they are what counts
    start = last_year_from(TODAY)
    assert find(network, "How many practices are listed", QLabel).text() == (
        f"3 practices · 2 with a PPG · 2 meetings held from {describe_date(start)} to {describe_date(TODAY)}")

    with qtbot.waitSignal(network.sig_shown, timeout=10_000):
        period.setCurrentIndex(period.findText("Between these dates"))
    start = find(network, "From", QDateEdit)
    with qtbot.waitSignal(network.sig_shown, timeout=10_000):
        start.setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(-15))
    said = {r[0]: r[1:] for r in rows(network.table)}
    assert said["Larkspur Surgery (G82001)"][:2] == ["2", "0"]
    assert said["Hill Street Medical Centre (G82002)"][:2] == ["1", "1"]

    # The end before the start is said in words, and nothing is read.
    find(network, "To", QDateEdit).setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(-20))
    assert "before its start" in find(network, "Problem", QLabel).text()


def test_enter_and_double_click_open_nothing_and_the_place_is_kept(window: MainWindow, qtbot) -> None:
    seed_network(window)
    desk, network = open_network(window, qtbot)
    choose_practice(network, qtbot, "Larkspur Surgery")
    tabs = find(network, "About the chosen practice", QTabWidget)
    tabs.setCurrentIndex(1)
    meetings = find(network, "Meetings held by the chosen practice's PPG", QTableWidget)
    before = set(QApplication.topLevelWidgets())
    meetings.setFocus()
    meetings.selectRow(0)
    qtbot.keyClick(meetings, Qt.Key.Key_Return)
    qtbot.mouseDClick(meetings.viewport(), Qt.MouseButton.LeftButton,
                      pos=meetings.visualItemRect(meetings.item(0, 1)).center())
    qtbot.keyClick(network.table, Qt.Key.Key_Return)
    assert network.isVisible()
    assert {w for w in QApplication.topLevelWidgets() if w.isVisible()} <= {w for w in before if w.isVisible()}

    # Alt+I shows the issues; F5 reads again.
    qtbot.keyClick(network, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 2
    with qtbot.waitSignal(network.sig_shown, timeout=10_000):
        qtbot.mouseClick(button(network, "Refresh"), Qt.MouseButton.LeftButton)

    network.move(37, 41)
    network.resize(700, 520)  # within the offscreen screen, which is 800×600
    qtbot.mouseClick(button(network, "Close"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window is None)
    assert window.settings.get(GEOMETRY_KEY)
    _desk, again = open_network(window, qtbot)
    assert (again.width(), again.height()) == (700, 520)


def test_someone_who_withdraws_leaves_the_counts_and_the_list(window: MainWindow, qtbot) -> None:
    ids = seed_network(window)
    _desk, network = open_network(window, qtbot)
    choose_practice(network, qtbot, "Hill Street Medical Centre")
    assert [r[0] for r in rows(network.detail.members)] == ["Hal Hill"]
    from app.store.people import ppg_members

    with window.store.session() as s:
        [hal] = ppg_members(s, ids["hill"])
        withdraw_consent(s, hal.id)
    with qtbot.waitSignal(network.sig_shown, timeout=10_000):
        network.refresh()
    said = {r[0]: r[1:] for r in rows(network.table)}
    assert said["Hill Street Medical Centre (G82002)"][0] == "0"
    assert rows(network.detail.members) == []


def test_choosing_a_practice_while_a_new_period_is_read_still_shows_the_new_period(window: MainWindow, qtbot) -> None:
    seed_network(window)
    _desk, network = open_network(window, qtbot)
    period = find(network, "Meetings held", QComboBox)
    period.setCurrentIndex(period.findText("The last 12 months"))  # read on the worker...
    larkspur = next(r for r in range(network.table.rowCount()) if network.table.item(r, 0).text().startswith("Lark"))
    network.table.selectRow(larkspur)  # ...and a practice chosen before the answer comes
    qtbot.waitUntil(lambda: not window.tasks.busy and network.view is not None
                    and network.view.figures.name == "Larkspur Surgery", timeout=10_000)
    said = {r[0]: r[1:] for r in rows(network.table)}
    assert said["Larkspur Surgery (G82001)"][1] == "1"  # the meeting a year ago is not in the last 12 months
    assert network.view.figures.meetings == 1
