"""The laptop's record of its syncs: what each sent and received, and how it ended."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import SyncRun

KEEP_RUNS = 500


@dataclass(frozen=True)
class SyncRecord:
    started_at: dt.datetime
    finished_at: dt.datetime
    central: str
    outcome: str  # ok, failed or cancelled
    sent: int = 0
    new: int = 0
    updated: int = 0
    already: int = 0
    conflicts: int = 0
    downloaded: int = 0
    mismatches: int = 0
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    def as_json(self) -> dict[str, Any]:
        return {"started_at": self.started_at.isoformat(), "finished_at": self.finished_at.isoformat(),
                "central": self.central, "outcome": self.outcome, "sent": self.sent, "new": self.new,
                "updated": self.updated, "already_there": self.already, "conflicts": self.conflicts,
                "downloaded": self.downloaded, "mismatches": self.mismatches, "message": self.message,
                **self.details}


def record_run(session: Session, record: SyncRecord) -> None:
    session.add(SyncRun(started_at=record.started_at, finished_at=record.finished_at, central=record.central[:500],
                        outcome=record.outcome, sent=record.sent, new=record.new, updated=record.updated,
                        already=record.already, conflicts=record.conflicts, downloaded=record.downloaded,
                        mismatches=record.mismatches, message=record.message,
                        details=json.dumps(record.details, ensure_ascii=False)))
    session.flush()
    # The history is for people to read, not an audit log: keep the newest few hundred.
    old = session.scalars(select(SyncRun.id).order_by(SyncRun.id.desc()).offset(KEEP_RUNS)).all()
    if old:
        session.query(SyncRun).filter(SyncRun.id.in_(old)).delete(synchronize_session=False)


def _record(run: SyncRun) -> SyncRecord:
    try:
        details = json.loads(run.details)
    except ValueError:
        details = {}
    return SyncRecord(run.started_at, run.finished_at, run.central, run.outcome, run.sent, run.new, run.updated,
                      run.already, run.conflicts, run.downloaded, run.mismatches, run.message,
                      details if isinstance(details, dict) else {})


def list_runs(session: Session, limit: int = 50) -> list[SyncRecord]:
    """Newest first."""
    return [_record(r) for r in session.scalars(select(SyncRun).order_by(SyncRun.id.desc()).limit(limit))]


def last_successful(session: Session) -> SyncRecord | None:
    run = session.scalars(select(SyncRun).where(SyncRun.outcome == "ok").order_by(SyncRun.id.desc()).limit(1)).first()
    return _record(run) if run else None


def last_run(session: Session) -> SyncRecord | None:
    run = session.scalars(select(SyncRun).order_by(SyncRun.id.desc()).limit(1)).first()
    return _record(run) if run else None
