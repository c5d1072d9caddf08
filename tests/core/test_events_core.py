"""The rules for a valid event, without any store or screen."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.events import EventKind, describe_when, parse_kind, validate_event
from app.core.validation import ValidationError

GOOD = {"name": "Spring health fair", "kind": "community-event", "event_date": "2026-04-14"}


def test_minimal_event_is_valid() -> None:
    details = validate_event(GOOD)
    assert details.kind is EventKind.COMMUNITY_EVENT
    assert details.event_date == dt.date(2026, 4, 14)
    assert (details.start_time, details.venue, details.notes) == (None, "", "")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_event({"name": "", "kind": "disco", "event_date": "2026-02-30", "start_time": "9am"})
    assert set(caught.value.errors) == {"name", "kind", "event_date", "start_time"}
    assert caught.value.errors["name"] == "Give the event a name."


def test_end_must_follow_start() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_event(GOOD | {"start_time": "14:00", "end_time": "14:00"})
    assert "after the start" in caught.value.errors["end_time"]


def test_kind_accepts_codes_and_labels() -> None:
    assert parse_kind("PPG meeting") is EventKind.PPG_MEETING
    assert parse_kind("focus_group") is EventKind.FOCUS_GROUP
    with pytest.raises(ValueError, match="choose one of"):
        parse_kind("rave")


def test_control_characters_are_dropped_and_text_trimmed() -> None:
    details = validate_event(GOOD | {"name": "  Stall\x00 at\u200b the\x07 market ", "notes": "line one\nline two"})
    assert details.name == "Stall at the market"
    assert details.notes == "line one\nline two"


def test_the_service_is_optional_trimmed_one_line_and_limited() -> None:
    assert validate_event(GOOD).service == ""
    assert validate_event(GOOD | {"service": "  Riverside\t Surgery\n"}).service == "Riverside Surgery"
    assert validate_event(GOOD | {"service": "Y02960"}).service == "Y02960"
    with pytest.raises(ValidationError) as caught:
        validate_event(GOOD | {"service": "x" * 121})
    assert caught.value.errors == {"service": "Keep this to 120 characters or fewer."}


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_event(GOOD | {"colour": "blue"})
    assert "colour" in caught.value.errors


def test_describe_when() -> None:
    details = validate_event(GOOD | {"start_time": "10:00", "end_time": "13:30"})
    assert describe_when(details) == "Tue 14 Apr 2026, 10:00 to 13:30"
    assert describe_when(validate_event(GOOD)) == "Tue 14 Apr 2026"


@given(name=st.text(max_size=250), day=st.dates(), venue=st.text(max_size=250))
def test_validation_either_accepts_clean_values_or_names_the_field(name: str, day: dt.date, venue: str) -> None:
    try:
        details = validate_event(GOOD | {"name": name, "event_date": day.isoformat(), "venue": venue})
    except ValidationError as error:
        assert set(error.errors) <= {"name", "venue"} | ({"event_date"} if not 1900 <= day.year <= 2999 else set())
        assert all(message.strip() for message in error.errors.values())
        return
    assert details.name and details.name == details.name.strip() and len(details.name) <= 200
    assert len(details.venue) <= 200 and details.event_date == day
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in details.name + details.venue)


def test_easy_read_is_off_unless_asked_for_and_only_with_the_fft() -> None:
    assert validate_event(GOOD).easy_read is False
    assert validate_event(GOOD | {"easy_read": True}).easy_read is True
    assert validate_event(GOOD | {"easy_read": "yes"}).easy_read is True
    assert validate_event(GOOD | {"easy_read": "no"}).easy_read is False
    with pytest.raises(ValidationError) as bad:
        validate_event(GOOD | {"easy_read": "perhaps"})
    assert bad.value.errors == {"easy_read": "'perhaps' is not yes or no."}
    with pytest.raises(ValidationError) as no_fft:
        validate_event(GOOD | {"easy_read": True, "survey_ids": "topics"})
    assert "Friends and Family Test" in no_fft.value.errors["easy_read"]


@pytest.mark.parametrize("day", ["0001-01-01", "0026-04-14", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_an_event_date_outside_the_years_reports_cover_is_refused_where_it_is_typed(day: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_event(GOOD | {"event_date": day})
    assert refused.value.errors == {"event_date": f"{day} is not a date Involve can use; check the year (dates run "
                                                  "from 1900-01-01 to 2999-12-31)."}


def test_the_first_and_last_days_of_the_range_are_events_and_reports_alike(tmp_path) -> None:
    from app.core.report import ReportSelection
    from app.store.reports import check_selection

    for day in ("1900-01-01", "2999-12-31"):
        assert validate_event(GOOD | {"event_date": day}).event_date.isoformat() == day
        check_selection(ReportSelection(date_from=dt.date.fromisoformat(day), date_to=dt.date.fromisoformat(day)))
