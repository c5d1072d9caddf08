"""Sheet codes never repeat on one laptop, whatever a restore puts back, and every code staff
type in (or scan) opens its own sheet, including codes printed before laptops had a series."""

from __future__ import annotations

from app.core.sheet_codes import SheetKind, format_code, parse_sheet_code
from app.core.transcription import parse_signup_row
from app.services.paper_entry import open_sheet, save_row
from app.store import paper
from app.store.paths import DataPaths
from app.store.restore import restore_backup
from app.store.store import Store
from tests.paper_helpers import add_event, print_signup_sheets


def _row(number: int, name: str):
    return parse_signup_row({"row": str(number), "name": name, "email": f"{name.split()[0]}@example.org",
                             "ticks": "H", "consent": "Y"}, rows=8)


def test_a_laptop_restored_from_a_backup_made_before_a_print_never_prints_its_codes_again(
        data_paths: DataPaths) -> None:
    store = Store.open(data_paths)
    try:
        event_id = add_event(store)
        backup = store.backup_now()  # before any sheet was printed
        before = print_signup_sheets(store, event_id, 3)
    finally:
        store.close()
    restore_backup(backup, data_paths.store)
    store = Store.open(data_paths)
    try:
        with store.session() as session:  # the store itself went back to before the print
            assert paper.printed_up_to(session, event_id, SheetKind.SIGNUP) == 0
        after = print_signup_sheets(store, event_id, 2)
    finally:
        store.close()
    assert not {code for code, _qr in before} & {code for code, _qr in after}
    assert not {qr for _code, qr in before} & {qr for _code, qr in after}
    assert [parse_sheet_code(code).number for code, _qr in after] == [4, 5]


def test_old_and_new_codes_typed_or_scanned_each_open_their_own_sheet(store: Store) -> None:
    event_id = add_event(store)
    old = format_code(SheetKind.SIGNUP, event_id, 1)  # as printed before laptops had a series
    save_row(store, event_id, parse_sheet_code(old), _row(2, "Ann Smith"), organisation="Team",
             contact="team@example.org")

    [(new, scanned)] = print_signup_sheets(store, event_id, 1)
    assert new != old
    assert parse_sheet_code(scanned).text == new  # the QR code holds the same facts as the printed code

    typed_old = open_sheet(store, event_id, parse_sheet_code(old.lower().replace("-", " ")))
    assert (typed_old.text, typed_old.entered) == (old, (2,))
    for typed in (new, new.lower(), new.replace("-", ""), scanned):
        opened = open_sheet(store, event_id, parse_sheet_code(typed))
        assert (opened.text, opened.entered) == (new, ()), typed

    saved = save_row(store, event_id, parse_sheet_code(scanned), _row(2, "Bilal Khan"), organisation="Team",
                     contact="team@example.org")
    assert (saved.sheet.text, saved.sheet.entered) == (new, (2,))
    assert sorted((p.code, p.rows_entered) for p in saved.progress.signup) == sorted([(old, 1), (new, 1)])
