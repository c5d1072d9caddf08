"""Organisations are shared: added, corrected, merged and removed on one laptop, they reach the
other through the real central service, on every engine. Contacts stay on their own laptop."""

from __future__ import annotations

import random

from sqlalchemy import select

from app.core.organisations import validate_organisation
from app.core.signups import ConsentMethod, validate_signup
from app.store import organisation_contacts as contacts
from app.store import organisations as orgs
from app.store.models import Organisation, OrganisationContact
from app.store.people import ConsentGiven, save_signup
from app.store.store import Store
from sync.runner import run_sync
from tests.sync.checks import assert_exact, seed_store

STAFF = ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)


def _add(store: Store, name: str, **values: object) -> str:
    with store.session() as session:
        return orgs.add_organisation(session, store.device_id, validate_organisation(
            {"name": name, "kind": "charity", **values})).id


def _listed(store: Store) -> dict[str, tuple[str, tuple[str, ...]]]:
    with store.session() as session:
        return {o.id: (o.name, o.details.topics) for o in orgs.list_organisations(session)}


def test_organisations_travel_between_two_laptops_through_the_service(service, make_store) -> None:
    a, b = make_store("a"), make_store("b")
    seed_store(b, random.Random(3), events=1, responses=2, signups=0)
    target_a, target_b = service.enrol(a), service.enrol(b)
    carers = _add(a, "Maidstone Carers' Centre", topics="dementia", areas="ME14")
    twin = _add(a, "The Maidstone Carers Centre Ltd", topics="mental_health")
    gone = _add(a, "Old Lunch Club")
    assert run_sync(a, target_a).outcome == "ok"
    first = run_sync(b, target_b)
    assert first.outcome == "ok", first.message
    assert first.details["received"]["organisations"] == 3
    assert set(_listed(b)) == {carers, twin, gone}

    # B names its own person as a contact at the twin; A merges the twin and removes the lunch club.
    with b.session() as session:
        ann = save_signup(session, b.device_id, validate_signup(
            {"name": "Ann Smith", "email": "ann@example.org", "contact_method": "email",
             "interests": ["health-network"]}), STAFF)
        contacts.add_contact(session, b.device_id, twin, ann.id, "Chair")
    with a.session() as session:
        orgs.merge_organisations(session, carers, twin)
        orgs.delete_organisation(session, gone)
    assert run_sync(a, target_a).outcome == "ok"
    assert run_sync(b, target_b).outcome == "ok"
    assert _listed(b) == {carers: ("Maidstone Carers' Centre", ("dementia", "mental_health"))}
    with b.session() as session:
        merged = session.get(Organisation, twin)
        assert merged is not None and merged.merged_into_id == carers and merged.deleted_at is not None
        # B's contact followed the merge to the organisation kept.
        assert [(c.name, c.role) for c in contacts.list_contacts(session, carers)] == [("Ann Smith", "Chair")]
    assert run_sync(b, target_b).outcome == "ok"  # B's moved contact goes up
    with a.session() as session:  # ... but never comes down to A, which does not hold Ann
        assert session.scalars(select(OrganisationContact)).all() == []
    assert run_sync(a, target_a).outcome == "ok"
    assert_exact(service.db_url, [a, b], "after the merge reached both laptops")


def test_an_edit_not_yet_sent_is_not_overwritten_by_an_older_one(service, make_store) -> None:
    a, b = make_store("a"), make_store("b")
    target_a, target_b = service.enrol(a), service.enrol(b)
    group = _add(a, "Deal Men's Shed")
    assert run_sync(a, target_a).outcome == "ok"
    assert run_sync(b, target_b).outcome == "ok"
    with a.session() as session:  # A corrects it once...
        orgs.edit_organisation(session, group, validate_organisation({"name": "Deal Men's Shed", "kind": "community"}))
    with b.session() as session:  # ... and B twice, more recently, and has not sent it yet
        for topic in ("mental_health", "prevention"):
            orgs.edit_organisation(session, group, validate_organisation(
                {"name": "Deal Men's Shed", "kind": "community", "topics": topic}))
    assert run_sync(a, target_a).outcome == "ok"
    record = run_sync(b, target_b)
    assert record.outcome == "ok"
    assert _listed(b)[group] == ("Deal Men's Shed", ("prevention",))
    assert run_sync(a, target_a).outcome == "ok"
    assert _listed(a)[group] == ("Deal Men's Shed", ("prevention",))
    assert_exact(service.db_url, [a, b])
