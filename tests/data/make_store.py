"""Write ``store-<version>.db``: a store made by this release of Involve, kept for every later one.

Like the wallet files Electrum keeps from its old releases, each release of Involve leaves
one real store file here, written by its own code, never edited by hand afterwards.
``tests/store/test_release_stores.py`` opens every such file the way the app opens a laptop's data
(an upgrade, after a backup, when the schema is older) and checks that every row is still
there exactly as it was written. Each release runs this script once, and
commits the two files it writes:

- ``store-<version>.db``: the encrypted store, small (under 200 KB);
- ``store-<version>.json``: what it holds, table by table and row by row, as SQLite returns
  the values, with the schema revision and the key. The test compares against this.

Run it from the top of the repository, with the test extras installed::

    python tests/data/make_store.py            # refuses to overwrite this version's file
    python tests/data/make_store.py --force    # writes it again (only before it is released)

The data is made up and names no real person; it goes through the app's own store functions
(``add_event``, ``submit_response``, ``save_signup``, ``enter_signup_row``, ``record_print_run``,
``add_action``, ``record_run`` and so on), so it is what the app itself writes: events (one
with a service, one archived PPG meeting with its practice), feedback from the kiosk, staff and
paper, in English and Polish, with comments in non-ASCII text, topics and a group's issue,
people signed up at the kiosk, by staff and on paper with their consents (one withdrawn), a GP
practice, attendance with a member and a guest, actions (one linked to a comment, one done),
print runs of sign-up sheets and feedback cards, a kiosk PIN and one sync in the history.

The key is a fixed, test-only raw key (64 hex digits, so SQLCipher uses it as it is): it is
``KEY`` below and is written into the JSON too, so each file opens with its own key even if a
later release writes its file with another. It protects nothing real.

The device is the one the upgrade tests' older stores use (tests/test_migrations.py): id
``DEVICE``, named "Stall laptop".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

# Test-only: the bytes of "Involve test store, not secret!!" in hex. Never a real key.
KEY = "496e766f6c766520746573742073746f72652c206e6f74207365637265742121"
DEVICE = "5f0c4a52-7d7e-4b8e-9d53-0a3c1c2a9f01"
DEVICE_NAME = "Stall laptop"
PIN = "4821"
# Fixed ids for the responses, so the JSON and the tests can name them.
KIOSK_RESPONSE = "0b1a2c3d-4e5f-4a6b-8c7d-000000000001"
POLISH_RESPONSE = "0b1a2c3d-4e5f-4a6b-8c7d-000000000002"
STAFF_RESPONSE = "0b1a2c3d-4e5f-4a6b-8c7d-000000000003"
LEFT_BLANK_RESPONSE = "0b1a2c3d-4e5f-4a6b-8c7d-000000000004"
CENTRAL = "postgresql+psycopg://involve@central.example.org/involve"  # a made-up centre


def file_names(version: str) -> tuple[str, str]:
    return f"store-{version}.db", f"store-{version}.json"


def make_store(folder: Path) -> Path:
    """Make the store in ``folder`` (a data folder) with this release's code; return the store file."""
    from sqlalchemy import text

    from app.core.actions import validate_action
    from app.core.events import validate_event
    from app.core.practices import validate_practice
    from app.core.responses import ResponseMode
    from app.core.sheet_codes import SheetKind, format_code, parse_sheet_code
    from app.core.signups import ConsentMethod, validate_signup
    from app.core.transcription import parse_card, parse_signup_row
    from app.store import migrate
    from app.store.actions import add_action
    from app.store.attendance import add_guest, record_group_issue, set_present
    from app.store.engine import make_engine
    from app.store.events import add_event, set_archived
    from app.store.keys import StoreKey
    from app.store.kiosk_pin import set_pin
    from app.store.paper import enter_card, enter_signup_row, record_print_run
    from app.store.paths import DataPaths
    from app.store.people import ConsentGiven, save_signup, withdraw_consent
    from app.store.practices import save_practice
    from app.store.responses import submit_response
    from app.store.store import Store
    from app.store.survey_library import load_library
    from app.store.sync_history import SyncRecord, record_run

    paths = DataPaths(folder)
    key = StoreKey(KEY, "environment")
    # The device first, as the older stores in the upgrade tests have it; then the app's own open.
    paths.ensure()
    engine = make_engine(paths.store, key)
    try:
        with engine.connect() as conn:
            migrate.upgrade(conn)
            moment = dt.datetime(2026, 11, 30, 9, 0)
            conn.execute(text("INSERT INTO devices (id, name, created_at, updated_at, version, synced_version) "
                              "VALUES (:id, :name, :t, :t, 1, 0)"), {"id": DEVICE, "name": DEVICE_NAME, "t": moment})
            conn.execute(text("INSERT INTO local_state VALUES ('device_id', :id)"), {"id": DEVICE})
            conn.commit()
    finally:
        engine.dispose()

    store = Store.open(paths, key=key)
    try:
        assert store.device_id == DEVICE
        device = store.device_id
        library = load_library(store.paths.surveys).surveys
        fft, topics, equality = library["fft"], library["topics"], library["equality"]
        with store.session() as session:
            set_pin(session, PIN)
            practice = save_practice(session, device, validate_practice("Larkspur Surgery", "G82001"))
            fair = add_event(session, device, validate_event({
                "name": "Café morning – Łódź Polish community group", "kind": "community-event",
                "event_date": "2026-11-14", "start_time": "10:00", "end_time": "12:30",
                "venue": "St Faith’s Hall", "locality": "Maidstone", "organiser": "Engagement team",
                "partners": "Polish Saturday School", "notes": "Bring the large-print cards. Zażółć gęślą jaźń.",
                "survey_ids": "fft,topics,equality", "service": "Maidstone Hospital – outpatients"}))
            ppg = add_event(session, device, validate_event({
                "name": "Larkspur PPG", "kind": "ppg-meeting", "event_date": "2026-11-20",
                "survey_ids": "fft,topics", "practice_id": practice.id}))
            add_event(session, device, validate_event({
                "name": "Market stall", "kind": "outreach-stall", "event_date": "2026-10-03",
                "venue": "Jubilee Square"}))

        submitted = dt.datetime(2026, 11, 14, 10, 42, tzinfo=dt.UTC)
        feedback = [
            (KIOSK_RESPONSE, ResponseMode.KIOSK, "en",
             {"fft": {"fft_rating": "very_good", "fft_comment": "Lovely staff – the nurse explained everything 😊"},
              "topics": {"topics": ["hospital", "transport"]}}),
            (POLISH_RESPONSE, ResponseMode.KIOSK, "pl",
             {"fft": {"fft_rating": "poor", "fft_comment": "Długo czekałam na wizytę, ale lekarz był miły."},
              "topics": {"topics": ["gp_access"]}}),
            (STAFF_RESPONSE, ResponseMode.STAFF, "en",
             {"fft": {"fft_rating": "neither", "fft_comment": "Parking is “impossible” after 9 am"}}),
            (LEFT_BLANK_RESPONSE, ResponseMode.KIOSK, "en", {"fft": {"fft_rating": "dont_know"}}),
        ]
        for n, (response_id, mode, language, answers) in enumerate(feedback):
            surveys = {sid: {"fft": fft, "topics": topics, "equality": equality}[sid] for sid in answers}
            with store.session() as session:
                submit_response(session, response_id=response_id, device_id=device, event_id=fair.id,
                                surveys=surveys, answers=answers, mode=mode, language=language,
                                submitted_at=submitted + dt.timedelta(minutes=7 * n))

        with store.session() as session:
            signups = record_print_run(session, device, fair.id, SheetKind.SIGNUP, 2, notice=("privacy-notice", 1))
            cards = record_print_run(session, device, fair.id, SheetKind.FEEDBACK, 20, large_print=True)
            record_print_run(session, device, ppg.id, SheetKind.ATTENDANCE, 1)
        card = parse_sheet_code(format_code(SheetKind.FEEDBACK, fair.id, cards.first + 2))
        with store.session() as session:
            enter_card(session, device, fair.id, card, {"fft": fft},
                       parse_card({"rating": "2", "comment": "Straße war gesperrt; bus 89 was late"}))

        with store.session() as session:
            save_signup(session, device, validate_signup({
                "name": "Zofia Próbna", "email": "zofia.probna@example.org", "phone": "07911 123456",
                "postcode": "ME14 1XX", "interests": ["health-network", "newsletter"], "contact_method": "email",
                "access_needs": "Large print, please"}),
                ConsentGiven("privacy-notice", 1, ConsentMethod.KIOSK, event_id=fair.id), event_id=fair.id,
                now=dt.datetime(2026, 11, 14, 11, 5, tzinfo=dt.UTC))
            member = save_signup(session, device, validate_signup({
                "name": "Seán O’Brien", "phone": "07912 345678", "interests": ["ppg"], "practice_id": practice.id,
                "contact_method": "phone"}), ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF),
                now=dt.datetime(2026, 11, 2, 15, 30, tzinfo=dt.UTC))
            left = save_signup(session, device, validate_signup({
                "name": "Test Person", "email": "test.person@example.com", "interests": ["surveys"],
                "contact_method": "email"}), ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF),
                now=dt.datetime(2026, 10, 3, 12, 0, tzinfo=dt.UTC))
            withdraw_consent(session, left.id, since=dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC))
        row = parse_signup_row({"row": "2", "name": "Amira Example", "email": "amira@example.net", "ticks": "HV",
                                "contact": "E", "consent": "Y"}, rows=8)
        with store.session() as session:
            enter_signup_row(session, device, fair.id, parse_sheet_code(
                format_code(SheetKind.SIGNUP, fair.id, signups.first)), row, notice_id="privacy-notice",
                notice_version=1)

        with store.session() as session:
            set_present(session, device, ppg.id, member.id, True)
            add_guest(session, device, ppg.id, "Mrs Guest (Practice manager’s visitor)")
            record_group_issue(session, device, ppg.id, "Online booking fails on Mondays — “try again later”",
                               ["gp_access"], topics)
            set_archived(session, ppg.id, True)

        with store.session() as session:
            topic_values = [o.value for o in topics.questions[0].options]
            add_action(session, device, validate_action({
                "you_said": "Parking is “impossible” after 9 am", "we_will": "Ask the trust for drop-off bays",
                "event_id": fair.id, "response_id": STAFF_RESPONSE, "owner": "Sam Jones",
                "due_date": "2027-01-31", "status": "in_progress"}, today=dt.date(2026, 11, 30),
                topics=topic_values), topics=topic_values)
            add_action(session, device, validate_action({
                "you_said": "Długie oczekiwanie na wizytę", "we_will": "Add a Polish-speaking receptionist on Fridays",
                "event_id": fair.id, "topic": "gp_access", "status": "done",
                "what_done": "Started in November", "done_on": "2026-11-28"}, today=dt.date(2026, 11, 30),
                topics=topic_values), topics=topic_values)

        with store.session() as session:
            record_run(session, SyncRecord(
                started_at=dt.datetime(2026, 11, 29, 17, 0, 0, tzinfo=dt.UTC),
                finished_at=dt.datetime(2026, 11, 29, 17, 0, 4, tzinfo=dt.UTC), central=CENTRAL, outcome="ok",
                sent=7, new=6, updated=1, already=0, conflicts=0, downloaded=2, mismatches=0,
                message="Sent 7, received 2", details={"surveys": ["fft", "topics"], "note": "première"}))

        raw = store.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            raw.driver_connection.execute("VACUUM")
        finally:
            raw.close()
    finally:
        store.close()
    return paths.store


def contents(store_file: Path, key_hex: str) -> dict[str, Any]:
    """Every table's rows as SQLite returns them (bytes as hex), in a stable order, and the revision."""
    from app.store import migrate
    from app.store.engine import open_connection
    from app.store.keys import StoreKey

    conn = open_connection(store_file, StoreKey(key_hex, "environment"), wal=False)
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' ORDER BY name")]
        rows: dict[str, list[dict[str, Any]]] = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            found = [{c: (v.hex() if isinstance(v, bytes) else v) for c, v in zip(columns, row, strict=True)}
                     for row in cursor.fetchall()]
            rows[table] = sorted(found, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    assert revision == migrate.head_revision()
    return {"revision": revision, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--force", action="store_true", help="overwrite this version's files")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write to (default: beside this script)")
    args = parser.parse_args(argv)

    from app import __version__

    db_name, json_name = file_names(__version__)
    db_out, json_out = args.out / db_name, args.out / json_name
    if (db_out.exists() or json_out.exists()) and not args.force:
        print(f"{db_out.name} is already there: a released file is never remade (--force to replace it)",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        made = make_store(Path(scratch) / "data")
        leftovers = sorted(p.name for p in made.parent.iterdir() if p.name.startswith(made.name + "-"))
        assert not leftovers, f"the store is not one self-contained file: {leftovers}"
        described = {"app_version": __version__, "key": KEY, "device_id": DEVICE, **contents(made, KEY)}
        args.out.mkdir(parents=True, exist_ok=True)
        db_out.write_bytes(made.read_bytes())
    json_out.write_text(json.dumps(described, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
    total = sum(len(r) for r in described["rows"].values())
    print(f"wrote {db_out.name} ({db_out.stat().st_size // 1024} KB, {total} rows, revision "
          f"{described['revision']}) and {json_out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
