"""Every way the store writes a synced row of the health network (programmes, organisations and
their contacts, members' involvement logs and claims, contact lists) makes the next upload send it.

The rest of the store's writers, and the lists of those that write no synced row, are in
:mod:`tests.store.test_version_bump`, whose accounting test covers both modules' scenarios.
"""

from __future__ import annotations

import dataclasses
import random
from types import SimpleNamespace

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.core.organisations import validate_organisation
from app.core.programmes import validate_programme
from app.store import (
    activities,
    attendance,
    claims,
    contact_lists,
    demo_activities,
    demo_network,
    demo_programmes,
    events,
    organisation_contacts,
    organisations,
    programmes,
)
from app.store.models import Base, Event, utcnow
from app.store.store import Store
from app.store.versioning import applying_from_centre
from tests.store.version_bump_helpers import (
    NEW,
    TODAY,
    Expected,
    Scenario,
    activity_details,
    assert_left_for_upload,
    claim_details,
    in_session,
    mark_all_synced,
    meeting_entry,
)

# ----- programmes and what they link

def _synced_programme(store: Store, w: SimpleNamespace) -> programmes.ProgrammeRecord:
    """A programme with the fair and the action linked, all marked synced (made here, so the
    world the other scenarios share is left as it is)."""
    with store.session() as session:
        made = programmes.add_programme(session, store.device_id, validate_programme(
            {"name": "Urgent care review", "duty": "yes", "start_date": "2026-01-01"}))
        programmes.link_event(session, store.device_id, made.id, w.fair.id)
        programmes.link_action(session, store.device_id, made.id, w.action.id)
        made = programmes.get_programme(session, made.id)
    mark_all_synced(store)
    return made


def add_programme(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: programmes.add_programme(s, store.device_id, validate_programme({"name": "Stroke"})))
    return {"programmes": {NEW}}


def update_programme(store: Store, w: SimpleNamespace) -> Expected:
    made = _synced_programme(store, w)
    in_session(store, lambda s: programmes.update_programme(s, made.id, dataclasses.replace(
        made.details, what_changed="A walk-in clinic on Saturdays"), made.version))
    return {"programmes": {made.id}}


def _link_ids(store: Store, programme_id: str) -> set[str]:
    with store.session() as session:
        return ({e.link_id for e in programmes.programme_events(session, programme_id)}
                | {a.link_id for a in programmes.programme_actions(session, programme_id)})


def delete_programme(store: Store, w: SimpleNamespace) -> Expected:
    made = _synced_programme(store, w)
    links = _link_ids(store, made.id)
    in_session(store, lambda s: programmes.delete_programme(s, made.id))
    return {"programmes": {made.id}, "programme_links": links}


def link_event(store: Store, w: SimpleNamespace) -> Expected:
    made = _synced_programme(store, w)
    in_session(store, lambda s: programmes.link_event(s, store.device_id, made.id, w.ppg.id))
    return {"programme_links": {NEW}}


def link_event_again(store: Store, w: SimpleNamespace) -> Expected:
    """Linking after an unlink brings the old link back."""
    made = _synced_programme(store, w)
    links = _link_ids(store, made.id)
    with store.session() as session:
        for link in links:
            programmes.unlink(session, link)
    mark_all_synced(store)
    in_session(store, lambda s: programmes.link_event(s, store.device_id, made.id, w.fair.id))
    return {"programme_links": _link_ids(store, made.id)}


def link_action(store: Store, w: SimpleNamespace) -> Expected:
    made = _synced_programme(store, w)
    in_session(store, lambda s: programmes.link_action(s, store.device_id, made.id, w.done_action.id))
    return {"programme_links": {NEW}}


def unlink(store: Store, w: SimpleNamespace) -> Expected:
    made = _synced_programme(store, w)
    links = _link_ids(store, made.id)
    with store.session() as session:
        for link in links:
            programmes.unlink(session, link)
    return {"programme_links": links}

# ----- organisations (shared) and their contacts (this laptop's)

def _org(store: Store, name: str = "Carers Centre", areas: str = "ME14") -> str:
    with store.session() as session:
        made = organisations.add_organisation(session, store.device_id, validate_organisation(
            {"name": name, "kind": "charity", "areas": areas}))
    return made.id


def add_organisation(store: Store, w: SimpleNamespace) -> Expected:
    _org(store)
    return {"organisations": {NEW}}


def add_organisations(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: organisations.add_organisations(s, store.device_id, [
        validate_organisation({"name": "Youth Forum", "kind": "vcs"})]))
    return {"organisations": {NEW}}


def edit_organisation(store: Store, w: SimpleNamespace) -> Expected:
    org_id = _org(store)
    mark_all_synced(store)
    in_session(store, lambda s: organisations.edit_organisation(s, org_id, validate_organisation(
        {"name": "Carers Centre", "kind": "charity", "topics": "dementia"})))
    return {"organisations": {org_id}}


def delete_organisation(store: Store, w: SimpleNamespace) -> Expected:
    org_id = _org(store)
    with store.session() as session:
        contact = organisation_contacts.add_contact(session, store.device_id, org_id, w.bob.id, "Chair")
    mark_all_synced(store)
    in_session(store, lambda s: organisations.delete_organisation(s, org_id))
    return {"organisations": {org_id}, "organisation_contacts": {contact.id}}


def merge_organisations(store: Store, w: SimpleNamespace) -> Expected:
    keep, dup = _org(store), _org(store, "The Carers Centre", "Ashford")  # the kept one gains an area
    with store.session() as session:
        contact = organisation_contacts.add_contact(session, store.device_id, dup, w.bob.id, "Chair")
    mark_all_synced(store)
    in_session(store, lambda s: organisations.merge_organisations(s, keep, dup))
    return {"organisations": {keep, dup}, "organisation_contacts": {contact.id}}


def follow_merge(store: Store, w: SimpleNamespace) -> Expected:
    """A merge that came from another laptop: this laptop's contacts at the duplicate move across."""
    keep, dup = _org(store), _org(store, "The Carers Centre")
    with store.session() as session:
        contact = organisation_contacts.add_contact(session, store.device_id, dup, w.bob.id, "Chair")
    with store.engine.begin() as conn:  # as the download leaves it: merged, and marked synced
        org_table = Base.metadata.tables["organisations"]
        conn.execute(update(org_table).where(org_table.c.id == dup).values(merged_into_id=keep, deleted_at=utcnow()))
    mark_all_synced(store)
    in_session(store, lambda s: organisations.follow_merge(s, dup))
    return {"organisation_contacts": {contact.id}}


def add_contact(store: Store, w: SimpleNamespace) -> Expected:
    org_id = _org(store)
    mark_all_synced(store)
    in_session(store, lambda s: organisation_contacts.add_contact(s, store.device_id, org_id, w.bob.id, "Chair"))
    return {"organisation_contacts": {NEW}}


def remove_contact(store: Store, w: SimpleNamespace) -> Expected:
    org_id = _org(store)
    with store.session() as session:
        contact = organisation_contacts.add_contact(session, store.device_id, org_id, w.bob.id, "Chair")
    mark_all_synced(store)
    in_session(store, lambda s: organisation_contacts.remove_contact(s, contact.id))
    return {"organisation_contacts": {contact.id}}


def seed_programmes(store: Store, w: SimpleNamespace) -> Expected:
    demo_programmes.seed_programmes(store, random.Random(1), [w.fair.id, w.ppg.id], TODAY)
    return {"programmes": {NEW}, "programme_links": {NEW}, "actions": {NEW}}


def seed_organisations(store: Store, w: SimpleNamespace) -> Expected:
    demo_network.seed_organisations(store, random.Random(1), 5)
    return {"organisations": {NEW}}

# ----- members' involvement logs and claims

def add_activity(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: activities.add_activity(s, store.device_id, activity_details(title="Reading group"),
                                                        person_id=w.ann.id))
    return {"activities": {NEW}}


def update_activity(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: activities.update_activity(s, w.panel.id, activity_details(minutes="3"),
                                                           w.panel.version))
    return {"activities": {w.panel.id}}


def delete_activity(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: activities.delete_activity(s, w.panel.id))
    return {"activities": {w.panel.id}}



def record_meeting(store: Store, w: SimpleNamespace) -> Expected:
    """Marking a member absent takes the meeting out of their log, and the tombstone is sent."""
    in_session(store, lambda s: activities.record_meeting(s, store.device_id, w.ppg.id, w.ann_again.id, False))
    return {"activities": {meeting_entry(store, w)}}


def update_event_meeting_log(store: Store, w: SimpleNamespace) -> Expected:
    """Renaming a PPG meeting renames it in the log of the member marked present, and both are sent."""
    in_session(store, lambda s: events.update_event(s, w.ppg.id, dataclasses.replace(
        w.ppg.details, name="PPG meeting (spring)", event_date=TODAY)))
    return {"events": {w.ppg.id}, "activities": {meeting_entry(store, w)}}


def follow_meeting(store: Store, w: SimpleNamespace) -> Expected:
    """A meeting's new name, come down from the centre, reaches the log entries this laptop holds."""
    def rename(session: Session) -> None:
        meeting = session.get(Event, w.ppg.id)
        assert meeting is not None
        before = events.meeting_facts(meeting)
        with applying_from_centre(session):  # as the download applies the centre's row
            meeting.name, meeting.version = "PPG meeting (moved)", meeting.version + 1
            meeting.synced_version = meeting.version
        events.follow_meeting(session, w.ppg.id, before)

    in_session(store, rename)
    return {"activities": {meeting_entry(store, w)}}


def set_present_logs(store: Store, w: SimpleNamespace) -> Expected:
    """Marking a member present logs the meeting in their involvement log, ready to sync."""
    in_session(store, lambda s: attendance.set_present(s, store.device_id, w.ppg.id, w.ann.id, True))
    return {"attendance": {NEW}, "activities": {NEW}}


def move_involvement(store: Store, w: SimpleNamespace) -> Expected:
    entry = meeting_entry(store, w)
    in_session(store, lambda s: activities.move_involvement(s, w.ann_again.id, w.ann.id))
    return {"activities": {entry}}


def erase_involvement(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: activities.erase_involvement(s, w.bob.id))
    return {"activities": {w.panel.id}, "claims": {w.claim.id}}


def add_claim(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: claims.add_claim(s, store.device_id, w.bob.id, claim_details(amount_pence="9")))
    return {"claims": {NEW}}


def approve_claim(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: claims.approve_claim(s, w.claim.id))
    return {"claims": {w.claim.id}}


def pay_claim(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: claims.pay_claim(s, w.claim.id))
    return {"claims": {w.claim.id}}


def reject_claim(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: claims.reject_claim(s, w.claim.id))
    return {"claims": {w.claim.id}}


def set_claim_status(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: claims.set_claim_status(s, w.claim.id, claims.ClaimStatus.APPROVED))
    return {"claims": {w.claim.id}}


def mark_exported(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: claims.mark_exported(s, [w.claim.id]))
    return {"claims": {w.claim.id}}


def seed_activities(store: Store, w: SimpleNamespace) -> Expected:
    demo_activities.seed_activities(store, random.Random(1), TODAY)
    return {"activities": {NEW}}



# ----- contact lists

def record_contact_list(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: contact_lists.record_contact_list(
        s, store.device_id, purpose="Focus group", search={"area": "ME14"}, file_format="mailmerge",
        entries=[(w.bob.id, None)]))
    return {"contact_lists": {NEW}, "contact_list_entries": {NEW}}




SCENARIOS: dict[str, Scenario] = {
    "activities.add_activity": add_activity,
    "activities.update_activity": update_activity,
    "activities.delete_activity": delete_activity,
    "activities.record_meeting": record_meeting,
    "attendance.set_present[logs]": set_present_logs,
    "events.update_event[meeting log]": update_event_meeting_log,
    "events.follow_meeting": follow_meeting,
    "activities.move_involvement": move_involvement,
    "activities.erase_involvement": erase_involvement,
    "claims.add_claim": add_claim,
    "claims.approve_claim": approve_claim,
    "claims.pay_claim": pay_claim,
    "claims.reject_claim": reject_claim,
    "claims.set_claim_status": set_claim_status,
    "claims.mark_exported": mark_exported,
    "demo_activities.seed_activities": seed_activities,
    "programmes.add_programme": add_programme,
    "programmes.update_programme": update_programme,
    "programmes.delete_programme": delete_programme,
    "programmes.link_event": link_event,
    "programmes.link_event[again]": link_event_again,
    "programmes.link_action": link_action,
    "programmes.unlink": unlink,
    "contact_lists.record_contact_list": record_contact_list,
    "organisations.add_organisation": add_organisation,
    "organisations.add_organisations": add_organisations,
    "organisations.edit_organisation": edit_organisation,
    "organisations.delete_organisation": delete_organisation,
    "organisations.merge_organisations": merge_organisations,
    "organisations.follow_merge": follow_merge,
    "organisation_contacts.add_contact": add_contact,
    "organisation_contacts.remove_contact": remove_contact,
    "demo_network.seed_organisations": seed_organisations,
    "demo_programmes.seed_programmes": seed_programmes,
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_network_writer_leaves_its_change_for_the_next_upload(store: Store, name: str) -> None:
    assert_left_for_upload(store, name, SCENARIOS[name])
