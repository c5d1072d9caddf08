"""A contact list as CSV: for a mail merge, or for GOV.UK Notify's bulk sending.

Mail merge: one row per person or organisation, with how to reach them and why they are on
the list. ``name`` is who a letter is addressed to ("Dear <name>"): the person, or for an
organisation's own row, the organisation itself (so no greeting comes out blank).
``organisation`` is the organisation a row belongs to: its own name on its row, and on the
rows of its contacts; empty for a person reached on their own.

Notify: the column Notify reads the recipient from (``email address`` or ``phone number``) and
personalisation columns (``name``, ``organisation``, filled as for a mail merge); only those
who can be reached on that channel are on it, and a person only if it is how they asked to be
contacted (email for an email list, text messages for a text list).

The rows are made here; :func:`app.documents.safe_tables.write_csv` writes them, owner-only and
neutralised against formulas. Phone numbers are written so that none starts with ``+`` (UK
numbers in the national style, others with ``00``), which would otherwise be neutralised.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from app.core.contact import display_phone
from app.core.i18n import N_, _
from app.core.signups import ContactMethod
from app.documents.safe_tables import Table
from app.store.who_to_involve import Found, PersonFound

MAIL_MERGE_HEADER = ("name", "organisation", "email", "phone", "postcode", "contact by", "match")


class ListFormat(enum.StrEnum):
    MAIL_MERGE = "mailmerge"
    NOTIFY_EMAIL = "notify-email"
    NOTIFY_SMS = "notify-sms"

    @property
    def label(self) -> str:
        return _(FORMAT_LABELS[self])

    @property
    def short_label(self) -> str:
        return _(FORMAT_SHORT_LABELS[self])


FORMAT_LABELS = {
    ListFormat.MAIL_MERGE: N_("Mail merge (CSV: name, email, phone, postcode, contact by, why)"),
    ListFormat.NOTIFY_EMAIL: N_("GOV.UK Notify, emails (CSV: email address, name)"),
    ListFormat.NOTIFY_SMS: N_("GOV.UK Notify, text messages (CSV: phone number, name)"),
}

FORMAT_SHORT_LABELS = {
    ListFormat.MAIL_MERGE: N_("Mail merge"),
    ListFormat.NOTIFY_EMAIL: N_("Notify: emails"),
    ListFormat.NOTIFY_SMS: N_("Notify: texts"),
}


@dataclass(frozen=True)
class ListRow:
    """One line of a contact list and who it is: a person, an organisation, or a contact at one."""

    person_id: str | None
    organisation_id: str | None
    name: str
    organisation: str
    email: str
    phone: str
    postcode: str
    contact_by: ContactMethod | None
    match: str


def list_rows(found: Found) -> Iterator[ListRow]:
    """Everyone a search found, best match first; a person once, even if also an organisation's contact."""
    seen: set[str] = set()
    for result in found.ranked():
        if isinstance(result, PersonFound):
            p = result
            if p.id not in seen:
                seen.add(p.id)
                yield ListRow(p.id, None, p.name, "", p.email, p.phone, p.postcode, p.contact_method, p.why)
            continue
        o = result
        yield ListRow(None, o.id, o.name, o.name, o.email, o.phone, "", None, o.why)
        for c in o.contacts:
            if c.person_id in seen:
                continue
            seen.add(c.person_id)
            at = _("Contact at {organisation}").format(organisation=o.name)
            if c.role:
                at = _("{role} at {organisation}").format(role=c.role, organisation=o.name)
            yield ListRow(c.person_id, o.id, c.name, o.name, c.email, c.phone, "", c.contact_method,
                          f"{at} · {o.why}")


def on_channel(row: ListRow, fmt: ListFormat) -> bool:
    """Whether ``row`` belongs on a list of ``fmt``: reachable that way, and (a person) asked to be."""
    if fmt is ListFormat.MAIL_MERGE:
        return True
    if fmt is ListFormat.NOTIFY_EMAIL:
        return bool(row.email) and (row.contact_by is None or row.contact_by is ContactMethod.EMAIL)
    if row.contact_by is None:  # an organisation: only a mobile number takes a text
        return bool(row.phone) and is_mobile(row.phone)
    return bool(row.phone) and row.contact_by is ContactMethod.TEXT


def is_mobile(e164: str) -> bool:
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return False
    kind = phonenumbers.number_type(number)
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def plain_phone(e164: str) -> str:
    """A number as a spreadsheet and Notify take it: never starting with ``+``."""
    shown = display_phone(e164)
    if shown.startswith("+"):
        return "00" + "".join(ch for ch in shown[1:] if ch.isdigit())
    return shown


def contact_list_table(rows: list[ListRow], fmt: ListFormat) -> Table:
    if fmt is ListFormat.MAIL_MERGE:
        cells = [(r.name, r.organisation, r.email, plain_phone(r.phone), r.postcode,
                  r.contact_by.label if r.contact_by else "", r.match) for r in rows]
        return Table("contacts", MAIL_MERGE_HEADER, cells)
    if fmt is ListFormat.NOTIFY_EMAIL:
        return Table("contacts", ("email address", "name", "organisation"),
                     [(r.email, r.name, r.organisation) for r in rows])
    return Table("contacts", ("phone number", "name", "organisation"),
                 [(plain_phone(r.phone), r.name, r.organisation) for r in rows])
