"""The centre's append-only audit log: who did what, and when, without personal details.

Enrolments, revocations, syncs, withdrawals and erasures recorded centrally, survey
publications and central report reads each add a row. Nothing here updates or deletes one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from sync import central_schema as schema
from sync.central_schema import as_utc, utc_now

ENROL, REVOKE, DEVICE_ADD, SYNC, WITHDRAW, ERASE, PUBLISH, REPORT = (
    "enrol", "revoke", "device-add", "sync", "withdraw", "erase", "publish-survey", "central-report")


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    action: str
    detail: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "actor": self.actor, "action": self.action, "detail": self.detail}


def data_team() -> str:
    """The actor for a command run with database access: the operating-system account, not a name typed."""
    import getpass

    try:
        return f"data team ({getpass.getuser()})"[:200]
    except (KeyError, OSError):  # no such account entry, as in some containers
        return "data team"


def record(connection: Connection, actor: str, action: str, **detail: Any) -> None:
    """Add one entry. ``detail`` holds ids and counts only, never a name, email or comment."""
    connection.execute(insert(schema.audit_log).values(at=utc_now(), actor=actor[:200], action=action,
                                                       detail=json.dumps(detail, sort_keys=True, default=str)))


def entries(connection: Connection, *, limit: int = 1000) -> list[AuditEntry]:
    """The newest ``limit`` entries, oldest first."""
    table = schema.audit_log
    rows = connection.execute(select(table.c.at, table.c.actor, table.c.action, table.c.detail)
                              .order_by(table.c.id.desc()).limit(limit)).all()
    return [AuditEntry(as_utc(at), actor, action, json.loads(detail)) for at, actor, action, detail in reversed(rows)]
