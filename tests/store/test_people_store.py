"""Sign-ups, consent, duplicates, withdrawal and erasure, paper rows and PPG meetings, in the store."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, select, text

from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.sheet_codes import SheetKind, format_code, parse_sheet_code
from app.core.signups import ConsentMethod, Interest, PersonStatus, validate_signup
from app.core.transcription import parse_card, parse_signup_row
from app.core.validation import ValidationError
from app.store import attendance, events, paper, people, practices
from app.store.models import Consent, Person
from app.store.store import Store
from app.store.survey_library import load_library

KIOSK = people.ConsentGiven("privacy-notice", 1, ConsentMethod.KIOSK)
STAFF = people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)
ANN = {"name": "Ann Smith", "email": "Ann.Smith@Example.com", "phone": "07911 123456", "postcode": "me14 1xx",
       "interests": ["newsletter"], "contact_method": "email", "access_needs": "Large print please"}


@pytest.fixture
def event_id(store: Store) -> str:
    with store.session() as session:
        return events.add_event(session, store.device_id, validate_event(
            {"name": "Maidstone market stall", "kind": "outreach-stall", "event_date": "2026-11-28"})).id


def signup(store: Store, values: dict, consent: people.ConsentGiven = STAFF, **kw) -> people.PersonRecord:
    with store.session() as session:
        return people.save_signup(session, store.device_id, validate_signup(values), consent, **kw)


def test_a_signup_is_saved_with_its_consent_record(store: Store, event_id: str) -> None:
    person = signup(store, ANN, people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF, event_id=event_id),
                    event_id=event_id)
    assert person.details.postcode == "ME14 1XX" and person.details.phone == "+447911123456"
    (consent,) = person.consents
    assert (consent.notice_id, consent.notice_version, consent.method, consent.event_id, consent.device_id) == (
        "privacy-notice", 1, ConsentMethod.STAFF, event_id, store.device_id)
    with store.session() as session:
        assert people.signup_counts(session, event_id) == {"staff": 1}


def test_kiosk_signups_carry_only_the_day(store: Store) -> None:
    moment = dt.datetime(2026, 11, 28, 10, 47, 13, 123456, tzinfo=dt.UTC)
    with store.session() as session:
        person = people.save_signup(session, store.device_id, validate_signup(ANN), KIOSK, now=moment)
    hour = dt.datetime(2026, 11, 28, 0, 0, tzinfo=dt.UTC)
    assert person.created_at == hour and person.consents[0].given_at == hour
    with store.session() as session:
        row = session.get(Person, person.id)
        assert (row.created_at, row.updated_at) == (hour, hour)


def test_a_sign_up_for_an_unknown_practice_saves_nothing(store: Store) -> None:
    details = validate_signup({**ANN, "interests": ["ppg"], "practice_id": "not-a-practice"})
    with pytest.raises(ValidationError) as refused, store.session() as session:
        people.save_signup(session, store.device_id, details, STAFF)
    assert "practice_id" in refused.value.errors
    with store.session() as session:
        assert session.scalar(select(Person).limit(1)) is None
        assert session.scalar(select(Consent).limit(1)) is None


@pytest.mark.parametrize("again", [
    {"name": "A. Smith", "email": "ann.smith@example.com", "contact_method": "email"},
    {"name": "Annie", "phone": "+44 7911 123456", "contact_method": "phone"},
    {"name": "ann  SMITH", "phone": "07912 000000", "postcode": "ME141XX", "contact_method": "phone"},
])
def test_the_same_person_signing_up_again_is_found(store: Store, again: dict) -> None:
    first = signup(store, ANN)
    with store.session() as session:
        found = people.find_duplicates(session, validate_signup({**again, "interests": ["surveys"]}).keys())
    assert [p.id for p in found] == [first.id]


def test_different_people_are_not_flagged(store: Store) -> None:
    signup(store, ANN)
    with store.session() as session:
        assert people.find_duplicates(session, validate_signup(
            {"name": "Ann Smith", "email": "other@example.com", "postcode": "CT1 1AA", "interests": ["surveys"],
             "contact_method": "email"}).keys()) == []


def test_merging_keeps_every_consent_and_combines_what_they_asked_for(store: Store) -> None:
    first = signup(store, ANN, KIOSK)
    second = signup(store, {"name": "Ann Smith", "phone": "07911 123456", "postcode": "ME14 1XX",
                            "interests": ["volunteering"], "contact_method": "phone"})
    with store.session() as session:
        kept = people.merge_people(session, first.id, second.id)
    assert {c.method for c in kept.consents} == {ConsentMethod.KIOSK, ConsentMethod.STAFF}
    assert kept.details.interests == (Interest.NEWSLETTER, Interest.VOLUNTEERING)
    assert kept.details.email == "Ann.Smith@example.com"
    with store.session() as session:
        gone = session.get(Person, second.id)
        assert (gone.status, gone.merged_into_id, gone.name, gone.phone) == ("merged", first.id, "", "")
        assert gone.deleted_at is not None and gone.version > gone.synced_version
        assert [p.id for p in people.search_people(session, "Smith")] == [first.id]


def test_a_withdrawal_on_a_merged_duplicate_is_still_honoured(store: Store) -> None:
    first, second = signup(store, ANN), signup(store, {**ANN, "interests": ["surveys"]})
    with store.session() as session:
        people.withdraw_consent(session, second.id)
        kept = people.merge_people(session, first.id, second.id)
    assert kept.status is PersonStatus.WITHDRAWN
    assert (kept.details.postcode, kept.details.interests, kept.details.access_needs) == ("", (), "")
    assert len(kept.consents) == 2 and all(c.withdrawn_at is not None for c in kept.consents)


def test_merging_into_a_withdrawn_person_keeps_them_withdrawn(store: Store) -> None:
    first, second = signup(store, ANN), signup(store, {**ANN, "interests": ["surveys"], "postcode": "CT1 1AA"})
    with store.session() as session:
        people.withdraw_consent(session, first.id)
        kept = people.merge_people(session, first.id, second.id)
    assert kept.status is PersonStatus.WITHDRAWN and kept.details.interests == ()
    assert kept.details.postcode == "" and all(c.withdrawn_at is not None for c in kept.consents)


def test_withdrawal_stops_contact_and_keeps_only_what_honours_it(store: Store) -> None:
    person = signup(store, ANN)
    with store.session() as session:
        after = people.withdraw_consent(session, person.id)
    assert after.status is PersonStatus.WITHDRAWN
    assert (after.details.name, after.details.email) == ("Ann Smith", "Ann.Smith@example.com")
    assert (after.details.postcode, after.details.interests, after.details.access_needs) == ("", (), "")
    assert all(c.withdrawn_at is not None for c in after.consents)
    assert after.version > person.version


def _every_stored_value(store: Store) -> list[str]:
    values: list[str] = []
    with store.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                values.extend(str(v) for v in row if v is not None)
    return values


def test_erasure_leaves_no_personal_data_but_a_tombstone(store: Store, event_id: str) -> None:
    person = signup(store, {**ANN, "name": "Zebedee Quimby"},
                    people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF, event_id=event_id),
                    event_id=event_id)
    with store.session() as session:
        people.erase_person(session, person.id)
    with store.engine.connect() as conn:  # freed pages are overwritten, not left holding the old text
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    stored = "\n".join(_every_stored_value(store))
    for personal in ("Zebedee", "Quimby", "Ann.Smith", "example.com", "7911123456", "ME14", "Large print"):
        assert personal.lower() not in stored.lower()
    with store.session() as session:
        row = session.get(Person, person.id)
        assert (row.status, row.erased_at is not None, row.deleted_at is not None) == ("erased", True, True)
        assert row.version > row.synced_version  # the erasure is waiting to reach the centre
        consent = session.scalars(select(Consent).where(Consent.person_id == person.id)).one()
        assert consent.deleted_at is not None and consent.withdrawn_at is not None
        assert people.search_people(session, "") == []


def _sheet(event_id: str, number: int = 1):
    return parse_sheet_code(format_code(SheetKind.SIGNUP, event_id, number))


def test_a_paper_row_is_entered_once_only(store: Store, event_id: str) -> None:
    row = parse_signup_row({"row": "3", "name": "Bob Jones", "email": "bob@example.org", "ticks": "HN",
                            "consent": "Y"}, rows=8)
    with store.session() as session:
        paper.enter_signup_row(session, store.device_id, event_id, _sheet(event_id), row,
                               notice_id="privacy-notice", notice_version=1)
    with pytest.raises(people.RowAlreadyEntered, match="Row 3"), store.session() as session:
        paper.enter_signup_row(session, store.device_id, event_id, _sheet(event_id), row,
                               notice_id="privacy-notice", notice_version=1)
    with store.session() as session:  # the same row number on another sheet is a different row
        paper.enter_signup_row(session, store.device_id, event_id, _sheet(event_id, 2), row,
                               notice_id="privacy-notice", notice_version=1)
        progress = paper.sheet_progress(session, event_id, SheetKind.SIGNUP)
        consent = session.scalars(select(Consent).where(Consent.paper_row == 3).limit(1)).first()
    assert [(p.code, p.rows_entered) for p in progress] == [
        (format_code(SheetKind.SIGNUP, event_id, 1), 1), (format_code(SheetKind.SIGNUP, event_id, 2), 1)]
    assert consent.method == "paper" and consent.event_id == event_id


def test_events_whose_ids_start_alike_keep_their_paper_apart(store: Store) -> None:
    """Short codes are the same for two such events; the row still belongs to its own event."""
    from app.store.models import Event

    with store.session() as session:
        ids = []
        for n in (1, 2):
            event_id = f"abcdef00-0000-4000-8000-00000000000{n}"
            session.add(Event(id=event_id, device_id=store.device_id, name=f"Event {n}", kind="other",
                              event_date=dt.date(2026, 12, n)))
            ids.append(event_id)
    row = parse_signup_row({"row": "1", "name": "Bob Jones", "email": "bob@example.org", "ticks": "H",
                            "consent": "Y"}, rows=8)
    for event_id in ids:
        code = parse_sheet_code(f"INVOLVE:S:{event_id}:1")
        with store.session() as session:
            paper.enter_signup_row(session, store.device_id, event_id, code, row,
                                   notice_id="privacy-notice", notice_version=1)
    with store.session() as session:
        assert [len(paper.sheet_progress(session, e, SheetKind.SIGNUP)) for e in ids] == [1, 1]
        assert paper.entered_rows(session, ids[0], "S-ABCDEF-001") == [1]


def test_a_paper_consent_names_the_notice_printed_on_its_sheet(store: Store, event_id: str) -> None:
    with store.session() as session:
        paper.record_print_run(session, store.device_id, event_id, SheetKind.SIGNUP, 3, notice=("privacy-notice", 7))
    row = parse_signup_row({"row": "2", "name": "Bob Jones", "email": "bob@example.org", "ticks": "H",
                            "consent": "Y"}, rows=8)
    with store.session() as session:
        printed = paper.enter_signup_row(session, store.device_id, event_id, _sheet(event_id, 3), row,
                                         notice_id="privacy-notice", notice_version=9)
        elsewhere = paper.enter_signup_row(session, store.device_id, event_id, _sheet(event_id, 4), row,
                                           notice_id="privacy-notice", notice_version=9)
    assert printed.consents[0].notice_version == 7  # printed here: what was on the paper
    assert elsewhere.consents[0].notice_version == 9  # printed on another laptop: the current one


def test_a_feedback_card_is_entered_once_only(store: Store, event_id: str) -> None:
    fft = load_library(store.paths.surveys).surveys["fft"]
    card = parse_sheet_code(format_code(SheetKind.FEEDBACK, event_id, 12))
    with store.session() as session:
        paper.enter_card(session, store.device_id, event_id, card, {"fft": fft},
                         parse_card({"rating": "2", "comment": "Friendly"}))
    with pytest.raises(people.RowAlreadyEntered, match="Card"), store.session() as session:
        paper.enter_card(session, store.device_id, event_id, card, {"fft": fft}, parse_card({"rating": "1"}))
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT mode, fft_rating, paper_sheet FROM responses")).all()
    assert rows == [("paper", "good", format_code(SheetKind.FEEDBACK, event_id, 12))]


def test_print_runs_carry_numbering_on(store: Store, event_id: str) -> None:
    with store.session() as session:
        first = paper.record_print_run(session, store.device_id, event_id, SheetKind.SIGNUP, 10)
        second = paper.record_print_run(session, store.device_id, event_id, SheetKind.SIGNUP, 5, large_print=True)
        cards = paper.record_print_run(session, store.device_id, event_id, SheetKind.FEEDBACK, 8)
    assert (first.first, first.last, second.first, second.last, cards.first) == (1, 10, 11, 15, 1)


def test_a_sheet_from_an_unknown_event_is_named(store: Store) -> None:
    code = parse_sheet_code("S-ABCDEF-001")
    with pytest.raises(Exception, match="No event on this laptop matches sheet S-ABCDEF-001"), \
            store.session() as session:
        paper.resolve_sheet(session, code)


def test_ppg_meeting_register_and_group_issues(store: Store) -> None:
    with store.session() as session:
        practice = practices.save_practice(session, store.device_id, validate_practice("Bower Mount", "G82001"))
        meeting = events.add_event(session, store.device_id, validate_event(
            {"name": "PPG autumn meeting", "kind": "ppg-meeting", "event_date": "2026-12-01",
             "practice_id": practice.id}))
    member = signup(store, {**ANN, "interests": ["ppg"], "practice_id": practice.id})
    signup(store, {**ANN, "name": "Not A Member", "email": "x@example.com"})
    topics = load_library(store.paths.surveys).surveys["topics"]
    with store.session() as session:
        attendance.set_present(session, store.device_id, meeting.id, member.id, True)
        attendance.add_guest(session, store.device_id, meeting.id, "  Dr  Patel ")
        attendance.record_group_issue(session, store.device_id, meeting.id, "Phones unanswered at 8am",
                                      ["gp_access"], topics)
        register = attendance.register(session, meeting.id)
        issues = attendance.group_issues(session, meeting.id)
        with pytest.raises(ValueError):
            attendance.record_group_issue(session, store.device_id, meeting.id, "  ", [], topics)
    assert [(line.member.name, line.present) for line in register.members] == [("Ann Smith", True)]
    assert [g.name for g in register.guests] == ["Dr Patel"] and register.present_count == 2
    assert [(text_, tops) for _id, text_, tops in issues] == [("Phones unanswered at 8am", ("gp_access",))]
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT mode, raised_by_group FROM responses")).all() == [("staff", 1)]


def test_merging_keeps_the_duplicates_attendance(store: Store) -> None:
    with store.session() as session:
        practice = practices.save_practice(session, store.device_id, validate_practice("Bower Mount", "G82001"))
        meeting = events.add_event(session, store.device_id, validate_event(
            {"name": "PPG", "kind": "ppg-meeting", "event_date": "2026-12-01", "practice_id": practice.id}))
    values = {**ANN, "interests": ["ppg"], "practice_id": practice.id}
    first, second = signup(store, values), signup(store, {**values, "name": "A. Smith"})
    with store.session() as session:
        attendance.set_present(session, store.device_id, meeting.id, second.id, True)
        people.merge_people(session, first.id, second.id)
        register = attendance.register(session, meeting.id)
    assert [(line.member.id, line.present) for line in register.members] == [(first.id, True)]


def test_practice_codes_are_unique_and_events_must_name_a_listed_practice(store: Store) -> None:
    with store.session() as session:
        practices.save_practice(session, store.device_id, validate_practice("Bower Mount", "g82001"))
    with pytest.raises(ValidationError, match="already on the list"), store.session() as session:
        practices.save_practice(session, store.device_id, validate_practice("Other", "G82001"))
    with pytest.raises(ValidationError), store.session() as session:
        events.add_event(session, store.device_id, validate_event(
            {"name": "PPG", "kind": "ppg-meeting", "event_date": "2026-12-01", "practice_id": "nope"}))


def test_database_errors_do_not_quote_peoples_details(store: Store) -> None:
    """Such messages reach the log; the values in them would be a person's name and email."""
    from sqlalchemy.exc import IntegrityError

    person = signup(store, {**ANN, "name": "Zebedee Quimby"})
    with pytest.raises(IntegrityError) as failed, store.session() as session:
        session.add(Person(id=person.id, device_id=store.device_id, name="Zebedee Quimby", email="zq@example.org",
                           contact_method="email"))
        session.flush()
    assert "Zebedee" not in str(failed.value) and "zq@example.org" not in str(failed.value)
