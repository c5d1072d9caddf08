"""Programmes in the store: add, edit, remove; events and actions linked once each; what a
programme's page lists and the reach of its events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.programmes import Duty, validate_programme
from app.core.responses import ResponseMode
from app.store import actions, events, programmes, responses
from app.store.errors import NotFound
from app.store.events import AmbiguousRef
from app.store.models import Activity, Programme, ProgrammeLink
from app.store.store import Store
from app.store.survey_library import load_library


def _world(store: Store) -> tuple[str, str, str]:
    fft = load_library(store.paths.surveys).surveys["fft"]
    with store.session() as session:
        fair = events.add_event(session, store.device_id, validate_event(
            {"name": "Spring fair", "kind": "community-event", "event_date": "2026-04-14"})).id
        for _i in range(3):
            responses.submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id,
                                      event_id=fair, surveys={"fft": fft}, answers={"fft": {"fft_rating": "good"}},
                                      mode=ResponseMode.KIOSK, language="en")
        action = actions.add_action(session, store.device_id, validate_action(
            {"you_said": "Parking", "we_will": "More spaces", "status": "done", "what_done": "Ten more",
             "done_on": "2026-05-01", "event_id": fair}, today=dt.date(2026, 6, 1))).id
        programme = programmes.add_programme(session, store.device_id, validate_programme(
            {"name": "Estates review", "duty": "yes", "start_date": "2026-01-01"})).id
    return fair, action, programme


def test_add_edit_list_and_remove(store: Store) -> None:
    fair, _action, pid = _world(store)
    with store.session() as session:
        record = programmes.get_programme(session, pid)
        assert (record.name, record.details.duty, record.version) == ("Estates review", Duty.YES, 1)
        saved = programmes.update_programme(session, pid, dataclasses.replace(
            record.details, what_changed="Parking moved", duty=Duty.NO), record.version)
        assert (saved.details.what_changed, saved.details.duty, saved.version) == ("Parking moved", Duty.NO, 2)
        with pytest.raises(programmes.ProgrammeStaleEdit):
            programmes.update_programme(session, pid, record.details, record.version)
        later = programmes.add_programme(session, store.device_id, validate_programme(
            {"name": "Later", "start_date": "2026-09-01"}))
        undated = programmes.add_programme(session, store.device_id, validate_programme({"name": "Undated"}))
        assert [p.name for p in programmes.list_programmes(session)] == ["Later", "Estates review", "Undated"]
        programmes.link_event(session, store.device_id, pid, fair)
        removed = programmes.delete_programme(session, pid)
        assert removed.name == "Estates review"
        assert [p.id for p in programmes.list_programmes(session)] == [later.id, undated.id]
        with pytest.raises(NotFound):
            programmes.get_programme(session, pid)
        # Its links went with it, as tombstones the sync sends.
        assert session.scalar(select(func.count()).select_from(ProgrammeLink).where(
            ProgrammeLink.deleted_at.is_(None))) == 0


def test_an_event_or_action_is_linked_once_and_unlinking_brings_the_same_link_back(store: Store) -> None:
    fair, action, pid = _world(store)
    with store.session() as session:
        first = programmes.link_event(session, store.device_id, pid, fair)
        again = programmes.link_event(session, store.device_id, pid, fair)
        assert first.link_id == again.link_id
        assert (first.name, first.responses, first.signups) == ("Spring fair", 3, 0)
        linked = programmes.link_action(session, store.device_id, pid, action)
        assert programmes.link_action(session, store.device_id, pid, action).link_id == linked.link_id
        assert (linked.we_will, linked.what_done, linked.status.value, linked.event_name) == (
            "More spaces", "Ten more", "done", "Spring fair")
        record = programmes.get_programme(session, pid)
        assert (record.events, record.actions) == (1, 1)
        programmes.unlink(session, first.link_id)
        with pytest.raises(NotFound):
            programmes.unlink(session, first.link_id)
        assert programmes.programme_events(session, pid) == []
        back = programmes.link_event(session, store.device_id, pid, fair)
        assert back.link_id == first.link_id
        assert session.scalar(select(func.count()).select_from(ProgrammeLink)) == 2


def test_links_to_what_no_longer_exists_are_refused(store: Store) -> None:
    fair, action, pid = _world(store)
    with store.session() as session:
        with pytest.raises(NotFound):
            programmes.link_event(session, store.device_id, pid, str(uuid.uuid4()))
        actions.delete_action(session, action)
        with pytest.raises(NotFound):
            programmes.link_action(session, store.device_id, pid, action)
        programmes.delete_programme(session, pid)
        with pytest.raises(NotFound):
            programmes.link_event(session, store.device_id, pid, fair)


def test_a_deleted_action_drops_off_the_programme(store: Store) -> None:
    _fair, action, pid = _world(store)
    with store.session() as session:
        programmes.link_action(session, store.device_id, pid, action)
        actions.delete_action(session, action)
        assert programmes.programme_actions(session, pid) == []
        assert programmes.get_programme(session, pid).actions == 0


def test_reach_and_activities(store: Store) -> None:
    fair, _action, pid = _world(store)
    with store.session() as session:
        programmes.link_event(session, store.device_id, pid, fair)
        for minutes, deleted in ((90, False), (30, False), (600, True)):
            session.add(Activity(device_id=store.device_id, kind="meeting", title="Estates panel",
                                 activity_date=dt.date(2026, 5, 1), minutes=minutes, level="involve",
                                 programme_id=pid, deleted_at=dt.datetime.now(dt.UTC) if deleted else None))
        session.flush()
        reach = programmes.programme_reach(session, pid)
        assert (reach.events, reach.responses, reach.signups, reach.activities, reach.minutes) == (1, 3, 0, 2, 120)
        assert sorted((a.title, a.minutes, a.level) for a in programmes.programme_activities(session, pid)) == [
            ("Estates panel", 30, "involve"), ("Estates panel", 90, "involve")]


def test_resolving_by_the_start_of_an_id(store: Store) -> None:
    _fair, _action, pid = _world(store)
    with store.session() as session:
        assert programmes.resolve_programme(session, pid[:6].upper()).id == pid
        with pytest.raises(NotFound, match="at least 4"):
            programmes.resolve_programme(session, "ab")
        with pytest.raises(NotFound, match="No programme"):
            programmes.resolve_programme(session, "zzzz")
        # Two programmes whose ids start alike need more of the id.
        for suffix in ("1", "2"):
            session.add(Programme(id=f"abcd{suffix}" + pid[5:], device_id=store.device_id, name="X"))
        session.flush()
        with pytest.raises(AmbiguousRef):
            programmes.resolve_programme(session, "abcd")
