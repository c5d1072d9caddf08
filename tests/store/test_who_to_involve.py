"""Who should we involve, in the store: consent first, then the ranking and the words of why;
a contact list's export and its record; a person's topics kept, merged and blanked."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, update

from app.core.matching import validate_search
from app.core.signups import signup_values, validate_signup
from app.core.validation import ValidationError
from app.documents.contact_list_csv import ListFormat
from app.services.contact_list import ListRefused, export_contact_list
from app.store import people
from app.store.contact_lists import get_contact_list, list_contact_lists, resolve_contact_list
from app.store.models import ContactList, ContactListEntry, Organisation, Person
from app.store.store import Store
from app.store.who_to_involve import find_who_to_involve
from tests.network_helpers import NEVER, make_network


def names(store: Store, **search: str) -> list[str]:
    with store.reading() as session:
        found = find_who_to_involve(session, validate_search(search))
    listed = [r.name for r in found.ranked()]
    for org in found.organisations:
        listed += [c.name for c in org.contacts]
    return listed


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def network(store: Store):
    return make_network(store)


@pytest.mark.parametrize("search", [
    {"topic": "mental_health"}, {"area": "ME14"}, {"area": "ME"}, {"topic": "Mental health", "area": "me 14"},
    {"community": "carers"}, {"area": "Maidstone"}, {"topic": "mental_health", "contact": "newsletter"},
])
def test_no_one_withdrawn_erased_merged_or_without_a_live_consent_is_ever_found(store: Store, network,
                                                                               search: dict) -> None:
    found = names(store, **search)
    assert not set(found) & set(NEVER), found


def test_results_are_ranked_by_score_then_name_with_why_in_words(store: Store, network) -> None:
    with store.reading() as session:
        found = find_who_to_involve(session, validate_search({"topic": "mental_health", "area": "ME14"}))
    ranked = [(r.name, r.points, r.why) for r in found.ranked()]
    assert ranked == [
        ("Maidstone Mind", 6, "Works on Mental health · Serves ME14"),
        ("Max Kept", 6, "Cares about Mental health · Lives in ME14"),
        ("Mo Khan", 6, "Cares about Mental health · Lives in ME14"),
        ("Amy Shah", 4, "Cares about Mental health"),
        ("Zoe Adams", 2, "Lives in ME14"),
    ]
    [mind] = found.organisations
    assert [(c.name, c.role) for c in mind.contacts] == [("Carl Contact", "Chair")]


def test_an_area_matches_a_postcode_area_and_the_locality_of_an_event_they_signed_up_at(store: Store,
                                                                                         network) -> None:
    with store.reading() as session:
        by_area = find_who_to_involve(session, validate_search({"area": "me"}))
        at_event = find_who_to_involve(session, validate_search({"area": "  maidstone "}))
    assert {p.name: p.why for p in by_area.people} == {"Max Kept": "Lives in ME", "Mo Khan": "Lives in ME",
                                                       "Zoe Adams": "Lives in ME"}
    assert [(p.name, p.why) for p in at_event.people] == [("Zed Fair", "Signed up at an event in Maidstone")]
    assert [(o.name, o.why) for o in at_event.organisations] == [("Maidstone Mind", "Serves Maidstone")]


def test_the_kind_of_contact_decides_whose_consent_covers_it(store: Store, network) -> None:
    assert "Nina News" not in names(store, topic="mental_health")
    assert names(store, topic="mental_health", contact="newsletter") == ["Maidstone Mind", "Nina News"]
    assert names(store, topic="mental_health", contact="focus-groups") == ["Amy Shah", "Maidstone Mind"]


def test_a_community_finds_organisations_only(store: Store, network) -> None:
    with store.reading() as session:
        found = find_who_to_involve(session, validate_search({"community": "Carers"}))
    assert found.people == ()
    assert [(o.name, o.why) for o in found.organisations] == [("Carers First", "Serves Carers"),
                                                              ("Maidstone Mind", "Serves Carers")]


def plans_of_a_search(store: Store, search: dict) -> dict[str, list[str]]:
    """Each statement a search runs, with how SQLite runs it (its query plan's steps)."""
    statements: list[tuple[str, object]] = []

    def heard(_conn, _cursor, statement, parameters, _context, _many) -> None:
        statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", heard)
    try:
        with store.reading() as session:
            find_who_to_involve(session, validate_search(search))
    finally:
        event.remove(store.engine, "before_cursor_execute", heard)
    plans = {}
    with store.reading() as session:
        raw = session.connection().connection.driver_connection
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SELECT"):
                plans[statement] = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
    return plans


def test_contacts_and_places_are_looked_up_by_index_never_by_reading_everyone(store: Store, network) -> None:
    """Only the search of people itself reads everyone; organisations' contacts are found
    through their organisations, and who signed up at an event through the event."""
    plans = plans_of_a_search(store, {"topic": "mental_health", "area": "Maidstone", "community": "carers"})
    contacts = [steps for sql, steps in plans.items() if "organisation_contacts" in sql]
    assert contacts, "the organisations' contacts are looked up"
    for steps in contacts:
        assert not [step for step in steps if step.startswith("SCAN people")], steps
    [people] = [steps for sql, steps in plans.items() if "people.topics" in sql]
    # Who signed up at the places' events: a list made once, through the consents' index on event.
    assert "LIST SUBQUERY 1" in people and not [step for step in people if step.startswith("CORRELATED")], people
    assert [step for step in people if step.startswith("SEARCH consents") and "(event_id=?)" in step], people
    for sql, steps in plans.items():
        if sql.lstrip().startswith("SELECT consents.person_id, consents.event_id"):  # where each signed up
            assert [step for step in steps if "(event_id=?)" in step], steps


def test_among_equal_matches_those_with_a_way_to_reach_them_come_first(store: Store, network) -> None:
    with store.session() as session:
        session.add_all([Organisation(device_id=store.device_id, name=name, kind="vcs", topics='["dementia"]',
                                      email=email) for name, email in (("Aardvark Dementia Group", ""),
                                                                       ("Zebra Dementia Cafe", "zebra@example.org"))])
    assert names(store, topic="dementia") == ["Zebra Dementia Cafe", "Aardvark Dementia Group"]


def test_bad_searches_name_what_is_wrong() -> None:
    with pytest.raises(ValidationError) as error:
        validate_search({"topic": "knitting", "community": "martians", "contact": "carrier pigeon"})
    assert set(error.value.errors) == {"topic", "community", "contact"}
    with pytest.raises(ValidationError, match="topic, an area or a community"):
        validate_search({"area": "  "})


# ----- exporting

def test_a_mail_merge_list_is_private_neutralised_and_recorded_with_an_entry_each(store: Store, network,
                                                                                 tmp_path: Path) -> None:
    with store.session() as session:  # a name a spreadsheet would run as a formula
        session.execute(update(Person).where(Person.id == network.ids["Zoe Adams"]).values(name="=HYPERLINK(1)"))
    out = tmp_path / "invite.csv"
    done = export_contact_list(store, validate_search({"topic": "mental_health", "area": "ME14"}), out,
                               ListFormat.MAIL_MERGE, "  Mental health   focus group  ")
    assert os.stat(out).st_mode & 0o777 == 0o600
    rows = read_csv(out)
    assert list(rows[0]) == ["name", "organisation", "email", "phone", "postcode", "contact by", "match"]
    assert [(r["name"], r["organisation"], r["match"]) for r in rows] == [
        ("Maidstone Mind", "Maidstone Mind", "Works on Mental health · Serves ME14"),
        ("Carl Contact", "Maidstone Mind", "Chair at Maidstone Mind · Works on Mental health · Serves ME14"),
        ("Max Kept", "", "Cares about Mental health · Lives in ME14"),
        ("Mo Khan", "", "Cares about Mental health · Lives in ME14"),
        ("Amy Shah", "", "Cares about Mental health"),
        ("'=HYPERLINK(1)", "", "Lives in ME14"),
    ]
    assert rows[4]["phone"] == "07911 123456" and rows[4]["contact by"] == "Text message"
    assert rows[3]["postcode"] == "ME14 1XX"
    assert not {r["name"] for r in rows} & set(NEVER)
    assert done.rows == 6 and done.record.purpose == "Mental health focus group"
    with store.reading() as session:
        [kept] = list_contact_lists(session)
        detail = get_contact_list(session, kept.id)
        entries = session.execute(select(ContactListEntry.person_id, ContactListEntry.organisation_id)).all()
    assert (kept.people, kept.organisations, kept.file_format) == (5, 1, "mailmerge")
    assert kept.search == {"topic": "mental_health", "area": "ME14", "community": None, "contact": "involvement"}
    assert (network.ids["Carl Contact"], network.ids["Maidstone Mind"]) in entries
    assert (None, network.ids["Maidstone Mind"]) in entries
    assert len(entries) == 6 and len(detail.entries) == 6


def test_notify_lists_hold_only_those_who_asked_for_that_channel(store: Store, network, tmp_path: Path) -> None:
    search = validate_search({"topic": "mental_health", "area": "ME14", "contact": "involvement"})
    email = export_contact_list(store, search, tmp_path / "e.csv", ListFormat.NOTIFY_EMAIL, "Email invite")
    sms = export_contact_list(store, search, tmp_path / "t.csv", ListFormat.NOTIFY_SMS, "Text invite")
    emails = read_csv(tmp_path / "e.csv")
    texts = read_csv(tmp_path / "t.csv")
    assert list(emails[0]) == ["email address", "name", "organisation"]
    assert [(r["email address"], r["name"]) for r in emails] == [
        ("hello@maidstonemind.example", "Maidstone Mind"), ("carl@example.org", "Carl Contact"),
        ("max@example.org", "Max Kept"), ("mo@example.org", "Mo Khan")]  # not Amy (texts) nor Zoe (calls)
    assert list(texts[0]) == ["phone number", "name", "organisation"]
    assert [(r["phone number"], r["name"]) for r in texts] == [("07911 123456", "Amy Shah")]
    assert (email.left_out, sms.left_out) == (2, 5)


def test_consent_is_checked_again_at_export_time(store: Store, network, tmp_path: Path) -> None:
    search = validate_search({"topic": "mental_health"})
    assert "Mo Khan" in names(store, topic="mental_health")
    with store.session() as session:
        people.withdraw_consent(session, network.ids["Mo Khan"])
    export_contact_list(store, search, tmp_path / "l.csv", ListFormat.MAIL_MERGE, "Invite")
    assert "Mo Khan" not in {r["name"] for r in read_csv(tmp_path / "l.csv")}
    with store.reading() as session:
        [kept] = list_contact_lists(session)
        detail = resolve_contact_list(session, kept.id[:6])
    assert network.ids["Mo Khan"] not in {e.person_id for e in detail.entries}


def test_a_list_with_no_one_or_no_purpose_writes_and_records_nothing(store: Store, network, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    with pytest.raises(ListRefused):
        export_contact_list(store, validate_search({"area": "ZZ9"}), out, ListFormat.MAIL_MERGE, "Invite")
    with pytest.raises(ValidationError):
        export_contact_list(store, validate_search({"area": "ME14"}), out, ListFormat.MAIL_MERGE, "   ")
    assert not out.exists()
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(ContactList)) == 0


def test_a_failed_write_leaves_no_record(store: Store, network, tmp_path: Path, monkeypatch) -> None:
    import app.documents.safe_tables as tables

    def broken(*_args, **_kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tables, "write_csv", broken)
    with pytest.raises(OSError):
        export_contact_list(store, validate_search({"area": "ME14"}), tmp_path / "l.csv", ListFormat.MAIL_MERGE,
                            "Invite", now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(ContactListEntry)) == 0


# ----- a person's topics

def test_topics_are_kept_corrected_merged_and_blanked_on_withdrawal(store: Store) -> None:
    from tests.store.test_people_store import ANN, signup

    ann = signup(store, {**ANN, "topics": ["Mental health", "dental"]})
    assert ann.details.topics == ("mental_health", "dental")
    bob = signup(store, {**ANN, "name": "Bob", "email": "bob@example.org", "topics": ["cancer"]})
    with store.session() as session:
        changed = people.edit_person(session, ann.id, validate_signup({**signup_values(ann.details),
                                                                       "topics": ["pharmacy", "dental"]}))
        assert changed.details.topics == ("pharmacy", "dental")
        merged = people.merge_people(session, ann.id, bob.id)
        assert merged.details.topics == ("pharmacy", "dental", "cancer")
        withdrawn = people.withdraw_consent(session, ann.id)
        assert withdrawn.details.topics == ()
    with pytest.raises(ValidationError) as error:
        validate_signup({**ANN, "topics": ["knitting"]})
    assert "knitting" in error.value.errors["topics"]
