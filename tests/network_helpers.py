"""A small health network for the "who should we involve?" tests: people whose consent covers a
contact, and every kind of person who must never be found, with organisations and contacts.

Those who must never be found keep (or are given back, in SQL) the topic and postcode a search
looks for, so that only the consent rules keep them out, not their blanked details.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import update

from app.core.events import validate_event
from app.core.signups import ConsentMethod, validate_signup
from app.store import events, people
from app.store.models import Consent, Organisation, OrganisationContact, Person, utcnow
from app.store.store import Store

STAFF = people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)
# Never found, whatever is searched for: their names must appear in no search and no export.
NEVER = ("Wendy Withdrawn", "Ed Erased", "Max Duplicate", "Olive Only-consent-withdrawn", "Cora Removed-contact",
         "Gone Group", "Merged Mind")


@dataclass
class Network:
    ids: dict[str, str] = field(default_factory=dict)  # name -> id


def _person(store: Store, name: str, *, email: str = "", phone: str = "", postcode: str = "",
            interests: tuple[str, ...] = ("health-network",), method: str = "email", topics: tuple[str, ...] = (),
            event_id: str | None = None) -> str:
    local = name.split()[0].lower()
    values = {"name": name, "email": email or f"{local}@example.org", "phone": phone, "postcode": postcode,
              "interests": list(interests), "contact_method": method, "topics": list(topics)}
    consent = people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF, event_id=event_id)
    with store.session() as session:
        return people.save_signup(session, store.device_id, validate_signup(values), consent,
                                  event_id=event_id).id


def _organisation(store: Store, name: str, *, topics=(), areas=(), communities=(), email="", phone="",
                  deleted: bool = False, merged_into: str | None = None) -> str:
    with store.session() as session:
        org = Organisation(device_id=store.device_id, name=name, kind="vcs", topics=json.dumps(list(topics)),
                           areas=json.dumps(list(areas)), communities=json.dumps(list(communities)), email=email,
                           phone=phone, deleted_at=utcnow() if deleted or merged_into else None,
                           merged_into_id=merged_into)
        session.add(org)
        session.flush()
        return org.id


def _contact(store: Store, organisation_id: str, person_id: str, role: str = "", *, deleted: bool = False) -> None:
    with store.session() as session:
        session.add(OrganisationContact(device_id=store.device_id, organisation_id=organisation_id,
                                        person_id=person_id, role=role, deleted_at=utcnow() if deleted else None))


def _give_back(store: Store, person_id: str, **columns: object) -> None:
    """Put details back on a row the consent rules alone must keep out."""
    with store.session() as session:
        session.execute(update(Person).where(Person.id == person_id).values(**columns))


def make_network(store: Store) -> Network:
    n = Network()
    ids = n.ids
    with store.session() as session:
        fair = events.add_event(session, store.device_id, validate_event(
            {"name": "Maidstone health fair", "kind": "outreach-stall", "event_date": "2026-10-03",
             "locality": "Maidstone"}))
    mh = ("mental_health",)
    ids["Mo Khan"] = _person(store, "Mo Khan", postcode="ME14 1XX", topics=mh)
    ids["Amy Shah"] = _person(store, "Amy Shah", postcode="TN1 1AA", topics=mh, interests=("focus-groups",),
                              phone="07911 123456", method="text")
    ids["Zoe Adams"] = _person(store, "Zoe Adams", postcode="ME14 2AB", interests=("surveys",), method="phone",
                               phone="020 7946 0958")
    ids["Zed Fair"] = _person(store, "Zed Fair", postcode="", event_id=fair.id)
    ids["Nina News"] = _person(store, "Nina News", postcode="ME14 3DB", topics=mh, interests=("newsletter",))
    ids["Carl Contact"] = _person(store, "Carl Contact", postcode="CT1 1AA", phone="07400 123456")

    ids["Wendy Withdrawn"] = _person(store, "Wendy Withdrawn", postcode="ME14 4EF", topics=mh)
    ids["Ed Erased"] = _person(store, "Ed Erased", postcode="ME14 5GH", topics=mh)
    ids["Max Kept"] = _person(store, "Max Kept", email="max@example.org", postcode="ME14 6JB", topics=mh)
    ids["Max Duplicate"] = _person(store, "Max Duplicate", email="max@example.org", postcode="ME14 6JB", topics=mh)
    ids["Olive Only-consent-withdrawn"] = _person(store, "Olive Only-consent-withdrawn", postcode="ME14 7LN",
                                                  topics=mh)
    ids["Cora Removed-contact"] = _person(store, "Cora Removed-contact", postcode="CT2 2BB")
    with store.session() as session:
        people.withdraw_consent(session, ids["Wendy Withdrawn"])
        people.erase_person(session, ids["Ed Erased"])
        people.merge_people(session, ids["Max Kept"], ids["Max Duplicate"])
        session.execute(update(Consent).where(Consent.person_id == ids["Olive Only-consent-withdrawn"])
                        .values(withdrawn_at=utcnow()))
    back = {"topics": json.dumps(list(mh)), "interests": '["health-network"]'}
    _give_back(store, ids["Wendy Withdrawn"], postcode="ME14 4EF", **back)
    _give_back(store, ids["Ed Erased"], name="Ed Erased", email="ed@example.org", postcode="ME14 5GH", **back)
    _give_back(store, ids["Max Duplicate"], name="Max Duplicate", email="maxd@example.org", postcode="ME14 6JB",
               **back)

    ids["Maidstone Mind"] = _organisation(store, "Maidstone Mind", topics=mh, areas=("Maidstone", "ME14"),
                                          communities=("carers",), email="hello@maidstonemind.example",
                                          phone="01622 123456")
    ids["Carers First"] = _organisation(store, "Carers First", communities=("carers",), phone="07911 654321")
    ids["Gone Group"] = _organisation(store, "Gone Group", topics=mh, areas=("ME14",), email="gone@example.org",
                                      deleted=True)
    ids["Merged Mind"] = _organisation(store, "Merged Mind", topics=mh, areas=("ME14",), email="mm@example.org",
                                       merged_into=ids["Maidstone Mind"])
    _contact(store, ids["Maidstone Mind"], ids["Carl Contact"], "Chair")
    _contact(store, ids["Maidstone Mind"], ids["Wendy Withdrawn"], "Treasurer")
    _contact(store, ids["Maidstone Mind"], ids["Cora Removed-contact"], "Secretary", deleted=True)
    return n
