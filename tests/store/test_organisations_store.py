"""Organisations in the store: finding, duplicates, merging, and contacts with their consent."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.core.organisations import validate_organisation
from app.core.signups import ConsentMethod, validate_signup
from app.store import organisation_contacts as contacts
from app.store import organisations as orgs
from app.store.errors import NotFound, StoreError
from app.store.models import Activity, Organisation
from app.store.people import ConsentGiven, erase_person, merge_people, save_signup, withdraw_consent
from app.store.store import Store

STAFF = ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)


def org(name: str, kind: str = "vcs", **values: object):  # noqa: ANN201
    return validate_organisation({"name": name, "kind": kind, **values})


def person(session, store: Store, name: str, email: str = ""):  # noqa: ANN001, ANN201
    return save_signup(session, store.device_id, validate_signup({
        "name": name, "email": email or f"{name.split()[0].lower()}@example.org", "contact_method": "email",
        "interests": ["health-network"]}), STAFF)


def test_organisations_are_found_by_text_and_filters(store: Store) -> None:
    with store.session() as s:
        carers = orgs.add_organisation(s, store.device_id, org(
            "Maidstone Carers' Centre", "charity", areas="Maidstone; ME14", topics="dementia",
            communities="carers", notes="Runs a Tuesday cafe"))
        orgs.add_organisation(s, store.device_id, org("Ashford Youth Forum", areas="Ashford",
                                                      topics="mental_health", communities="young_people"))
        orgs.add_organisation(s, store.device_id, org("Riverside PPG", "ppg", areas="me14"))
        assert [o.name for o in orgs.list_organisations(s)] == [
            "Ashford Youth Forum", "Maidstone Carers' Centre", "Riverside PPG"]
        assert [o.id for o in orgs.list_organisations(s, "tuesday")] == [carers.id]
        assert [o.name for o in orgs.list_organisations(s, area="me14")] == ["Maidstone Carers' Centre",
                                                                             "Riverside PPG"]
        assert [o.name for o in orgs.list_organisations(s, topic="dementia")] == ["Maidstone Carers' Centre"]
        assert [o.name for o in orgs.list_organisations(s, community="young_people")] == ["Ashford Youth Forum"]
        assert [o.name for o in orgs.list_organisations(s, kind="ppg")] == ["Riverside PPG"]
        assert orgs.resolve_organisation(s, carers.id[:8]).name == "Maidstone Carers' Centre"
        edited = orgs.edit_organisation(s, carers.id, org("Maidstone Carers Centre", "charity"), carers.version)
        assert edited.version > carers.version
        with pytest.raises(orgs.OrganisationStaleEdit):
            orgs.edit_organisation(s, carers.id, org("Again", "charity"), carers.version)
        orgs.delete_organisation(s, carers.id)
        assert len(orgs.list_organisations(s)) == 2
        with pytest.raises(NotFound):
            orgs.get_organisation(s, carers.id)


def test_duplicates_are_flagged_by_name_email_or_phone(store: Store) -> None:
    with store.session() as s:
        a = orgs.add_organisation(s, store.device_id, org("The Maidstone Carers' Centre Ltd"))
        b = orgs.add_organisation(s, store.device_id, org("maidstone carers centre"))
        c = orgs.add_organisation(s, store.device_id, org("Youth Forum", email="hi@example.org"))
        d = orgs.add_organisation(s, store.device_id, org("Forum for Youth", email="HI@example.org"))
        orgs.add_organisation(s, store.device_id, org("Someone else"))
        assert orgs.possible_duplicate_ids(s) == {a.id, b.id, c.id, d.id}
        assert orgs.count_possible_duplicates(s) == 4
        assert {o.id for o in orgs.list_organisations(s, duplicates_only=True)} == {a.id, b.id, c.id, d.id}
        assert [o.id for o in orgs.find_organisation_duplicates(s, org("MAIDSTONE CARERS CENTRE"))] == [a.id, b.id]


def test_merging_moves_contacts_and_activities_and_combines_lists(store: Store) -> None:
    with store.session() as s:
        keep = orgs.add_organisation(s, store.device_id, org("Carers Centre", areas="ME14", topics="dementia"))
        dup = orgs.add_organisation(s, store.device_id, org("The Carers Centre", areas="me14; Ashford",
                                                            topics="mental_health", communities="carers",
                                                            email="c@example.org", notes="Second listing"))
        ann, bob = person(s, store, "Ann Smith"), person(s, store, "Bob Jones")
        contacts.add_contact(s, store.device_id, keep.id, ann.id, "Chair")
        contacts.add_contact(s, store.device_id, dup.id, ann.id, "Treasurer")
        contacts.add_contact(s, store.device_id, dup.id, bob.id, "Volunteer")
        s.add(Activity(device_id=store.device_id, organisation_id=dup.id, kind="meeting", title="Talk",
                       activity_date=dt.date(2026, 5, 1), level="consult"))
        s.flush()
        merged = orgs.merge_organisations(s, keep.id, dup.id)
        assert merged.details.areas == ("ME14", "Ashford")
        assert merged.details.topics == ("dementia", "mental_health")
        assert merged.details.communities == ("carers",)
        assert merged.details.email == "c@example.org"
        assert merged.details.notes == "Second listing"
        assert [(c.name, c.role) for c in contacts.list_contacts(s, keep.id)] == [("Ann Smith", "Chair"),
                                                                                  ("Bob Jones", "Volunteer")]
        gone = s.get(Organisation, dup.id)
        assert gone is not None and gone.deleted_at is not None and gone.merged_into_id == keep.id
        assert s.scalars(select(Activity.organisation_id)).all() == [keep.id]
        assert not merged.possible_duplicate
        with pytest.raises(StoreError):
            orgs.merge_organisations(s, keep.id, keep.id)


def test_only_people_who_can_be_reached_are_contacts(store: Store) -> None:
    with store.session() as s:
        group = orgs.add_organisation(s, store.device_id, org("Carers Centre"))
        ann, bob, cat = person(s, store, "Ann Smith"), person(s, store, "Bob Jones"), person(s, store, "Cat Lee")
        dan, dan_again = person(s, store, "Dan Ray"), person(s, store, "Dan Ray", "dan2@example.org")
        ann_contact = contacts.add_contact(s, store.device_id, group.id, ann.id, "Chair")
        contacts.add_contact(s, store.device_id, group.id, bob.id, "Secretary")
        withdraw_consent(s, bob.id)  # after being named: left out from now on
        assert [c.name for c in contacts.list_contacts(s, group.id)] == ["Ann Smith"]
        with pytest.raises(contacts.NotAContact, match="Bob Jones withdrew their consent"):
            contacts.add_contact(s, store.device_id, group.id, bob.id)
        erase_person(s, cat.id)
        with pytest.raises(contacts.NotAContact, match="erased"):
            contacts.add_contact(s, store.device_id, group.id, cat.id)
        merge_people(s, dan.id, dan_again.id)
        with pytest.raises(contacts.NotAContact, match="merged"):
            contacts.add_contact(s, store.device_id, group.id, dan_again.id)
        assert [c.name for c in contacts.contact_choices(s)] == ["Ann Smith", "Dan Ray"]
        contacts.remove_contact(s, ann_contact.id)
        assert contacts.list_contacts(s, group.id) == []
        again = contacts.add_contact(s, store.device_id, group.id, ann.id, "Chair")
        assert again.id == ann_contact.id  # the same row, not a second one
