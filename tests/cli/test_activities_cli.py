"""``involve activity`` and ``involve claim``: log, list with totals, claim, export for finance, and
bad input refused in one line with nothing saved."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from app.core.signups import ConsentMethod, validate_signup
from app.store import people
from app.store.paths import DataPaths
from app.store.store import Store
from tests.cli.test_cli import run


def _member(data: Path, name: str = "Ann Smith", withdrawn: bool = False) -> str:
    store = Store.open(DataPaths(data))
    try:
        with store.session() as s:
            person = people.save_signup(s, store.device_id, validate_signup(
                {"name": name, "email": "ann@example.org", "phone": "", "postcode": "", "interests": ["newsletter"],
                 "contact_method": "email", "access_needs": ""}), people.ConsentGiven("privacy-notice", 1,
                                                                                      ConsentMethod.STAFF))
            if withdrawn:
                people.withdraw_consent(s, person.id)
            return person.id
    finally:
        store.close()


def _listed(capsys, data: Path, *extra: str) -> dict:
    code, out, err = run(capsys, "--data-dir", str(data), "activity", "list", *extra, "--json")
    assert code == 0, err
    return json.loads(out)


def test_log_list_claim_and_export(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ann = _member(data)
    code, out, err = run(capsys, "--data-dir", str(data), "activity", "add", "--person", ann[:8], "--kind", "panel",
                         "--title", "Urgent care panel", "--date", "2026-03-10", "--hours", "1:30", "--role",
                         "Panel member", "--level", "collaborate")
    assert code == 0, err
    panel = out.strip()
    code, out, err = run(capsys, "--data-dir", str(data), "activity", "add", "--person", ann, "--kind",
                         "reading-group", "--title", "Leaflets", "--date", "2026-04-02", "--hours", "45m")
    assert code == 0, err
    listed = _listed(capsys, data, "--person", ann[:8])
    assert [a["title"] for a in listed["activities"]] == ["Leaflets", "Urgent care panel"]
    assert listed["activities"][1]["level"] == "collaborate" and listed["activities"][0]["level"] == "involve"
    assert listed["totals"]["minutes"] == 135 and listed["totals"]["count"] == 2
    assert [a["title"] for a in _listed(capsys, data, "--from", "2026-04-01", "--to", "2026-04-30")[
        "activities"]] == ["Leaflets"]
    code, out, err = run(capsys, "--data-dir", str(data), "activity", "list")
    assert code == 0 and "2 activities, 2.25 hours in all." in out

    code, out, err = run(capsys, "--data-dir", str(data), "claim", "add", "--person", ann[:8], "--kind", "payment",
                         "--amount", "£75", "--date", "2026-03-10", "--role-level", "4", "--activity", panel[:8])
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "add", "--person", ann[:8], "--kind", "expense",
                         "--amount", "4.20", "--date", "2026-03-10", "--description", "=bus fare")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "list", "--json")
    claims = json.loads(out)
    assert sorted((c["amount"], c["activity"], c["status"]) for c in claims) == [
        ("£4.20", "", "claimed"), ("£75.00", "Urgent care panel", "claimed")]

    out_file = tmp_path / "claims.csv"
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "export", "--out", str(out_file))
    assert code == 0, err  # finance pays only what staff approved: nothing yet, so no file
    assert out.strip() == "No approved claims are waiting to be sent to finance, so no file was written."
    assert not out_file.exists()
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "list", "--json")
    assert not any(c["exported_at"] for c in json.loads(out))
    for claim in claims:
        code, out, err = run(capsys, "--data-dir", str(data), "claim", "approve", claim["id"][:8])
        assert code == 0 and "Approved" in out, err
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "add", "--person", ann[:8], "--kind", "expense",
                         "--amount", "3", "--date", "2026-03-11", "--description", "Parking")
    waiting = out.strip()

    code, out, err = run(capsys, "--data-dir", str(data), "claim", "export", "--out", str(out_file))
    assert code == 0, err
    assert "Wrote 2 claims (£79.20)" in out
    assert os.stat(out_file).st_mode & 0o777 == 0o600
    written = out_file.read_bytes()
    rows = list(csv.reader(written.decode("utf-8-sig").splitlines()))
    assert len(rows) == 3 and "'=bus fare" in rows[2]
    assert sorted(row[8] for row in rows[1:]) == ["4.20", "75.00"]  # money as money, both places
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "export", "--all", "--out", str(out_file))
    assert code == 2 and "already exists" in err and "--yes" in err  # never replaced unasked
    assert out_file.read_bytes() == written
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "export", "--out", str(tmp_path / "again.xlsx"))
    assert code == 0 and out.strip() == ("No approved claims are waiting to be sent to finance, so no file was "
                                         "written.")  # each claim goes to finance once...
    assert not (tmp_path / "again.xlsx").exists()
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "export", "--all", "--yes", "--out",
                         str(out_file))
    assert code == 0 and "Wrote 2 claims" in out  # ...unless all are asked for
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "list", "--json")
    sent = {c["id"]: bool(c["exported_at"]) for c in json.loads(out)}
    assert sent.pop(waiting) is False and all(sent.values())  # the one awaiting approval stays unsent


@pytest.mark.parametrize(("args", "message"), [
    (["activity", "add", "--kind", "panel", "--title", "", "--date", "2099-01-01", "--hours", "30"],
     "--title: Say what it was"),
    (["activity", "add", "--kind", "panel", "--title", "P", "--date", "2026-01-01", "--hours", "ages"],
     "--hours: 'ages' is not a length of time"),
    (["activity", "add", "--kind", "picnic", "--title", "P", "--date", "2026-01-01"], "invalid choice"),
    (["claim", "add", "--kind", "payment", "--amount", "lots", "--date", "2026-01-01"],
     "--amount: 'lots' is not an amount of money"),
    (["claim", "add", "--kind", "payment", "--amount", "75", "--date", "2026-01-01"], "--role-level: Say the role"),
])
def test_bad_input_is_one_line_and_nothing_is_saved(capsys, tmp_path: Path, args: list[str], message: str) -> None:
    data = tmp_path / "data"
    ann = _member(data)
    code, out, err = run(capsys, "--data-dir", str(data), *args[:2], "--person", ann, *args[2:])
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert _listed(capsys, data)["totals"]["count"] == 0
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "list", "--json")
    assert json.loads(out) == []


def test_nothing_is_logged_for_someone_who_withdrew(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    bob = _member(data, "Bob Jones", withdrawn=True)
    code, out, err = run(capsys, "--data-dir", str(data), "activity", "add", "--person", bob, "--kind", "panel",
                         "--title", "Panel", "--date", "2026-01-01")
    assert code == 1 and err.strip() == ("involve: Bob Jones withdrew their consent, so nothing new can be logged "
                                         "for them.")


def test_an_export_to_a_file_that_is_not_csv_or_xlsx_is_refused(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "data"), "claim", "export", "--out",
                         str(tmp_path / "claims.pdf"))
    assert code == 2 and "must end .csv or .xlsx" in err and not (tmp_path / "data").exists()


def test_claims_are_listed_and_exported_for_the_days_asked(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ann = _member(data)
    for day, amount in (("2026-02-27", "3.10"), ("2026-03-01", "4.20"), ("2026-03-31", "5.30"), ("2026-04-01", "6")):
        code, out, err = run(capsys, "--data-dir", str(data), "claim", "add", "--person", ann, "--kind", "expense",
                             "--amount", amount, "--date", day, "--description", "Bus fare")
        assert code == 0, err
        code, out, err = run(capsys, "--data-dir", str(data), "claim", "approve", out.strip())
        assert code == 0, err
    march = ("--from", "2026-03-01", "--to", "2026-03-31")
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "list", *march, "--json")
    assert code == 0, err
    assert sorted(c["amount"] for c in json.loads(out)) == ["£4.20", "£5.30"]
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "list", "--from", "2026-04-01")
    assert code == 0 and "£6.00" in out and "£5.30" not in out
    code, out, err = run(capsys, "--data-dir", str(data), "claim", "export", *march, "--out",
                         str(tmp_path / "march.csv"))
    assert code == 0 and "Wrote 2 claims (£9.50)" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2026-03-31", "--to", "2026-03-01"], "involve claim list: --from 2026-03-31 is after --to 2026-03-01."),
    (["--from", "0026-03-01"], "involve claim list: --from: 0026-03-01 is not a date Involve can use"),
    (["--to", "2026-02-30"], "involve claim list: --to: '2026-02-30' is not a real date"),
])
def test_claims_listed_for_bad_days_are_refused_in_one_line(capsys, tmp_path: Path, args: list[str],
                                                             message: str) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "data"), "claim", "list", *args)
    assert code == 2 and err.startswith(message) and len(err.strip().splitlines()) == 1 and out == ""


def test_the_rates_are_shown(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "data"), "claim", "rates")
    assert code == 0 and "£150.00" in out and "expenses only" in out
