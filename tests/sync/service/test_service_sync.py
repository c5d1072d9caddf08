"""Laptops sync through the real central service (uvicorn on loopback), on every engine."""

from __future__ import annotations

import datetime as dt
import json
import random

import httpx
import pytest
from sqlalchemy import select

from app.store.models import Person
from app.store.people import withdraw_consent
from sync import central_schema as schema
from sync.central import withdraw_centrally
from sync.connection import make_central_engine, target_from
from sync.runner import run_sync
from sync.service_client import ServiceLink, ServiceTarget, enrol_laptop
from sync.upload import UPLOAD_ORDER, pending_batches, pending_count
from tests.sync.checks import assert_exact, central_rows, local_rows, seed_store

REVOKED = "Your organisation has withdrawn this laptop's access"


def test_a_full_round_trip_then_a_second_sync_sends_nothing(service, make_store) -> None:
    laptop = make_store("a")
    seed_store(laptop, random.Random(1), events=3, responses=150, signups=20)
    target = service.enrol(laptop)
    first = run_sync(laptop, target)
    assert first.outcome == "ok", first.message
    assert first.new == first.sent > 150 and first.mismatches == 0
    assert_exact(service.db_url, [laptop], "after the first sync through the service")
    rounds: list[int] = []
    second = _counting_round_trips(laptop, target, rounds)
    assert second.outcome == "ok" and second.sent == 0
    assert rounds == [1], "a sync with nothing new is one round trip"


def _counting_round_trips(store, target: ServiceTarget, into: list[int]):
    original = ServiceLink.close

    def close(link: ServiceLink) -> None:
        into.append(link.round_trips)
        original(link)

    ServiceLink.close = close  # type: ignore[method-assign]
    try:
        return run_sync(store, target)
    finally:
        ServiceLink.close = original  # type: ignore[method-assign]


def test_the_same_batch_sent_twice_changes_nothing(service, make_store) -> None:
    laptop = make_store("a")
    seed_store(laptop, random.Random(2), events=2, responses=40, signups=5)
    target = service.enrol(laptop)
    link = ServiceLink(target)
    try:
        sent = []
        for model in UPLOAD_ORDER:
            table = schema.devices if model.__tablename__ == "devices" else schema.SYNCED_TABLES[model.__tablename__]
            for rows in pending_batches(laptop, model, 5000, as_stored=True):
                first = link.push(table, rows, link.prepare(rows))
                again = link.push(table, rows, link.prepare(rows))
                assert first.refused == {} and again.refused == {}
                assert again.tally.already == len(rows) and again.tally.new == 0 and again.tally.updated == 0
                sent.append(table.name)
        assert "responses" in sent
    finally:
        link.close()
    before = _centre_changes(service.db_url)
    assert run_sync(laptop, target).outcome == "ok"
    assert _centre_changes(service.db_url) == before, "marking the rows synced sent them again as changes"
    assert_exact(service.db_url, [laptop])


def _centre_changes(url: str) -> dict[str, list[tuple]]:
    engine = make_central_engine(target_from(url))
    try:
        with engine.connect() as conn:
            return {name: sorted(conn.execute(select(t.c.id, t.c.version, t.c.last_batch)).all())
                    for name, t in schema.SYNCED_TABLES.items()}
    finally:
        engine.dispose()


def test_enrol_sync_revoke_then_refused_in_one_sentence_with_everything_kept(service, make_store) -> None:
    laptop = make_store("a")
    seed_store(laptop, random.Random(3), events=1, responses=20, signups=3)
    target = service.enrol(laptop)
    assert run_sync(laptop, target).outcome == "ok"
    seed_store(laptop, random.Random(4), events=1, responses=10, signups=0)
    before = local_rows(laptop)
    waiting = pending_count(laptop)
    service.revoke(laptop)
    refused = run_sync(laptop, target)
    assert refused.outcome == "failed" and refused.message.startswith(REVOKED)
    assert refused.message.count(".") == 2 and "kept" in refused.message  # one sentence, and a second saying so
    assert local_rows(laptop) == before and pending_count(laptop) == waiting
    # Enrolled again with a new code, it carries on where it left off.
    again = service.enrol(laptop)
    record = run_sync(laptop, again)
    assert record.outcome == "ok" and record.sent == waiting
    assert_exact(service.db_url, [laptop])


def test_a_code_works_once_and_not_after_it_expires(service, make_store) -> None:
    first, second = make_store("a"), make_store("b")
    code = service.add_device("Outreach 1")
    enrol_laptop(service.url, code, first.device_id, keep=False)
    with pytest.raises(Exception, match="already been used"):
        enrol_laptop(service.url, code, second.device_id, keep=False)
    old = service.add_device("Outreach 2", now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=24, seconds=1))
    with pytest.raises(Exception, match="expired"):
        enrol_laptop(service.url, old.lower().replace("-", " "), second.device_id, keep=False)
    with pytest.raises(Exception, match="not known"):
        enrol_laptop(service.url, "AAAA-BBBB-CCCC-DDDD", second.device_id, keep=False)


def test_a_working_laptop_identity_cannot_be_taken_with_a_fresh_code(service, make_store) -> None:
    laptop = make_store("a")
    service.enrol(laptop)
    with pytest.raises(Exception, match="already connected"):
        enrol_laptop(service.url, service.add_device("Impostor"), laptop.device_id, keep=False)


def test_no_request_without_a_credential_gets_anything(service) -> None:
    for method, path in (("POST", "/v1/pull"), ("GET", "/v1/counts"), ("POST", "/v1/push/responses"),
                         ("GET", "/v1/whoami")):
        for headers in ({}, {"Authorization": "Bearer inv1_" + "x" * 43}, {"Authorization": "Basic abc"}):
            answer = httpx.request(method, service.url + path, json={"rows": []} if method == "POST" else None,
                                   headers=headers)
            assert answer.status_code == 401, (path, headers)
            assert set(answer.json()) == {"code", "message"}


def test_a_withdrawal_at_the_centre_reaches_the_laptop_through_the_service(service, make_store) -> None:
    laptop = make_store("a")
    seed_store(laptop, random.Random(5), events=1, responses=5, signups=4)
    target = service.enrol(laptop)
    assert run_sync(laptop, target).outcome == "ok"
    with laptop.session() as session:
        person_id = session.scalars(select(Person.id).where(Person.status == "active")).first()
    engine = make_central_engine(target_from(service.db_url))
    try:
        with engine.begin() as connection:
            assert withdraw_centrally(connection, person_id)
    finally:
        engine.dispose()
    record = run_sync(laptop, target)
    assert record.outcome == "ok" and record.details["received"]["withdrawals"] == 1
    with laptop.session() as session:
        assert session.get(Person, person_id).status == "withdrawn"
    assert_exact(service.db_url, [laptop])


def test_a_laptop_that_synced_directly_carries_on_through_the_service_without_sending_twice(
        service, make_store) -> None:
    laptop = make_store("a")
    seed_store(laptop, random.Random(6), events=2, responses=30, signups=6)
    assert run_sync(laptop, target_from(service.db_url)).outcome == "ok"
    with laptop.session() as session:
        withdraw_consent(session, session.scalars(select(Person.id)).first())
    target = service.enrol(laptop)
    record = run_sync(laptop, target)
    assert record.outcome == "ok" and 0 < record.sent < 10 and record.new == 0
    assert_exact(service.db_url, [laptop])


def test_the_openapi_document_is_published_with_each_rows_schema(service) -> None:
    document = httpx.get(service.url + "/openapi.json").json()
    assert {"/v1/enrol", "/v1/pull", "/v1/push/{table}", "/v1/counts", "/healthz", "/readyz"} <= set(document["paths"])
    assert "ResponsesRow" in document["components"]["schemas"]
    assert json.dumps(document).count("password") == 0


def test_a_withdrawal_or_erasure_at_the_centre_is_never_stepped_back_by_the_data_team(service, make_store) -> None:
    laptop = make_store("a")
    seed_store(laptop, random.Random(7), events=1, responses=3, signups=2)
    assert run_sync(laptop, service.enrol(laptop)).outcome == "ok"
    with laptop.session() as session:
        person_id = session.scalars(select(Person.id)).first()
    engine = make_central_engine(target_from(service.db_url))
    people = schema.SYNCED_TABLES["people"]
    try:
        with engine.begin() as connection:
            assert withdraw_centrally(connection, person_id, erase=True)
            erased = connection.execute(select(people).where(people.c.id == person_id)).one()
            assert withdraw_centrally(connection, person_id)  # a later "withdraw" of someone already erased
            assert connection.execute(select(people).where(people.c.id == person_id)).one() == erased
    finally:
        engine.dispose()


def test_a_laptop_moved_to_a_new_centre_sends_what_it_made_and_nothing_of_others(service, make_store,
                                                                                 tmp_path) -> None:
    from tests.sync.conftest import make_central
    from tests.sync.service_process import start_service

    a, b = make_store("a"), make_store("b")
    seed_store(a, random.Random(8), events=1, responses=10, signups=2)
    seed_store(b, random.Random(9), events=1, responses=4, signups=0)
    assert run_sync(b, service.enrol(b)).outcome == "ok"
    assert run_sync(a, service.enrol(a)).outcome == "ok"  # A now holds B's event and B's name
    url, _drop = make_central("sqlite", tmp_path)
    second = start_service(url, tmp_path)
    try:
        target = second.enrol(a)
        moved = run_sync(a, target)
        assert moved.outcome == "ok" and moved.details["refused"] == [], moved.details["refused"][:3]
        assert run_sync(a, target).sent == 0 and pending_count(a) == 0
        rows, _problems = central_rows(url)
        makers = {row["device_id"] for table in ("events", "responses", "people") for row in rows[table].values()}
        assert makers == {a.device_id} and set(rows["devices"]) == {a.device_id}
        assert len(rows["responses"]) == 10
    finally:
        second.stop()


def test_batches_in_flight_together_are_each_marked_once_confirmed_even_when_cancelled(service, make_store) -> None:
    """Two batches of a table go to the service at once; cancelling part-way still marks every
    batch the centre confirmed, the receipt counts exactly those, and the rest go next time."""
    import threading

    from tests.sync.checks import assert_marked_rows_at_centre

    assert ServiceLink.in_flight == 2
    laptop = make_store("a")
    seed_store(laptop, random.Random(8), events=3, responses=300, signups=30)
    target = service.enrol(laptop)
    before = pending_count(laptop)
    cancel = threading.Event()
    sending: list[int] = []

    def progress(step) -> None:
        if step.stage.startswith("Sending"):
            sending.append(step.done)
            if len(sending) == 6:
                cancel.set()

    record = run_sync(laptop, target, batch_size=25, progress=progress, cancel=cancel)
    marked = before - pending_count(laptop)
    assert record.outcome == "cancelled" and 0 < marked < before
    assert record.sent == marked, f"the receipt says {record.sent} sent, the laptop marked {marked}"
    assert sending == sorted(sending), "progress went backwards"
    assert_marked_rows_at_centre(service.db_url, laptop, "after cancelling with batches in flight")
    rest = run_sync(laptop, target, batch_size=25)
    assert rest.outcome == "ok" and rest.mismatches == 0
    assert rest.sent + marked >= before and rest.new + rest.already == rest.sent
    assert_exact(service.db_url, [laptop], "after the rest was sent")
