"""Keeping the staff PIN (hashed) and its count of wrong tries in this store's local state.

The rule for how wrong tries slow guessing is in ``app.core.pin``; here it is applied with
the clock passed in, so it is tested without waiting.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.pin import MAX_WAIT, hash_pin, pin_matches, wait_after
from app.store.models import LocalState, utcnow

HASH_KEY, FAILURES_KEY, WAIT_UNTIL_KEY = "kiosk_pin_hash", "kiosk_pin_failures", "kiosk_pin_wait_until"
_OLD_LOCK_KEY = "kiosk_pin_locked_until"  # the hard lock of earlier versions, no longer honoured


class PinVerdict(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    WAIT = "wait"  # the try came during a wait after wrong tries, so it was not checked
    NOT_SET = "not set"


@dataclass(frozen=True)
class PinCheck:
    verdict: PinVerdict
    wait_until: dt.datetime | None = None  # no try is checked before this
    failures: int = 0  # wrong tries in a row so far


def has_pin(session: Session) -> bool:
    return session.get(LocalState, HASH_KEY) is not None


def set_pin(session: Session, pin: str) -> None:
    """Store a new PIN (already checked with ``validate_new_pin``) and forget earlier wrong tries.

    This is also the reset for a forgotten PIN: whoever can open the store holds its key.
    """
    _put(session, HASH_KEY, hash_pin(pin))
    _put(session, FAILURES_KEY, "0")
    _delete(session, WAIT_UNTIL_KEY)
    _delete(session, _OLD_LOCK_KEY)


def check_pin(session: Session, pin: str, now: dt.datetime | None = None) -> PinCheck:
    """Compare ``pin`` with the stored one; each wrong try beyond the first few makes the next wait."""
    now = now or utcnow()
    stored = session.get(LocalState, HASH_KEY)
    if stored is None:
        return PinCheck(PinVerdict.NOT_SET)
    _delete(session, _OLD_LOCK_KEY)
    failures = _failures(session)
    until = _wait_until(session)
    # A wait longer than any the rule sets means the clock was put back since: it is over.
    if until is not None and now < until <= now + MAX_WAIT:
        return PinCheck(PinVerdict.WAIT, until, failures)
    if pin_matches(pin, stored.value):
        _put(session, FAILURES_KEY, "0")
        _delete(session, WAIT_UNTIL_KEY)
        return PinCheck(PinVerdict.RIGHT)
    failures += 1
    _put(session, FAILURES_KEY, str(failures))
    wait = wait_after(failures)
    if not wait:
        _delete(session, WAIT_UNTIL_KEY)
        return PinCheck(PinVerdict.WRONG, None, failures)
    until = now + wait
    _put(session, WAIT_UNTIL_KEY, until.isoformat())
    return PinCheck(PinVerdict.WRONG, until, failures)


def change_pin(session: Session, current: str, new: str, now: dt.datetime | None = None) -> PinCheck:
    """Put ``new`` (already validated) in place of the PIN, only if ``current`` is right.

    The current PIN is checked as any other try, so changing it is no way round the waits.
    """
    result = check_pin(session, current, now)
    if result.verdict in (PinVerdict.RIGHT, PinVerdict.NOT_SET):
        set_pin(session, new)
    return result


def _wait_until(session: Session) -> dt.datetime | None:
    """The end of the wait under way; one that cannot be read is no wait (never a lock)."""
    row = session.get(LocalState, WAIT_UNTIL_KEY)
    try:
        until = dt.datetime.fromisoformat(row.value) if row is not None else None
    except ValueError:
        return None
    return until if until is None or until.tzinfo else until.replace(tzinfo=dt.UTC)


def _failures(session: Session) -> int:
    row = session.get(LocalState, FAILURES_KEY)
    try:
        return max(int(row.value), 0) if row is not None else 0
    except ValueError:
        return 0


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
