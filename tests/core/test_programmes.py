"""A programme as typed: checked in full, every bad field named, nothing half-taken."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.programmes import Duty, date_span, overlaps, parse_duty, validate_programme
from app.core.validation import ValidationError


def test_a_programme_as_typed_is_tidied() -> None:
    details = validate_programme({"name": "  Urgent   care\nreview ", "decision": " Where it goes ", "duty": "yes",
                                  "duty_notes": "A big change", "start_date": "2026-04-01",
                                  "end_date": "2027-03-31"})
    assert (details.name, details.decision, details.duty) == ("Urgent care review", "Where it goes", Duty.YES)
    assert (details.start_date, details.end_date) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert date_span(details) == "1 Apr 2026 to 31 Mar 2027"
    assert validate_programme({"name": "X"}).duty is Duty.UNDECIDED


@pytest.mark.parametrize(("typed", "duty"), [("yes", Duty.YES), ("No", Duty.NO), ("undecided", Duty.UNDECIDED),
                                             ("", Duty.UNDECIDED), (None, Duty.UNDECIDED), (True, Duty.YES),
                                             (False, Duty.NO), ("not decided yet", Duty.UNDECIDED)])
def test_the_duty_in_the_words_people_use(typed: object, duty: Duty) -> None:
    assert parse_duty(typed) is duty
    assert Duty.from_stored(duty.stored) is duty


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_programme({"name": "  ", "duty": "maybe", "start_date": "2026-02-30", "end_date": "0026-01-01",
                            "decision": "x" * 4001})
    assert set(caught.value.errors) == {"name", "duty", "start_date", "end_date", "decision"}
    assert "yes, no or undecided" in caught.value.errors["duty"]
    assert "not a real date" in caught.value.errors["start_date"]
    assert "check the year" in caught.value.errors["end_date"]


def test_the_end_cannot_be_before_the_start_but_may_be_the_same_day() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_programme({"name": "X", "start_date": "2026-05-02", "end_date": "2026-05-01"})
    assert caught.value.errors == {"end_date": "The end date is before the start date; check both."}
    assert validate_programme({"name": "X", "start_date": "2026-05-02", "end_date": "2026-05-02"}).end_date


def test_a_detail_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_programme({"name": "X", "owner": "Sam"})
    assert caught.value.errors == {"owner": "Not a detail of a programme."}


def test_which_programmes_ran_in_a_range_both_days_included() -> None:
    spring = validate_programme({"name": "X", "start_date": "2026-04-01", "end_date": "2026-06-30"})
    assert overlaps(spring, dt.date(2026, 6, 30), dt.date(2026, 12, 31))
    assert overlaps(spring, dt.date(2025, 1, 1), dt.date(2026, 4, 1))
    assert not overlaps(spring, dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert overlaps(validate_programme({"name": "Undated"}), dt.date(1990, 1, 1), dt.date(1990, 1, 1))
