"""Setting up the central database, and the few changes that are made there, not on a laptop.

``involve central init URL`` creates or upgrades the central tables with Alembic. The data
team's own changes, a withdrawal or erasure that reached them by letter or email, or a survey
they publish to every laptop, are made here and travel down at each laptop's next sync.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Connection, Engine, select, text, update
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.core.i18n import _
from sync import audit
from sync import central_schema as schema
from sync.central_schema import utc_now
from sync.database_errors import diagnose, not_set_up_text, privileges_text
from sync.errors import CentralNotReady, SyncError

if TYPE_CHECKING:
    from alembic.config import Config

    from app.core.surveys import Survey

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "central_alembic_version"
CENTRAL_HEAD = "c0010"
CENTRE_DEVICE = "central"  # stands for the data team as the sender of a change made at the centre

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CentralInfo:
    central_id: str
    revision: str


def _config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def init_central(engine: Engine) -> CentralInfo:
    """Create the central tables, or bring them up to date; safe to run again."""
    from alembic import command

    with engine.connect() as connection:
        command.upgrade(_config(connection), "head")
        if connection.in_transaction():
            connection.commit()
    with engine.connect() as connection:
        return check_central(connection)


def check_central(connection: Connection) -> CentralInfo:
    """The centre's identity and schema, or :class:`CentralNotReady` saying what to do."""
    try:
        row = connection.execute(text(
            f"SELECT (SELECT version_num FROM {VERSION_TABLE}), "
            "(SELECT value FROM central_info WHERE " + _quoted(connection, "key") + " = 'central_id')")).one()
    except (ProgrammingError, OperationalError) as error:
        if error.connection_invalidated:
            raise
        found = diagnose(error)
        if found.kind == "privileges":  # set up, perhaps, but this user may not read it
            log.warning("central database check refused: %s", found.for_log(error))
            raise CentralNotReady(privileges_text(connection.engine.url.username or "")) from None
        if found.kind not in ("no-tables", "other"):
            raise
        raise CentralNotReady(not_set_up_text()) from None
    revision, central_id = row
    if revision != CENTRAL_HEAD:
        if revision and revision > CENTRAL_HEAD:
            raise CentralNotReady(_("The central database is set up for a newer version of Involve. Please "
                                    "update Involve on this laptop."))
        raise CentralNotReady(_("The central database needs updating for this version of Involve. Your IT "
                                "team can do it with: involve central init ADDRESS"))
    return CentralInfo(str(central_id), str(revision))


def _quoted(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def withdraw_centrally(connection: Connection, person_id: str, *, erase: bool = False, actor: str = "") -> bool:
    """Record at the centre that a person withdrew (or asked to be erased). False if unknown.

    Run it inside a transaction (``engine.begin()``), so the person and their consents change together.

    Like a laptop's withdrawal: contact details beyond name, email and phone go, every consent
    is withdrawn; an erasure blanks everything and leaves a tombstone. Each changed row gets a
    higher version, so laptops holding the person apply it at their next sync.
    """
    people, consents = schema.SYNCED_TABLES["people"], schema.SYNCED_TABLES["consents"]
    now = dt.datetime.now(dt.UTC)
    found = connection.execute(select(people.c.id, people.c.status).where(people.c.id == person_id)).first()
    if found is None:
        return False
    if found.status == "erased" or (found.status == "withdrawn" and not erase):
        return True  # already as far along (or further): nothing is ever stepped back
    blank = {"postcode": "", "interests": "[]", "practice_id": None, "access_needs": "",
             "name_postcode_key": None}
    changes: dict[str, object] = {"status": "withdrawn", "withdrawn_at": now} | blank
    if erase:
        changes = blank | {"status": "erased", "erased_at": now, "deleted_at": now, "name": "", "email": "",
                           "phone": "", "email_key": None, "phone_key": None}
    connection.execute(update(people).where(people.c.id == person_id).values(
        **changes, version=people.c.version + 1, updated_at=now, changed_at=utc_now(),
        received_from=CENTRE_DEVICE))
    consent_changes: dict[str, object] = {"deleted_at": now} if erase else {}
    connection.execute(update(consents).where(consents.c.person_id == person_id,
                                              consents.c.withdrawn_at.is_(None)).values(
        withdrawn_at=now, **consent_changes, version=consents.c.version + 1, updated_at=now,
        changed_at=utc_now(), received_from=CENTRE_DEVICE))
    if erase:
        connection.execute(update(consents).where(consents.c.person_id == person_id,
                                                  consents.c.deleted_at.is_(None)).values(
            deleted_at=now, version=consents.c.version + 1, updated_at=now, changed_at=utc_now(),
            received_from=CENTRE_DEVICE))
    audit.record(connection, actor or audit.data_team(), audit.ERASE if erase else audit.WITHDRAW, person=person_id)
    return True


class Published(NamedTuple):
    id: str
    version: int
    changed: bool  # False: that version was already published, or shipped with Involve, as it is


def publish_survey(connection: Connection, definition_text: str, published_by: str) -> Published:
    """Put a checked survey definition at the centre for every laptop to download.

    Versions only go up: the same id and version with other content, or a version older than
    the newest published (or shipped with Involve), is refused. The newest, published again
    as it is, changes nothing.
    """
    from app.core.survey_versions import check_succession
    from app.core.surveys import SurveyError, parse_survey
    from app.store.survey_library import check_fft_kept, load_library

    try:
        data = json.loads(definition_text)
        survey = parse_survey(data, source="survey")
        check_fft_kept(survey, "survey")
        known = [*load_library(None).surveys.values(), *published_versions(connection, survey.id)]
        if not check_succession(survey, known, "survey"):
            return Published(survey.id, survey.version, changed=False)
    except json.JSONDecodeError as error:
        raise SyncError(_("The survey file is not valid JSON (line {line}).").format(line=error.lineno)) from None
    except SurveyError as error:
        raise SyncError(str(error)) from None
    table = schema.survey_definitions
    current = connection.execute(select(table.c.version).where(table.c.id == survey.id)).scalar()
    now = utc_now()
    values = {"version": survey.version, "definition": definition_text, "published_by": published_by[:200],
              "changed_at": now, "deleted_at": None}
    if current is None:
        connection.execute(table.insert().values(id=survey.id, **values))
    else:
        connection.execute(update(table).where(table.c.id == survey.id).values(**values))
    connection.execute(schema.survey_history.insert().values(
        id=survey.id, version=survey.version, definition=definition_text, published_by=published_by[:200],
        published_at=now))
    audit.record(connection, published_by or audit.data_team(), audit.PUBLISH, survey=survey.id, version=survey.version)
    return Published(survey.id, survey.version, changed=True)


def published_versions(connection: Connection, survey_id: str | None = None) -> list[Survey]:
    """Every version the centre has published (of one survey, or of all); a damaged one is left out."""
    from app.core.surveys import SurveyError, parse_survey

    found: list[Survey] = []
    for table in (schema.survey_history, schema.survey_definitions):
        query = select(table.c.id, table.c.definition)
        if survey_id is not None:
            query = query.where(table.c.id == survey_id)
        for row_id, definition in connection.execute(query):
            try:
                survey = parse_survey(json.loads(definition), source=row_id)
            except (SurveyError, ValueError, RecursionError):
                continue
            found.append(survey)
    return found
