"""Shared helpers for the sync robustness tests: sample data, changes between syncs, and the
checks that the central database holds exactly what the laptops hold.

"Exactly" means, for every synced table (and the devices): the centre has one row per id,
the same set of (id, version) as the laptops' own rows, and the same content in every
column a laptop sends; and every laptop row is marked synced at its own version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import uuid
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Column, MetaData, Table, func, inspect, select

from app.core.signups import ConsentMethod, PersonStatus, validate_signup
from app.store.demo import plan_response, seed_demo
from app.store.demo_people import seed_signups
from app.store.events import get_event, update_event
from app.store.models import Base, Device, Person
from app.store.notices import load_notice
from app.store.people import ConsentGiven, erase_person, save_signup, withdraw_consent
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library
from sync import central_schema as schema
from sync.central import withdraw_centrally
from sync.connection import autocommit_connection, make_central_engine, target_from
from sync.runner import run_sync
from sync.upload import UPLOAD_ORDER, central_table

SURVEYS = load_library(None).surveys
SHOW = 8  # problems quoted in a failure message; the rest are counted

Rows = dict[str, dict[str, dict[str, Any]]]  # table -> id -> column -> value


# ---------------------------------------------------------------- sample data and changes

def seed_store(store: Store, rng: random.Random, *, events: int, responses: int, signups: int) -> list[str]:
    """Events, responses and sign-ups (people, consents, sheet prints, practices); the event ids."""
    summary = seed_demo(store, SURVEYS, events=events, responses=responses, seed=rng.randrange(1_000_000))
    if signups:
        seed_signups(store, random.Random(rng.random()), list(summary.event_ids), signups, dt.date.today())
    return list(summary.event_ids)


def seed_demo_events(store: Store, rng: random.Random, *, events: int, responses: int) -> list[str]:
    """More sample events, with responses to them; the new events' ids."""
    return list(seed_demo(store, SURVEYS, events=events, responses=responses, seed=rng.randrange(1_000_000)).event_ids)


def add_responses(store: Store, rng: random.Random, event_ids: Sequence[str], count: int) -> dict[str, int]:
    """``count`` new responses on this laptop for events it holds; how many per event."""
    added: dict[str, int] = {}
    with store.session() as session:
        events = {event_id: get_event(session, event_id).details for event_id in event_ids}
        for _n in range(count):
            event_id = rng.choice(list(event_ids))
            details = events[event_id]
            chosen = {sid: SURVEYS[sid] for sid in details.survey_ids}
            answers, mode, language, at = plan_response(rng, details, chosen)
            submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=event_id,
                            surveys=chosen, answers=answers, mode=mode, language=language, submitted_at=at)
            added[event_id] = added.get(event_id, 0) + 1
    return added


def add_signups(store: Store, rng: random.Random, event_ids: Sequence[str], count: int) -> dict[str, int]:
    """``count`` people signed up by staff at events this laptop holds, each with a consent."""
    notice = load_notice()
    added: dict[str, int] = {}
    with store.session() as session:
        for _n in range(count):
            event_id = rng.choice(list(event_ids))
            tag = uuid.UUID(int=rng.getrandbits(128)).hex[:10]
            details = validate_signup({"name": f"Sam Tester {tag}", "email": f"sam.{tag}@example.org",
                                       "interests": ["newsletter"], "contact_method": "email"})
            save_signup(session, store.device_id, details,
                        ConsentGiven(notice.id, notice.version, ConsentMethod.STAFF, event_id=event_id),
                        event_id=event_id)
            added[event_id] = added.get(event_id, 0) + 1
    return added


def change_some(store: Store, rng: random.Random, event_ids: Sequence[str], *,
                exclude: Collection[str] = ()) -> list[str]:
    """A few of the changes staff make between syncs, so versions move: a person withdraws, one is
    erased, an event is edited. Returns what was done, for failure messages."""
    done: list[str] = []
    with store.session() as session:
        active = list(session.scalars(select(Person.id).where(
            Person.status == PersonStatus.ACTIVE.value, Person.device_id == store.device_id).order_by(Person.id)))
        active = [p for p in active if p not in exclude]
        if active:
            person = rng.choice(active)
            withdraw_consent(session, person)
            done.append(f"withdrew {person[:8]}")
            active.remove(person)
        if active and rng.random() < 0.6:
            person = rng.choice(active)
            erase_person(session, person)
            done.append(f"erased {person[:8]}")
        event_id = rng.choice(list(event_ids))
        event = get_event(session, event_id)
        update_event(session, event_id, dataclasses.replace(
            event.details, notes=f"{event.details.notes} note {rng.randrange(10_000)}".strip()[:500]))
        done.append(f"edited event {event_id[:8]}")
    return done


def withdraw_at_centre(url: str, store: Store, rng: random.Random, exclude: Collection[str]) -> str | None:
    """The data team records a withdrawal (or an erasure) at the centre for one of this laptop's
    people whom the centre already holds and the laptop has not changed since; the person's id."""
    with store.session() as session:
        candidates = list(session.scalars(select(Person.id).where(
            Person.device_id == store.device_id, Person.status == PersonStatus.ACTIVE.value,
            Person.synced_version == Person.version).order_by(Person.id)))
    candidates = [c for c in candidates if c not in exclude]
    if not candidates:
        return None
    person = rng.choice(candidates)
    engine = make_central_engine(target_from(url))
    try:
        with engine.begin() as conn:
            assert withdraw_centrally(conn, person, erase=rng.random() < 0.3)
    finally:
        engine.dispose()
    return person


# ---------------------------------------------------------------- reading both sides

def _tables() -> list[tuple[str, Table, list[str]]]:
    """Each synced table: its name, the centre's table, and the columns a laptop sends."""
    return [(model.__tablename__, central_table(model), schema.shared_columns(central_table(model)))
            for model in UPLOAD_ORDER]


def central_rows(url: str) -> tuple[Rows, list[str]]:
    """Every row at the centre, by table and id; and any id the centre holds more than once."""
    engine = make_central_engine(target_from(url))
    rows: Rows = {}
    twice: list[str] = []
    try:
        with autocommit_connection(engine) as conn:
            present = set(inspect(conn).get_table_names())
            for name, table, columns in _tables():
                if name not in present:  # a centre from before the table was added
                    rows[name] = {}
                    continue
                found = [dict(r) for r in conn.execute(select(*[table.c[c] for c in columns])).mappings()]
                rows[name] = {r["id"]: r for r in found}
                total, distinct = conn.execute(select(func.count(), func.count(table.c.id.distinct()))).one()
                if total != distinct or len(found) != len(rows[name]):
                    twice.append(f"{name}: {total} rows but {distinct} ids")
    finally:
        engine.dispose()
    return rows, twice


def local_rows(store: Store) -> Rows:
    """Every row of the synced tables on this laptop, with ``synced_version`` beside what it sends."""
    rows: Rows = {}
    with store.engine.connect() as conn:
        for name, _table, columns in _tables():
            local = Base.metadata.tables[name]
            rows[name] = {r["id"]: dict(r) for r in conn.execute(
                select(*[local.c[c] for c in columns], local.c.synced_version)).mappings()}
    return rows


def _made_by(name: str, row: dict[str, Any]) -> str:
    return row["id"] if name == Device.__tablename__ else row["device_id"]


def expected_rows(stores: Iterable[Store]) -> Rows:
    """What the centre should hold: the union of the laptops' rows, of each the latest change (the
    highest version, then the latest ``updated_at``, as the upload's guard decides); where two
    copies are the same change, the one on the laptop that made the row (another laptop's copy
    of an event may point to its own record of the same GP practice)."""
    expected: Rows = {}
    for store in stores:
        for name, rows in local_rows(store).items():
            chosen = expected.setdefault(name, {})
            for row_id, row in rows.items():
                row = {k: v for k, v in row.items() if k != "synced_version"}
                held = chosen.get(row_id)
                if held is None or _change(row) > _change(held) or (
                        _change(row) == _change(held) and _made_by(name, row) == store.device_id):
                    chosen[row_id] = row
    return expected


def _change(row: dict[str, Any]) -> tuple[int, dt.datetime]:
    return row["version"], row["updated_at"]


# ---------------------------------------------------------------- the checks

def _fail(problems: list[str], headline: str, context: str) -> None:
    if problems:
        shown = "\n  ".join(problems[:SHOW])
        more = f"\n  … and {len(problems) - SHOW} more" if len(problems) > SHOW else ""
        raise AssertionError(f"{headline} ({context}):\n  {shown}{more}")


def assert_all_synced(store: Store, context: str = "") -> None:
    """Every row on this laptop is marked synced at its own version: nothing waits, nothing is ahead."""
    problems = [f"{name} {row_id[:8]}: version {row['version']}, synced_version {row['synced_version']}"
                for name, rows in local_rows(store).items() for row_id, row in rows.items()
                if row["synced_version"] != row["version"]]
    _fail(problems, f"rows on {store.paths.root.name} not marked synced at their version", context)


def assert_centre_holds_exactly(url: str, stores: Sequence[Store], context: str = "") -> Rows:
    """The centre holds each laptop row once, at its version, with the same content; nothing else.

    Returns the centre's rows for further checks.
    """
    centre, twice = central_rows(url)
    _fail(twice, "ids held more than once at the centre", context)
    expected = expected_rows(stores)
    problems: list[str] = []
    for name, rows in expected.items():
        held = centre.get(name, {})
        for row_id in sorted(set(rows) - set(held)):
            problems.append(f"{name} {row_id[:8]} v{rows[row_id]['version']}: missing at the centre")
        for row_id in sorted(set(held) - set(rows)):
            problems.append(f"{name} {row_id[:8]} v{held[row_id]['version']}: at the centre, on no laptop")
        for row_id in sorted(set(rows) & set(held)):
            mine, theirs = rows[row_id], held[row_id]
            if mine["version"] != theirs["version"]:
                problems.append(f"{name} {row_id[:8]}: version {mine['version']} here, {theirs['version']} "
                                "at the centre")
                continue
            differ = [c for c in mine if mine[c] != theirs.get(c)]
            if differ:
                problems.append(f"{name} {row_id[:8]} v{mine['version']}: differs at the centre in "
                                + ", ".join(f"{c} ({mine[c]!r} here, {theirs.get(c)!r} there)" for c in differ))
    _fail(problems, "the centre does not hold exactly the laptops' records", context)
    return centre


def assert_nothing_left(store: Store, url: str, context: str = "") -> None:
    """A further sync finds nothing to send and every count matches."""
    record = run_sync(store, target_from(url))
    assert record.outcome == "ok", f"{record.message} ({context})"
    assert record.sent == 0, f"a further sync sent {record.sent} rows ({context}): {record.details['sent_by_table']}"
    assert record.mismatches == 0, f"counts differ after a further sync ({context}): {record.details['counts']}"


def assert_exact(url: str, stores: Sequence[Store], context: str = "") -> Rows:
    """Everything above, for each laptop: all synced, the centre exact, and a further sync sends 0."""
    for store in stores:
        assert_all_synced(store, context)
    centre = assert_centre_holds_exactly(url, stores, context)
    for store in stores:
        assert_nothing_left(store, url, context)
    return centre


def _versions(conn, tables: dict[str, Table],
              extra: tuple[str, ...] = ()) -> dict[str, dict[str, tuple]]:
    """Each table's ids with their version (and ``extra`` columns, and a consent's person)."""
    found: dict[str, dict[str, tuple]] = {}
    for name, table in tables.items():
        columns = [table.c.id, table.c.version, *[table.c[c] for c in extra]]
        if name == "consents":
            columns.append(table.c.person_id)
        found[name] = {row[0]: tuple(row[1:]) for row in conn.execute(select(*columns))}
    return found


def assert_marked_rows_at_centre(url: str, store: Store, context: str = "", *,
                                 withdrawn_centrally: Collection[str] = ()) -> dict[str, int]:
    """What must hold at any moment, even straight after a cut or a kill: every row this laptop has
    marked synced is at the centre at that version or later, and the centre holds nothing of this
    laptop's newer than the laptop itself (but for people in ``withdrawn_centrally`` and their
    consents, which the centre changed and the laptop may not have heard of yet). Returns, for a
    report, how many rows the centre already holds that are not yet marked here (committed, the
    answer lost), and how many wait.

    Only ids and versions are read, so it is cheap enough to run after every cut.
    """
    names = [name for name, _table, _columns in _tables()]
    engine = make_central_engine(target_from(url))
    try:
        with autocommit_connection(engine) as conn:
            centre = _versions(conn, {name: table for name, table, _columns in _tables()})
    finally:
        engine.dispose()
    with store.engine.connect() as conn:
        here = _versions(conn, {name: Base.metadata.tables[name] for name in names}, ("synced_version",))
    problems: list[str] = []
    ahead = waiting = 0
    for name in names:
        held = centre[name]
        for row_id, (version, synced, *person) in here[name].items():
            there = held.get(row_id, (None,))[0]
            if synced > 0 and (there is None or there < synced):
                problems.append(f"{name} {row_id[:8]}: marked synced at v{synced}, but the centre has "
                                f"{'nothing' if there is None else f'v{there}'}")
            whose = row_id if name == "people" else person[0] if person else None
            if there is not None and there > version and whose not in withdrawn_centrally:
                problems.append(f"{name} {row_id[:8]}: v{there} at the centre, only v{version} here")
            if synced < version:
                waiting += 1
                ahead += there == version
    _fail(problems, f"rows marked synced on {store.paths.root.name} that the centre does not hold", context)
    return {"confirmed_not_marked": ahead, "waiting": waiting}


# Columns added at the centre after a revision, by table: a laptop of that release did not send them.
COLUMNS_SINCE = {
    "c0007": {"events": ("easy_read",)},
    "c0008": {"responses": ("deleted_reason", "deleted_by")},
    "c0009": {"people": ("topics",)},
}


def as_laptops_of(revision: str, monkeypatch: Any) -> None:
    """Make uploads and :func:`central_rows` see the centre's tables as they were at ``revision``:
    without the columns added since, as a laptop of that release sent them."""
    later: dict[str, list[str]] = {}
    for since, tables in COLUMNS_SINCE.items():
        if since > revision:
            for name, columns in tables.items():
                later.setdefault(name, []).extend(columns)
    for name, columns in later.items():
        current = schema.SYNCED_TABLES[name]
        older = Table(name, MetaData(), *[Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
                                          for c in current.columns if c.name not in columns])
        monkeypatch.setitem(schema.SYNCED_TABLES, name, older)
