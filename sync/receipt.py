"""A sync's receipt in plain words: the same lines on the command line and in the app."""

from __future__ import annotations

from app.core.i18n import _, ngettext
from app.store.sync_history import SyncRecord

REFUSALS_SHOWN = 10
TABLE_NAMES = {
    "responses": "feedback responses", "people": "sign-ups", "consents": "consents", "attendance": "attendance",
    "sheet_prints": "printed sheet runs", "actions": "actions", "events": "events", "gp_practices": "GP practices",
    "devices": "laptops",
}

# The count check counts records, as the centre holds them: a sign-up erased or merged away is
# still a record (emptied, kept so the erasure syncs), so these can be more than the event page's
# sign-ups, which counts only those standing. Each says so. Deleted feedback is left out of
# every count, this check's too.
COUNT_NAMES = {
    "people": "sign-up records (erased and merged ones too)",
    "consents": "consent records (erased ones too)",
    "responses": "feedback responses (deleted ones left out)",
    "actions": "actions (deleted ones too)",
}


def headline(record: SyncRecord) -> str:
    refused = len(record.details.get("refused", []))
    if record.outcome == "ok" and refused:
        return ngettext("Synced, except {n} row the centre refused (see below).",
                        "Synced, except {n} rows the centre refused (see below).", refused).format(n=refused)
    if record.outcome == "ok" and not record.mismatches:
        return _("Synced: everything this laptop held was sent to the centre.")
    if record.outcome == "ok":
        return _("Synced, but the centre's counts differ from this laptop's.")
    if record.outcome == "cancelled":
        return _("Sync cancelled.")
    return _("Sync did not finish.")


def receipt_lines(record: SyncRecord, *, with_message: bool = True) -> list[str]:
    lines = [headline(record)]
    if record.message and with_message:
        lines.append(record.message)
    if record.outcome == "failed" and not record.sent:
        return lines
    lines.append(ngettext("{n} row sent: {new} new at the centre, {updated} updated, {already} already there, "
                          "{conflicts} kept as the centre had them (newer there).",
                          "{n} rows sent: {new} new at the centre, {updated} updated, {already} already there, "
                          "{conflicts} kept as the centre had them (newer there).", record.sent).format(
        n=f"{record.sent:,}", new=f"{record.new:,}", updated=f"{record.updated:,}", already=f"{record.already:,}",
        conflicts=f"{record.conflicts:,}"))
    received = record.details.get("received", {})
    got = [f"{count:,} {_(label)}" for key, label in (("events", "events"), ("practices", "GP practices"),
                                                     ("surveys", "surveys"), ("withdrawals", "withdrawals"),
                                                     ("erasures", "erasures"),
                                                     ("print_runs", "of this laptop's print runs"),
                                                     ("programmes", "programmes"))
           if (count := received.get(key))]
    lines.append(_("Received from the centre: {what}.").format(what=", ".join(got)) if got
                 else _("Nothing new from the centre."))
    lines.extend(record.details.get("problems", []))
    refused = record.details.get("refused", [])
    if refused:
        lines.append(ngettext("{n} row was refused by the centre and stays waiting on this laptop:",
                              "{n} rows were refused by the centre and stay waiting on this laptop:",
                              len(refused)).format(n=len(refused)))
        lines.extend(_("  {what} {id}: {reason}").format(what=_(TABLE_NAMES.get(r["table"], r["table"])),
                                                          id=str(r["id"])[:8], reason=r["reason"])
                     for r in refused[:REFUSALS_SHOWN])
        if len(refused) > REFUSALS_SHOWN:
            lines.append(_("  …and {n} more.").format(n=len(refused) - REFUSALS_SHOWN))
    return lines


def count_lines(record: SyncRecord) -> list[tuple[str, str, int, int, bool]]:
    """(event, what, here, at the centre, matches) for the count check."""
    rows = []
    for c in record.details.get("counts", []):
        what = COUNT_NAMES.get(c["table"]) or TABLE_NAMES.get(c["table"], c["table"])
        rows.append((c["event"], _(what), c["here"], c["centre"],
                     c["here"] == c["centre"]))
    return rows
