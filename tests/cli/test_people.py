"""``involve sheets``, ``involve practice`` and ``involve demo --signups``, as IT or a script would use them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from app.core.sheet_codes import SheetKind, parse_sheet_code, qr_payload
from tests.cli.test_cli import add, run, snapshot


def page_texts(pdf: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


def qr_codes(pdf: Path, page: int) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]


def set_up(capsys, data: Path) -> None:
    """Name the organisation and its privacy contact, as sign-up sheets need."""
    for key, value in (("organisation_name", "Northshire Health Voices"), ("privacy_contact", "0300 123 4567")):
        assert run(capsys, "--data-dir", str(data), "settings", "set", key, value)[0] == 0


def test_sheets_continue_numbering_between_print_runs(capsys, tmp_path: Path) -> None:
    event_id = add(capsys, tmp_path)
    set_up(capsys, tmp_path)
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "sheets", event_id[:8], "--kind", "signup",
                         "--out", str(first), "--copies", "3")
    assert code == 0, err
    assert "Sheets 1 to 3" in out or "sheets 1 to 3" in out
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "sheets", event_id, "--kind", "signup",
                         "--out", str(second), "--copies", "2", "--json")
    assert code == 0, err
    printed = json.loads(out)
    series = printed["series"]
    assert len(series) == 4 and series.isalpha()  # this laptop's part of each code
    assert printed | {"file": ""} == {"file": "", "kind": "signup", "first": 4, "last": 5, "series": series,
                                      "pages": 2}
    texts = page_texts(first) + page_texts(second)
    assert len(texts) == 5
    assert all("Spring health fair" in text and "Town Hall" in text for text in texts)
    assert [re.search(r"Sheet (\d+) of (\d+)", t).groups() for t in texts] == [
        ("1", "3"), ("2", "3"), ("3", "3"), ("4", "5"), ("5", "5")]
    assert qr_codes(second, 0) == [qr_payload(SheetKind.SIGNUP, event_id, 4, series)]


def test_feedback_cards_each_carry_their_own_number(capsys, tmp_path: Path) -> None:
    event_id = add(capsys, tmp_path)
    out_file = tmp_path / "cards.pdf"
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "sheets", event_id, "--kind", "feedback",
                          "--out", str(out_file), "--copies", "6", "--large-print")
    assert code == 0, err
    texts = page_texts(out_file)
    assert "Very good" in texts[0] and "Don't know" in texts[0]
    found = {payload for page in range(len(texts)) for payload in qr_codes(out_file, page)}
    cards = [parse_sheet_code(payload) for payload in found]
    assert {(card.kind, card.event_ref, card.number) for card in cards} == {
        (SheetKind.FEEDBACK, event_id, n) for n in range(1, 7)}
    assert len({card.series for card in cards}) == 1 and cards[0].series  # all printed by this laptop


def test_registers_are_for_ppg_meetings(capsys, tmp_path: Path) -> None:
    event_id = add(capsys, tmp_path)
    out_file = tmp_path / "register.pdf"
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "sheets", event_id, "--kind", "attendance",
                          "--out", str(out_file))
    assert code == 2 and err.count("\n") == 1 and "PPG meetings" in err
    assert not out_file.exists() and not list(tmp_path.glob("*.part"))


def test_a_ppg_meeting_is_added_with_its_practice_code(capsys, tmp_path: Path) -> None:
    data = str(tmp_path)
    code, practice_id, err = run(capsys, "--data-dir", data, "practice", "add", "--name", "Bower Mount",
                                 "--code", "G82001")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", data, "event", "add", "--name", "Bower Mount PPG", "--kind",
                         "ppg-meeting", "--date", "2026-12-01", "--practice", "g82001")
    assert code == 0, err
    event_id = out.strip()
    code, out, _err = run(capsys, "--data-dir", data, "event", "list", "--json")
    assert [e["practice_id"] for e in json.loads(out) if e["id"] == event_id] == [practice_id.strip()]
    code, _out, err = run(capsys, "--data-dir", data, "event", "add", "--name", "PPG", "--kind", "ppg-meeting",
                          "--date", "2026-12-01", "--practice", "G99999")
    assert code == 1 and "No GP practice on the list has the code G99999" in err
    code, _out, err = run(capsys, "--data-dir", data, "event", "add", "--name", "Stall", "--kind", "outreach-stall",
                          "--date", "2026-12-01", "--practice", "G82001")
    assert code == 2 and "--practice is for PPG meetings" in err


def test_a_ppg_register_lists_the_practice_members(capsys, tmp_path: Path) -> None:
    data = str(tmp_path)
    code, practice_id, err = run(capsys, "--data-dir", data, "practice", "add", "--name", "Bower Mount Medical",
                                 "--code", "g82001")
    assert code == 0, err
    code, out, _err = run(capsys, "--data-dir", data, "practice", "list", "--json")
    assert json.loads(out) == [{"id": practice_id.strip(), "name": "Bower Mount Medical", "code": "G82001"}]
    from app.core.events import validate_event
    from app.core.signups import ConsentMethod, validate_signup
    from app.store import events, people
    from app.store.paths import DataPaths
    from app.store.store import Store

    store = Store.open(DataPaths(tmp_path))
    with store.session() as session:
        meeting = events.add_event(session, store.device_id, validate_event(
            {"name": "Bower Mount PPG", "kind": "ppg-meeting", "event_date": "2026-12-02",
             "practice_id": practice_id.strip()}))
        people.save_signup(session, store.device_id, validate_signup(
            {"name": "Łukasz Wróbel", "email": "lw@example.com", "interests": ["ppg"],
             "practice_id": practice_id.strip(), "contact_method": "email"}),
            people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF))
    store.close()
    out_file = tmp_path / "register.pdf"
    code, out, err = run(capsys, "--data-dir", data, "sheets", meeting.id, "--kind", "attendance",
                         "--out", str(out_file), "--copies", "2")
    assert code == 0, err
    texts = page_texts(out_file)
    assert len(texts) == 2 and all("Łukasz Wróbel" in t and "Bower Mount Medical" in t for t in texts)


@pytest.mark.parametrize("args, message", [
    (("--out", "sheets.txt"), ".pdf"),
    (("--out", "missing-folder/sheets.pdf"), "does not exist"),
    (("--out", "sheets.pdf", "--copies", "0"), "--copies"),
    (("--out", "sheets.pdf", "--kind", "poster"), "--kind"),
    (("--out", "folder.pdf"), "could not be written"),
])
def test_bad_sheet_requests_get_one_line_and_change_nothing(capsys, tmp_path: Path, args, message) -> None:
    event_id = add(capsys, tmp_path)
    set_up(capsys, tmp_path)
    (tmp_path / "folder.pdf").mkdir()  # a folder where the file should go
    before = snapshot(tmp_path)
    argv = ["--data-dir", str(tmp_path), "sheets", event_id]
    if "--kind" not in args:
        argv += ["--kind", "signup"]
    argv += [str(tmp_path / a) if a.startswith(("sheets", "missing", "folder")) else a for a in args]
    code, _out, err = run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1 and message in err
    after = snapshot(tmp_path)
    assert {k for k in after if not k.startswith("logs")} == {k for k in before if not k.startswith("logs")}


def test_practice_add_refuses_a_bad_code_before_opening_anything(capsys, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "--data-dir", str(tmp_path / "new"), "practice", "add", "--name", "X",
                          "--code", "123")
    assert code == 2 and err.startswith("involve: --code:") and err.count("\n") == 1
    assert not (tmp_path / "new").exists()


def test_demo_adds_signups_with_consent(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "demo", "--events", "5", "--responses", "20",
                         "--signups", "60", "--seed", "7", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["signups"] == 60 and sum(report["signup_methods"].values()) == 60
    code, out, _err = run(capsys, "--data-dir", str(tmp_path), "status", "--json")
    status = json.loads(out)
    assert status["counts"]["people"] == 60
    assert status["pending_by_table"]["consents"] == 60 and status["pending_by_table"]["people"] == 60
    code, _out, err = run(capsys, "--data-dir", str(tmp_path / "other"), "demo", "--events", "0", "--responses", "0",
                          "--signups", "5")
    assert code == 2 and "--events" in err
