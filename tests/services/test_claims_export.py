"""Claims sent to finance: CSV and XLSX, owner-only, safe to open, and marked sent only once written."""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.involvement import validate_claim
from app.core.network import ClaimStatus
from app.core.signups import ConsentMethod, validate_signup
from app.documents import claims_sheet
from app.documents.safe_tables import Cell, Table
from app.services import claims_export
from app.store import claims, people
from app.store.store import Store

TODAY = dt.date(2026, 6, 1)


def add(store: Store, name: str, day: str, amount: str, description: str = "Bus fare", *,
        status: ClaimStatus | None = ClaimStatus.APPROVED) -> claims.ClaimRecord:
    """A claim, approved by default (only approved claims go to finance)."""
    with store.session() as s:
        person = people.save_signup(s, store.device_id, validate_signup(
            {"name": name, "email": "x@example.org", "phone": "", "postcode": "", "interests": ["newsletter"],
             "contact_method": "email", "access_needs": ""}), people.ConsentGiven("privacy-notice", 1,
                                                                                  ConsentMethod.STAFF))
        record = claims.add_claim(s, store.device_id, person.id, validate_claim(
            {"kind": "expense", "amount_pence": amount, "claimed_on": day, "description": description}, today=TODAY))
        if status is not None and status is not ClaimStatus.CLAIMED:
            record = claims.set_claim_status(s, record.id, status)
        return record


def exported_ids(store: Store) -> set[str]:
    with store.session() as s:
        return {c.id for c in claims.list_claims(s) if c.exported_at is not None}


def test_csv_for_finance_is_private_neutralised_and_marks_the_claims_sent(store: Store, tmp_path: Path) -> None:
    first = add(store, "=HYPERLINK(\"http://x\")", "2026-05-01", "£12.50", "@SUM(A1)")
    second = add(store, "Bob Jones", "2026-05-03", "4.20")
    add(store, "Cat Lee", "2026-04-01", "9")  # before the range
    out = tmp_path / "claims.csv"
    done = claims_export.export_claims(store, out, date_from=dt.date(2026, 5, 1), date_to=dt.date(2026, 5, 31))
    assert (done.count, done.total_pence) == (2, 1670)
    assert os.stat(out).st_mode & 0o777 == 0o600
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:4] == ["Claim id", "Name", "Contact", "Date"]
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")" and rows[1][7] == "'@SUM(A1)" and rows[1][8] == "12.50"
    assert rows[2][1] == "Bob Jones" and rows[2][4] == "Expenses" and rows[2][9] == "Approved"
    assert exported_ids(store) == {first.id, second.id}
    again = claims_export.export_claims(store, tmp_path / "again.csv")  # only those not sent before
    assert again.count == 1


def test_xlsx_for_finance_has_amounts_as_numbers(store: Store, tmp_path: Path) -> None:
    add(store, "Ann Smith", "2026-05-01", "£75")
    out = tmp_path / "claims.xlsx"
    claims_export.export_claims(store, out)
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[2]][1] == "Ann Smith" and [c.value for c in sheet[2]][8] == 75
    assert os.stat(out).st_mode & 0o777 == 0o600


def test_nothing_is_marked_sent_when_the_file_cannot_be_written(store: Store, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    add(store, "Ann Smith", "2026-05-01", "£75")

    real = claims_sheet.claims_table

    def breaks_half_way(rows: list[claims.ClaimRecord], **options: bool) -> Table:
        table = real(rows, **options)

        def lines() -> Iterator[Sequence[Cell]]:
            yield from table.rows
            raise OSError("disk full")

        return Table(table.name, table.header, lines())

    monkeypatch.setattr(claims_sheet, "claims_table", breaks_half_way)
    out = tmp_path / "out"
    out.mkdir()
    for name in ("claims.csv", "claims.xlsx"):
        with pytest.raises(OSError):
            claims_export.export_claims(store, out / name)
    assert exported_ids(store) == set()
    assert not list(out.iterdir())  # no half a file, no temporary file


def test_only_approved_claims_go_to_finance_and_nothing_is_written_without_one(store: Store,
                                                                              tmp_path: Path) -> None:
    waiting = add(store, "Ann Smith", "2026-05-01", "£10", status=ClaimStatus.CLAIMED)
    add(store, "Bob Jones", "2026-05-02", "£20", status=ClaimStatus.REJECTED)
    paid = add(store, "Cat Lee", "2026-05-03", "£30", status=ClaimStatus.PAID)
    out = tmp_path / "claims.csv"
    out.write_text("last month's claims")
    with pytest.raises(claims_export.NothingToExport, match="No approved claims are waiting"):
        claims_export.export_claims(store, out)
    assert out.read_text() == "last month's claims" and exported_ids(store) == set()
    approved = add(store, "Dan Roe", "2026-05-04", "£4.20")
    done = claims_export.export_claims(store, tmp_path / "new.csv")
    assert (done.count, done.total_pence) == (1, 420)
    assert exported_ids(store) == {approved.id}
    with store.session() as s:  # the one awaiting approval is still listed as not sent, to approve
        assert waiting.id in {c.id for c in claims.list_claims(s, status=ClaimStatus.CLAIMED, not_exported=True)}
    assert paid.id not in exported_ids(store)


def test_a_file_that_is_not_csv_or_xlsx_is_refused(tmp_path: Path) -> None:
    with pytest.raises(claims_export.ClaimsExportRefused):
        claims_export.check_claims_export(tmp_path / "claims.pdf", None, None)
    with pytest.raises(claims_export.ClaimsExportRefused):
        claims_export.check_claims_export(tmp_path / "claims.csv", dt.date(2026, 2, 1), dt.date(2026, 1, 1))
