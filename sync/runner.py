"""One sync, start to finish: connect, upload, download, check the counts, keep the receipt.

This is what ``involve sync`` and the desktop app's Sync button both run. It never raises for
something that went wrong with the centre or the network: the outcome and a plain message are
in the record it returns, which is also kept in the laptop's sync history.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from app.core.i18n import _
from app.store.models import Base, Device, LocalState, Synced, utcnow
from app.store.store import Store
from app.store.sync_history import SyncRecord, record_run
from sync.central import check_central
from sync.centres import CENTRAL_ID_KEY, open_centre
from sync.connection import CentralTarget, autocommit_connection, make_central_engine
from sync.counts import compare_counts, send_again
from sync.database_errors import diagnose, explain
from sync.download import Downloaded, apply_download
from sync.errors import SyncCancelled, SyncError
from sync.service_client import ServiceTarget
from sync.upload import Tally, pending_count, upload

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    stage: str  # what is happening, for people
    done: int  # rows sent so far
    total: int  # rows waiting when the sync began


def probe(target: CentralTarget | ServiceTarget) -> str:
    """Reach the centre and check it is set up; returns a plain description, raises :class:`SyncError`."""
    if isinstance(target, ServiceTarget):
        from sync.service_client import who_am_i

        name = who_am_i(target)
        return _("Connected to {central} as '{name}'; it is ready for Involve.").format(central=target.display,
                                                                                    name=name)
    engine = make_central_engine(target)
    try:
        with autocommit_connection(engine) as connection:
            check_central(connection)
    except SyncError:
        raise
    except (DBAPIError, OSError) as error:
        raise SyncError(explain(error, target, connecting=True)) from None
    finally:
        engine.dispose()
    return _("Connected to {central}; it is ready for Involve.").format(central=target.display)


def _from_this_laptop(error: BaseException) -> bool:
    """True when the failure came from the laptop's own store, not the centre or the network."""
    return type(getattr(error, "orig", error)).__module__.startswith("sqlcipher3")


def _use_central(store: Store, central_id: str) -> None:
    """A laptop moved to a different central database sends everything it made to it afresh.

    Only its own rows: what came from other laptops is theirs to send, and the centre would
    refuse it from this one.
    """
    with store.session() as session:
        state = session.get(LocalState, CENTRAL_ID_KEY)
        if state is not None and state.value == central_id:
            return
        if state is not None:
            log.info("central database changed; every row made here will be sent again")
            session.execute(update(Device).where(Device.id == store.device_id).values(synced_version=0))
            for mapper in Base.registry.mappers:
                model = mapper.class_
                if issubclass(model, Synced):
                    session.execute(update(model).where(model.device_id == store.device_id).values(synced_version=0))
        session.merge(LocalState(key=CENTRAL_ID_KEY, value=central_id))


Target = CentralTarget | ServiceTarget


def run_sync(store: Store, target: Target, *, batch_size: int | None = None,
             progress: Callable[[Progress], None] | None = None,
             cancel: threading.Event | None = None) -> SyncRecord:
    """Sync with the central service (``ServiceTarget``), or straight with a central database
    (``CentralTarget``, the data team's own path and the tests' baseline)."""
    started = utcnow()
    tally, got = Tally(), Downloaded()
    counts: list = []
    outcome, message = "ok", ""
    connecting = True
    total = 0

    def report(stage: str) -> None:
        if progress is not None:
            progress(Progress(stage, tally.sent, total))

    def stop_if_cancelled() -> None:
        if cancel is not None and cancel.is_set():
            raise SyncCancelled(_("Sync cancelled."))

    def after_batch(_table: str, _rows: int) -> None:
        report(_("Sending…"))
        stop_if_cancelled()

    try:
        # What waits is counted once, after receiving (which can add to it): on a big store each
        # count reads every table through, and before then the progress shows no number anyway.
        report(_("Connecting to the central service…") if isinstance(target, ServiceTarget)
               else _("Connecting to the central database…"))
        with open_centre(store, target) as centre:
            # Receive first: a withdrawal recorded at the centre is applied here before anything
            # this laptop changed about that person goes up.
            pulled = centre.pull()
            connecting = False
            _use_central(store, pulled.central_id)
            report(_("Receiving…"))
            got = apply_download(store, pulled.changes, pulled.central_id)
            stop_if_cancelled()
            total = pending_count(store)
            held = pulled.counts
            if total:
                report(_("Sending…"))
                upload(store, centre.link, batch_size=batch_size or centre.batch, on_batch=after_batch,
                       into=tally, cancel=cancel)
                stop_if_cancelled()
                report(_("Checking the counts…"))
                held = centre.counts()
            counts = compare_counts(store, held)
            short = [c for c in counts if c.centre < c.here]
            if short:  # the centre lost rows it had confirmed: send them again now
                resent = send_again(store, short)
                log.warning("the centre holds fewer rows than it confirmed for %d events; sending %d again",
                            len({c.event_id for c in short}), resent)
                upload(store, centre.link, batch_size=batch_size or centre.batch, on_batch=after_batch,
                       into=tally, cancel=cancel)
                counts = compare_counts(store, centre.counts())
    except SyncCancelled:
        outcome = "cancelled"
        message = _("Sync cancelled. The {n} rows the centre confirmed are marked as sent; the rest will go "
                    "next time.").format(n=tally.sent)
    except SyncError as error:
        outcome, message = "failed", str(error)
    except (DBAPIError, OSError) as error:
        log.warning("sync failed: %s", diagnose(error).for_log(error))
        if _from_this_laptop(error):
            outcome, message = "failed", _(
                "This laptop's own data could not be updated during the sync ({kind}). What the centre "
                "confirmed is kept, and the rest will go next time; if this keeps happening, please tell your "
                "IT team.").format(kind=type(getattr(error, "orig", error)).__name__)
        elif isinstance(target, CentralTarget):
            outcome, message = "failed", explain(error, target, connecting=connecting)
        else:
            outcome, message = "failed", _("The sync stopped because of a problem on this laptop ({kind}). "
                                           "Nothing has been lost; please tell your IT team.").format(
                kind=type(getattr(error, "orig", error)).__name__)
    except Exception as error:  # a sync never crashes its caller; the receipt says it stopped
        log.error("sync failed: %s", type(error).__name__, exc_info=not isinstance(error, SQLAlchemyError))
        outcome, message = "failed", _("The sync stopped because of an unexpected problem ({kind}). Nothing "
                                       "has been lost; please tell your IT team.").format(kind=type(error).__name__)
    mismatched = [c for c in counts if not c.matches]
    if outcome == "ok" and mismatched:
        message = _("The centre's counts differ from this laptop's for {n} events; see the count check.").format(
            n=len({c.event_id for c in mismatched}))
    record = SyncRecord(
        started_at=started, finished_at=utcnow(), central=target.display, outcome=outcome, sent=tally.sent,
        new=tally.new, updated=tally.updated, already=tally.already, conflicts=tally.conflicts + got.conflicts,
        downloaded=got.applied, mismatches=len(mismatched), message=message,
        details={"sent_by_table": tally.by_table, "counts": [c.as_json() for c in counts],
                 "problems": got.problems,
                 "refused": [{"table": r.table, "id": r.row_id, "reason": r.reason} for r in tally.refusals],
                 "received": {"events": got.events, "practices": got.practices, "surveys": got.surveys,
                              "withdrawals": got.withdrawals, "erasures": got.erasures,
                              "consents": got.consents, "print_runs": got.print_runs,
                              "programmes": got.programmes, "organisations": got.organisations}})
    with store.session() as session:
        record_run(session, record)
    return record
