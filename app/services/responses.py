"""Correcting feedback: listing an event's responses, editing one, deleting one with a reason.

Each function opens its own session (the window runs them on a worker) and returns plain
snapshots. Corrections are signed with the laptop's name and the person signed in to it.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.store.corrections import CorrectedBy, ResponseFilter, ResponseView

if TYPE_CHECKING:
    from app.core.surveys import Survey
    from app.store.store import Store


def corrected_by(store: Store) -> CorrectedBy:
    """Who is making a correction here: this laptop, and the account signed in to it."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no account name to be had (a service, a container)
        user = ""
    return CorrectedBy(store.device_name() or store.device_id[:8], user)


def list_responses(store: Store, event_id: str, filters: ResponseFilter | None = None) -> list[ResponseView]:
    from app.store.corrections import list_responses as listed

    with store.reading() as session:
        return listed(session, event_id, filters)


def get_response(store: Store, response_id: str) -> ResponseView:
    from app.store.corrections import get_response as got

    with store.reading() as session:
        return got(session, response_id)


def edit_response(store: Store, response_id: str, surveys: Mapping[str, Survey],
                  answers: Mapping[str, Mapping[str, Any]], *, reason: str) -> ResponseView:
    from app.store.corrections import edit_response as edit

    by = corrected_by(store)
    with store.session() as session:
        return edit(session, response_id, surveys, answers, by, reason=reason)


def delete_response(store: Store, response_id: str, reason: str) -> ResponseView:
    from app.store.corrections import delete_response as delete

    by = corrected_by(store)
    with store.session() as session:
        return delete(session, response_id, reason, by)
