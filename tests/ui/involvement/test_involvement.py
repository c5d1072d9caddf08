"""The involvement log in the desktop app: a member's log with the meeting their register fed in,
logging, editing and removing an activity, a claim with its amount suggested by the payment
policy, and claims approved, paid and exported for finance."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QFileDialog, QLineEdit, QMessageBox, QWidget

from app.core.events import validate_event
from app.core.involvement import validate_activity
from app.core.practices import validate_practice
from app.core.signups import ConsentMethod, validate_signup
from app.store import activities, attendance, people
from app.store.events import add_event
from app.store.practices import save_practice
from app.ui.involvement.claims_window import ClaimsWindow
from app.ui.involvement.desk import InvolvementDesk
from app.ui.involvement.log_window import LogWindow
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, click_label, find, when_dialog_opens

DOCS = Path(__file__).resolve().parents[3] / "docs"
LAST_MONTH = dt.date.today() - dt.timedelta(days=30)


def seed(window: MainWindow, *, withdrawn: bool = False) -> dict[str, str]:
    store = window.store
    with store.session() as s:
        practice = save_practice(s, store.device_id, validate_practice("High Street Surgery", "G82001"))
        meeting = add_event(s, store.device_id, validate_event(
            {"name": "High Street Surgery PPG meeting", "kind": "ppg-meeting", "event_date": LAST_MONTH.isoformat(),
             "start_time": "18:00", "end_time": "19:30", "practice_id": practice.id}))
        ann = people.save_signup(s, store.device_id, validate_signup(
            {"name": "Ann Smith", "email": "ann@example.org", "phone": "", "postcode": "ME14 1XX",
             "interests": ["ppg"], "contact_method": "email", "access_needs": "", "practice_id": practice.id}),
            people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF))
        attendance.set_present(s, store.device_id, meeting.id, ann.id, True)
        activities.add_activity(s, store.device_id, validate_activity(
            {"kind": "reading-group", "title": "Patient leaflet reading group", "role": "Reader", "level": "consult",
             "activity_date": (LAST_MONTH - dt.timedelta(days=20)).isoformat(), "minutes": "1"},
            today=dt.date.today()), person_id=ann.id)
        if withdrawn:
            people.withdraw_consent(s, ann.id)
    return {"ann": ann.id, "meeting": meeting.id}


def desk_of(window: MainWindow) -> InvolvementDesk:
    return InvolvementDesk(window.workspace, window.event_page, window)


def open_log(window: MainWindow, qtbot, person_id: str, name: str = "Ann Smith") -> LogWindow:
    desk = desk_of(window)
    with qtbot.waitSignal(desk.sig_window_open, timeout=10_000) as opened:
        desk.open_log(person_id, name)
    log = opened.args[0]
    qtbot.waitUntil(lambda: log.view is not None, timeout=10_000)
    return log


def rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def save_in(qtbot, dialog: QWidget, name: str) -> None:
    qtbot.mouseClick(button(dialog, name), Qt.MouseButton.LeftButton)


def test_a_members_log_with_the_meeting_from_the_register_and_its_totals(window: MainWindow, qtbot) -> None:
    seeded = seed(window)
    log = open_log(window, qtbot, seeded["ann"])
    listed = rows(log.table)
    assert listed[0][1] == "PPG meeting: High Street Surgery PPG meeting (from the register)"
    assert listed[0][2:] == ["1 h 30 min", "", "Involve"]
    assert listed[1][1:] == ["Reading group: Patient leaflet reading group", "1 h", "Reader", "Consult"]
    assert find(log, "Totals").text() == ("2 activities, 2.5 hours in all · by level of involvement: "
                                            "Consult 1, Involve 1")


def test_log_edit_and_remove_an_activity(window: MainWindow, qtbot) -> None:
    seeded = seed(window)
    log = open_log(window, qtbot, seeded["ann"])

    def fill_in(dialog: QWidget) -> None:
        find(dialog, "Kind", QComboBox).setCurrentIndex(1)  # Panel
        qtbot.keyClicks(find(dialog, "What", QLineEdit), "Urgent care citizens' panel")
        find(dialog, "Date", QDateEdit).setDate(QDate(LAST_MONTH.year, LAST_MONTH.month, LAST_MONTH.day))
        qtbot.keyClicks(find(dialog, "Hours", QLineEdit), "2 hours")
        qtbot.keyClicks(find(dialog, "Role", QLineEdit), "Panel member")
        level = find(dialog, "Level", QComboBox)
        level.setCurrentIndex(level.findText("Co-produce"))
        save_in(qtbot, dialog, "Save activity")

    when_dialog_opens(fill_in)
    qtbot.mouseClick(button(log, "Add activity"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("Urgent care" in r[1] for r in rows(log.table)), timeout=10_000)
    panel = next(r for r in rows(log.table) if "Urgent care" in r[1])
    assert panel[2:] == ["2 h", "Panel member", "Co-produce"]
    assert "4.5 hours in all" in find(log, "Totals").text()

    log.table.selectRow(next(i for i, r in enumerate(rows(log.table)) if "Urgent care" in r[1]))

    def longer(dialog: QWidget) -> None:
        hours = find(dialog, "Hours", QLineEdit)
        hours.clear()
        qtbot.keyClicks(hours, "3")
        save_in(qtbot, dialog, "Save activity")

    when_dialog_opens(longer)
    qtbot.mouseClick(button(log, "Edit activity"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "5.5 hours in all" in find(log, "Totals").text(), timeout=10_000)

    log.table.selectRow(next(i for i, r in enumerate(rows(log.table)) if "Urgent care" in r[1]))

    def confirm(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "&Remove"), Qt.MouseButton.LeftButton)

    when_dialog_opens(confirm)
    qtbot.mouseClick(button(log, "Remove activity"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not any("Urgent care" in r[1] for r in rows(log.table)), timeout=10_000)


def test_a_bad_entry_is_refused_beside_its_field_and_nothing_saved(window: MainWindow, qtbot) -> None:
    seeded = seed(window)
    log = open_log(window, qtbot, seeded["ann"])
    seen: list[str] = []

    def bad(dialog: QWidget) -> None:
        qtbot.keyClicks(find(dialog, "Hours", QLineEdit), "all afternoon")
        save_in(qtbot, dialog, "Save activity")
        seen.append(find(dialog, "Problem with What").text())
        seen.append(find(dialog, "Problem with Hours").text())
        dialog.reject()

    when_dialog_opens(bad)
    qtbot.mouseClick(button(log, "Add activity"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert seen[0].startswith("Say what it was") and "is not a length of time" in seen[1]
    assert len(rows(log.table)) == 2


def test_a_claim_suggests_the_policy_payment_from_the_activity(window: MainWindow, qtbot) -> None:
    seeded = seed(window)
    log = open_log(window, qtbot, seeded["ann"])
    suggested: list[str] = []

    def claim(dialog: QWidget) -> None:
        for_activity = find(dialog, "For", QComboBox)
        for_activity.setCurrentIndex(1)  # the PPG meeting, 1 h 30 min
        level = find(dialog, "Role level", QComboBox)
        level.setCurrentIndex(level.findData("role-4"))
        suggested.append(find(dialog, "Amount (£)", QLineEdit).text())
        save_in(qtbot, dialog, "Save claim")

    when_dialog_opens(claim)
    qtbot.mouseClick(button(log, "Add claim"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: log.claims.rowCount() == 1, timeout=10_000)
    assert suggested == ["75.00"]  # a half day at role 4
    assert rows(log.claims)[0][1:] == ["Involvement payment", "High Street Surgery PPG meeting", "£75.00", "Claimed"]


def test_nothing_new_can_be_logged_for_someone_who_withdrew(window: MainWindow, qtbot) -> None:
    seeded = seed(window, withdrawn=True)
    log = open_log(window, qtbot, seeded["ann"])
    assert not button(log, "Add activity").isEnabled() and not button(log, "Add claim").isEnabled()
    assert "withdrew their consent" in log.outcome.text()
    assert len(rows(log.table)) == 2  # what they did stays in the log


def add_claims(window: MainWindow, person_id: str) -> None:
    from app.core.involvement import validate_claim
    from app.store.claims import add_claim

    store = window.store
    with store.session() as s:
        for amount, text in (("£4.20", "=Bus fare"), ("£75", "Payment")):
            add_claim(s, store.device_id, person_id, validate_claim(
                {"kind": "expense", "amount_pence": amount, "claimed_on": LAST_MONTH.isoformat(),
                 "description": text}, today=dt.date.today()))


def open_claims(window: MainWindow, qtbot) -> ClaimsWindow:
    desk = desk_of(window)
    with qtbot.waitSignal(desk.sig_window_open, timeout=10_000) as opened:
        desk.open_claims()
    claims = opened.args[0]
    qtbot.waitUntil(lambda: claims.table.rowCount() > 0, timeout=10_000)
    return claims


def test_claims_are_approved_paid_and_exported_for_finance(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    seeded = seed(window)
    add_claims(window, seeded["ann"])
    claims = open_claims(window, qtbot)
    assert find(claims, "How many claims are listed").text() == "2 claims, £79.20 in all"
    claims.table.selectRow(0)
    qtbot.mouseClick(button(claims, "Approve"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(claims.table)[0][5] == "Approved", timeout=10_000)
    qtbot.mouseClick(button(claims, "Mark paid"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(claims.table)[0][5] == "Paid", timeout=10_000)
    assert not button(claims, "Reject").isEnabled()  # paid is final
    claims.table.selectRow(1)
    qtbot.mouseClick(button(claims, "Approve"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(claims.table)[1][5] == "Approved", timeout=10_000)
    from app.core.involvement import validate_claim
    from app.store.claims import add_claim

    with window.store.session() as s:  # a third claim, still awaiting approval
        add_claim(s, window.store.device_id, seeded["ann"], validate_claim(
            {"kind": "expense", "amount_pence": "3", "claimed_on": dt.date.today().isoformat(),
             "description": "Parking"}, today=dt.date.today()))
    claims.refresh()
    qtbot.waitUntil(lambda: claims.table.rowCount() == 3, timeout=10_000)

    out = tmp_path / "for-finance.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    warned: list[str] = []

    def go_on(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        warned.append(box.text())
        qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "&Continue…"), Qt.MouseButton.LeftButton)

    when_dialog_opens(go_on)
    with qtbot.waitSignal(claims.sig_exported, timeout=15_000) as exported:
        qtbot.mouseClick(button(claims, "Export for finance"), Qt.MouseButton.LeftButton)
    assert "personal data" in warned[0]
    assert exported.args[0].count == 1 and os.stat(out).st_mode & 0o777 == 0o600  # only the approved one
    written = out.read_text(encoding="utf-8-sig")
    assert "'=Bus fare" in written and "4.20" in written and "Parking" not in written
    # What awaits approval (and the paid one, paid without the file) is still listed as not sent.
    qtbot.waitUntil(lambda: sorted(r[5] for r in rows(claims.table)) == ["Claimed", "Paid"], timeout=10_000)

    when_dialog_opens(go_on)
    out.unlink()
    qtbot.mouseClick(button(claims, "Export for finance"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No approved claims" in claims.outcome.text(), timeout=10_000)
    assert claims.outcome.text() == ("No approved claims are waiting to be sent to finance, so no file was "
                                     "written.") and not out.exists()
    click_label(qtbot, button(claims, "Only claims not yet sent to finance"))
    qtbot.waitUntil(lambda: claims.table.rowCount() == 3, timeout=10_000)
    assert sum(r[5].endswith("sent to finance") for r in rows(claims.table)) == 1


def test_the_log_screenshot(window: MainWindow, qtbot) -> None:
    """docs/involvement-log.png: a member's log, as staff see it (re-run to refresh it)."""
    from app.core.involvement import validate_claim
    from app.store.claims import add_claim, approve_claim

    seeded = seed(window)
    store, today = window.store, dt.date.today()
    with store.session() as s:
        for kind, title, role, level, hours, days in (
                ("meeting", "Community services programme board", "Patient and public voice partner", "co-produce",
                 "5", 12),
                ("panel", "Urgent care citizens' panel", "Panel member", "collaborate", "2:30", 50),
                ("review", "Review of the GP access survey questions", "Reviewer", "consult", "45m", 75)):
            entry = activities.add_activity(s, store.device_id, validate_activity(
                {"kind": kind, "title": title, "role": role, "level": level, "minutes": hours,
                 "activity_date": (today - dt.timedelta(days=days)).isoformat()}, today=today), person_id=seeded["ann"])
            if kind == "meeting":
                paid = add_claim(s, store.device_id, seeded["ann"], validate_claim(
                    {"kind": "payment", "amount_pence": "150", "role_level": "4", "activity_id": entry.id,
                     "claimed_on": entry.details.activity_date}, today=today))
                approve_claim(s, paid.id)
                add_claim(s, store.device_id, seeded["ann"], validate_claim(
                    {"kind": "expense", "amount_pence": "6.80", "activity_id": entry.id, "description": "Bus fares",
                     "claimed_on": entry.details.activity_date}, today=today))
    log = open_log(window, qtbot, seeded["ann"])
    log.resize(1100, 640)
    qtbot.waitUntil(lambda: log.claims.rowCount() == 2, timeout=10_000)
    # Rows fitted to the width it has now: none is taller than its words need.
    qtbot.waitUntil(lambda: all(table.rowHeight(r) <= max(table.sizeHintForRow(r), table.rowHeight(0))
                                for table in (log.table, log.claims) for r in range(table.rowCount())))
    DOCS.mkdir(exist_ok=True)
    assert log.grab().save(str(DOCS / "involvement-log.png"))
