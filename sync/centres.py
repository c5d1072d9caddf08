"""The two ways a sync reaches the centre, behind one shape: the central service over HTTPS,
or a central database directly (the data team's own path, and the baseline it is measured by).

Each gives what the runner needs: one pull (the centre's identity, what changed there, and
what it holds from this laptop), the upload link, and the counts after sending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Select

from app.store.models import LocalState
from app.store.store import Store
from sync.central import check_central
from sync.connection import CentralTarget, autocommit_connection, make_central_engine
from sync.counts import centre_counts
from sync.download import change_queries, fetch_changes, revive, since_for
from sync.service_client import SERVICE_BATCH, ServiceLink, ServiceTarget, held_counts
from sync.upload import DEFAULT_BATCH, CentreLink, DirectLink

CENTRAL_ID_KEY = "central_id"


@dataclass(frozen=True)
class Pulled:
    central_id: str
    changes: dict[str, list[dict[str, Any]]]
    counts: dict[tuple[str, str], int]  # what the centre held from this laptop before sending


class Centre(Protocol):
    batch: int  # rows per upload batch unless the caller says otherwise

    @property
    def link(self) -> CentreLink: ...

    def pull(self) -> Pulled: ...

    def counts(self) -> dict[tuple[str, str], int]: ...


class DirectCentre:
    batch = DEFAULT_BATCH

    def __init__(self, store: Store, connection: Connection) -> None:
        self.store = store
        self.connection = connection
        self.link = DirectLink(connection, store.device_id)

    def pull(self) -> Pulled:
        info = check_central(self.connection)
        changes = fetch_changes(self.connection, since_for(self.store, info.central_id), self.store.device_id)
        return Pulled(info.central_id, changes, centre_counts(self.connection, self.store.device_id))

    def counts(self) -> dict[tuple[str, str], int]:
        return centre_counts(self.connection, self.store.device_id)


class ServiceCentre:
    batch = SERVICE_BATCH

    def __init__(self, store: Store, link: ServiceLink) -> None:
        self.store = store
        self.link = link

    def pull(self) -> Pulled:
        """One round trip, asked from where this laptop left off with the centre it last used;
        a second only if the service turns out to be a different centre."""
        believed = _last_central(self.store)
        reply = self.link.pull(believed, since_for(self.store, believed) if believed else None)
        if reply["central_id"] != believed:
            since = since_for(self.store, reply["central_id"])
            if since is not None:
                reply = self.link.pull(reply["central_id"], since)
        return Pulled(str(reply["central_id"]), _revived(reply["changes"]), held_counts(reply))

    def counts(self) -> dict[tuple[str, str], int]:
        return self.link.counts()


def _last_central(store: Store) -> str | None:
    with store.session() as session:
        state = session.get(LocalState, CENTRAL_ID_KEY)
        return state.value if state is not None else None


def _revived(changes: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Rows as they came over the wire, with times, dates and clock times as Python values."""
    queries: dict[str, Select] = change_queries(dt.datetime.now(dt.UTC), "")
    return {name: [revive(queries[name], row) for row in changes.get(name, [])] for name in queries}


@contextmanager
def open_centre(store: Store, target: CentralTarget | ServiceTarget) -> Iterator[Centre]:
    if isinstance(target, ServiceTarget):
        link = ServiceLink(target)
        try:
            yield ServiceCentre(store, link)
        finally:
            link.close()
        return
    engine = make_central_engine(target)
    try:
        with autocommit_connection(engine) as connection:
            yield DirectCentre(store, connection)
    finally:
        engine.dispose()
