"""``involve central`` and ``involve sync`` from a terminal, as IT and scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run


def _demo(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    assert run(capsys, "--data-dir", str(data), "demo", "--events", "2", "--responses", "40", "--signups", "6",
               "--seed", "3")[0] == 0


def test_central_init_then_sync_then_status(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data, central = tmp_path / "laptop", f"sqlite:///{tmp_path / 'central.db'}"
    _demo(capsys, data)

    code, out, err = run(capsys, "central", "init", central)
    assert code == 0 and "ready for Involve" in out and err == ""
    assert run(capsys, "central", "init", central)[0] == 0  # again: nothing to do, still fine

    code, out, err = run(capsys, "--data-dir", str(data), "sync", "--central", central, "--json")
    receipt = json.loads(out)
    assert code == 0 and receipt["outcome"] == "ok" and receipt["sent"] == receipt["new"] > 40
    assert receipt["mismatches"] == 0 and {c["table"] for c in receipt["counts"]} >= {"responses", "people"}

    code, out, err = run(capsys, "--data-dir", str(data), "sync", "--central", central)
    assert code == 0 and out.splitlines()[0] == "Synced: everything this laptop held was sent to the centre."
    assert "0 rows sent" in out

    code, out, _err = run(capsys, "--data-dir", str(data), "status", "--json")
    status = json.loads(out)
    assert status["pending_rows"] == 0 and status["last_sync"] and status["last_sync_attempt"]["outcome"] == "ok"


def test_sync_failures_are_one_plain_line_and_non_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "laptop"
    _demo(capsys, data)

    code, out, err = run(capsys, "--data-dir", str(data), "sync")
    assert code == 2 and "not connected to your organisation's central service" in err
    assert len(err.strip().splitlines()) == 1

    code, out, err = run(capsys, "--data-dir", str(data), "sync", "--central", "postgresql://u:pw@db.example.nhs.uk/x"
                         "?sslmode=disable")
    assert code == 2 and "must be encrypted" in err and "pw" not in err

    code, out, err = run(capsys, "--data-dir", str(data), "sync", "--central", "postgresql://postgres@127.0.0.1:1/x")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "nothing is answering at 127.0.0.1:1. Check the port" in err

    code, out, err = run(capsys, "--data-dir", str(data), "sync", "--central", f"sqlite:///{tmp_path / 'none.db'}")
    assert code == 1 and "involve central init" in err

    code, _out, err = run(capsys, "--data-dir", str(data), "status", "--json")
    assert json.loads(_out)["last_sync"] is None and json.loads(_out)["last_sync_attempt"]["outcome"] == "failed"


def test_a_withdrawal_recorded_centrally_from_the_command_line(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    from sqlalchemy import select

    from app.store.models import Person
    from app.store.paths import DataPaths
    from app.store.store import Store

    data, central = tmp_path / "laptop", f"sqlite:///{tmp_path / 'central.db'}"
    _demo(capsys, data)
    run(capsys, "central", "init", central)
    run(capsys, "--data-dir", str(data), "sync", "--central", central)
    store = Store.open(DataPaths(data))
    with store.session() as session:
        person_id = session.scalars(select(Person.id).where(Person.status == "active")).first()
    store.close()

    code, out, err = run(capsys, "central", "withdraw", central, person_id)
    assert code == 0 and "Withdrawn at the centre" in out
    assert run(capsys, "central", "withdraw", central, "no-such-person")[0] == 2

    code, out, _err = run(capsys, "--data-dir", str(data), "sync", "--central", central, "--json")
    assert json.loads(out)["received"]["withdrawals"] == 1
    store = Store.open(DataPaths(data))
    with store.session() as session:
        assert session.get(Person, person_id).status == "withdrawn"
    store.close()


def test_publishing_a_survey_checks_it_first(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    central = f"sqlite:///{tmp_path / 'central.db'}"
    run(capsys, "central", "init", central)
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x"', encoding="utf-8")
    code, _out, err = run(capsys, "central", "publish-survey", central, str(bad))
    assert code == 2 and "not valid JSON" in err
    shipped = json.loads((Path(__file__).parents[2] / "resources" / "surveys" / "topics.json").read_text("utf-8"))
    code, out, _err = run(capsys, "central", "publish-survey", central, str(_survey_file(tmp_path, shipped)))
    assert code == 0 and "nothing changed" in out, "the shipped version, as shipped, is what laptops have"
    newer = shipped | {"version": shipped["version"] + 1,
                       "title": {"en": "Topics this year", "pl": "Tematy w tym roku"}}
    code, out, _err = run(capsys, "central", "publish-survey", central, str(_survey_file(tmp_path, newer)))
    assert code == 0 and f"Published survey topics version {newer['version']}" in out
    code, out, _err = run(capsys, "central", "publish-survey", central, str(_survey_file(tmp_path, newer)))
    assert code == 0 and "nothing changed" in out
    reused = newer | {"title": {"en": "Other words, same version", "pl": "Inne słowa"}}
    code, _out, err = run(capsys, "central", "publish-survey", central, str(_survey_file(tmp_path, reused)))
    assert code == 2 and "higher version" in err


def _survey_file(folder: Path, definition: dict) -> Path:
    path = folder / f"survey-{definition['version']}-{len(json.dumps(definition))}.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    return path
