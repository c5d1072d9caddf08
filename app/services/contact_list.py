"""Exporting a consent-filtered contact list, and keeping the record of what was sent to whom.

The one export ``involve find --export`` and the "Who should we involve?" window's Export… run.
Who is on the list is decided again at the moment of export, in the same transaction that
records it: someone who withdrew since the search was shown is not on the list, and the record
(the ``ContactList`` and an entry for each person and organisation) names exactly who is. The
file is written, owner-only and neutralised against formulas, before that transaction commits;
if the commit fails the file is removed, so there is never a list without its record.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import _
from app.core.matching import Search, check_purpose
from app.documents.contact_list_csv import ListFormat

if TYPE_CHECKING:
    from app.store.contact_lists import ContactListRecord
    from app.store.store import Store


class ListRefused(ValueError):
    """The list cannot be written as asked; the message is one plain sentence."""


@dataclass(frozen=True)
class ListExported:
    record: ContactListRecord
    rows: int
    left_out: int  # found, but not reachable on this channel (or not how they asked to be contacted)
    file: Path


def check_list_file(out: Path) -> None:
    """Refuse, before anything is read, a file that cannot be written."""
    if out.suffix.lower() != ".csv":
        raise ListRefused(_("the contact list is a CSV file: give a name ending .csv."))
    if not out.parent.is_dir():
        raise ListRefused(_("the folder {folder} does not exist.").format(folder=out.parent))
    if out.is_dir():
        raise ListRefused(_("{file} is a folder.").format(file=out))


def export_contact_list(store: Store, search: Search, out: Path, fmt: ListFormat, purpose: str,
                        *, now: dt.datetime | None = None) -> ListExported:
    """Write the people and organisations ``search`` finds now, as ``fmt``, to ``out``; keep the record.

    Raises ``ValidationError`` for a missing purpose, :class:`ListRefused` for a bad file or a
    list with no one on it (then nothing is written or recorded).
    """
    from app.documents.contact_list_csv import contact_list_table, list_rows, on_channel
    from app.documents.safe_tables import write_csv
    from app.store.contact_lists import record_contact_list
    from app.store.who_to_involve import find_who_to_involve

    purpose = check_purpose(purpose)
    check_list_file(out)
    written = False
    try:
        with store.session() as session:
            found = find_who_to_involve(session, search)  # consent checked again, now
            everyone = list(list_rows(found))
            rows = [row for row in everyone if on_channel(row, fmt)]
            if not rows:
                raise ListRefused(_("no one found can be contacted that way, so no list was made."))
            record = record_contact_list(session, store.device_id, purpose=purpose,
                                         search=search.as_json(), file_format=fmt.value,
                                         entries=[(r.person_id, r.organisation_id) for r in rows], sent_at=now)
            write_csv(out, contact_list_table(rows, fmt), private=True)
            written = True
    except BaseException:
        if written:  # the record was not kept: neither is the list
            with contextlib.suppress(OSError):
                out.unlink()
        raise
    return ListExported(record, len(rows), len(everyone) - len(rows), out)
