"""Sending claims to finance: the approved claims in a date range (or those not sent before)
written as CSV or XLSX, and marked as sent. Finance pays only what staff approved, so a claim
still awaiting approval, a rejected one or one already paid is never written nor marked; when
no approved claim is there to send, nothing is written at all (``NothingToExport``).

The file is written under a temporary name and renamed into place whole; only then are the
claims marked ``exported_at``, in the same transaction that read them, which commits after
the file is in place. A failure while writing leaves no file and nothing marked; a failure
to commit leaves a file and the claims unmarked, so they are simply offered again next time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import _

if TYPE_CHECKING:
    from app.store.store import Store

SUFFIXES = (".csv", ".xlsx")


class ClaimsExportRefused(ValueError):
    """What was asked cannot be written; the message is one plain sentence."""


class NothingToExport(ClaimsExportRefused):
    """No approved claim matches: no file is written and nothing is marked."""


@dataclass(frozen=True)
class ClaimsExported:
    path: Path
    count: int
    total_pence: int


def check_claims_export(out: Path, date_from: dt.date | None, date_to: dt.date | None) -> None:
    """Refuse, before anything is read, a file or dates that cannot be used."""
    if out.suffix.lower() not in SUFFIXES:
        raise ClaimsExportRefused(_("the file must end .csv or .xlsx."))
    if not out.parent.is_dir():
        raise ClaimsExportRefused(_("the folder {folder} does not exist.").format(folder=out.parent))
    if date_from and date_to and date_from > date_to:
        raise ClaimsExportRefused(_("the first day is after the last."))


def export_claims(store: Store, out: Path, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
                  only_new: bool = True) -> ClaimsExported:
    """Write the approved claims to ``out`` and mark them sent to finance.

    ``only_new``: only claims not sent before. Dates narrow by the day claimed.
    ``NothingToExport`` when no approved claim matches; ``out`` is then left as it was.
    """
    from app.core.network import ClaimStatus
    from app.documents.claims_sheet import write_claims
    from app.store.claims import list_claims, mark_exported

    check_claims_export(out, date_from, date_to)
    with store.session() as session:
        claims = list_claims(session, status=ClaimStatus.APPROVED, date_from=date_from, date_to=date_to,
                             not_exported=only_new)
        if not claims:
            raise NothingToExport(_nothing_message(only_new, dated=date_from is not None or date_to is not None))
        claims.reverse()  # oldest first, as finance works through them
        write_claims(out, claims)
        mark_exported(session, [c.id for c in claims])
    return ClaimsExported(out, len(claims), sum(c.details.amount_pence for c in claims))


def _nothing_message(only_new: bool, *, dated: bool) -> str:
    if only_new:
        return (_("No approved claims for these dates are waiting to be sent to finance, so no file was written.")
                if dated else _("No approved claims are waiting to be sent to finance, so no file was written."))
    return (_("No claims for these dates are approved, so no file was written.") if dated
            else _("No claims are approved, so no file was written."))
