"""The event report read from the central database: every laptop's data, the commissioners' view.

The same report as from a laptop (app.store.reports.local_report), read from the central
tables with the same reader, so the figures are made the same way. The surveys and the
population profile are the organisation's, taken from the laptop asking, with every survey
version the centre has published (answers from other laptops may use one this laptop skipped); names to mask come
from the centre's own tables, which hold every laptop's sign-ups and registers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import DBAPIError

from app.core.i18n import _
from app.core.report import Report, ReportSelection
from app.store.errors import NotFound
from app.store.report_input import read_report_input
from app.store.reports import check_selection, finish_report, no_event_message
from app.store.store import Store
from sync import audit
from sync import central_schema as schema
from sync.central import check_central, published_versions
from sync.connection import CentralTarget, autocommit_connection, make_central_engine, target_from
from sync.database_errors import explain
from sync.errors import SyncError


def central_report(central: CentralTarget | str, selection: ReportSelection, *, store: Store,
                   allow_insecure: bool = False, now: dt.datetime | None = None) -> Report:
    """The report for ``selection`` from the centre.

    Raises :class:`SyncError` in plain words when the centre cannot be read, and ``NotFound``
    when it holds no event the selection covers.
    """
    check_selection(selection)
    target = central if isinstance(central, CentralTarget) else target_from(central, allow_insecure=allow_insecure)
    engine = make_central_engine(target)
    connecting = True
    try:
        with autocommit_connection(engine) as connection:
            check_central(connection)
            connecting = False
            data = read_report_input(connection, schema.SYNCED_TABLES, selection)
            published = published_versions(connection)
            audit.record(connection, audit.data_team(), audit.REPORT, events=len(data.events),
                         date_from=selection.date_from, date_to=selection.date_to)
    except SyncError:
        raise
    except (DBAPIError, OSError) as error:
        raise SyncError(explain(error, target, connecting=connecting)) from None
    finally:
        engine.dispose()
    if not data.events:
        if selection.date_from or selection.date_to:
            raise NotFound(no_event_message(selection))
        raise NotFound(_("The central database does not hold that event yet: it arrives when the laptop that "
                         "holds it syncs."))
    return finish_report(data, store.paths, source=_("the central database ({address})").format(address=target.display),
                         now=now, more_versions=published)
