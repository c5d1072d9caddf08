"""``involve programme`` and ``involve evidence`` from the command line: add, edit, link, show,
list and remove programmes; write the evidence pack; bad input refused in one line with nothing
written."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.store.paths import DataPaths
from app.store.store import Store
from tests.cli.test_cli import run, snapshot
from tests.documents_helpers import page_texts
from tests.evidence_world import build_world


def _ok(capsys, data: Path, *args: str) -> str:
    code, out, err = run(capsys, "--data-dir", str(data), *args)
    assert code == 0, err
    return out


def test_a_programme_from_start_to_finish(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    fair = _ok(capsys, data, "event", "add", "--name", "Spring fair", "--kind", "community-event", "--date",
               "2026-04-14").strip()
    action = _ok(capsys, data, "actions", "add", fair, "--you-said", "Parking is hard", "--we-will",
                 "More spaces").strip()
    pid = _ok(capsys, data, "programme", "add", "--name", "Estates review", "--decision", "Where parking goes",
              "--duty", "yes", "--duty-notes", "A change to access", "--start", "2026-04-01", "--end",
              "2027-03-31").strip()
    assert len(pid) == 36
    assert _ok(capsys, data, "programme", "link", pid[:8], "--event", fair[:8]) == (
        "Linked to Estates review: Spring fair\n")
    _ok(capsys, data, "programme", "link", pid[:8], "--action", action[:8])
    _ok(capsys, data, "programme", "link", pid[:8], "--event", fair)  # again: still one link
    assert _ok(capsys, data, "programme", "edit", pid[:8], "--what-changed", "Ten more spaces", "--feedback",
               "A letter to all") == "Saved: Estates review.\n"

    shown = json.loads(_ok(capsys, data, "programme", "show", pid[:8], "--json"))
    assert (shown["duty"], shown["what_changed"], shown["feedback_given"], shown["decision"]) == (
        "yes", "Ten more spaces", "A letter to all", "Where parking goes")
    assert [e["event_id"] for e in shown["linked_events"]] == [fair]
    assert [(a["action_id"], a["status"]) for a in shown["linked_actions"]] == [(action, "agreed")]
    text = _ok(capsys, data, "programme", "show", pid[:8])
    assert "What changed: Ten more spaces" in text and "Duty: The duty applied" in text
    assert f"Event: {fair[:8]}  2026-04-14  Spring fair" in text
    assert "Reach: 1 event, 0 responses, 0 sign-ups; 0 activities, 0 hours." in text

    listed = json.loads(_ok(capsys, data, "programme", "list", "--json"))
    assert [(p["name"], p["events"], p["actions"]) for p in listed] == [("Estates review", 1, 1)]
    text = _ok(capsys, data, "programme", "list")
    assert "1 Apr 2026 to 31 Mar 2027" in text and "1 event and 1 action linked" in text

    assert _ok(capsys, data, "programme", "unlink", pid[:8], "--event", fair[:8]) == "Unlinked.\n"
    code, _out, err = run(capsys, "--data-dir", str(data), "programme", "unlink", pid[:8], "--event", fair[:8])
    assert code == 1 and "not linked" in err
    assert _ok(capsys, data, "programme", "remove", pid[:8]) == "Removed: Estates review.\n"
    assert "No programmes yet" in _ok(capsys, data, "programme", "list")


@pytest.mark.parametrize(("args", "words"), [
    (["programme", "add", "--name", "  "], "--name: Give the programme or decision a name."),
    (["programme", "add", "--name", "X", "--start", "2026-05-02", "--end", "2026-05-01"],
     "--end: The end date is before the start date"),
    (["programme", "add", "--name", "X", "--start", "2026-02-30"], "--start: '2026-02-30' is not a real date"),
    (["programme", "add", "--name", "X", "--duty", "maybe"], "invalid choice"),
    (["programme", "link", "abcd"], "one of the arguments --event --action is required"),
    (["evidence", "--from", "2027-03-31", "--to", "2026-04-01", "--out", "x.pdf"],
     "--from 2027-03-31 is after --to 2026-04-01."),
    (["evidence", "--from", "2026-13-01", "--to", "2027-03-31", "--out", "x.pdf"], "is not a real date"),
    (["evidence", "--from", "2026-04-01", "--to", "2027-03-31", "--out", "x.docx"], ".pdf or .xlsx"),
    (["evidence", "--from", "2026-04-01", "--to", "2027-03-31", "--out", "nowhere/x.pdf"], "does not exist"),
])
def test_bad_input_is_one_line_and_nothing_is_written(capsys, tmp_path: Path, monkeypatch, args: list[str],
                                                      words: str) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "--data-dir", str(data), *args)
    assert code == 2 and out == ""
    assert words in err and err.count("\n") == 1, err
    assert snapshot(tmp_path) == before


def test_the_evidence_pack_as_pdf_and_xlsx(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from app.services import evidence_pack

    monkeypatch.setattr(evidence_pack, "today", lambda: dt.date(2027, 4, 20))  # the year is over
    data = tmp_path / "data"
    store = Store.open(DataPaths(data))
    try:
        build_world(store)
    finally:
        store.close()
    pdf, xlsx = tmp_path / "pack.pdf", tmp_path / "pack.xlsx"
    out = _ok(capsys, data, "evidence", "--from", "2026-04-01", "--to", "2027-03-31", "--out", str(pdf))
    assert out.startswith(f"Wrote {pdf}: ") and out.endswith(" pages.\n")
    text = " ".join(page_texts(pdf.read_bytes()))
    assert "held 2 engagement events, with 9 pieces of feedback and 2 sign-ups" in text
    assert "Co-produce 2 <5 3.5" in text
    summary = json.loads(_ok(capsys, data, "evidence", "--from", "2026-04-01", "--to", "2027-03-31", "--out",
                             str(xlsx), "--json"))
    assert (summary["sheets"], summary["events"], summary["responses"], summary["hours"], summary["members"],
            summary["actions_done"], summary["programmes_duty_applied"]) == (7, 2, 9, 10.0, 7, 1, 2)
    assert (summary["people_involved"], summary["attendances"], summary["events_planned"]) == (6, 0, 0)

    monkeypatch.setattr(evidence_pack, "today", lambda: dt.date(2026, 12, 5))  # part-way through the year
    summary = json.loads(_ok(capsys, data, "evidence", "--from", "2026-04-01", "--to", "2027-03-31", "--out",
                             str(xlsx), "--json"))
    assert (summary["held_to"], summary["events"], summary["events_planned"]) == ("2026-12-05", 1, 1)
    assert summary["levels"] == {"Inform": 1, "Consult": 6, "Involve": 0, "Collaborate": 0, "Co-produce": 2}
    assert openpyxl.load_workbook(xlsx)["Hours"]["D5"].value == 10
