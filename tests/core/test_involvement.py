"""Checking an involvement log entry and a claim as typed, and the payment policy's rates."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.involvement import (
    calendar_month,
    describe_minutes,
    hours_text,
    hours_words,
    parse_hours,
    parse_pounds,
    validate_activity,
    validate_claim,
)
from app.core.network import ActivityKind, ClaimKind, Level
from app.core.payments import RoleLevel, parse_role_level, pounds_text, rates_table, suggested_payment
from app.core.validation import ValidationError

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(("typed", "minutes"), [
    ("1.5", 90), ("1:30", 90), ("90m", 90), ("90 min", 90), ("1h 30m", 90), ("2 hours", 120), ("0.25", 15),
    ("", 0), ("24", 1440), (45, 45)])
def test_hours_are_read_however_people_write_them(typed: object, minutes: int) -> None:
    assert parse_hours(typed) == minutes


@pytest.mark.parametrize("typed", ["25", "-1", "abc", "1:75", "1.5.2", "h"])
def test_a_length_that_is_not_one_or_more_than_a_day_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_hours(typed)


def test_lengths_are_shown_in_hours_and_minutes() -> None:
    assert [describe_minutes(m) for m in (0, 45, 60, 90)] == ["-", "45 min", "1 h", "1 h 30 min"]
    assert [hours_text(m) for m in (0, 90, 135, 120)] == ["0", "1.5", "2.25", "2"]
    assert [hours_words(m) for m in (0, 30, 60, 90, 120)] == ["0 hours", "0.5 hours", "1 hour", "1.5 hours",
                                                              "2 hours"]


def test_a_month_runs_from_its_first_day_to_its_last() -> None:
    assert calendar_month(dt.date(2026, 12, 5)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert calendar_month(dt.date(2026, 1, 31), back=1) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert calendar_month(dt.date(2028, 3, 10), back=1) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert calendar_month(dt.date(2026, 3, 10), back=14) == (dt.date(2025, 1, 1), dt.date(2025, 1, 31))


@pytest.mark.parametrize(("typed", "pence"), [("£12.50", 1250), ("12.5", 1250), (" £ 7 ", 700), ("1,200", 120000),
                                              ("GBP3.40", 340)])
def test_amounts_in_pounds_become_pence(typed: str, pence: int) -> None:
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize("typed", ["", "0", "-5", "12.505", "ten pounds", "£20000", "nan"])
def test_an_amount_that_is_not_money_or_is_out_of_reason_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_pounds(typed)


def test_pounds_are_written_as_finance_reads_them() -> None:
    assert [pounds_text(p) for p in (1250, 7, 150000)] == ["£12.50", "£0.07", "£1,500.00"]


def test_an_activity_is_checked_and_tidied() -> None:
    details = validate_activity({"kind": "Reading group", "title": "  Leaflet   review ", "activity_date": "2026-05-02",
                                 "minutes": "1:30", "role": " Reader ", "level": "Co-produce"}, today=TODAY)
    assert (details.kind, details.title, details.minutes, details.role, details.level) == (
        ActivityKind.READING_GROUP, "Leaflet review", 90, "Reader", Level.CO_PRODUCE)


def test_the_level_is_involve_when_none_is_given() -> None:
    details = validate_activity({"kind": "panel", "title": "Panel", "activity_date": "2026-05-02"}, today=TODAY)
    assert details.level is Level.INVOLVE and details.minutes == 0


def test_every_bad_field_of_an_activity_is_named() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_activity({"kind": "picnic", "title": " ", "activity_date": "2026-06-02", "minutes": "30",
                           "level": "top", "event_id": "not an id"}, today=TODAY)
    assert set(caught.value.errors) == {"kind", "title", "activity_date", "minutes", "level", "event_id"}
    assert "has not happened yet" in caught.value.errors["activity_date"]


def test_a_date_out_of_range_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_activity({"kind": "panel", "title": "P", "activity_date": "0026-05-02"}, today=TODAY)
    assert "check the year" in caught.value.errors["activity_date"]


def test_a_claim_is_checked_and_a_payment_needs_its_role_level() -> None:
    claim = validate_claim({"kind": "payment", "amount_pence": "£75", "claimed_on": "2026-05-02",
                            "role_level": "Role 4"}, today=TODAY)
    assert (claim.kind, claim.amount_pence, claim.role_level) == (ClaimKind.PAYMENT, 7500, RoleLevel.LEVEL_4)
    with pytest.raises(ValidationError) as caught:
        validate_claim({"kind": "payment", "amount_pence": "75", "claimed_on": "2026-05-02"}, today=TODAY)
    assert caught.value.errors == {"role_level": "Say the role level the payment is for."}
    expense = validate_claim({"kind": "Expenses", "amount_pence": "4.20", "claimed_on": "2026-05-02"}, today=TODAY)
    assert expense.kind is ClaimKind.EXPENSE and expense.role_level is None


def test_every_bad_field_of_a_claim_is_named() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_claim({"kind": "bonus", "amount_pence": "lots", "claimed_on": "2026-07-01", "role_level": "9"},
                       today=TODAY)
    assert set(caught.value.errors) == {"kind", "amount_pence", "claimed_on", "role_level"}


def test_role_levels_are_read_as_people_write_them() -> None:
    assert {parse_role_level(t) for t in ("4", "role-4", "Role 4", "level 4")} == {RoleLevel.LEVEL_4}
    with pytest.raises(ValueError):
        parse_role_level("44")


def test_the_policy_pays_role_4_a_half_day_up_to_four_hours_and_a_day_beyond() -> None:
    assert suggested_payment(RoleLevel.LEVEL_4, 90) == 7_500
    assert suggested_payment(RoleLevel.LEVEL_4, 240) == 7_500
    assert suggested_payment(RoleLevel.LEVEL_4, 241) == 15_000
    assert suggested_payment(RoleLevel.LEVEL_4, 0) is None  # length unknown: staff say
    assert suggested_payment(RoleLevel.LEVEL_2, 300) is None  # expenses only
    assert rates_table()[3][1:] == ("£150.00", "£75.00")
    assert rates_table()[0][1] == "expenses only"
