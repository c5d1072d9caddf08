"""``involve person list`` and ``involve person edit``, as a script or IT would use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from app.core.signups import ConsentMethod, validate_signup
from app.store import people
from app.store.paths import DataPaths
from app.store.store import Store
from tests.cli.test_cli import run, snapshot

ANN = {"name": "Ann Smith", "email": "ann@example.org", "phone": "07911 123456", "postcode": "ME14 1XX",
       "interests": ["newsletter"], "contact_method": "email"}


def with_people(data: Path, *signups: dict) -> list[str]:
    store = Store.open(DataPaths(data))
    try:
        with store.session() as session:
            return [people.save_signup(session, store.device_id, validate_signup(values),
                                       people.ConsentGiven("privacy-notice", 1, ConsentMethod.KIOSK)).id
                    for values in signups]
    finally:
        store.close()


def consent_rows(data: Path) -> list[tuple]:
    store = Store.open(DataPaths(data))
    try:
        with store.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text("SELECT * FROM consents ORDER BY id"))]
    finally:
        store.close()


def test_person_edit_corrects_details_keeps_consents_and_points_out_a_duplicate(capsys, tmp_path: Path) -> None:
    data = str(tmp_path)
    ann, bob = with_people(tmp_path, ANN, {**ANN, "name": "Bob Jones", "email": "bob@example.org", "phone": "",
                                           "postcode": ""})
    before = consent_rows(tmp_path)
    code, out, err = run(capsys, "--data-dir", data, "person", "edit", bob[:8], "--email", "ANN@example.org",
                         "--phone", "07400 123456", "--contact-by", "text", "--json")
    assert code == 0, err
    edited = json.loads(out)
    assert (edited["id"], edited["email"], edited["phone"], edited["contact_method"], edited["name"]) == (
        bob, "ANN@example.org", "+447400123456", "text", "Bob Jones")
    assert edited["version"] > 1 and edited["possible_duplicate"] and edited["same_as"] == [ann]
    assert consent_rows(tmp_path) == before
    code, out, err = run(capsys, "--data-dir", data, "person", "list", "--duplicates", "--json")
    assert code == 0, err
    assert {p["id"] for p in json.loads(out)} == {ann, bob}
    code, out, err = run(capsys, "--data-dir", data, "person", "edit", bob, "--email", "bob@example.org")
    assert code == 0, err
    assert out.startswith("Saved Bob Jones's details. Their consent records are unchanged.")
    assert "Possibly the same person" not in out


@pytest.mark.parametrize("args, message", [
    (("--phone", "123"), "--phone: That phone number is not complete"),
    (("--email", "not an address"), "--email: That does not look like an email address"),
    (("--email", "", "--phone", ""), "--email: Give an email address or a phone number"),
    (("--name", ""), "--name: Please give a name."),
    (("--interests", "ppg"), "--practice: Choose the GP practice"),
    (("--practice", "G82001"), "No GP practice on the list has the code G82001"),
    (("--interests", "bingo"), "--interests: 'bingo' is not one of the ways"),
    ((), "say what to change"),
])
def test_bad_edits_are_one_line_exit_2_and_change_nothing(capsys, tmp_path: Path, args, message) -> None:
    [ann] = with_people(tmp_path, ANN)
    files = snapshot(tmp_path)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "person", "edit", ann, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err, err
    assert err.startswith("involve person edit: ")
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if k.endswith(".db")} == {k: v for k, v in files.items() if
                                                                       k.endswith(".db")}


def test_withdrawn_erased_and_unknown_people_are_refused_plainly(capsys, tmp_path: Path) -> None:
    withdrawn, erased = with_people(tmp_path, ANN, {**ANN, "name": "Bob Jones", "email": "bob@example.org",
                                                    "phone": ""})
    store = Store.open(DataPaths(tmp_path))
    with store.session() as session:
        people.withdraw_consent(session, withdrawn)
        people.erase_person(session, erased)
    store.close()
    for ref, words in ((withdrawn, "Ann Smith withdrew their consent, so their details cannot be changed"),
                       (erased, "This person's details were erased"),
                       ("00000000", "No one has an id starting '00000000'"),
                       ("ab", "Give at least")):
        code, out, err = run(capsys, "--data-dir", str(tmp_path), "person", "edit", ref, "--name", "New Name")
        assert (code, out) == (2, "") and words in err and err.count("\n") == 1, err


def test_person_remove_row_takes_back_a_typed_in_row_with_a_reason(capsys, tmp_path: Path) -> None:
    from app.core.events import validate_event
    from app.core.sheet_codes import SheetKind, format_code, parse_sheet_code
    from app.core.transcription import parse_signup_row
    from app.store import events, paper

    store = Store.open(DataPaths(tmp_path))
    try:
        with store.session() as session:
            event_id = events.add_event(session, store.device_id, validate_event(
                {"name": "Market stall", "kind": "outreach-stall", "event_date": "2026-11-28"})).id
            sheet = format_code(SheetKind.SIGNUP, event_id, 1)
            bob = paper.enter_signup_row(session, store.device_id, event_id, parse_sheet_code(sheet),
                                         parse_signup_row({"row": "3", "name": "Bob Jones", "email": "bob@example.org",
                                                           "ticks": "H", "consent": "Y"}, rows=8),
                                         notice_id="privacy-notice", notice_version=1)
    finally:
        store.close()
    [ann] = with_people(tmp_path, ANN)
    data = str(tmp_path)
    refused = [
        (("--reason", " "), "involve person remove-row: --reason: Give a reason, so others can see why this was "
                            "changed."),
        (("--reason", "Wrong", "--row", f"{sheet}:9"), f"involve person remove-row: --row: Bob Jones was not typed "
                                                       f"in from {sheet}:9; their rows: {sheet}:3."),
        (("--reason", "Wrong"), f"Remove row 3 of sheet {sheet}, typed in as Bob Jones? Add --yes to go ahead "
                                "without being asked."),
    ]
    for options, message in refused:
        code, out, err = run(capsys, "--data-dir", data, "person", "remove-row", bob.id[:8], *options)
        assert (code, out, err.strip()) == (2, "", message)
    code, out, err = run(capsys, "--data-dir", data, "person", "remove-row", ann[:8], "--reason", "Wrong", "--yes")
    assert (code, err.strip()) == (2, "involve person remove-row: Ann Smith was not typed in from a paper sheet. To "
                                      "remove someone who signed up another way, use Erase in the People window.")
    code, out, err = run(capsys, "--data-dir", data, "person", "remove-row", bob.id[:8], "--reason", "Wrong sheet",
                         "--row", f"{sheet.lower()}:3", "--yes")
    assert (code, out.strip()) == (0, f"Removed row 3 of sheet {sheet}: Bob Jones was erased, and the row can be "
                                      "typed in again."), err
    code, out, err = run(capsys, "--data-dir", data, "person", "list", "--json")
    assert [p["name"] for p in json.loads(out)] == ["Ann Smith"]
