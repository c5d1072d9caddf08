"""Holding laptop B's valid credential: what B must not be able to do to laptop A's records.

Every check goes through the real service; B speaks the wire format directly, as an attacker
with B's credential would, not through Involve's own client.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

import httpx
from sqlalchemy import select

from app.store.models import Consent, Person, Response
from app.store.people import withdraw_consent
from sync.runner import run_sync
from sync.upload import pending_batches
from tests.sync.checks import assert_exact, central_rows, seed_store


def _push(service, token: str, table: str, rows: list[dict]) -> dict:
    answer = httpx.post(f"{service.url}/v1/push/{table}", json={"rows": rows},
                        headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def _rows_of(store, model) -> list[dict]:
    return [row for batch in pending_batches(store, model, 10_000, as_stored=True) for row in batch]


def _synced_pair(service, make_store):
    a, b = make_store("a"), make_store("b")
    seed_store(a, random.Random(11), events=2, responses=30, signups=6)
    seed_store(b, random.Random(12), events=1, responses=5, signups=1)
    ta, tb = service.enrol(a), service.enrol(b)
    assert run_sync(a, ta).outcome == "ok" and run_sync(b, tb).outcome == "ok"
    return a, b, ta, tb


def _all_of(store, model) -> list[dict]:
    """Every row of ``model`` as it would go on the wire, synced or not."""
    with store.session() as session:
        session.execute(model.__table__.update().values(synced_version=0))
    return _rows_of(store, model)


def test_b_cannot_read_as_peoples_details_through_any_endpoint(service, make_store) -> None:
    a, _b, _ta, tb = _synced_pair(service, make_store)
    headers = {"Authorization": f"Bearer {tb.token}"}
    with a.session() as session:
        names = [p.name for p in session.scalars(select(Person))]
        emails = [p.email for p in session.scalars(select(Person)) if p.email]
        a_people = {p.id for p in session.scalars(select(Person))}
        withdraw_consent(session, next(iter(a_people)))
    assert run_sync(a, _ta_of(service, a)).outcome == "ok"
    answers = [httpx.post(f"{service.url}/v1/pull", json={"central_id": None, "since": None}, headers=headers),
               httpx.get(f"{service.url}/v1/counts", headers=headers),
               httpx.get(f"{service.url}/v1/whoami", headers=headers),
               httpx.get(f"{service.url}/openapi.json")]
    text = " ".join(answer.text for answer in answers)
    assert all(answer.status_code == 200 for answer in answers)
    assert not any(name in text for name in names) and not any(email in text for email in emails)
    assert not any(person_id in text for person_id in a_people), "B learnt the ids of A's people"
    assert a.device_id not in {c["event_id"] for c in answers[1].json()["counts"]}
    for path in ("/v1/people", "/v1/pull/people", "/v1/push/people"):
        assert httpx.get(service.url + path, headers=headers).status_code in (404, 405)


def _ta_of(service, store):
    from sync.service_client import ServiceTarget

    return ServiceTarget(service.url, service.tokens[store.device_id])


def test_b_cannot_overwrite_or_erase_as_records(service, make_store) -> None:
    a, _b, _ta, tb = _synced_pair(service, make_store)
    before, _problems = central_rows(service.db_url)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    responses = _all_of(a, Response)[:5]
    people = _all_of(a, Person)[:3]
    consents = _all_of(a, Consent)[:3]
    forged_responses = [r | {"version": 10**6, "updated_at": now, "answers": "{}"} for r in responses]
    as_own = [r | {"device_id": tb_device(tb, service), "version": 10**6, "answers": "{}"}
              for r in responses]
    erased = [p | {"version": 10**6, "updated_at": now, "status": "erased", "name": "", "email": "",
                   "deleted_at": now} for p in people]
    for table, rows in (("responses", forged_responses), ("responses", as_own), ("people", erased),
                        ("consents", [c | {"version": 10**6, "withdrawn_at": now} for c in consents])):
        answer = _push(service, tb.token, table, rows)
        assert len(answer["refused"]) == len(rows), (table, answer)
        assert all("another laptop" in r["reason"] for r in answer["refused"]), answer["refused"]
    after, _problems = central_rows(service.db_url)
    assert after == before


def tb_device(target, service) -> str:
    return next(device for device, token in service.tokens.items() if token == target.token)


def test_b_cannot_block_as_withdrawal(service, make_store) -> None:
    a, _b, ta, tb = _synced_pair(service, make_store)
    person = _all_of(a, Person)[0]
    assert run_sync(a, ta).outcome == "ok"
    pinned = _push(service, tb.token, "people", [person | {"version": 2**31 - 1}])
    assert len(pinned["refused"]) == 1
    # Nor can B attach a fresh consent to A's person, which would undo a withdrawal in effect.
    consent = _all_of(a, Consent)[0]
    planted = consent | {"id": str(uuid.uuid4()), "device_id": tb_device(tb, service), "version": 1,
                         "withdrawn_at": None}
    answer = _push(service, tb.token, "consents", [planted])
    assert answer["refused"] and "another laptop" in answer["refused"][0]["reason"]
    with a.session() as session:
        withdraw_consent(session, person["id"])
    record = run_sync(a, ta)
    assert record.outcome == "ok" and not record.details["refused"]
    rows, _problems = central_rows(service.db_url)
    assert rows["people"][person["id"]]["status"] == "withdrawn"


def test_a_poisoned_row_is_refused_alone_and_the_receipt_says_why(service, make_store) -> None:
    laptop = make_store("a")
    seed_store(laptop, random.Random(13), events=2, responses=20, signups=4)
    with laptop.session() as session:
        victim = session.scalars(select(Person)).first()
        victim.name = "Zz" * 9 + "z"  # 19 characters ...
        victim.name_postcode_key = "k" * 400  # ... whose duplicate key outgrew the old 220-character column
        victim.interests = "x" * 200_000  # and a field beyond anything the centre takes
    target = service.enrol(laptop)
    record = run_sync(laptop, target)
    refused = record.details["refused"]
    assert [(r["table"], r["id"]) for r in refused if r["table"] == "people"] == [("people", victim.id)]
    assert "interests is too long" in refused[0]["reason"]
    with laptop.session() as session:  # its consents wait for it, saying why; everything else landed
        its_consents = set(session.scalars(select(Consent.id).where(Consent.person_id == victim.id)))
    assert {r["id"] for r in refused if r["table"] == "consents"} == its_consents
    assert all("a person the centre does not have" in r["reason"] for r in refused[1:])
    rows, _problems = central_rows(service.db_url)
    assert victim.id not in rows["people"]
    with laptop.session() as session:
        others = session.scalars(select(Person.id).where(Person.id != victim.id)).all()
        responses = session.scalars(select(Response.id)).all()
    assert set(others) <= set(rows["people"]) and set(responses) <= set(rows["responses"])
    from sync.receipt import receipt_lines

    lines = receipt_lines(record)
    assert lines[0] == f"Synced, except {len(refused)} rows the centre refused (see below)."
    assert f"  sign-ups {victim.id[:8]}: The centre could not read this row: interests is too long for the centre." \
        in lines
    # Corrected on the laptop, it goes at the next sync; the long key alone was never a problem.
    with laptop.session() as session:
        session.get(Person, victim.id).interests = "[]"
    assert run_sync(laptop, target).details["refused"] == []
    assert_exact(service.db_url, [laptop])
