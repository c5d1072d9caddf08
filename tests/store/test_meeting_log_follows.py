"""A member's log entry for a PPG meeting follows the meeting: renamed, moved to another day or
its times corrected (here, or on another laptop and come down from the centre), the entry says
so too, in the same transaction, and goes up at the next sync. What staff reworded by hand in
the entry stays as they wrote it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.signups import ConsentMethod, validate_signup
from app.store import activities, attendance, events, people
from app.store.models import Activity, Event
from app.store.practices import save_practice
from app.store.store import Store
from sync.central_schema import SYNCED_TABLES, shared_columns
from sync.download import apply_download
from tests.store.test_involvement_store import entry, member
from tests.store.version_bump_helpers import mark_all_synced

STAFF = people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)


@pytest.fixture
def w(store: Store) -> SimpleNamespace:
    n = SimpleNamespace()
    with store.session() as s:
        practice = save_practice(s, store.device_id, validate_practice("High Street Surgery", "G82001"))
        n.meeting = events.add_event(s, store.device_id, validate_event(
            {"name": "High Street PPG", "kind": "ppg-meeting", "event_date": "2026-05-05", "start_time": "18:00",
             "end_time": "19:30", "practice_id": practice.id}))
        n.other = events.add_event(s, store.device_id, validate_event(
            {"name": "PPG AGM", "kind": "ppg-meeting", "event_date": "2026-05-20", "practice_id": practice.id}))
        n.ann, n.bob, n.cat = (people.save_signup(s, store.device_id, validate_signup(
            member(name, f"{name.split()[0].lower()}@example.org", practice.id)), STAFF)
            for name in ("Ann Smith", "Bob Jones", "Cat Brown"))
        for person in (n.ann, n.bob, n.cat):
            attendance.set_present(s, store.device_id, n.meeting.id, person.id, True)
        attendance.set_present(s, store.device_id, n.other.id, n.ann.id, True)
        attendance.set_present(s, store.device_id, n.meeting.id, n.cat.id, False)  # marked absent after all
    return n


def log_entry(store: Store, person_id: str, event_id: str) -> Activity:
    with store.session() as s:
        row = s.scalars(select(Activity).where(Activity.person_id == person_id, Activity.event_id == event_id)).one()
        s.expunge(row)
        return row


def facts(row: Activity) -> tuple[str, dt.date, int]:
    return row.title, row.activity_date, row.minutes


def change_meeting(store: Store, event_id: str, **values: object) -> None:
    with store.session() as s:
        meeting = events.get_event(s, event_id)
        events.update_event(s, event_id, dataclasses.replace(meeting.details, **values), meeting.version)


def test_the_log_follows_a_meeting_renamed_moved_and_retimed(store: Store, w: SimpleNamespace) -> None:
    mark_all_synced(store)
    before = log_entry(store, w.ann.id, w.meeting.id)
    change_meeting(store, w.meeting.id, name="High Street PPG (spring)", event_date=dt.date(2026, 5, 12),
                   end_time=dt.time(20, 0))
    after = log_entry(store, w.ann.id, w.meeting.id)
    assert facts(after) == ("High Street PPG (spring)", dt.date(2026, 5, 12), 120)
    assert after.version > before.version and after.version > after.synced_version  # goes up at the next sync
    assert facts(log_entry(store, w.bob.id, w.meeting.id)) == facts(after)
    with store.session() as s:
        [shown] = [a for a in activities.list_activities(s, person_id=w.ann.id) if a.details.event_id == w.meeting.id]
    assert (shown.details.title, shown.details.activity_date) == ("High Street PPG (spring)", dt.date(2026, 5, 12))

    gone = log_entry(store, w.cat.id, w.meeting.id)  # marked absent: stays out of the log as it was
    assert gone.deleted_at is not None and facts(gone) == ("High Street PPG", dt.date(2026, 5, 5), 90)
    assert facts(log_entry(store, w.ann.id, w.other.id)) == ("PPG AGM", dt.date(2026, 5, 20), 0)


def test_what_staff_changed_by_hand_stays(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        own = s.scalars(select(Activity.id).where(Activity.person_id == w.ann.id,
                                                  Activity.event_id == w.meeting.id)).one()
        activities.update_activity(s, own, entry(kind="ppg-meeting", title="PPG: chaired it", minutes="3",
                                                 activity_date="2026-05-05", event_id=w.meeting.id))
    change_meeting(store, w.meeting.id, name="High Street PPG (spring)", event_date=dt.date(2026, 5, 12),
                   end_time=dt.time(20, 0))
    assert facts(log_entry(store, w.ann.id, w.meeting.id)) == ("PPG: chaired it", dt.date(2026, 5, 12), 180)


def test_a_change_that_does_not_touch_the_log_leaves_it_alone(store: Store, w: SimpleNamespace) -> None:
    mark_all_synced(store)
    change_meeting(store, w.meeting.id, venue="The surgery's meeting room")
    row = log_entry(store, w.ann.id, w.meeting.id)
    assert row.version == row.synced_version


def test_the_log_follows_a_meeting_renamed_on_another_laptop(store: Store, w: SimpleNamespace) -> None:
    mark_all_synced(store)
    with store.session() as s:
        held = s.get(Event, w.meeting.id)
        assert held is not None
        central = {c: getattr(held, c) for c in shared_columns(SYNCED_TABLES["events"])}
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    central |= {"name": "High Street PPG (moved)", "event_date": dt.date(2026, 5, 6), "version": held.version + 1,
                "updated_at": later, "changed_at": later}
    apply_download(store, {"devices": [], "gp_practices": [], "events": [central], "people": [], "consents": [],
                           "surveys": []}, "centre")
    with store.session() as s:
        assert events.get_event(s, w.meeting.id).name == "High Street PPG (moved)"
    row = log_entry(store, w.ann.id, w.meeting.id)
    assert facts(row) == ("High Street PPG (moved)", dt.date(2026, 5, 6), 90)
    assert row.version > row.synced_version  # this laptop's entry goes up with its new words
