"""Claims for finance as a table: one row a claim, for a CSV or XLSX file finance can pay from.

Text is neutralised against formula injection by :mod:`app.documents.safe_tables`, which
writes the file; amounts are pounds with two places ("4.20"): numbers in the XLSX so finance
can add them up, and written with both places in the CSV, as money is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.core.i18n import _
from app.core.involvement import claim_kind_label, claim_status_label
from app.documents.safe_tables import Cell, Table, write_csv, write_xlsx
from app.store.claims import ClaimRecord


def claims_table(claims: Sequence[ClaimRecord], *, money_as_text: bool = False) -> Table:
    """``money_as_text``: amounts as "4.20" (for CSV, which would otherwise write the number 4.2)."""
    header = [_("Claim id"), _("Name"), _("Contact"), _("Date"), _("Kind"), _("Role level"), _("Activity"),
              _("Description"), _("Amount (£)"), _("Status")]

    def line(c: ClaimRecord) -> list[Cell]:
        d = c.details
        return [c.id, c.person_name, c.contact, d.claimed_on, claim_kind_label(d.kind),
                d.role_level.label if d.role_level else "", c.activity_title, d.description,
                _money(d.amount_pence) if money_as_text else round(d.amount_pence / 100, 2),
                claim_status_label(c.status)]

    return Table(_("Claims"), header, [line(c) for c in claims], count=len(claims))


def write_claims(path: Path, claims: Sequence[ClaimRecord]) -> int:
    """Write the claims to ``path`` (.csv or .xlsx), owner-only and whole or not at all."""
    if path.suffix.lower() == ".xlsx":
        return sum(write_xlsx(path, [claims_table(claims)], private=True).values())
    return write_csv(path, claims_table(claims, money_as_text=True), private=True)


def _money(pence: int) -> str:
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100}.{abs(pence) % 100:02d}"
