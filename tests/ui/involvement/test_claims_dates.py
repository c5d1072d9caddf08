"""Claims for finance, narrowed by the day claimed for: last month's claims listed and exported on
their own, dates chosen by hand, and dates the wrong way round refused with nothing exported."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QFileDialog, QMessageBox, QWidget

from app.core.involvement import calendar_month, validate_claim
from app.store.claims import add_claim, approve_claim
from app.ui.involvement.claims_window import ClaimsWindow
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens
from tests.ui.involvement.test_involvement import open_claims, rows, seed

TODAY = dt.date.today()
LAST_MONTH_FIRST, LAST_MONTH_LAST = calendar_month(TODAY, back=1)
LONG_AGO = calendar_month(TODAY, back=3)[0] + dt.timedelta(days=9)


def add_dated_claims(window: MainWindow, person_id: str) -> None:
    store = window.store
    with store.session() as s:
        for day, amount in ((LONG_AGO, "1"), (LAST_MONTH_FIRST, "2"), (LAST_MONTH_LAST, "3"), (TODAY, "4")):
            approve_claim(s, add_claim(s, store.device_id, person_id, validate_claim(
                {"kind": "expense", "amount_pence": amount, "claimed_on": day.isoformat(),
                 "description": "Bus fare"}, today=TODAY)).id)


def amounts(claims: ClaimsWindow) -> list[str]:
    return sorted(r[4] for r in rows(claims.table))


def choose_period(claims: ClaimsWindow, qtbot, words: str, expected: list[str]) -> None:
    period = find(claims, "Claimed", QComboBox)
    assert isinstance(period, QComboBox)
    period.setCurrentIndex(period.findText(words))
    qtbot.waitUntil(lambda: amounts(claims) == expected, timeout=10_000)


def set_day(claims: ClaimsWindow, name: str, day: dt.date) -> None:
    edit = find(claims, name, QDateEdit)
    assert isinstance(edit, QDateEdit)
    edit.setDate(QDate(day.year, day.month, day.day))


def test_claims_are_listed_and_exported_for_the_dates_chosen(window: MainWindow, qtbot, tmp_path: Path,
                                                             monkeypatch) -> None:
    add_dated_claims(window, seed(window)["ann"])
    claims = open_claims(window, qtbot)
    assert amounts(claims) == ["£1.00", "£2.00", "£3.00", "£4.00"]
    assert not [w for w in claims.findChildren(QDateEdit) if w.isVisibleTo(claims)]  # no days until asked for

    choose_period(claims, qtbot, "Last month", ["£2.00", "£3.00"])
    assert find(claims, "How many claims are listed").text() == "2 claims, £5.00 in all"
    choose_period(claims, qtbot, "This month", ["£4.00"])
    choose_period(claims, qtbot, "Between these dates", ["£2.00", "£3.00"])  # last month's, to start from
    set_day(claims, "From", LONG_AGO)
    qtbot.waitUntil(lambda: amounts(claims) == ["£1.00", "£2.00", "£3.00"], timeout=10_000)
    set_day(claims, "To", LONG_AGO)
    qtbot.waitUntil(lambda: amounts(claims) == ["£1.00"], timeout=10_000)

    choose_period(claims, qtbot, "Last month", ["£2.00", "£3.00"])
    out = tmp_path / "for-finance.csv"
    suggested: list[str] = []

    def save_as(_parent: QWidget, _title: str, name: str, _filter: str) -> tuple[str, str]:
        suggested.append(Path(name).name)
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)

    def go_on(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "&Continue…"), Qt.MouseButton.LeftButton)

    when_dialog_opens(go_on)
    with qtbot.waitSignal(claims.sig_exported, timeout=15_000) as exported:
        qtbot.mouseClick(button(claims, "Export for finance"), Qt.MouseButton.LeftButton)
    assert exported.args[0].count == 2
    assert suggested == [f"Claims {LAST_MONTH_FIRST.isoformat()} to {LAST_MONTH_LAST.isoformat()}.xlsx"]
    written = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [row["Date"] for row in written] == [LAST_MONTH_FIRST.isoformat(), LAST_MONTH_LAST.isoformat()]
    qtbot.waitUntil(lambda: amounts(claims) == [], timeout=10_000)  # last month's went to finance
    choose_period(claims, qtbot, "Any date", ["£1.00", "£4.00"])  # the others wait for their turn


def test_dates_the_wrong_way_round_list_nothing_and_say_why(window: MainWindow, qtbot) -> None:
    add_dated_claims(window, seed(window)["ann"])
    claims = open_claims(window, qtbot)
    choose_period(claims, qtbot, "Between these dates", ["£2.00", "£3.00"])
    set_day(claims, "From", LAST_MONTH_LAST)
    set_day(claims, "To", LAST_MONTH_FIRST)
    qtbot.waitUntil(lambda: claims.table.rowCount() == 0, timeout=10_000)
    assert find(claims, "Problem with the dates").text() == (
        "The “to” date is before the “from” date: choose dates the right way round.")
    assert not button(claims, "Export for finance").isEnabled()
    set_day(claims, "From", LAST_MONTH_FIRST)
    qtbot.waitUntil(lambda: amounts(claims) == ["£2.00"], timeout=10_000)
    assert claims.problem.isHidden() and button(claims, "Export for finance").isEnabled()


def test_the_days_run_from_1900_to_2999(window: MainWindow, qtbot) -> None:
    add_dated_claims(window, seed(window)["ann"])
    claims = open_claims(window, qtbot)
    edits = claims.findChildren(QDateEdit)
    assert len(edits) == 2
    for edit in edits:
        assert (edit.minimumDate(), edit.maximumDate()) == (QDate(1900, 1, 1), QDate(2999, 12, 31))
