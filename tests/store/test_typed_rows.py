"""Removing a sign-up typed in from paper by mistake: the row is free again, the person typed in
is erased, and the laptop keeps who removed which row, when and why (never what was typed)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.events import validate_event
from app.core.sheet_codes import SheetKind, format_code, parse_sheet_code
from app.core.signups import ConsentMethod, PersonStatus, validate_signup
from app.core.transcription import parse_signup_row
from app.store import events, paper, people
from app.store.corrections import CorrectedBy, CorrectionRefused
from app.store.models import Consent, Person, RowRemoval
from app.store.store import Store
from app.store.typed_rows import remove_typed_row, typed_rows

BY = CorrectedBy("Stall laptop", "akhan")
BOB = {"row": "3", "name": "Bob Jones", "email": "bob@example.org", "ticks": "HN", "consent": "Y"}


@pytest.fixture
def event_id(store: Store) -> str:
    with store.session() as session:
        return events.add_event(session, store.device_id, validate_event(
            {"name": "Maidstone market stall", "kind": "outreach-stall", "event_date": "2026-11-28"})).id


def _type_in(store: Store, event_id: str, values: dict, sheet: int = 1) -> people.PersonRecord:
    with store.session() as session:
        return paper.enter_signup_row(session, store.device_id, event_id,
                                      parse_sheet_code(format_code(SheetKind.SIGNUP, event_id, sheet)),
                                      parse_signup_row(values, rows=8), notice_id="privacy-notice", notice_version=1)


def test_a_removed_row_can_be_typed_in_again_and_its_person_is_erased(store: Store, event_id: str) -> None:
    sheet = format_code(SheetKind.SIGNUP, event_id, 1)
    wrong = _type_in(store, event_id, BOB)
    with store.session() as session:
        [row] = typed_rows(session, wrong.id)
        assert (row.sheet, row.row) == (sheet, 3)
        removed = remove_typed_row(session, wrong.id, row.consent_id, "Typed from the wrong sheet", BY)
    assert (removed.name, removed.person_removed) == ("Bob Jones", True)

    with store.session() as session:
        assert paper.entered_rows(session, event_id, sheet) == []
        assert paper.sheet_progress(session, event_id, SheetKind.SIGNUP) == []
        assert people.signup_counts(session, event_id) == {}
        assert people.search_people(session, "") == []
        assert people.erased_count(session) == 0  # no one asked to be erased
        gone = session.get(Person, wrong.id)
        assert (gone.status, gone.name, gone.email, gone.deleted_at is not None) == ("erased", "", "", True)
        assert gone.version > gone.synced_version  # the removal waits to reach the centre
        consent = session.get(Consent, row.consent_id)
        assert consent.deleted_at is not None and consent.withdrawn_at is not None and consent.paper_row is None
        audit = session.scalars(select(RowRemoval)).one()
        assert (audit.paper_sheet, audit.paper_row, audit.reason, audit.laptop, audit.user_name,
                audit.person_removed) == (sheet, 3, "Typed from the wrong sheet", "Stall laptop", "akhan", True)

    right = _type_in(store, event_id, {**BOB, "name": "Rob Jones"})  # the same row, typed in again
    with store.session() as session:
        assert paper.entered_rows(session, event_id, sheet) == [3]
        assert [p.name for p in people.search_people(session, "")] == ["Rob Jones"]
        assert right.consents[0].paper_row == 3


def test_an_erased_persons_row_is_not_typed_in_again(store: Store, event_id: str) -> None:
    """Erasure at a person's request keeps their row taken: retyping the sheet must not bring them back."""
    person = _type_in(store, event_id, BOB)
    with store.session() as session:
        people.erase_person(session, person.id)
    with pytest.raises(people.RowAlreadyEntered):
        _type_in(store, event_id, BOB)
    with store.session() as session:
        assert people.erased_count(session) == 1


def test_a_merged_record_loses_only_the_row_removed(store: Store, event_id: str) -> None:
    typed = _type_in(store, event_id, BOB)
    with store.session() as session:
        staff = people.save_signup(session, store.device_id, validate_signup(
            {"name": "Bob Jones", "email": "bob@example.org", "phone": "", "postcode": "", "interests": ["newsletter"],
             "contact_method": "email", "access_needs": ""}),
            people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF))
        people.merge_people(session, staff.id, typed.id)
        [row] = typed_rows(session, staff.id)
        removed = remove_typed_row(session, staff.id, row.consent_id, "Row 3 was a duplicate of the form", BY)
    assert removed.person_removed is False
    with store.session() as session:
        kept = people.get_person(session, staff.id)
        assert kept.status is PersonStatus.ACTIVE and kept.details.email == "bob@example.org"
        assert [c.method for c in kept.consents if c.paper_row is not None] == []
        assert typed_rows(session, staff.id) == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_removal_needs_a_reason_and_changes_nothing_without_one(store: Store, event_id: str, reason: str) -> None:
    person = _type_in(store, event_id, BOB)
    with store.session() as session:
        [row] = typed_rows(session, person.id)
    with pytest.raises(CorrectionRefused, match="reason"), store.session() as session:
        remove_typed_row(session, person.id, row.consent_id, reason, BY)
    with store.session() as session:
        assert people.get_person(session, person.id).name == "Bob Jones"
        assert session.scalars(select(RowRemoval)).all() == []


def test_only_a_typed_in_row_of_someone_still_consenting_is_removed(store: Store, event_id: str) -> None:
    person = _type_in(store, event_id, BOB)
    with store.session() as session:
        staff = people.save_signup(session, store.device_id, validate_signup(
            {"name": "Ann Smith", "email": "ann@example.org", "phone": "", "postcode": "", "interests": ["newsletter"],
             "contact_method": "email", "access_needs": ""}),
            people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF))
        [row] = typed_rows(session, person.id)
        with pytest.raises(CorrectionRefused, match="Ann Smith was not typed in"):
            remove_typed_row(session, staff.id, row.consent_id, "Wrong", BY)
        people.withdraw_consent(session, person.id)
    with pytest.raises(CorrectionRefused, match="withdrew"), store.session() as session:
        remove_typed_row(session, person.id, row.consent_id, "Wrong", BY)


def test_a_store_from_before_removals_upgrades_and_its_typed_rows_can_be_removed(data_paths) -> None:
    import datetime as dt

    from sqlalchemy import text

    from tests.store.test_migrations import DEVICE, _store_at

    fair, person, consent = ("7e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b", "2e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b",
                             "3f1a2b3c-4d5e-4f6a-9b7c-8d9e0f1a2b3c")
    now = dt.datetime(2026, 12, 4, 10, 0)
    with _store_at(data_paths, "0010", now) as conn:
        conn.execute(text(
            "INSERT INTO events (id, device_id, created_at, updated_at, version, synced_version, name, kind, "
            "event_date, venue, locality, organiser, partners, notes, survey_ids, service, easy_read) VALUES (:id, "
            ":dev, :t, :t, 1, 1, 'Health fair', 'community-event', '2026-12-03', '', '', '', '', '', '[\"fft\"]', "
            "'', 0)"), {"id": fair, "dev": DEVICE, "t": now})
        conn.execute(text(
            "INSERT INTO people (id, device_id, created_at, updated_at, version, synced_version, name, email, phone, "
            "postcode, interests, contact_method, access_needs, event_id, status) VALUES (:id, :dev, :t, :t, 1, 1, "
            "'Łukasz Wróbel', 'lukasz@example.org', '', '', '[]', 'email', '', :e, 'active')"),
            {"id": person, "dev": DEVICE, "t": now, "e": fair})
        conn.execute(text(
            "INSERT INTO consents (id, device_id, created_at, updated_at, version, synced_version, person_id, "
            "notice_id, notice_version, method, event_id, paper_sheet, paper_row, given_at) VALUES (:id, :dev, :t, "
            ":t, 1, 1, :p, 'privacy-notice', 1, 'paper', :e, 'S-7E5F6A-001', 4, :t)"),
            {"id": consent, "dev": DEVICE, "t": now, "p": person, "e": fair})

    store = Store.open(data_paths)
    try:
        assert store.upgraded_from == "0010"
        with store.session() as session:
            assert people.get_person(session, person).name == "Łukasz Wróbel"
            assert paper.entered_rows(session, fair, "S-7E5F6A-001") == [4]
            [row] = typed_rows(session, person)
            remove_typed_row(session, person, row.consent_id, "Typed twice", BY)
        with store.session() as session:
            assert paper.entered_rows(session, fair, "S-7E5F6A-001") == []
            assert session.scalars(select(RowRemoval.paper_row)).all() == [4]
    finally:
        store.close()
