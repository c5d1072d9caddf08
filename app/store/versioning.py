"""The one place a synced row's ``version`` and ``updated_at`` move.

A row the sync sends is one whose ``version`` is above its ``synced_version``. Bumping the
version by hand at each write meant a forgotten bump was a change that never reached the
centre, so the store's sessions do it themselves:

- ORM changes: before each flush, every synced row with a real change to one of its own
  columns gets ``version + 1`` and a new ``updated_at``, once per flush. Setting a column to
  the value it already has is no change. The sync's own bookkeeping (``synced_version``, and
  ``version``/``updated_at`` themselves) is not a change to send: the download raises a
  row's version alone, after its local change was flushed, to send it above the centre's.
  A flush that changes a row's columns and sets its version too is refused, so no one goes
  back to bumping by hand.
- Bulk ``update(...)`` statements run through a store session get the same bump added to
  the statement. One that sets ``version`` itself is refused: the store owns the version.
- What came from the centre keeps the centre's version and ``updated_at``: apply it inside
  :func:`applying_from_centre`, and nowhere else.

New rows start at the version their model (or their insert) gives them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.sql.dml import Update

from app.store.models import Device, Synced, utcnow

# Rows the sync sends (and so carry version and synced_version).
VERSIONED: tuple[type, ...] = (Synced, Device)
# Columns the sync itself keeps; changing only these is not a change to send.
BOOKKEEPING = frozenset({"version", "updated_at", "synced_version"})
_FROM_CENTRE = "involve.applying_from_centre"


class VersionMisuse(RuntimeError):
    """A write that would leave a synced row's version wrong; a programming error."""


class StoreSession(Session):
    """The session every store transaction uses; its listeners (below) keep versions right."""


def is_versioned(obj: object) -> bool:
    return isinstance(obj, VERSIONED)


def from_centre(session: Session) -> bool:
    """True while the session is applying rows as the centre sent them."""
    return bool(session.info.get(_FROM_CENTRE))


@contextmanager
def applying_from_centre(session: Session) -> Iterator[None]:
    """Rows changed inside this block keep the version and ``updated_at`` the centre gave them.

    Local changes made before the block are flushed first, so they are bumped as usual; the
    block's own changes are flushed before it ends, while the mark is still up. Inside, each
    changed synced row must be given the centre's ``version`` or ``updated_at``, or the flush
    refuses it: anything else is a local change and belongs outside.
    """
    session.flush()
    before = session.info.get(_FROM_CENTRE, False)
    session.info[_FROM_CENTRE] = True
    try:
        yield
        session.flush()
    finally:
        session.info[_FROM_CENTRE] = before


def changed_columns(obj: object) -> set[str]:
    """Names of the row's columns that really differ from what was loaded (or last flushed)."""
    state = inspect(obj)
    return {attr.key for attr in state.mapper.column_attrs if state.attrs[attr.key].history.has_changes()}


@event.listens_for(StoreSession, "before_flush")
def _bump_changed_rows(session: Session, _context: UOWTransaction, _instances: object) -> None:
    # before_flush runs once per flush and its own changes are flushed with the rest, so a
    # row is bumped at most once however many of its columns changed.
    centre = from_centre(session)
    now = utcnow()
    for obj in session.dirty:
        if not is_versioned(obj):
            continue
        changed = changed_columns(obj)
        if not changed - BOOKKEEPING:
            continue
        if centre:
            if not changed & {"version", "updated_at"}:
                raise VersionMisuse(f"a {type(obj).__name__} changed while applying the centre's rows "
                                    "without the centre's version; change it outside applying_from_centre")
            continue
        if "version" in changed:
            raise VersionMisuse(f"a {type(obj).__name__} was changed with its version set by hand; "
                                "the store bumps it")
        obj.version = (obj.version or 0) + 1
        obj.updated_at = now


@event.listens_for(StoreSession, "do_orm_execute")
def _bump_bulk_updates(state: ORMExecuteState) -> None:
    # Bulk statements skip the flush, so the same bump is written into the statement.
    if not state.is_update or from_centre(state.session):
        return
    statement = state.statement
    if not isinstance(statement, Update) or "synced_version" not in statement.table.c:
        return
    # What the SET clause writes: the statement's values() and any columns given as parameters.
    # (An UPDATE has no public view of its SET clause.)
    names = {key if isinstance(key, str) else key.key for key in statement._values or {}}
    given = state.parameters
    for row in ([given] if isinstance(given, dict) else given or []):
        names.update(name for name in row if name in statement.table.c)
    if not names - BOOKKEEPING:
        return
    if "version" in names:
        name = getattr(statement.table, "name", "a synced table")
        raise VersionMisuse(f"an update of {name} sets version itself; the store bumps it")
    if getattr(statement, "_maintain_values_ordering", False):
        raise VersionMisuse("an ordered_values() update of synced rows cannot be bumped; use values()")
    state.statement = statement.values(version=statement.table.c.version + 1, updated_at=utcnow())
