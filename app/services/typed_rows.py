"""Removing a sign-up typed in from paper by mistake, signed like any correction, with the erasure
it makes carried into the write-ahead log and the backups at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.responses import corrected_by

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.typed_rows import RowRemoved, TypedRow


def typed_rows(store: Store, person_id: str) -> list[TypedRow]:
    from app.store.typed_rows import typed_rows as rows

    with store.reading() as session:
        return rows(session, person_id)


def remove_typed_row(store: Store, person_id: str, consent_id: str, reason: str) -> RowRemoved:
    from app.store.typed_rows import remove_typed_row as remove

    by = corrected_by(store)
    with store.session() as session:
        removed = remove(session, person_id, consent_id, reason, by)
    store.flush_log()  # what was typed must not wait in the write-ahead log
    if removed.person_removed:
        store.erase_in_copies()  # nor in the backups beside the store
    return removed
