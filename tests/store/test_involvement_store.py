"""The involvement log and claims in the store: adding, editing, removing, totals, who may have
something logged, PPG registers feeding the log, merging and erasing people."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.core.events import validate_event
from app.core.involvement import validate_activity, validate_claim
from app.core.network import ClaimStatus, Level
from app.core.practices import validate_practice
from app.core.signups import ConsentMethod, validate_signup
from app.store import activities, attendance, claims, people
from app.store.events import add_event
from app.store.models import Activity, Claim
from app.store.practices import save_practice
from app.store.store import Store

TODAY = dt.date(2026, 6, 1)
STAFF = people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)


def member(name: str, email: str, practice_id: str | None = None) -> dict[str, object]:
    return {"name": name, "email": email, "phone": "", "postcode": "ME14 1XX",
            "interests": ["ppg"] if practice_id else ["newsletter"],
            "contact_method": "email", "access_needs": "", "practice_id": practice_id}


def entry(**values: object) -> object:
    return validate_activity({"kind": "panel", "title": "Urgent care panel", "activity_date": "2026-05-10",
                              "minutes": "2", "level": "consult"} | values, today=TODAY)


def expense(**values: object) -> object:
    return validate_claim({"kind": "expense", "amount_pence": "£4.20", "claimed_on": "2026-05-10",
                           "description": "Bus fare"} | values, today=TODAY)


@pytest.fixture
def w(store: Store) -> SimpleNamespace:
    n = SimpleNamespace()
    with store.session() as s:
        n.practice = save_practice(s, store.device_id, validate_practice("High Street Surgery", "G82001"))
        n.meeting = add_event(s, store.device_id, validate_event(
            {"name": "High Street PPG", "kind": "ppg-meeting", "event_date": "2026-05-05", "start_time": "18:00",
             "end_time": "19:30", "practice_id": n.practice.id}))
        n.untimed = add_event(s, store.device_id, validate_event(
            {"name": "PPG AGM", "kind": "ppg-meeting", "event_date": "2026-05-20", "practice_id": n.practice.id}))
        n.ann = people.save_signup(s, store.device_id, validate_signup(member("Ann Smith", "ann@example.org",
                                                                              n.practice.id)), STAFF)
        n.ann2 = people.save_signup(s, store.device_id, validate_signup(member("Ann Smith", "ann2@example.org",
                                                                               n.practice.id)), STAFF)
        n.bob = people.save_signup(s, store.device_id, validate_signup(member("Bob Jones", "bob@example.org")), STAFF)
    return n


def log_of(store: Store, person_id: str) -> list[activities.ActivityRecord]:
    with store.session() as s:
        return activities.list_activities(s, person_id=person_id)


def test_add_edit_remove_and_list_a_members_activities(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        first = activities.add_activity(s, store.device_id, entry(), person_id=w.bob.id)
        activities.add_activity(s, store.device_id, entry(title="Leaflet review", kind="review",
                                                          activity_date="2026-05-20", minutes="45m"),
                                person_id=w.bob.id)
        edited = activities.update_activity(s, first.id, entry(minutes="3", role="Chair"), first.version)
    assert edited.details.minutes == 180 and edited.details.role == "Chair"
    assert [a.details.title for a in log_of(store, w.bob.id)] == ["Leaflet review", "Urgent care panel"]
    with store.session() as s:
        with pytest.raises(activities.ActivityStaleEdit):
            activities.update_activity(s, first.id, entry(), first.version)
        activities.delete_activity(s, first.id)
        assert s.get(Activity, first.id).deleted_at is not None  # a tombstone, sent by the sync
    assert [a.details.title for a in log_of(store, w.bob.id)] == ["Leaflet review"]


def test_totals_for_a_member_and_for_a_date_range(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        activities.add_activity(s, store.device_id, entry(minutes="1:30"), person_id=w.bob.id)
        activities.add_activity(s, store.device_id, entry(minutes="2", level="co-produce",
                                                          activity_date="2026-04-01"), person_id=w.bob.id)
        activities.add_activity(s, store.device_id, entry(minutes="1"), person_id=w.ann.id)
        bob = activities.activity_totals(s, person_id=w.bob.id)
        may = activities.activity_totals(s, date_from=dt.date(2026, 5, 1), date_to=dt.date(2026, 5, 31))
    assert (bob.count, bob.minutes, bob.hours) == (2, 210, 3.5)
    assert bob.count_by_level == {Level.CONSULT: 1, Level.CO_PRODUCE: 1}
    assert bob.minutes_by_level == {Level.CONSULT: 90, Level.CO_PRODUCE: 120}
    assert (may.count, may.minutes, may.people) == (2, 150, 2)


def test_nothing_new_is_logged_or_claimed_for_someone_withdrawn_erased_or_merged(store: Store,
                                                                                 w: SimpleNamespace) -> None:
    with store.session() as s:
        people.withdraw_consent(s, w.bob.id)
        people.merge_people(s, w.ann.id, w.ann2.id)
    with store.session() as s:
        with pytest.raises(activities.NotLoggable, match="Bob Jones withdrew their consent"):
            activities.add_activity(s, store.device_id, entry(), person_id=w.bob.id)
        with pytest.raises(activities.NotLoggable, match="merged into another one"):
            activities.add_activity(s, store.device_id, entry(), person_id=w.ann2.id)
        with pytest.raises(activities.NotLoggable):
            claims.add_claim(s, store.device_id, w.bob.id, expense())
        people.erase_person(s, w.ann.id)
    with store.session() as s, pytest.raises(activities.NotLoggable, match="erased"):
        activities.add_activity(s, store.device_id, entry(), person_id=w.ann.id)


def test_an_activity_belongs_to_one_member_or_one_organisation(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s, pytest.raises(activities.StoreError):
        activities.add_activity(s, store.device_id, entry())


def _meeting_rows(store: Store, person_id: str, event_id: str) -> list[Activity]:
    with store.session() as s:
        return list(s.scalars(select(Activity).where(Activity.person_id == person_id, Activity.event_id == event_id)))


def _live(rows: list[Activity]) -> list[Activity]:
    return [r for r in rows if r.deleted_at is None]


def test_marking_a_member_present_logs_the_meeting_and_absent_removes_it(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        attendance.set_present(s, store.device_id, w.meeting.id, w.ann.id, True)
    [row] = _meeting_rows(store, w.ann.id, w.meeting.id)
    assert (row.kind, row.title, row.activity_date, row.minutes, row.level) == (
        "ppg-meeting", "High Street PPG", dt.date(2026, 5, 5), 90, "involve")
    with store.session() as s:
        attendance.set_present(s, store.device_id, w.meeting.id, w.ann.id, False)
    assert not _live(_meeting_rows(store, w.ann.id, w.meeting.id))
    with store.session() as s:
        attendance.set_present(s, store.device_id, w.meeting.id, w.ann.id, True)
        attendance.set_present(s, store.device_id, w.meeting.id, w.ann.id, True)
    rows = _meeting_rows(store, w.ann.id, w.meeting.id)
    assert len(rows) == 1 and len(_live(rows)) == 1  # the same entry back, never a second


def test_a_meeting_with_no_times_is_logged_with_no_length(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        attendance.set_present(s, store.device_id, w.untimed.id, w.ann.id, True)
    [row] = _meeting_rows(store, w.ann.id, w.untimed.id)
    assert row.minutes == 0


def test_a_meeting_logged_by_hand_first_is_not_logged_twice(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        activities.add_activity(s, store.device_id, entry(kind="ppg-meeting", title="PPG", event_id=w.meeting.id),
                                person_id=w.ann.id)
        attendance.set_present(s, store.device_id, w.meeting.id, w.ann.id, True)
        with pytest.raises(activities.AlreadyLogged):
            activities.add_activity(s, store.device_id, entry(event_id=w.meeting.id), person_id=w.ann.id)
    assert len(_live(_meeting_rows(store, w.ann.id, w.meeting.id))) == 1


def test_merging_two_records_present_at_one_meeting_keeps_one_entry(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        attendance.set_present(s, store.device_id, w.meeting.id, w.ann.id, True)
        attendance.set_present(s, store.device_id, w.meeting.id, w.ann2.id, True)
        attendance.set_present(s, store.device_id, w.untimed.id, w.ann2.id, True)
        activities.add_activity(s, store.device_id, entry(), person_id=w.ann2.id)
        claims.add_claim(s, store.device_id, w.ann2.id, expense())
        people.merge_people(s, w.ann.id, w.ann2.id)
    assert len(_live(_meeting_rows(store, w.ann.id, w.meeting.id))) == 1
    assert sorted(a.details.title for a in log_of(store, w.ann.id)) == [
        "High Street PPG", "PPG AGM", "Urgent care panel"]
    assert log_of(store, w.ann2.id) == []
    with store.session() as s:
        assert [c.person_id for c in claims.list_claims(s)] == [w.ann.id]


def test_erasure_removes_the_log_and_claims_with_their_words(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        activities.add_activity(s, store.device_id, entry(notes="Uses a wheelchair"), person_id=w.bob.id)
        claims.add_claim(s, store.device_id, w.bob.id, expense(description="Taxi, as Bob cannot walk far"))
        people.erase_person(s, w.bob.id)
    with store.session() as s:
        rows = list(s.scalars(select(Activity).where(Activity.person_id == w.bob.id)))
        claim_rows = list(s.scalars(select(Claim).where(Claim.person_id == w.bob.id)))
        assert [(r.notes, r.deleted_at is not None) for r in rows] == [("", True)]
        assert [(c.description, c.deleted_at is not None) for c in claim_rows] == [("", True)]
        assert activities.activity_totals(s, person_id=w.bob.id).count == 0


def test_claims_are_approved_paid_or_rejected_and_paid_is_final(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        panel = activities.add_activity(s, store.device_id, entry(), person_id=w.bob.id)
        claim = claims.add_claim(s, store.device_id, w.bob.id, expense(activity_id=panel.id))
        assert claim.activity_title == "Urgent care panel" and claim.contact == "bob@example.org"
        assert claims.approve_claim(s, claim.id).status is ClaimStatus.APPROVED
        assert claims.pay_claim(s, claim.id).status is ClaimStatus.PAID
        with pytest.raises(claims.ClaimRefused, match="paid cannot be marked rejected"):
            claims.reject_claim(s, claim.id)
        other = claims.add_claim(s, store.device_id, w.bob.id, expense(amount_pence="2"))
        claims.reject_claim(s, other.id)
        assert [c.id for c in claims.list_claims(s, status=ClaimStatus.REJECTED)] == [other.id]
        assert claims.mark_exported(s, [claim.id]) == 1
        assert [c.id for c in claims.list_claims(s, not_exported=True)] == [other.id]


def test_a_claim_for_an_activity_must_be_for_one_in_the_members_own_log(store: Store, w: SimpleNamespace) -> None:
    with store.session() as s:
        anns = activities.add_activity(s, store.device_id, entry(), person_id=w.ann.id)
        with pytest.raises(claims.NotFound):
            claims.add_claim(s, store.device_id, w.bob.id, expense(activity_id=anns.id))


def test_an_organisations_activities_are_logged_and_totalled(store: Store, w: SimpleNamespace) -> None:
    from app.store.models import Organisation

    with store.session() as s:
        group = Organisation(device_id=store.device_id, name="Maidstone Carers' Group", kind="vcs")
        s.add(group)
        s.flush()
        activities.add_activity(s, store.device_id, entry(minutes="3", level="collaborate"),
                                organisation_id=group.id)
        activities.add_activity(s, store.device_id, entry(), person_id=w.bob.id)
        listed = activities.list_activities(s, organisation_id=group.id)
        totals = activities.activity_totals(s, organisation_id=group.id)
    assert [(a.organisation_id, a.person_id) for a in listed] == [(group.id, None)]
    assert (totals.count, totals.minutes, totals.people) == (1, 180, 0)
