"""Keeping the staff PIN (hashed) and its wrong-try lock in this store's local state."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.pin import LOCK_MINUTES, MAX_TRIES, hash_pin, pin_matches
from app.store.models import LocalState, utcnow

HASH_KEY, FAILURES_KEY, LOCKED_UNTIL_KEY = "kiosk_pin_hash", "kiosk_pin_failures", "kiosk_pin_locked_until"


class PinVerdict(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not set"


@dataclass(frozen=True)
class PinCheck:
    verdict: PinVerdict
    tries_left: int = MAX_TRIES
    locked_until: dt.datetime | None = None


def has_pin(session: Session) -> bool:
    return session.get(LocalState, HASH_KEY) is not None


def set_pin(session: Session, pin: str) -> None:
    """Store a new PIN (already checked with ``validate_new_pin``) and clear any lock."""
    _put(session, HASH_KEY, hash_pin(pin))
    _put(session, FAILURES_KEY, "0")
    _delete(session, LOCKED_UNTIL_KEY)


def check_pin(session: Session, pin: str, now: dt.datetime | None = None) -> PinCheck:
    """Compare ``pin`` with the stored one, counting wrong tries and locking after too many."""
    now = now or utcnow()
    stored = session.get(LocalState, HASH_KEY)
    if stored is None:
        return PinCheck(PinVerdict.NOT_SET)
    locked = session.get(LocalState, LOCKED_UNTIL_KEY)
    if locked is not None:
        until = dt.datetime.fromisoformat(locked.value)
        if now < until:
            return PinCheck(PinVerdict.LOCKED, 0, until)
        _delete(session, LOCKED_UNTIL_KEY)
        _put(session, FAILURES_KEY, "0")
    if pin_matches(pin, stored.value):
        _put(session, FAILURES_KEY, "0")
        return PinCheck(PinVerdict.RIGHT)
    failures_row = session.get(LocalState, FAILURES_KEY)
    failures = int(failures_row.value) + 1 if failures_row is not None else 1
    if failures >= MAX_TRIES:
        until = now + dt.timedelta(minutes=LOCK_MINUTES)
        _put(session, LOCKED_UNTIL_KEY, until.isoformat())
        _put(session, FAILURES_KEY, "0")
        return PinCheck(PinVerdict.LOCKED, 0, until)
    _put(session, FAILURES_KEY, str(failures))
    return PinCheck(PinVerdict.WRONG, MAX_TRIES - failures)


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(LocalState, key)
    if row is None:
        session.add(LocalState(key=key, value=value))
    else:
        row.value = value


def _delete(session: Session, key: str) -> None:
    row = session.get(LocalState, key)
    if row is not None:
        session.delete(row)
