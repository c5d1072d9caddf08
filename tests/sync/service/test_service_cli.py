"""The data team's ``involve central device|audit|serve`` and the laptop's ``involve enrol``, from a terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.enrolment import enrolment_payload
from tests.cli.test_cli import run
from tests.sync.conftest import make_central
from tests.sync.service_process import start_service


@pytest.fixture
def sqlite_service(tmp_path: Path):
    url, _drop = make_central("sqlite", tmp_path)
    running = start_service(url, tmp_path)
    yield running
    running.stop()


def _add(capsys, service, name: str, tmp_path: Path) -> dict:
    code, out, err = run(capsys, "central", "device", "add", "--db", service.db_url, "--name", name,
                         "--service", service.url, "--organisation", "Example ICB",
                         "--sheet", str(tmp_path / f"{name}.pdf"), "--json")
    assert code == 0, err
    return json.loads(out)


def test_enrol_sync_revoke_as_the_data_team_and_staff_do_it(capsys, tmp_path: Path, sqlite_service,
                                                            monkeypatch) -> None:
    service, data = sqlite_service, tmp_path / "laptop"
    assert run(capsys, "--data-dir", str(data), "demo", "--events", "1", "--responses", "12", "--signups", "3")[0] == 0
    added = _add(capsys, service, "Outreach laptop 1", tmp_path)
    assert len(added["code"]) == 19 and added["service"] == service.url
    sheet = "\n".join(page.extract_text() for page in PdfReader(added["sheet"]).pages)
    assert added["code"] in sheet and "Outreach laptop 1" in sheet and "Example ICB" in sheet

    # Without a keyring the code is not spent on a credential that could not be kept.
    code, out, err = run(capsys, "--data-dir", str(data), "enrol", service.url, added["code"])
    assert code == 1 and "The code was not used" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO(added["code"] + "\n"))
    code, token, err = run(capsys, "--data-dir", str(data), "enrol", service.url, "-", "--print-token")
    assert code == 0 and token.strip().startswith("inv1_"), err
    monkeypatch.setenv("INVOLVE_DEVICE_TOKEN", token.strip())

    code, out, err = run(capsys, "--data-dir", str(data), "sync")
    assert code == 0 and out.startswith("Synced: everything"), err
    code, out, _err = run(capsys, "--data-dir", str(data), "status")
    assert f"Central service:        {service.url}" in out

    code, out, _err = run(capsys, "central", "device", "list", "--db", service.db_url, "--json")
    listed = json.loads(out)
    assert [(d["name"], d["state"]) for d in listed] == [("Outreach laptop 1", "enrolled")]
    code, out, err = run(capsys, "central", "device", "revoke", "--db", service.db_url, listed[0]["id"][:6])
    assert code == 0 and "Access withdrawn for 'Outreach laptop 1'" in out

    code, out, err = run(capsys, "--data-dir", str(data), "sync")
    assert code == 1 and err.startswith("involve: Your organisation has withdrawn this laptop's access")
    code, out, _err = run(capsys, "central", "audit", "--db", service.db_url, "--json")
    actions = [entry["action"] for entry in json.loads(out)]
    assert actions[:2] == ["device-add", "enrol"] and "sync" in actions and actions[-1] == "revoke"
    assert token.strip() not in out and added["code"] not in out


def test_the_code_pasted_from_the_qr_code_enrols_too(capsys, tmp_path: Path, sqlite_service, monkeypatch) -> None:
    service, data = sqlite_service, tmp_path / "laptop"
    added = _add(capsys, service, "Stall laptop", tmp_path)
    code, token, err = run(capsys, "--data-dir", str(data), "enrol", "ignored.example",
                           enrolment_payload(service.url, added["code"]), "--print-token")
    assert code == 0 and token.startswith("inv1_"), err


@pytest.mark.parametrize(("args", "message"), [
    (["central", "serve", "--db", "postgresql://u:secret@db.example.nhs.uk/involve"], "not in the address"),
    (["central", "serve", "--db", "sqlite:///x.db", "--listen", "nowhere"], "--listen must be HOST:PORT"),
    (["central", "serve", "--db", "sqlite:///x.db", "--certfile", "c.pem"], "both --certfile and --keyfile"),
    (["central", "device", "add", "--db", "sqlite:///x.db", "--name", "  "], "Give the laptop a name"),
    (["central", "device", "add", "--db", "sqlite:///x.db", "--name", "L", "--sheet", "x.txt"], "must be a .pdf"),
    (["enrol", "http://db.example.nhs.uk", "ABCD"], "must be reached over https"),
    (["enrol", "https://user:pw@db.example.nhs.uk", "ABCD"], "must not hold a name, password"),
])
def test_bad_input_is_one_plain_line(capsys, tmp_path: Path, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "d"), *args)
    assert code in (1, 2) and message in err and len(err.strip().splitlines()) == 1, err
    assert "secret" not in err and "Traceback" not in err


def test_device_commands_need_a_set_up_centre(capsys, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "central", "device", "list", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert code == 2 and "involve central init" in err
