"""Enrolled laptops: one-time enrolment codes, device credentials, revocation.

The data team adds a laptop (a code, good once for 24 hours); the laptop trades the code for
a credential bound to its own device id. The centre keeps only SHA-256 hashes of codes and
credentials: both are random enough (about 80 and 256 bits) that a plain hash is safe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, insert, or_, select, update

from app.core.i18n import _
from sync import audit
from sync import central_schema as schema
from sync.central_schema import as_utc
from sync.errors import SyncError

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or typed without doubt
CODE_LENGTH = 16
CODE_LIFETIME = dt.timedelta(hours=24)
TOKEN_PREFIX = "inv1_"
NAME_LIMIT = 200


class EnrolmentRefused(SyncError):
    """A code that cannot be used, said plainly."""


class NotFound(SyncError):
    """No device matches, or more than one does."""


@dataclass(frozen=True)
class NewCode:
    enrolment_id: str
    name: str
    code: str  # as people type it, in groups of four
    expires_at: dt.datetime


@dataclass(frozen=True)
class DeviceEntry:
    id: str
    name: str
    device_id: str | None
    state: str  # waiting, enrolled, revoked or expired
    created_at: dt.datetime
    expires_at: dt.datetime
    enrolled_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_seen_at: dt.datetime | None

    def as_json(self) -> dict[str, Any]:
        def when(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {"id": self.id, "name": self.name, "device_id": self.device_id, "state": self.state,
                "created_at": when(self.created_at), "code_expires_at": when(self.expires_at),
                "enrolled_at": when(self.enrolled_at), "revoked_at": when(self.revoked_at),
                "last_seen_at": when(self.last_seen_at)}


@dataclass(frozen=True)
class Credential:
    """Who a request comes from, as the service decided from its credential."""

    enrolment_id: str
    device_id: str
    name: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(text: str) -> str:
    """A code as typed (any case, spaces or dashes) in its one canonical form."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise SyncError(_("Give the laptop a name people will recognise, for example 'Outreach laptop 2'."))
    if len(name) > NAME_LIMIT:
        raise SyncError(_("A laptop's name can be at most {n} characters.").format(n=NAME_LIMIT))
    return name


def add_device(connection: Connection, name: str, actor: str, *, now: dt.datetime | None = None) -> NewCode:
    """A one-time code for a new laptop called ``name``. Run inside a transaction."""
    name = check_name(name)
    now = now or _now()
    code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    entry = NewCode(str(uuid.uuid4()), name, format_code(code), now + CODE_LIFETIME)
    connection.execute(insert(schema.device_enrolments).values(
        id=entry.enrolment_id, name=name, code_hash=_hash(code), code_expires_at=entry.expires_at,
        created_at=now, created_by=actor[:200]))
    audit.record(connection, actor, audit.DEVICE_ADD, enrolment=entry.enrolment_id)
    return entry


def enrol(connection: Connection, code: str, device_id: str, *, now: dt.datetime | None = None) -> tuple[str, str]:
    """Trade a code for a credential bound to the laptop ``device_id``: (enrolment id, token).

    The code is used up in the same statement that checks it, so two laptops racing with one
    code cannot both win. A laptop id already enrolled and not revoked is refused: nobody can
    take over a working laptop's identity with a fresh code.
    """
    try:
        device_id = str(uuid.UUID(device_id))
    except ValueError:
        raise EnrolmentRefused(_("This laptop's identity is not valid.")) from None
    now = now or _now()
    table = schema.device_enrolments
    code_hash = _hash(normalise_code(code))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    if connection.execute(select(table.c.id).where(table.c.device_id == device_id,
                                                   table.c.revoked_at.is_(None))).first() is not None:
        raise EnrolmentRefused(_("This laptop is already connected to your organisation. If its access was "
                                 "lost, ask your data team to withdraw it first, then enrol it again."))
    result = cast(CursorResult[Any], connection.execute(
        update(table).where(table.c.code_hash == code_hash, table.c.code_used_at.is_(None),
                            table.c.code_expires_at > now, table.c.revoked_at.is_(None))
        .values(code_used_at=now, enrolled_at=now, device_id=device_id, token_hash=_hash(token),
                last_seen_at=now)))
    if result.rowcount != 1:
        row = connection.execute(select(table.c.code_used_at, table.c.code_expires_at, table.c.revoked_at)
                                 .where(table.c.code_hash == code_hash)).first()
        if row is None:
            raise EnrolmentRefused(_("That enrolment code is not known here. Check it against the sheet from "
                                     "your data team."))
        if row.revoked_at is not None:
            raise EnrolmentRefused(_("That enrolment code has been withdrawn. Ask your data team for a new one."))
        if row.code_used_at is not None:
            raise EnrolmentRefused(_("That enrolment code has already been used. Each code works once; ask your "
                                     "data team for a new one."))
        raise EnrolmentRefused(_("That enrolment code has expired (codes last 24 hours). Ask your data team for "
                                 "a new one."))
    enrolment_id = connection.execute(select(table.c.id).where(table.c.code_hash == code_hash)).scalar_one()
    audit.record(connection, device_id, audit.ENROL, enrolment=enrolment_id, device=device_id)
    return enrolment_id, token


def authenticate(connection: Connection, token: str) -> Credential | None | str:
    """The credential for ``token``; ``"revoked"`` for a withdrawn one; None for one never issued."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    table = schema.device_enrolments
    row = connection.execute(select(table.c.id, table.c.device_id, table.c.name, table.c.revoked_at)
                             .where(table.c.token_hash == _hash(token))).first()
    if row is None:
        return None
    if row.revoked_at is not None:
        return "revoked"
    return Credential(row.id, row.device_id, row.name)


def seen(connection: Connection, credential: Credential, now: dt.datetime | None = None) -> None:
    """Note when a laptop last synced; written at most every few minutes, not on every request."""
    now = now or _now()
    table = schema.device_enrolments
    connection.execute(update(table).where(
        table.c.id == credential.enrolment_id,
        or_(table.c.last_seen_at.is_(None), table.c.last_seen_at < now - dt.timedelta(minutes=5)))
        .values(last_seen_at=now))


def list_devices(connection: Connection, *, now: dt.datetime | None = None) -> list[DeviceEntry]:
    now = now or _now()
    table = schema.device_enrolments
    rows = connection.execute(select(table).order_by(table.c.created_at, table.c.id)).mappings().all()
    entries = []
    for row in rows:
        if row["revoked_at"] is not None:
            state = "revoked"
        elif row["enrolled_at"] is not None:
            state = "enrolled"
        elif as_utc(row["code_expires_at"]) <= now:
            state = "expired"
        else:
            state = "waiting"
        entries.append(DeviceEntry(row["id"], row["name"], row["device_id"], state, as_utc(row["created_at"]),
                                   as_utc(row["code_expires_at"]), as_utc(row["enrolled_at"]),
                                   as_utc(row["revoked_at"]), as_utc(row["last_seen_at"])))
    return entries


def find_device(connection: Connection, given: str) -> DeviceEntry:
    """The one device whose enrolment id or laptop id is ``given`` or starts with it."""
    given = given.strip().lower()
    if len(given) < 4:
        raise NotFound(_("Give at least the first 4 characters of the device's id."))
    matches = [d for d in list_devices(connection)
               if d.id.startswith(given) or (d.device_id or "").startswith(given)]
    if not matches:
        raise NotFound(_("No device here has an id starting '{id}'. See: involve central device list")
                       .format(id=given))
    current = [d for d in matches if d.revoked_at is None]
    if len(matches) > 1 and len(current) == 1 and all(d.device_id == current[0].device_id for d in matches):
        return current[0]  # a laptop enrolled again: its id means its current enrolment
    if len({d.id for d in matches}) > 1:
        raise NotFound(_("More than one device has an id starting '{id}'; give more of it.").format(id=given))
    return matches[0]


def revoke(connection: Connection, given: str, actor: str, *, now: dt.datetime | None = None) -> DeviceEntry:
    """Withdraw a device's access (or an unused code). Its next request is refused."""
    entry = find_device(connection, given)
    if entry.revoked_at is None:
        table = schema.device_enrolments
        connection.execute(update(table).where(table.c.id == entry.id, table.c.revoked_at.is_(None))
                           .values(revoked_at=now or _now()))
        audit.record(connection, actor, audit.REVOKE, enrolment=entry.id, device=entry.device_id)
    return entry
