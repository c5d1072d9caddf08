"""Stores written by released versions of Involve open in this one with nothing lost.

Each ``tests/data/store-<version>.db`` was written by that release's own code
(``tests/data/make_store.py``) and is never changed afterwards; the JSON beside it says what
it holds, row by row, and its key. A copy is opened the way the app opens a laptop's data,
which backs the file up and then upgrades it when its schema is older; every row must still
be there with every value it had, the app must read it back, and the schema must be this
release's newest.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.core.sheet_codes import SheetKind
from app.store import backups, migrate
from app.store.actions import list_actions
from app.store.attendance import register
from app.store.events import list_events
from app.store.keys import StoreKey
from app.store.kiosk_pin import has_pin
from app.store.models import Base
from app.store.paper import printed_up_to
from app.store.paths import DataPaths
from app.store.people import get_person
from app.store.responses import response_answers
from app.store.store import Store
from app.store.sync_history import list_runs
from tests.data.make_store import contents

DATA = Path(__file__).resolve().parents[1] / "data"
RELEASED = sorted(DATA.glob("store-*.db"))


def _described(stored: Path) -> dict[str, Any]:
    return json.loads(stored.with_suffix(".json").read_text(encoding="utf-8"))


def _live(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("deleted_at") is None]


def _as_written(now: dict[str, list[dict[str, Any]]], then: dict[str, list[dict[str, Any]]]) -> dict[str, list]:
    """Today's rows cut down to the columns the release wrote (a later release may add columns)."""
    cut: dict[str, list] = {}
    for table, rows in then.items():
        assert table in now, f"the table {table} is gone"
        columns = {column for row in rows for column in row}
        found = [{c: row[c] for c in columns} for row in now[table]]
        cut[table] = sorted(found, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))
    return cut


def test_this_release_line_has_a_store_file_to_keep() -> None:
    assert RELEASED, "no tests/data/store-<version>.db: run tests/data/make_store.py"
    for stored in RELEASED:
        assert stored.with_suffix(".json").exists(), f"{stored.name} has no JSON saying what it holds"
        assert stored.stat().st_size < 1_000_000, f"{stored.name} is too big to keep in the repository"


@pytest.mark.parametrize("stored", RELEASED, ids=[p.stem for p in RELEASED])
def test_a_released_store_opens_with_every_row_as_it_was(stored: Path, tmp_path: Path) -> None:
    described = _described(stored)
    then: dict[str, list[dict[str, Any]]] = described["rows"]
    key = StoreKey(described["key"], "environment")
    paths = DataPaths(tmp_path / "involve-data")
    paths.ensure()
    shutil.copyfile(stored, paths.store)

    opened = Store.open(paths, key=key)  # what the app does at start: a backup, then the upgrade, if older
    try:
        assert opened.device_id == described["device_id"]
        assert opened.schema_revision() == migrate.head_revision() == migrate.script_head_revision()
        assert opened.quick_check() == "ok"
        if described["revision"] == migrate.head_revision():
            assert opened.upgraded_from is None and backups.list_backups(paths.backups) == []
        else:
            assert opened.upgraded_from == described["revision"]
            [backup] = backups.list_backups(paths.backups)
            assert backups.is_healthy(backup, key), "the backup made before the upgrade does not open"
        with opened.engine.connect() as conn:  # the upgraded schema is exactly this release's models
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}),
                                    Base.metadata) == []
        _the_app_reads_it_back(opened, then)
    finally:
        opened.close()

    now = contents(paths.store, described["key"])
    assert now["revision"] == migrate.head_revision()
    written = _as_written(now["rows"], then)
    assert {t: len(r) for t, r in written.items()} == {t: len(r) for t, r in then.items()}
    for table in then:
        assert written[table] == then[table], f"rows of {table} changed"


def _the_app_reads_it_back(store: Store, then: dict[str, list[dict[str, Any]]]) -> None:
    """The same rows read through the store's own functions, as the windows and commands do."""
    events = _live(then["events"])
    with store.session() as session:
        listed = list_events(session, include_archived=True)
        assert sorted((e.id, e.name) for e in listed) == sorted((e["id"], e["name"]) for e in events)
        assert {e.id for e in listed if e.archived} == {e["id"] for e in events if e["archived_at"] is not None}
        by_id = {e.id: e for e in listed}
        for row in events:
            details = by_id[row["id"]].details
            assert (details.kind.value, details.event_date.isoformat(), details.venue, details.notes,
                    details.service, details.practice_id) == (row["kind"], row["event_date"], row["venue"],
                                                              row["notes"], row["service"], row["practice_id"])

        responses = _live(then["responses"])
        for event in events:
            answers = {r["id"]: r for r in response_answers(session, event["id"])}
            expected = {r["id"]: r for r in responses if r["event_id"] == event["id"]}
            assert set(answers) == set(expected)
            for response_id, row in expected.items():
                assert answers[response_id]["answers"] == json.loads(row["answers"])
                assert (answers[response_id]["mode"], answers[response_id]["language"]) == (row["mode"],
                                                                                          row["language"])

        consents = Counter(c["person_id"] for c in _live(then["consents"]))
        for row in _live(then["people"]):
            person = get_person(session, row["id"])
            assert (person.details.name, person.details.email, person.status.value) == (
                row["name"], row["email"], row["status"])
            assert len(person.consents) == consents[row["id"]]
            assert sorted(c.method.value for c in person.consents) == sorted(
                c["method"] for c in then["consents"] if c["person_id"] == row["id"])

        attendance = _live(then["attendance"])
        for event_id in {a["event_id"] for a in attendance}:
            seen = register(session, event_id)
            assert sorted(g.name for g in seen.guests) == sorted(
                a["guest_name"] for a in attendance if a["event_id"] == event_id and a["person_id"] is None)
            assert sorted(line.member.id for line in seen.members if line.present) == sorted(
                a["person_id"] for a in attendance if a["event_id"] == event_id and a["person_id"] is not None)

        actions = list_actions(session)
        assert sorted((a.id, a.details.you_said, a.details.we_will, a.status.value) for a in actions) == sorted(
            (a["id"], a["you_said"], a["we_will"], a["status"]) for a in _live(then["actions"]))

        for row in _live(then["sheet_prints"]):
            highest = max(p["last_number"] for p in _live(then["sheet_prints"])
                          if (p["event_id"], p["kind"]) == (row["event_id"], row["kind"]))
            assert printed_up_to(session, row["event_id"], SheetKind(row["kind"])) == highest

        runs = list_runs(session)
        assert sorted((r.central, r.outcome, r.sent, r.downloaded, r.message) for r in runs) == sorted(
            (r["central"], r["outcome"], r["sent"], r["downloaded"], r["message"]) for r in then["sync_runs"])
        assert has_pin(session) == any(r["key"] == "kiosk_pin_hash" for r in then["local_state"])


def test_the_store_file_of_this_release_holds_what_its_script_promises() -> None:
    """The file kept for this release has something of every kind in it, so the test above means something."""
    from app import __version__

    mine = DATA / f"store-{__version__}.db"
    # Every release keeps its own file: a new version number without one fails here, not silently.
    assert mine.exists(), f"no store file for {__version__} yet: run python tests/data/make_store.py and commit it"
    rows = _described(mine)["rows"]
    for table in ("events", "responses", "people", "consents", "gp_practices", "attendance", "actions",
                  "sheet_prints", "sync_runs"):
        assert rows[table], f"{mine.name} has no {table}"
    comments = [json.loads(r["answers"]).get("fft", {}).get("fft_comment", "") for r in rows["responses"]]
    assert any(not c.isascii() for c in comments), "no comment in non-ASCII text"
    assert {r["mode"] for r in rows["responses"]} >= {"kiosk", "staff", "paper"}
    assert {r["language"] for r in rows["responses"]} >= {"en", "pl"}
    assert any(r["fft_rating"] for r in rows["responses"]) and any(r["raised_by_group"] for r in rows["responses"])
    assert {c["method"] for c in rows["consents"]} >= {"kiosk", "staff", "paper"}
    assert any(p["status"] == "withdrawn" for p in rows["people"])
    assert any(e["service"] for e in rows["events"]) and any(e["archived_at"] for e in rows["events"])
