"""Download: what the centre authors comes down by a high-water mark and is applied here.

Events planned centrally (or on another laptop), GP practices, programmes and decisions (not
their links to events and actions, which stay on the laptop that made them), the laptops that made them,
survey definitions, and withdrawals or erasures the data team recorded. Of people and
consents only ids, versions and dates come down, and only for people this laptop already
holds: a laptop never receives anyone else's personal details. The laptop's own print runs
come back too, so a laptop restored from an older backup learns which sheet numbers it has
already printed before it prints again.

The mark is the centre's own clock. Rows committed slightly out of order could fall behind
it, so each download looks back ``OVERLAP`` before the mark; applying a row twice changes
nothing, because a row is only applied when the centre's version is newer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Select,
    Table,
    Time,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.events import EventKind
from app.core.i18n import N_, _
from app.core.signups import PersonStatus
from app.store.errors import StoreError
from app.store.events import follow_meeting, meeting_facts
from app.store.models import (
    Consent,
    Device,
    Event,
    GpPractice,
    LocalState,
    Organisation,
    Person,
    Programme,
    SheetPrint,
    utcnow,
)
from app.store.organisations import follow_merge
from app.store.people import erase_person, withdraw_consent
from app.store.store import Store
from app.store.versioning import applying_from_centre
from sync import central_schema as schema
from sync.central_schema import CentralDateTime, as_utc

log = logging.getLogger(__name__)
OVERLAP = dt.timedelta(minutes=10)


@dataclass
class Downloaded:
    devices: int = 0
    practices: int = 0
    events: int = 0
    withdrawals: int = 0
    erasures: int = 0
    consents: int = 0
    surveys: int = 0
    programmes: int = 0
    organisations: int = 0
    print_runs: int = 0  # this laptop's own, missing here (printed since the backup it was restored from)
    conflicts: int = 0  # local changes the centre's newer version replaced
    problems: list[str] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return (self.devices + self.practices + self.events + self.withdrawals + self.erasures + self.consents
                + self.surveys + self.print_runs + self.programmes + self.organisations)


def mark_key(central_id: str) -> str:
    return f"sync_mark:{central_id}"


def read_mark(session: Session, central_id: str) -> dt.datetime | None:
    state = session.get(LocalState, mark_key(central_id))
    return dt.datetime.fromisoformat(state.value) if state else None


def download(store: Store, connection: Connection, central_id: str) -> Downloaded:
    """Fetch what changed at the centre since this laptop's mark and apply it here."""
    return apply_download(store, fetch_changes(connection, since_for(store, central_id), store.device_id),
                          central_id)


def since_for(store: Store, central_id: str) -> dt.datetime | None:
    """Where the next download starts: the mark, less the overlap; None for everything."""
    with store.session() as session:
        mark = read_mark(session, central_id)
    return None if mark is None else mark - OVERLAP


def apply_download(store: Store, fetched: dict[str, list[dict[str, Any]]], central_id: str) -> Downloaded:
    """Apply what the centre sent (as :func:`fetch_changes` gives it) and move the mark on."""
    with store.session() as session:
        mark = read_mark(session, central_id)
    result = Downloaded()
    # Surveys are few and always read whole, so one that failed to install is tried again.
    newest = max([as_utc(row["changed_at"]) for name, rows in fetched.items() if name != "surveys" for row in rows]
                 + ([mark] if mark else []), default=None)
    with store.session() as session:
        _apply_devices(session, fetched["devices"], result)
        _apply_practices(session, fetched["gp_practices"], result)
        _apply_events(session, fetched["events"], result)
        _apply_people(session, fetched["people"], result)
        _apply_consents(session, fetched["consents"], result)
        _apply_print_runs(session, fetched.get("sheet_prints", []), result)  # a centre before this sends none
        _apply_programmes(session, fetched.get("programmes", []), result)
        _apply_organisations(session, fetched.get("organisations", []), result)
        if newest is not None:
            session.merge(LocalState(key=mark_key(central_id), value=newest.isoformat()))
    if result.withdrawals or result.erasures:
        store.flush_log()  # what was withdrawn or erased must not linger in the write-ahead log
    if result.erasures:
        store.erase_in_copies()  # nor in the backups beside the store
    _apply_surveys(store.paths.surveys, fetched["surveys"], result)
    return result


def _since(table: Table, since: dt.datetime | None) -> ColumnElement[bool]:
    return table.c.changed_at > since if since is not None else true()


def change_queries(since: dt.datetime | None, device_id: str) -> dict[str, Select]:
    """What a laptop may read: shared records, and the withdrawals and erasures of its own people."""
    def rows(table: Table, columns: list[str], *conditions: Any) -> Select:
        return select(*[table.c[c] for c in columns]).where(_since(table, since), *conditions)

    people, consents = schema.SYNCED_TABLES["people"], schema.SYNCED_TABLES["consents"]
    queries = {table.name: rows(table, [*schema.shared_columns(table), "changed_at"])
               for table in (schema.devices, schema.SYNCED_TABLES["gp_practices"], schema.SYNCED_TABLES["events"])}
    queries["people"] = rows(people, ["id", "version", "updated_at", "status", "withdrawn_at", "erased_at",
                                      "changed_at"],
                             people.c.status.in_([PersonStatus.WITHDRAWN.value, PersonStatus.ERASED.value]),
                             people.c.device_id == device_id)
    queries["consents"] = rows(consents, ["id", "person_id", "version", "updated_at", "withdrawn_at", "deleted_at",
                                          "changed_at"],
                               or_(consents.c.withdrawn_at.is_not(None), consents.c.deleted_at.is_not(None)),
                               consents.c.device_id == device_id)
    queries["programmes"] = rows(schema.SYNCED_TABLES["programmes"], [*schema.shared_columns(
        schema.SYNCED_TABLES["programmes"]), "changed_at"])
    prints = schema.SYNCED_TABLES["sheet_prints"]
    queries["sheet_prints"] = rows(prints, [*schema.shared_columns(prints), "changed_at"],
                                   prints.c.device_id == device_id)
    queries |= organisation_queries(since)
    surveys = schema.survey_definitions
    queries["surveys"] = select(surveys.c.id, surveys.c.version, surveys.c.definition, surveys.c.deleted_at,
                                surveys.c.changed_at)
    return queries


def fetch_changes(connection: Connection, since: dt.datetime | None, device_id: str
                  ) -> dict[str, list[dict[str, Any]]]:
    """What changed at the centre since ``since`` that the laptop ``device_id`` may read."""
    queries = change_queries(since, device_id)
    if connection.dialect.name != "postgresql":
        return {name: [dict(r) for r in connection.execute(query).mappings()] for name, query in queries.items()}
    # On PostgreSQL every part comes back in one round trip, each as a JSON list of rows.
    parts = []
    for name, query in queries.items():
        part = query.subquery(f"part_{name}")
        parts.append(select(func.coalesce(func.json_agg(literal_column(part.name)), literal_column("'[]'::json")))
                     .select_from(part).scalar_subquery().label(name))
    answer = connection.execute(select(*parts)).one()
    return {name: [revive(query, row) for row in rows]
            for (name, query), rows in zip(queries.items(), answer, strict=True)}


def revive(query: Select, row: dict[str, Any]) -> dict[str, Any]:
    """A row that came as JSON, with its times, dates and clock times as Python values again."""
    for column in query.selected_columns:
        value = row.get(column.name)
        if value is None:
            continue
        if isinstance(column.type, (DateTime, CentralDateTime)):
            row[column.name] = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
        elif isinstance(column.type, Date):
            row[column.name] = dt.date.fromisoformat(value)
        elif isinstance(column.type, Time):
            row[column.name] = dt.time.fromisoformat(value)
    return row


def _after_centre(row: Any, central_version: int) -> None:
    """A change the centre recorded has been applied here by the laptop's own rules.

    The laptop's result goes back up, above the centre's version, so both end with the same
    row even when this laptop had changed the row too; it is sent before this sync ends.
    Call it after the local change is flushed (and so bumped): setting the version alone is
    sync bookkeeping, which the store does not bump again.
    """
    row.version = max(row.version, central_version + 1)


def _is_newer(central: dict[str, Any], row: Any) -> bool:
    """The upload's guard, the other way round: a higher version, or the later change at the same one."""
    return (central["version"], as_utc(central["updated_at"])) > (row.version, row.updated_at)


def _copy_in(session: Session, model: type, central: dict[str, Any], result: Downloaded,
             overrides: dict[str, Any] | None = None) -> bool:
    """Insert or replace a laptop row with the centre's newer version; False when ours is as new.

    The row keeps the centre's version and ``updated_at`` and is marked synced at that version.
    """
    values = {k: (as_utc(v) if isinstance(v, dt.datetime) else v)
              for k, v in central.items() if k != "changed_at"} | (overrides or {})
    row = session.get(model, central["id"])
    if row is None:
        session.add(model(**values, synced_version=values["version"]))
        return True
    if not _is_newer(central, row):
        return False
    if row.version > row.synced_version:
        result.conflicts += 1  # edited here and, more recently, elsewhere: the centre's stands
    with applying_from_centre(session):
        for name, value in values.items():
            setattr(row, name, value)
        row.synced_version = row.version
    return True


def _apply_devices(session: Session, rows: list[dict[str, Any]], result: Downloaded) -> None:
    for central in rows:
        if _copy_in(session, Device, central, result):
            result.devices += 1
    session.flush()


def _one_by_one(session: Session, rows: list[dict[str, Any]], result: Downloaded, what: str,
                apply: Any) -> None:
    """Apply each row in its own savepoint: a row this laptop cannot take is named in the
    receipt and skipped, and never stops the rest of the sync."""
    for central in rows:
        try:
            with session.begin_nested():
                apply(central)
        except (ValueError, TypeError, KeyError, StoreError, IntegrityError) as error:
            log.warning("a downloaded %s was not applied: %s", what, type(error).__name__)
            result.problems.append(_("A {what} from the central database could not be used on this laptop "
                                     "({id}).").format(what=_(what), id=str(central.get("id", "?"))[:8]))


def _apply_print_runs(session: Session, rows: list[dict[str, Any]], result: Downloaded) -> None:
    """This laptop's own print runs that it no longer holds: numbering carries on after them."""
    def apply(central: dict[str, Any]) -> None:
        if session.get(SheetPrint, central["id"]) is None and _copy_in(session, SheetPrint, central, result):
            result.print_runs += 1
        session.flush()

    _one_by_one(session, rows, result, N_("print run"), apply)


def _alias_key(central_id: str) -> str:
    return f"practice_alias:{central_id}"


def _apply_practices(session: Session, rows: list[dict[str, Any]], result: Downloaded) -> None:
    """Two laptops may each list the same practice under their own ids. This laptop keeps the
    one it has and remembers that the centre's other id means it, for events that name it."""
    local_by_code = {p.code: p.id for p in session.scalars(select(GpPractice))}

    def apply(central: dict[str, Any]) -> None:
        mine = local_by_code.get(central["code"])
        if mine is not None and mine != central["id"]:
            session.merge(LocalState(key=_alias_key(central["id"]), value=mine))
            return
        if _copy_in(session, GpPractice, central, result):
            local_by_code[central["code"]] = central["id"]
            result.practices += 1
        session.flush()

    _one_by_one(session, rows, result, N_("GP practice"), apply)


def _known_device(session: Session, device_id: str) -> None:
    """Rows name the laptop that made them; one the centre did not send gets a placeholder."""
    if session.get(Device, device_id) is None:
        now = utcnow()
        session.add(Device(id=device_id, name=_("Another laptop"), created_at=now, updated_at=now, version=0,
                           synced_version=0))
        session.flush()


def _apply_events(session: Session, rows: list[dict[str, Any]], result: Downloaded) -> None:
    def apply(central: dict[str, Any]) -> None:
        EventKind(central["kind"])  # an event this version cannot show is refused, not stored
        surveys = json.loads(central["survey_ids"])
        if not isinstance(surveys, list) or not all(isinstance(s, str) for s in surveys):
            raise ValueError("survey_ids")
        practice = central.get("practice_id")
        if practice is not None:
            alias = session.get(LocalState, _alias_key(practice))
            practice = alias.value if alias is not None else practice
            if session.get(GpPractice, practice) is None:
                practice = None  # a practice this laptop has not been sent; the event still counts
        _known_device(session, central["device_id"])
        held = session.get(Event, central["id"])
        before = meeting_facts(held) if held is not None else None
        if _copy_in(session, Event, central, result, {"practice_id": practice}):
            result.events += 1
            session.flush()
            if before is not None:
                follow_meeting(session, central["id"], before)  # this laptop's log entries for it follow
        session.flush()

    _one_by_one(session, rows, result, N_("event"), apply)


def _apply_programmes(session: Session, rows: list[dict[str, Any]], result: Downloaded) -> None:
    """Programmes are shared records: every laptop gets each one, and its corrections and deletion.
    Their links to events and actions stay on the laptop that made them (actions never leave it)."""
    def apply(central: dict[str, Any]) -> None:
        if not str(central["name"]).strip():
            raise ValueError("name")
        _known_device(session, central["device_id"])
        if _copy_in(session, Programme, central, result):
            result.programmes += 1
        session.flush()

    _one_by_one(session, rows, result, N_("programme"), apply)
def organisation_queries(since: dt.datetime | None) -> dict[str, Select]:
    """Organisations are shared: every laptop reads every one, tombstones and merges included.
    Their contacts are not: they name people only the laptop that made them holds."""
    table = schema.SYNCED_TABLES["organisations"]
    columns = [table.c[c] for c in [*schema.shared_columns(table), "changed_at"]]
    return {"organisations": select(*columns).where(_since(table, since))}


def _apply_organisations(session: Session, rows: list[dict[str, Any]], result: Downloaded) -> None:
    """As events: the centre's newer version replaces this laptop's, and a change made here and
    not yet sent, newer than the centre's, stands. A duplicate merged elsewhere arrives as a
    tombstone pointing at the one kept; this laptop's own contacts and activities follow it."""
    def apply(central: dict[str, Any]) -> None:
        for column in ("areas", "topics", "communities"):
            items = json.loads(central[column])
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise ValueError(column)
        overrides: dict[str, Any] = {}
        practice = central.get("practice_id")
        if practice is not None:
            alias = session.get(LocalState, _alias_key(practice))
            practice = alias.value if alias is not None else practice
            overrides["practice_id"] = practice if session.get(GpPractice, practice) is not None else None
        kept = central.get("merged_into_id")
        if kept is not None and session.get(Organisation, kept) is None:
            overrides["merged_into_id"] = None  # the one kept has not come down: still a tombstone here
        _known_device(session, central["device_id"])
        if _copy_in(session, Organisation, central, result, overrides):
            result.organisations += 1
            session.flush()
            if overrides.get("merged_into_id", kept) is not None:
                follow_merge(session, central["id"])
        session.flush()

    # The ones kept before the duplicates that point at them.
    ordered = sorted(rows, key=lambda row: row.get("merged_into_id") is not None)
    _one_by_one(session, ordered, result, N_("organisation"), apply)


def _holder(session: Session, person: Person) -> Person | None:
    """The record that now holds a person's details: themselves, or whom they were merged into."""
    seen = set()
    while person.status == PersonStatus.MERGED.value and person.merged_into_id and person.id not in seen:
        seen.add(person.id)
        person = session.get(Person, person.merged_into_id) or person
    return None if person.deleted_at is not None else person


def _stage(status: str) -> int:
    return PersonStatus(status).stage


def _apply_people(session: Session, rows: list[dict[str, Any]], result: Downloaded) -> None:
    """Withdrawals and erasures recorded at the centre, by what they are, not by version: a
    person edited here since must still stop being contacted."""
    def apply(central: dict[str, Any]) -> None:
        person = session.get(Person, central["id"])
        if person is None:
            return
        holder = _holder(session, person)
        if (holder is None or holder is person) and _stage(central["status"]) < _stage(person.status):
            # Further along here (erased while the centre recorded a withdrawal): send ours
            # again, above the centre's version, or the centre's later change would stand.
            if person.version <= central["version"]:
                _after_centre(person, central["version"])
            return
        if holder is None:
            return  # merged into someone since erased: nothing of theirs is left to remove
        if _stage(central["status"]) <= _stage(holder.status):
            return
        if central["status"] == PersonStatus.ERASED.value:
            erase_person(session, holder.id)
            result.erasures += 1
        else:
            withdraw_consent(session, holder.id, since=as_utc(central["withdrawn_at"]))
            result.withdrawals += 1
        if holder is person:
            _after_centre(person, central["version"])
        session.flush()

    _one_by_one(session, rows, result, N_("withdrawal"), apply)


def _apply_consents(session: Session, rows: list[dict[str, Any]], result: Downloaded) -> None:
    for central in rows:
        consent = session.get(Consent, central["id"])
        if consent is None:
            continue
        changed = False
        if central["withdrawn_at"] is not None and consent.withdrawn_at is None:
            consent.withdrawn_at = max(as_utc(central["withdrawn_at"]), consent.given_at)
            changed = True
        if central["deleted_at"] is not None and consent.deleted_at is None:
            consent.deleted_at = as_utc(central["deleted_at"])
            changed = True
        if changed:
            session.flush()  # the local change is bumped first; then it goes up above the centre's version
            _after_centre(consent, central["version"])
            result.consents += 1
        elif consent.deleted_at is not None and central["deleted_at"] is None \
                and consent.version <= central["version"]:
            _after_centre(consent, central["version"])  # erased here, only withdrawn there: ours goes again
    session.flush()


def _apply_surveys(folder: Path, rows: list[dict[str, Any]], result: Downloaded) -> None:
    """Take up each survey the centre publishes that is newer than this laptop's.

    The one already in use is passed over quietly; one that reuses a version with other
    content, or is older than the newest here, is refused and named in the problems.
    """
    from app.core.surveys import SurveyError
    from app.store.survey_library import save_survey_text

    for central in rows:
        if central["deleted_at"] is not None:
            continue
        try:
            survey = save_survey_text(central["definition"], folder, expected_id=central["id"])
        except (SurveyError, RecursionError, ValueError, TypeError) as error:
            result.problems.append(_("Survey {id} from the central database was not used: {reason}").format(
                id=central["id"], reason=error))
            continue
        except OSError as error:
            result.problems.append(_("Survey {id} could not be saved on this laptop: {reason}").format(
                id=central["id"], reason=error.strerror or error))
            continue
        if survey is not None:
            result.surveys += 1
