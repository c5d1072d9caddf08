"""``involve responses list`` and ``involve responses delete``: an event's feedback listed with
filters, one response deleted with a reason after asking, and bad input refused in one line."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

import pytest

from app.core.responses import ResponseMode
from app.store.corrections import get_response
from app.store.paths import DataPaths
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library
from tests.cli.test_cli import run


def _event(capsys, data: Path) -> str:
    code, out, err = run(capsys, "--data-dir", str(data), "event", "add", "--name", "Spring fair", "--kind",
                         "community-event", "--date", "2026-04-14")
    assert code == 0, err
    return out.strip()


def _give(data: Path, event_id: str, rating: str, mode: ResponseMode, comment: str) -> str:
    fft = load_library().surveys["fft"]
    rid = str(uuid.uuid4())
    store = Store.open(DataPaths(data))
    try:
        with store.session() as session:
            submit_response(session, response_id=rid, device_id=store.device_id, event_id=event_id,
                            surveys={"fft": fft}, answers={"fft": {"fft_rating": rating, "fft_comment": comment}},
                            mode=mode, language="en")
    finally:
        store.close()
    return rid


def _listed(capsys, data: Path, *extra: str) -> list[dict]:
    code, out, err = run(capsys, "--data-dir", str(data), "responses", "list", *extra, "--json")
    assert code == 0, err
    return json.loads(out)


def _deleted(data: Path, rid: str) -> tuple[bool, str]:
    store = Store.open(DataPaths(data))
    try:
        with store.session() as session:
            view = get_response(session, rid)
            return view.deleted, view.deleted_reason
    finally:
        store.close()


def test_list_filter_and_delete_with_a_reason(capsys, tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    fair = _event(capsys, data)
    kiosk = _give(data, fair, "very_good", ResponseMode.KIOSK, "Kind staff")
    staff = _give(data, fair, "poor", ResponseMode.STAFF, "Typed at the wrong event")

    assert {r["id"] for r in _listed(capsys, data, fair[:8])} == {kiosk, staff}
    assert [r["id"] for r in _listed(capsys, data, fair, "--mode", "staff")] == [staff]
    assert [r["id"] for r in _listed(capsys, data, fair, "--rating", "very_good")] == [kiosk]
    assert [r["comment"] for r in _listed(capsys, data, fair, "--search", "KIND")] == ["Kind staff"]
    code, out, _err = run(capsys, "--data-dir", str(data), "responses", "list", fair)
    assert code == 0 and "2 responses to Spring fair:" in out and "Kind staff" in out
    assert f"{staff[:8]}" in out and "Recorded by staff  Poor" in out and "Kiosk  Very good" in out

    # Asked first; "no" changes nothing.
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    code, out, err = run(capsys, "--data-dir", str(data), "responses", "delete", staff[:8], "--reason", "Wrong event")
    assert (code, err.strip()) == (2, "Nothing was changed.") and "Delete response" in out
    assert _deleted(data, staff) == (False, "")
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    code, out, err = run(capsys, "--data-dir", str(data), "responses", "delete", staff[:8], "--reason", "Wrong event")
    assert code == 0, err
    assert f"Deleted response {staff[:8]}" in out
    assert _deleted(data, staff) == (True, "Wrong event")

    assert [r["id"] for r in _listed(capsys, data, fair)] == [kiosk]
    shown = _listed(capsys, data, fair, "--deleted")
    assert {r["id"] for r in shown} == {kiosk, staff} and [r["deleted_at"] is not None for r in shown].count(True) == 1


@pytest.mark.parametrize(("args", "says"), [
    (("responses", "list", "zzzzzzzz"), "No event has an id starting 'zzzzzzzz'."),
    (("responses", "list", "EVENT", "--rating", "brilliant"), "invalid choice"),
    (("responses", "delete", "RESPONSE", "--reason", "   "), "--reason: Give a reason"),
    (("responses", "delete", "RESPONSE"), "--reason"),
    (("responses", "delete", "ffffffff", "--reason", "Wrong", "--yes"), "No response has an id starting 'ffffffff'."),
    (("responses", "delete", "RESPONSE", "--reason", "Wrong"), "Add --yes to go ahead without being asked."),
])
def test_bad_input_is_refused_in_one_line_and_changes_nothing(capsys, tmp_path: Path, args, says) -> None:
    data = tmp_path / "data"
    fair = _event(capsys, data)
    rid = _give(data, fair, "good", ResponseMode.STAFF, "Keep me")
    args = tuple(fair if a == "EVENT" else rid[:8] if a == "RESPONSE" else a for a in args)
    code, out, err = run(capsys, "--data-dir", str(data), *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and says in err and "Traceback" not in err
    assert _deleted(data, rid) == (False, "")


def test_a_response_already_deleted_is_refused(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    fair = _event(capsys, data)
    rid = _give(data, fair, "good", ResponseMode.KIOSK, "")
    assert run(capsys, "--data-dir", str(data), "responses", "delete", rid, "--reason", "Test press", "--yes")[0] == 0
    code, _out, err = run(capsys, "--data-dir", str(data), "responses", "delete", rid, "--reason", "Again", "--yes")
    assert code == 2 and "has already been deleted" in err
    assert _deleted(data, rid) == (True, "Test press")
