"""What the version-bump tests share: a store with one of everything, all marked synced, and the
check that a scenario leaves what it changed for the next upload, read with the upload's own query,
at a higher version and a later ``updated_at`` than before."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from types import SimpleNamespace

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from app.core.actions import ActionDetails, validate_action
from app.core.events import validate_event
from app.core.involvement import ActivityDetails, ClaimDetails, validate_activity, validate_claim
from app.core.practices import validate_practice
from app.core.responses import ResponseMode
from app.core.signups import ConsentMethod, validate_signup
from app.store import actions, activities, attendance, claims, events, people, practices, responses
from app.store.models import Activity, Base, utcnow
from app.store.store import Store
from app.store.survey_library import load_library
from sync.upload import UPLOAD_ORDER, pending_batches, pending_count

TODAY = dt.date(2026, 12, 4)
STAFF = people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)
ANN = {"name": "Ann Smith", "email": "ann@example.org", "phone": "", "postcode": "ME14 1XX",
       "interests": ["ppg", "newsletter"], "contact_method": "email", "access_needs": ""}

Rows = dict[str, dict[str, tuple[int, dt.datetime]]]  # table -> id -> (version, updated_at)
TABLES: list[Table] = [Base.metadata.tables[model.__tablename__] for model in UPLOAD_ORDER]  # type: ignore[attr-defined]


# ----- what the upload would send

def mark_all_synced(store: Store) -> None:
    """As if a sync had just finished: every row's synced_version is its version."""
    with store.engine.begin() as conn:
        for table in TABLES:
            conn.execute(update(table).values(synced_version=table.c.version))
    assert pending_count(store) == 0


def waiting(store: Store) -> Rows:
    """The rows the next upload sends, read with the upload's own query."""
    return {table.name: {row["id"]: (row["version"], row["updated_at"])
                         for batch in pending_batches(store, model, 500) for row in batch}
            for model, table in zip(UPLOAD_ORDER, TABLES, strict=True)}


def every_row(store: Store) -> Rows:
    with store.engine.connect() as conn:
        return {table.name: {i: (v, u) for i, v, u in conn.execute(select(
            table.c.id, table.c.version, table.c.updated_at))} for table in TABLES}


# ----- a store with one of everything

def make_world(store: Store) -> SimpleNamespace:
    surveys = load_library(store.paths.surveys).surveys
    w = SimpleNamespace(surveys=surveys, fft=surveys["fft"])
    with store.session() as session:
        w.practice = practices.save_practice(session, store.device_id, validate_practice("High Street Surgery",
                                                                                          "G82001"))
        w.gone_practice = practices.save_practice(session, store.device_id, validate_practice("Old Surgery", "G82999"))
        practices.remove_practice(session, w.gone_practice.id)
        w.fair = events.add_event(session, store.device_id, validate_event(
            {"name": "Spring fair", "kind": "community-event", "event_date": "2026-04-14"}))
        w.ppg = events.add_event(session, store.device_id, validate_event(
            {"name": "PPG meeting", "kind": "ppg-meeting", "event_date": "2026-03-02",
             "practice_id": w.practice.id}))
        member = {**ANN, "practice_id": w.practice.id}
        w.ann = people.save_signup(session, store.device_id, validate_signup(member), STAFF)
        w.ann_again = people.save_signup(session, store.device_id, validate_signup({**member, "phone": "07911 123456"}),
                                         STAFF)
        w.bob = people.save_signup(session, store.device_id, validate_signup(
            {**ANN, "name": "Bob Jones", "email": "bob@example.org", "interests": ["newsletter"]}), STAFF)
        attendance.set_present(session, store.device_id, w.ppg.id, w.ann_again.id, True)
        w.guest = attendance.add_guest(session, store.device_id, w.ppg.id, "Carol Guest")
        w.response_id = str(uuid.uuid4())
        responses.submit_response(session, response_id=w.response_id, device_id=store.device_id, event_id=w.fair.id,
                                  surveys={"fft": w.fft}, answers={"fft": {"fft_rating": "poor"}},
                                  mode=ResponseMode.STAFF, language="en")
        w.action = actions.add_action(session, store.device_id, action_details(event_id=w.fair.id))
        w.deleted_action = actions.add_action(session, store.device_id, action_details(we_will="Something else"))
        actions.delete_action(session, w.deleted_action.id)
        w.done_action = actions.add_action(session, store.device_id, action_details(
            we_will="Longer hours", status="done", what_done="Open till 8 on Thursdays"))
        w.panel = activities.add_activity(session, store.device_id, activity_details(), person_id=w.bob.id)
        w.claim = claims.add_claim(session, store.device_id, w.bob.id, claim_details())
    return w


def activity_details(**values: object) -> ActivityDetails:
    return validate_activity({"kind": "panel", "title": "Urgent care panel", "activity_date": "2026-03-10",
                              "minutes": "2", "level": "consult"} | values, today=TODAY)


def claim_details(**values: object) -> ClaimDetails:
    return validate_claim({"kind": "expense", "amount_pence": "£4.20", "claimed_on": "2026-03-10",
                           "description": "Bus fare"} | values, today=TODAY)


def action_details(**values: object) -> ActionDetails:
    return validate_action({"you_said": "The wait was long", "we_will": "Add a second receptionist"} | values,
                           today=TODAY)


def in_session(store: Store, work: Callable[[Session], object]) -> None:
    with store.session() as session:
        work(session)


# ----- what a scenario is, and the check each one is put through

Expected = dict[str, set[str]]  # table -> ids; "*" means "at least one new row"
NEW = "*"
Scenario = Callable[[Store, SimpleNamespace], Expected]


def meeting_entry(store: Store, w: SimpleNamespace) -> str:
    """The PPG meeting in the log of the member marked present at it (the world's ``ann_again``)."""
    with store.session() as session:
        return session.scalars(select(Activity.id).where(Activity.person_id == w.ann_again.id,
                                                         Activity.event_id == w.ppg.id)).one()


def assert_left_for_upload(store: Store, name: str, scenario: Scenario) -> None:
    """Run ``scenario`` on a synced world: what it changed waits for the upload, each at a higher
    version and a later ``updated_at``."""
    world = make_world(store)
    mark_all_synced(store)
    before = every_row(store)
    started = utcnow()
    expected = scenario(store, world)
    sent = waiting(store)
    for table, ids in expected.items():
        if NEW in ids:
            assert set(sent[table]) - set(before[table]), f"{name}: no new {table} row waiting to sync"
        for row_id in ids - {NEW}:
            assert row_id in sent[table], f"{name}: the changed {table} row {row_id[:8]} is not waiting to sync"
    for table, rows in sent.items():
        for row_id, (version, updated_at) in rows.items():
            if row_id in before[table]:
                old_version, _old_time = before[table][row_id]
                assert version > old_version, f"{name}: {table} {row_id[:8]} waits without a higher version"
                assert updated_at >= started, f"{name}: {table} {row_id[:8]} changed without a new updated_at"
