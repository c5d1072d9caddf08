"""A laptop's records reach the central database and back, on PostgreSQL, MariaDB and SQLite."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from pathlib import Path

from sqlalchemy import func, select, update

from app.core.events import EventDetails, EventKind
from app.core.responses import ResponseMode
from app.core.signups import PersonStatus
from app.store.demo import seed_demo
from app.store.demo_people import seed_signups
from app.store.engine import open_connection
from app.store.events import add_event
from app.store.models import Consent, Person, Response
from app.store.people import erase_person
from app.store.responses import submit_response
from app.store.status import pending_rows
from app.store.survey_library import load_library
from app.store.sync_history import list_runs
from sync import central_schema as schema
from sync.central import publish_survey, withdraw_centrally
from sync.connection import autocommit_connection, make_central_engine, target_from
from sync.runner import run_sync
from sync.upload import pending_batches, send_batch

SURVEYS = load_library(None).surveys


def _seed(store, seed: int = 7) -> list[str]:
    summary = seed_demo(store, SURVEYS, events=3, responses=120, seed=seed)
    seed_signups(store, random.Random(seed), summary.event_ids, 12, dt.date(2026, 11, 1))
    return summary.event_ids


def _central_rows(url: str, table: str, *columns: str) -> dict[str, tuple]:
    engine = make_central_engine(target_from(url))
    try:
        t = schema.SYNCED_TABLES.get(table, schema.metadata.tables.get(table))
        with autocommit_connection(engine) as conn:
            return {row[0]: tuple(row[1:]) for row in conn.execute(select(t.c.id, *[t.c[c] for c in columns]))}
    finally:
        engine.dispose()


def _local_rows(store, model, *columns: str) -> dict[str, tuple]:
    with store.session() as session:
        return {row[0]: tuple(row[1:]) for row in session.execute(
            select(model.id, *[getattr(model, c) for c in columns]))}


def test_a_full_round_trip_then_a_second_sync_sends_nothing(central_url: str, store) -> None:
    event_ids = _seed(store)
    with store.session() as session:  # text that has to survive every engine exactly
        submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=event_ids[0],
                        surveys={"fft": SURVEYS["fft"]}, answers={"fft": {
                            "fft_rating": "very_good", "fft_comment": "Dziękuję 👍 — «très bien» 'quoted' \"x\""}},
                        mode=ResponseMode.KIOSK, language="pl")
        waiting = sum(pending_rows(session).values())

    record = run_sync(store, target_from(central_url))

    assert record.outcome == "ok", record.message
    assert record.sent == waiting + 1  # every row, and this laptop's own device row
    assert record.new == record.sent and record.already == record.conflicts == 0
    assert record.mismatches == 0 and record.details["counts"]
    with store.session() as session:
        assert sum(pending_rows(session).values()) == 0
    columns = ("event_id", "answers", "fft_rating", "submitted_at", "version", "device_id", "language", "mode")
    assert _central_rows(central_url, "responses", *columns) == _local_rows(store, Response, *columns)
    person_columns = ("name", "email", "phone", "postcode", "interests", "created_at", "version")
    assert _central_rows(central_url, "people", *person_columns) == _local_rows(store, Person, *person_columns)
    assert _central_rows(central_url, "consents", "person_id", "given_at") == _local_rows(
        store, Consent, "person_id", "given_at")

    again = run_sync(store, target_from(central_url))
    assert (again.outcome, again.sent, again.new, again.downloaded, again.mismatches) == ("ok", 0, 0, 0, 0)
    with store.session() as session:
        assert [r.outcome for r in list_runs(session)] == ["ok", "ok"]


def test_the_same_batch_sent_twice_changes_nothing(central_url: str, store) -> None:
    _seed(store)
    table = schema.SYNCED_TABLES["responses"]
    engine = make_central_engine(target_from(central_url))
    try:
        with autocommit_connection(engine) as conn:
            for model in (schema.SYNCED_MODELS[0], schema.SYNCED_MODELS[1]):  # the events the responses belong to
                for rows in pending_batches(store, model, 500):
                    send_batch(conn, schema.SYNCED_TABLES[model.__tablename__], rows, store.device_id)
            rows = next(pending_batches(store, Response, 50))
            first = send_batch(conn, table, rows, store.device_id)
            snapshot = sorted(tuple(r) for r in conn.execute(select(table)))
            second = send_batch(conn, table, rows, store.device_id)
            assert sorted(tuple(r) for r in conn.execute(select(table))) == snapshot  # not even changed_at moved
            assert (first.sent, first.new) == (50, 50)
            assert (second.sent, second.new, second.updated, second.already) == (50, 0, 0, 50)

            stale = [dict(row, version=row["version"] + 1, answers='{"newer": true}') for row in rows[:5]]
            assert send_batch(conn, table, stale, store.device_id).updated == 5
            older = send_batch(conn, table, rows[:5], store.device_id)  # the versions before: refused
            assert (older.updated, older.conflicts) == (0, 5)
            kept = conn.execute(select(func.count()).select_from(table).where(table.c.answers == '{"newer": true}'))
            assert kept.scalar() == 5
            assert conn.execute(select(func.count()).select_from(table)).scalar() == 50
    finally:
        engine.dispose()


def test_an_erasure_on_the_laptop_reaches_the_centre(central_url: str, store) -> None:
    _seed(store)
    assert run_sync(store, target_from(central_url)).outcome == "ok"
    with store.session() as session:
        person = session.scalars(select(Person).where(Person.status == "active", Person.email != "")).first()
        person_id, email = person.id, person.email
        erase_person(session, person_id)

    record = run_sync(store, target_from(central_url))

    assert record.outcome == "ok" and record.updated >= 2  # the person and at least one consent
    centre = _central_rows(central_url, "people", "name", "email", "phone", "postcode", "status", "deleted_at")
    name, mail, phone, postcode, status, deleted_at = centre[person_id]
    assert (name, mail, phone, postcode, status) == ("", "", "", "", "erased") and deleted_at is not None
    assert not any(email in values for values in centre.values())
    consents = _central_rows(central_url, "consents", "person_id", "deleted_at", "withdrawn_at")
    mine = [c for c in consents.values() if c[0] == person_id]
    assert mine and all(deleted and withdrawn for _p, deleted, withdrawn in mine)


def test_a_row_typed_in_by_mistake_leaves_the_centre_and_its_retyping_arrives(central_url: str, store) -> None:
    from app.core.events import validate_event
    from app.core.sheet_codes import SheetKind, format_code, parse_sheet_code
    from app.core.transcription import parse_signup_row
    from app.store import events, paper
    from app.store.corrections import CorrectedBy
    from app.store.typed_rows import remove_typed_row

    with store.session() as session:
        event_id = events.add_event(session, store.device_id, validate_event(
            {"name": "Market stall", "kind": "outreach-stall", "event_date": "2026-11-28"})).id
    code = parse_sheet_code(format_code(SheetKind.SIGNUP, event_id, 1))

    def type_in(name: str):
        with store.session() as session:
            return paper.enter_signup_row(session, store.device_id, event_id, code, parse_signup_row(
                {"row": "3", "name": name, "email": "bob@example.org", "ticks": "H", "consent": "Y"}, rows=8),
                notice_id="privacy-notice", notice_version=1)

    wrong = type_in("Bob Jnoes")
    assert run_sync(store, target_from(central_url)).outcome == "ok"
    with store.session() as session:
        remove_typed_row(session, wrong.id, wrong.consents[0].id, "Misspelt and typed twice",
                         CorrectedBy("Stall laptop", "akhan"))
    right = type_in("Bob Jones")
    assert run_sync(store, target_from(central_url)).outcome == "ok"

    centre = _central_rows(central_url, "people", "name", "status")
    assert centre[wrong.id] == ("", "erased") and centre[right.id] == ("Bob Jones", "active")
    consents = _central_rows(central_url, "consents", "person_id", "paper_row", "deleted_at")
    assert consents[wrong.consents[0].id][:2] == (wrong.id, None) and consents[wrong.consents[0].id][2] is not None
    assert consents[right.consents[0].id] == (right.id, 3, None)


def test_a_withdrawal_made_centrally_reaches_the_laptop(central_url: str, store) -> None:
    _seed(store)
    assert run_sync(store, target_from(central_url)).outcome == "ok"
    with store.session() as session:
        active = session.scalars(select(Person).where(Person.status == "active")).all()
        withdrawn_id, erased_id = active[0].id, active[1].id
        kept_name, erased_name = active[0].name, active[1].name
    backup = store.backup_now()  # made while the person to be erased was still held here
    engine = make_central_engine(target_from(central_url))
    try:
        with engine.begin() as conn:
            assert withdraw_centrally(conn, withdrawn_id)
            assert withdraw_centrally(conn, erased_id, erase=True)
            assert not withdraw_centrally(conn, str(uuid.uuid4()))
    finally:
        engine.dispose()

    record = run_sync(store, target_from(central_url))

    assert record.outcome == "ok", record.message
    assert record.details["received"]["withdrawals"] == 1 and record.details["received"]["erasures"] == 1
    # The erasure reached the backup beside the store too.
    copy = open_connection(backup, store.key, read_only=True)
    try:
        assert copy.execute("SELECT status, name FROM people WHERE id = ?", (erased_id,)).fetchone() == ("erased", "")
        assert copy.execute("SELECT count(*) FROM people WHERE name = ?", (erased_name,)).fetchone() == (0,)
    finally:
        copy.close()
    with store.session() as session:
        withdrawn, erased = session.get(Person, withdrawn_id), session.get(Person, erased_id)
        assert withdrawn.status == PersonStatus.WITHDRAWN.value and withdrawn.name == kept_name
        assert withdrawn.postcode == "" and withdrawn.withdrawn_at is not None
        assert erased.status == PersonStatus.ERASED.value and erased.name == erased.email == erased.phone == ""
        for consent in session.scalars(select(Consent).where(Consent.person_id.in_([withdrawn_id, erased_id]))):
            assert consent.withdrawn_at is not None
        assert sum(pending_rows(session).values()) == 0
    # The laptop agrees with the centre, and the next sync has nothing to do either way.
    centre = _central_rows(central_url, "people", "status", "version")
    assert centre == _local_rows(store, Person, "status", "version")
    again = run_sync(store, target_from(central_url))
    assert (again.sent, again.downloaded) == (0, 0)


def test_events_planned_centrally_and_published_surveys_reach_another_laptop(central_url: str, make_store,
                                                                            tmp_path: Path) -> None:
    planner, stall = make_store("planner"), make_store("stall")
    with planner.session() as session:
        event = add_event(session, planner.device_id, EventDetails(
            name="Diabetes awareness day", kind=EventKind.COMMUNITY_EVENT, event_date=dt.date(2026, 12, 3),
            venue="Leisure centre"))
    assert run_sync(planner, target_from(central_url)).outcome == "ok"
    topics = json.loads((Path(__file__).parents[2] / "resources" / "surveys" / "topics.json").read_text("utf-8"))
    topics["version"] += 1
    engine = make_central_engine(target_from(central_url))
    try:
        with engine.begin() as conn:
            publish_survey(conn, json.dumps(topics), "data team")
            conn.execute(schema.survey_definitions.insert().values(
                id="broken", version=1, definition="{not json", published_by="x", changed_at=dt.datetime.now(dt.UTC)))
    finally:
        engine.dispose()

    record = run_sync(stall, target_from(central_url))

    assert record.outcome == "ok" and record.sent == 1  # only the stall laptop's own device row
    assert record.details["received"]["events"] == 1 and record.details["received"]["surveys"] == 1
    assert any("broken" in problem for problem in record.details["problems"])
    from app.store.events import list_events

    with stall.session() as session:
        (got,) = list_events(session)
        assert (got.id, got.name, got.details.venue) == (event.id, "Diabetes awareness day", "Leisure centre")
        assert sum(pending_rows(session).values()) == 0
    assert load_library(stall.paths.surveys).surveys["topics"].version == topics["version"]
    assert not (stall.paths.surveys / "broken.json").exists()

    # The stall laptop's feedback for the planned event goes up; the planner sees the event unchanged.
    with stall.session() as session:
        submit_response(session, response_id=str(uuid.uuid4()), device_id=stall.device_id, event_id=event.id,
                        surveys={"fft": SURVEYS["fft"]}, answers={"fft": {"fft_rating": "good"}},
                        mode=ResponseMode.STAFF, language="en")
    assert run_sync(stall, target_from(central_url)).new == 1


def test_two_laptops_listing_the_same_practice_both_sync(central_url: str, make_store) -> None:
    from app.core.practices import PracticeDetails
    from app.store.practices import list_practices, save_practice

    a, b = make_store("a"), make_store("b")
    for store in (a, b):
        with store.session() as session:
            save_practice(session, store.device_id, PracticeDetails(name="Riverside Surgery", code="Z90001"))
    assert run_sync(a, target_from(central_url)).outcome == "ok"
    record = run_sync(b, target_from(central_url))
    assert record.outcome == "ok", record.message
    with b.session() as session:
        assert [p.code for p in list_practices(session)] == ["Z90001"]  # its own, not a second copy


def test_a_laptop_moved_to_another_central_database_sends_everything_again(tmp_path: Path, store) -> None:
    from tests.sync.conftest import make_central

    _seed(store)
    first, _drop = make_central("sqlite", tmp_path)
    second, _drop2 = make_central("sqlite", tmp_path)
    sent = run_sync(store, target_from(first)).sent
    assert run_sync(store, target_from(second)).sent == sent


def test_an_unreachable_centre_marks_nothing_and_says_so_plainly(store) -> None:
    _seed(store)
    with store.session() as session:
        waiting = sum(pending_rows(session).values())

    record = run_sync(store, target_from("postgresql://postgres@127.0.0.1:1/test"))

    assert record.outcome == "failed" and record.sent == 0
    assert "nothing is answering at 127.0.0.1:1" in record.message
    with store.session() as session:
        assert sum(pending_rows(session).values()) == waiting
        assert list_runs(session)[0].outcome == "failed"


def test_a_centre_that_is_not_set_up_is_named(tmp_path: Path, store) -> None:
    record = run_sync(store, target_from(f"sqlite:///{tmp_path / 'empty.db'}"))
    assert record.outcome == "failed" and "involve central init" in record.message


def test_a_cancelled_sync_keeps_what_was_confirmed(central_url: str, store) -> None:
    import threading

    _seed(store)
    cancel = threading.Event()
    # Cancel pressed once the first batch is in: the sync stops before the next one.
    record = run_sync(store, target_from(central_url), batch_size=20, cancel=cancel,
                      progress=lambda step: cancel.set() if step.done else None)
    assert record.outcome == "cancelled" and record.sent > 0
    with store.session() as session:
        left = sum(pending_rows(session).values())
    assert left > 0
    rest = run_sync(store, target_from(central_url), batch_size=20)
    assert rest.outcome == "ok" and rest.sent == left and rest.already == 0


def test_a_row_changed_while_its_batch_was_on_its_way_is_sent_again(central_url: str, store) -> None:
    """A change made between reading a batch and marking it synced must not be lost."""
    import sync.upload as upload

    _seed(store)
    real = upload.send_batch
    changed: list[str] = []

    def send_then_edit(connection, table, rows, device_id, **options):
        result = real(connection, table, rows, device_id, **options)
        if table.name == "events" and not changed:
            with store.session() as session:
                session.execute(update(schema.SYNCED_MODELS[1]).where(
                    schema.SYNCED_MODELS[1].id == rows[0]["id"]).values(notes="changed mid-sync"))
            changed.append(rows[0]["id"])
        return result

    upload.send_batch = send_then_edit
    try:
        assert run_sync(store, target_from(central_url)).outcome == "ok"
    finally:
        upload.send_batch = real
    with store.session() as session:
        assert sum(pending_rows(session).values()) == 1  # still waiting, not marked sent
    record = run_sync(store, target_from(central_url))
    assert record.sent == 1 and record.updated == 1
    assert _central_rows(central_url, "events", "notes")[changed[0]] == ("changed mid-sync",)



def test_a_person_edited_here_while_withdrawn_centrally_ends_withdrawn_everywhere(central_url: str,
                                                                                  store) -> None:
    _seed(store)
    assert run_sync(store, target_from(central_url)).outcome == "ok"
    with store.session() as session:
        person = session.scalars(select(Person).where(Person.status == "active")).first()
        person_id = person.id
        person.access_needs = "Large print, please"  # a local edit from the same version
    engine = make_central_engine(target_from(central_url))
    try:
        with engine.begin() as conn:
            withdraw_centrally(conn, person_id)  # the centre's change has the very same version number
    finally:
        engine.dispose()

    assert run_sync(store, target_from(central_url)).outcome == "ok"

    with store.session() as session:
        assert session.get(Person, person_id).status == "withdrawn"
        assert session.get(Person, person_id).access_needs == ""
        assert sum(pending_rows(session).values()) == 0
    assert _central_rows(central_url, "people", "status", "version", "access_needs")[person_id] == tuple(
        _local_rows(store, Person, "status", "version", "access_needs")[person_id])


def test_two_laptops_changing_one_event_end_with_the_same_event(central_url: str, make_store) -> None:
    from dataclasses import replace

    from app.store.events import get_event, update_event

    a, b = make_store("a"), make_store("b")
    with a.session() as session:
        event = add_event(session, a.device_id, EventDetails(
            name="Carers' coffee morning", kind=EventKind.COMMUNITY_EVENT, event_date=dt.date(2026, 12, 9)))
    assert run_sync(a, target_from(central_url)).outcome == "ok"
    assert run_sync(b, target_from(central_url)).outcome == "ok"
    for store, venue in ((a, "Library"), (b, "Community hall")):  # both from version 1, b later
        with store.session() as session:
            update_event(session, event.id, replace(get_event(session, event.id).details, venue=venue))

    first, second = run_sync(a, target_from(central_url)), run_sync(b, target_from(central_url))
    assert (first.updated, second.updated) == (1, 1)  # the later change wins at the centre
    assert run_sync(a, target_from(central_url)).details["received"]["events"] == 1
    for store in (a, b):
        with store.session() as session:
            assert get_event(session, event.id).details.venue == "Community hall"


def test_rows_the_centre_lost_after_confirming_them_are_sent_again(central_url: str, store) -> None:
    event_ids = _seed(store)
    assert run_sync(store, target_from(central_url)).outcome == "ok"
    responses = schema.SYNCED_TABLES["responses"]
    engine = make_central_engine(target_from(central_url))
    try:
        with engine.begin() as conn:  # as if the centre were restored from an older backup
            lost = conn.execute(select(responses.c.id).where(responses.c.event_id == event_ids[0]).limit(3)
                                ).scalars().all()
            conn.execute(responses.delete().where(responses.c.id.in_(lost)))
    finally:
        engine.dispose()

    record = run_sync(store, target_from(central_url))

    assert record.outcome == "ok" and record.mismatches == 0
    assert record.new == 3 and record.already == record.sent - 3
    assert set(lost) <= set(_central_rows(central_url, "responses"))


def test_a_count_the_laptop_cannot_explain_is_shown(central_url: str, store) -> None:
    event_ids = _seed(store)
    assert run_sync(store, target_from(central_url)).outcome == "ok"
    responses = schema.SYNCED_TABLES["responses"]
    engine = make_central_engine(target_from(central_url))
    try:
        with engine.begin() as conn:  # a row at the centre in this laptop's name that it never made
            row = conn.execute(select(responses).where(responses.c.event_id == event_ids[1]).limit(1)).mappings().one()
            conn.execute(responses.insert().values(dict(row, id=str(uuid.uuid4()))))
    finally:
        engine.dispose()

    record = run_sync(store, target_from(central_url))

    assert record.outcome == "ok" and record.mismatches == 1
    assert "counts differ" in record.message
    (odd,) = [c for c in record.details["counts"] if c["here"] != c["centre"]]
    assert (odd["event_id"], odd["table"], odd["centre"] - odd["here"]) == (event_ids[1], "responses", 1)


def test_actions_reach_the_centre_and_a_change_to_one_goes_again(central_url: str, store) -> None:
    from app.store.models import Action

    event_ids = _seed(store)
    with store.session() as session:
        comment = session.scalar(select(Response.id).where(Response.event_id == event_ids[0]).limit(1))
        linked = Action(device_id=store.device_id, event_id=event_ids[0], topic="gp_access", response_id=comment,
                        you_said="Booking by phone at 8am is hard – “impossible” 😞", we_will="Open online booking",
                        owner="Practice manager", due_date=dt.date(2027, 1, 31), status="agreed")
        across = Action(device_id=store.device_id, event_id=None, you_said="Signs are hard to read",
                        we_will="Larger signs in reception", status="in_progress")
        session.add_all([linked, across])
        session.flush()
        ids = (linked.id, across.id)

    first = run_sync(store, target_from(central_url))
    assert first.outcome == "ok" and first.mismatches == 0, first.message
    assert first.details["sent_by_table"]["actions"] == 2
    columns = ("event_id", "topic", "response_id", "you_said", "we_will", "owner", "due_date", "status", "version")
    assert _central_rows(central_url, "actions", *columns) == _local_rows(store, Action, *columns)

    with store.session() as session:
        done = session.get(Action, ids[1])
        done.status, done.what_done, done.done_on = "done", "New signs went up in December", dt.date(2026, 12, 4)
    second = run_sync(store, target_from(central_url))
    assert (second.outcome, second.sent, second.updated, second.mismatches) == ("ok", 1, 1, 0)
    assert _central_rows(central_url, "actions", "status", "what_done", "done_on")[ids[1]] == (
        "done", "New signs went up in December", dt.date(2026, 12, 4))
