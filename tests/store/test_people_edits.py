"""Correcting a person's details in the store: checked, consents never rewritten, refused once
they withdrew or were erased; and the list's possible duplicates, found for everyone at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.core.practices import validate_practice
from app.core.signups import signup_values, validate_signup
from app.core.validation import ValidationError
from app.store import people, practices
from app.store.models import Consent
from app.store.store import Store
from tests.store.test_people_store import ANN, KIOSK, signup


def consent_rows(store: Store) -> list[tuple]:
    """Every column of every consent row, exactly as stored."""
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text("SELECT * FROM consents ORDER BY id"))]


def test_an_edit_changes_the_details_and_not_one_consent_row(store: Store) -> None:
    ann = signup(store, ANN)
    signup(store, {**ANN, "name": "Bob Jones", "email": "bob@example.org", "phone": "", "postcode": ""}, KIOSK)
    before = consent_rows(store)
    changed = validate_signup({**signup_values(ann.details), "email": "ann.jones@example.org", "name": "Ann Jones",
                               "postcode": "ME15 6AA"})
    with store.session() as session:
        saved = people.edit_person(session, ann.id, changed)
    assert (saved.name, saved.details.email, saved.details.postcode) == ("Ann Jones", "ann.jones@example.org",
                                                                         "ME15 6AA")
    assert saved.version > ann.version
    assert consent_rows(store) == before
    with store.session() as session:
        # The duplicate keys follow the new details: found by the new email, not the old one.
        assert [p.id for p in people.find_duplicates(session, changed.keys())] == [ann.id]
        assert people.find_duplicates(session, ann.details.keys(), exclude_id=ann.id) == []


def test_withdrawn_erased_and_merged_people_cannot_be_edited(store: Store) -> None:
    withdrawn = signup(store, ANN)
    erased = signup(store, {**ANN, "name": "Bob Jones", "email": "bob@example.org", "phone": ""})
    merged = signup(store, {**ANN, "name": "Ann Smith", "email": "ann@elsewhere.example.org", "phone": ""})
    kept = signup(store, {**ANN, "name": "Ann Smith", "email": "ann2@elsewhere.example.org", "phone": ""})
    with store.session() as session:
        people.withdraw_consent(session, withdrawn.id)
        people.erase_person(session, erased.id)
        people.merge_people(session, kept.id, merged.id)
    before = consent_rows(store)
    new = validate_signup({**ANN, "name": "Someone Else"})
    for person, words in ((withdrawn, "withdrew their consent"), (erased, "were erased"),
                          (merged, "was merged into another")):
        with pytest.raises(people.NotEditable, match=words), store.session() as session:
            people.edit_person(session, person.id, new)
    assert consent_rows(store) == before
    with store.session() as session:
        assert people.get_person(session, withdrawn.id).name == "Ann Smith"


def test_an_edit_may_keep_a_practice_taken_off_the_list_but_not_choose_one(store: Store) -> None:
    with store.session() as session:
        gone = practices.save_practice(session, store.device_id, validate_practice("Old Surgery", "G82999"))
        other = practices.save_practice(session, store.device_id, validate_practice("Other Surgery", "G82998"))
    ppg = {**ANN, "interests": ["ppg"], "practice_id": gone.id}
    ann = signup(store, ppg)
    with store.session() as session:
        practices.remove_practice(session, gone.id)
        practices.remove_practice(session, other.id)
    with store.session() as session:
        kept = people.edit_person(session, ann.id, validate_signup({**ppg, "phone": "07400 123456"}))
    assert kept.details.practice_id == gone.id and kept.details.phone == "+447400123456"
    with pytest.raises(ValidationError), store.session() as session:
        people.edit_person(session, ann.id, validate_signup({**ppg, "practice_id": other.id}))


def test_possible_duplicates_are_everyone_sharing_a_key_with_someone_live(store: Store) -> None:
    ann = signup(store, ANN)
    ann_again = signup(store, {**ANN, "phone": "", "email": "ann@elsewhere.example.org"})  # name and postcode
    bob = signup(store, {**ANN, "name": "Bob Jones", "email": "bob@example.org", "phone": "07400 123456",
                         "postcode": ""})
    carol = signup(store, {**ANN, "name": "Carol Lee", "email": "carol@example.org", "phone": "07400 999999",
                           "postcode": ""})
    with store.session() as session:
        assert people.possible_duplicate_ids(session) == {ann.id, ann_again.id}
        assert {p.id for p in people.search_people(session, "", only={ann.id, ann_again.id})} == {ann.id,
                                                                                                  ann_again.id}
        people.erase_person(session, ann_again.id)
    with store.session() as session:
        assert people.possible_duplicate_ids(session) == set()
        assert people.erased_count(session) == 1
        assert {bob.id, carol.id} <= {p.id for p in people.search_people(session)}
        assert session.scalar(select(Consent.id).where(Consent.person_id == carol.id)) is not None
