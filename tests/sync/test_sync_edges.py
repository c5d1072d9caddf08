"""The awkward cases: changes crossing at the centre, rows a laptop cannot take, batches kept whole."""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid

from sqlalchemy import event as sa_event
from sqlalchemy import select

from app.core.events import EventDetails, EventKind
from app.core.practices import PracticeDetails
from app.store.events import add_event, list_events
from app.store.models import Device, Person, Response
from app.store.people import erase_person, merge_people, withdraw_consent
from app.store.practices import list_practices, save_practice
from app.store.status import pending_rows
from sync import central_schema as schema
from sync.central import withdraw_centrally
from sync.connection import autocommit_connection, make_central_engine, target_from
from sync.runner import run_sync
from sync.upload import DirectLink, upload
from tests.sync.test_round_trip import _central_rows, _seed


def _at_centre(url: str, work) -> None:
    engine = make_central_engine(target_from(url))
    try:
        with engine.begin() as conn:
            work(conn)
    finally:
        engine.dispose()


def _two_active(store) -> tuple[str, str]:
    with store.session() as session:
        first, second = session.scalars(select(Person.id).where(Person.status == "active").limit(2)).all()
    return first, second


def test_an_erasure_at_the_centre_is_not_undone_by_a_withdrawal_made_here(central_url: str, store) -> None:
    _seed(store)
    assert run_sync(store, target_from(central_url)).outcome == "ok"
    person_id, _other = _two_active(store)
    _at_centre(central_url, lambda conn: withdraw_centrally(conn, person_id, erase=True))
    with store.session() as session:  # offline, before hearing of the erasure
        withdraw_consent(session, person_id)

    assert run_sync(store, target_from(central_url)).outcome == "ok"

    status, name = _central_rows(central_url, "people", "status", "name")[person_id]
    assert (status, name) == ("erased", "")
    with store.session() as session:
        assert session.get(Person, person_id).status == "erased" and session.get(Person, person_id).name == ""


def test_a_withdrawal_at_the_centre_survives_a_merge_made_here(central_url: str, store) -> None:
    _seed(store)
    assert run_sync(store, target_from(central_url)).outcome == "ok"
    withdrawn_id, kept_id = _two_active(store)
    _at_centre(central_url, lambda conn: withdraw_centrally(conn, withdrawn_id))
    with store.session() as session:  # offline: the withdrawn person is folded into another
        merge_people(session, kept_id, withdrawn_id)

    record = run_sync(store, target_from(central_url))

    assert record.outcome == "ok", record.message
    centre = _central_rows(central_url, "people", "status")
    assert centre[withdrawn_id] == ("withdrawn",)  # not turned back into an active (merged) row
    assert centre[kept_id] == ("withdrawn",)  # the person kept honours it
    with store.session() as session:
        assert session.get(Person, kept_id).status == "withdrawn"


def test_a_withdrawal_for_someone_merged_into_a_person_since_erased_does_no_harm(central_url: str,
                                                                                store) -> None:
    _seed(store)
    merged_id, kept_id = _two_active(store)
    with store.session() as session:
        merge_people(session, kept_id, merged_id)
        erase_person(session, kept_id)
    assert run_sync(store, target_from(central_url)).outcome == "ok"
    _at_centre(central_url, lambda conn: withdraw_centrally(conn, merged_id))

    record = run_sync(store, target_from(central_url))

    assert record.outcome == "ok", record.message
    assert run_sync(store, target_from(central_url)).outcome == "ok"


def test_three_laptops_listing_one_practice_all_keep_syncing(central_url: str, make_store) -> None:
    a, b, c = make_store("a"), make_store("b"), make_store("c")
    for store in (b, c):
        with store.session() as session:
            save_practice(session, store.device_id, PracticeDetails(name="Riverside Surgery", code="Z90001"))
        assert run_sync(store, target_from(central_url)).outcome == "ok"
    with c.session() as session:
        (practice,) = list_practices(session)
        meeting = add_event(session, c.device_id, EventDetails(
            name="Riverside PPG", kind=EventKind.PPG_MEETING, event_date=dt.date(2026, 12, 1), practice_id=practice.id))
    assert run_sync(c, target_from(central_url)).outcome == "ok"

    for _round in range(2):
        record = run_sync(a, target_from(central_url))
        assert record.outcome == "ok" and not record.details["problems"], record.message
    with a.session() as session:
        (listed,) = list_practices(session)
        (event,) = list_events(session)
        assert event.id == meeting.id and event.details.practice_id == listed.id


def test_rows_from_the_centre_this_laptop_cannot_take_are_named_and_skipped(central_url: str, make_store) -> None:
    planner, stall = make_store("planner"), make_store("stall")
    with planner.session() as session:
        good = add_event(session, planner.device_id, EventDetails(
            name="Good event", kind=EventKind.OUTREACH_STALL, event_date=dt.date(2026, 12, 2)))
    assert run_sync(planner, target_from(central_url)).outcome == "ok"
    events = schema.SYNCED_TABLES["events"]
    now = dt.datetime.now(dt.UTC)

    def add_odd_rows(conn) -> None:
        base = {"created_at": now, "updated_at": now, "version": 1, "deleted_at": None,
                "event_date": dt.date(2026, 12, 5),
                "start_time": None, "end_time": None, "venue": "", "locality": "", "organiser": "", "partners": "",
                "notes": "", "archived_at": None, "practice_id": None, "received_from": "central",
                "received_at": now, "changed_at": now, "first_batch": "x", "last_batch": "x"}
        conn.execute(events.insert(), [
            base | {"id": str(uuid.uuid4()), "device_id": "central", "name": "Planned by the data team",
                    "kind": "community-event", "survey_ids": '["fft"]'},
            base | {"id": str(uuid.uuid4()), "device_id": "central", "name": "Webinar", "kind": "webinar",
                    "survey_ids": '["fft"]'},
            base | {"id": str(uuid.uuid4()), "device_id": "central", "name": "Broken", "kind": "other",
                    "survey_ids": "not json"},
        ])

    _at_centre(central_url, add_odd_rows)

    record = run_sync(stall, target_from(central_url))

    assert record.outcome == "ok", record.message
    assert len(record.details["problems"]) == 2
    with stall.session() as session:
        names = sorted(e.name for e in list_events(session))
        assert names == ["Good event", "Planned by the data team"]
        assert session.get(Device, "central") is not None  # a placeholder for whoever made it
        assert sum(pending_rows(session).values()) == 0
    assert good.id in {e.id for e in _events(stall)}


def _events(store):
    with store.session() as session:
        return list_events(session)


def test_a_survey_that_could_not_be_saved_is_tried_again(central_url: str, store, monkeypatch) -> None:
    from pathlib import Path

    import app.store.survey_library as library
    from app.store.survey_library import load_library
    from sync.central import publish_survey

    topics = json.loads((Path(__file__).parents[2] / "resources" / "surveys" / "topics.json").read_text("utf-8"))
    topics["version"] += 1
    _at_centre(central_url, lambda conn: publish_survey(conn, json.dumps(topics), "data team"))
    real = library.save_survey_text

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(library, "save_survey_text", full_disk)
    first = run_sync(store, target_from(central_url))
    assert first.outcome == "ok" and any("could not be saved" in p for p in first.details["problems"])
    monkeypatch.setattr(library, "save_survey_text", real)

    second = run_sync(store, target_from(central_url))

    assert second.details["received"]["surveys"] == 1
    assert load_library(store.paths.surveys).surveys["topics"].version == topics["version"]


def test_each_batch_is_one_statement_on_every_engine(central_url: str, store) -> None:
    _seed(store)
    with store.session() as session:
        waiting = pending_rows(session)
    engine = make_central_engine(target_from(central_url))
    inserts: list[str] = []
    try:
        with autocommit_connection(engine) as conn:
            sa_event.listen(conn, "before_cursor_execute",
                            lambda c, cursor, statement, *rest: inserts.append(statement.split()[0].upper()))
            # Events and practices first, so foreign keys hold; then count the responses' batches.
            upload(store, DirectLink(conn, store.device_id), batch_size=25)
    finally:
        engine.dispose()
    batches = sum(math.ceil(n / 25) for n in waiting.values() if n) + 1  # and the device row
    statements = [s for s in inserts if s in ("INSERT", "WITH", "SELECT")]
    assert sum(1 for s in statements if s in ("INSERT", "WITH")) == batches, inserts[:5]
    assert len(_central_rows(central_url, "responses")) == waiting["responses"]
    with store.session() as session:
        assert session.scalar(select(Response.id).where(Response.synced_version < Response.version)) is None
