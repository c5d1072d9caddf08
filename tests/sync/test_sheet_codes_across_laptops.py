"""Two laptops print sign-up sheets for one event, each offline: the centre must never get two
consents that cite the same sheet and row for different people."""

from __future__ import annotations

from pathlib import Path

from app.core.sheet_codes import parse_sheet_code
from app.core.transcription import parse_signup_row
from app.services.paper_entry import save_row
from app.store.restore import restore_backup
from sync.connection import target_from
from sync.receipt import receipt_lines
from sync.runner import run_sync
from tests.paper_helpers import add_event, print_signup_sheets
from tests.sync.checks import central_rows
from tests.sync.conftest import make_central


def test_two_laptops_printing_for_one_synced_event_never_print_the_same_code(make_store, tmp_path: Path) -> None:
    url, drop = make_central("sqlite", tmp_path)
    try:
        a, b = make_store("laptop-a"), make_store("laptop-b")
        event_id = add_event(a)
        for store in (a, b):  # A plans the event; B receives it
            record = run_sync(store, target_from(url))
            assert record.outcome == "ok", record.message

        on_a, on_b = print_signup_sheets(a, event_id, 3), print_signup_sheets(b, event_id, 3)
        codes_a, codes_b = {code for code, _qr in on_a}, {code for code, _qr in on_b}
        assert len(codes_a) == len(codes_b) == 3
        assert not codes_a & codes_b, f"both laptops printed {sorted(codes_a & codes_b)}"
        assert not {qr for _code, qr in on_a} & {qr for _code, qr in on_b}

        # Each laptop types in row 1 of its own first sheet, for a different person, and syncs.
        for store, (code, _qr), name in ((a, on_a[0], "Ann Smith"), (b, on_b[0], "Bilal Khan")):
            row = parse_signup_row({"row": "1", "name": name, "email": f"{name.split()[0]}@example.org",
                                    "ticks": "H", "consent": "Y"}, rows=8)
            save_row(store, event_id, parse_sheet_code(code), row, organisation="Engagement team",
                     contact="team@example.org")
            record = run_sync(store, target_from(url))
            assert record.outcome == "ok" and record.mismatches == 0, record.message
    finally:
        drop()
    centre, _twice = central_rows(url)
    cited = sorted((row["paper_sheet"], row["paper_row"]) for row in centre["consents"].values()
                   if row["event_id"] == event_id)
    assert cited == sorted({(on_a[0][0], 1), (on_b[0][0], 1)})  # two sheets, so two rows apart


def test_a_restored_laptop_gets_its_own_print_runs_back_from_the_centre(make_store, tmp_path: Path) -> None:
    """Even with the file of printed numbers gone too (the whole data folder put back from an
    older copy), the first sync brings back the runs printed since, before anything is printed again."""
    url, drop = make_central("sqlite", tmp_path)
    try:
        store = make_store("laptop-a")
        event_id = add_event(store)
        assert run_sync(store, target_from(url)).outcome == "ok"
        backup = store.backup_now()
        before = print_signup_sheets(store, event_id, 3)
        record = run_sync(store, target_from(url))
        assert record.outcome == "ok" and record.details["received"]["print_runs"] == 0  # it holds them already
        store.close()
        restore_backup(backup, store.paths.store)
        store.paths.sheet_marks.unlink()
        store = make_store("laptop-a")
        record = run_sync(store, target_from(url))
        assert record.outcome == "ok" and record.mismatches == 0, record.message
        assert record.details["received"]["print_runs"] == 1
        assert "1 of this laptop's print runs" in " ".join(receipt_lines(record))
        after = print_signup_sheets(store, event_id, 2)
    finally:
        drop()
    assert not {code for code, _qr in before} & {code for code, _qr in after}
    assert [parse_sheet_code(code).number for code, _qr in after] == [4, 5]
