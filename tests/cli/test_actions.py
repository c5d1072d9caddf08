"""``involve actions``: add, list, update, delete and print "you said, we did" from the command line,
and bad input refused in one line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf
import pytest

from tests.cli.test_cli import run


def _event(capsys, data: Path, name: str = "Spring fair", date: str = "2026-04-14") -> str:
    code, out, err = run(capsys, "--data-dir", str(data), "event", "add", "--name", name, "--kind",
                         "community-event", "--date", date, "--venue", "Riverside Centre")
    assert code == 0, err
    return out.strip()


def _listed(capsys, data: Path, *extra: str) -> list[dict]:
    code, out, err = run(capsys, "--data-dir", str(data), "actions", "list", *extra, "--json")
    assert code == 0, err
    return json.loads(out)


def test_add_update_list_delete_and_print(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    fair = _event(capsys, data)
    meeting = _event(capsys, data, "PPG meeting", "2026-06-02")
    code, out, err = run(capsys, "--data-dir", str(data), "actions", "add", fair[:8], "--you-said",
                         "  Phones are busy at 8am ", "--we-will", "Offer call-backs", "--owner", "Sam Jones",
                         "--due", "2020-06-30", "--topic", "gp_access")
    assert code == 0, err
    first = out.strip()
    code, out, err = run(capsys, "--data-dir", str(data), "actions", "add", meeting, "--you-said", "Signs",
                         "--we-will", "Clearer signs")
    assert code == 0, err
    second = out.strip()

    listed = _listed(capsys, data)
    assert [a["id"] for a in listed] == [first, second]
    assert listed[0] | {"version": 1} == listed[0] and listed[0]["you_said"] == "Phones are busy at 8am"
    assert (listed[0]["event"], listed[0]["topic"], listed[0]["owner"], listed[0]["overdue"]) == (
        "Spring fair", "gp_access", "Sam Jones", True)
    code, out, _err = run(capsys, "--data-dir", str(data), "actions", "list", fair)
    assert "Agreed  OVERDUE, was due 2020-06-30  [Spring fair]" in out and "You said: Phones are busy" in out

    code, out, err = run(capsys, "--data-dir", str(data), "actions", "update", first[:8], "--status", "done",
                         "--what-done", "Call-backs since May")
    assert (code, out) == (0, "Saved: Done.\n"), err
    done = _listed(capsys, data, fair)[0]
    assert (done["status"], done["what_done"], done["done_on"]) == ("done", "Call-backs since May",
                                                                     dt.date.today().isoformat())
    assert [a["id"] for a in _listed(capsys, data, "--open")] == [second]

    pdf = tmp_path / "summary.pdf"
    code, out, err = run(capsys, "--data-dir", str(data), "actions", "print", fair[:8], "--out", str(pdf))
    assert code == 0, err
    assert out == f"Wrote {pdf}: 1 action, 1 page.\n"
    text = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
    assert "Spring fair" in text and "Tuesday 14 April 2026, Riverside Centre" in text
    assert "You said: Phones are busy at 8am" in text and "We did: Call-backs since May" in text
    assert "Sam" not in text and "Signs" not in text

    code, out, err = run(capsys, "--data-dir", str(data), "actions", "print", "--from", "2026-06-01", "--to",
                         "2026-06-30", "--out", str(pdf), "--json")
    assert json.loads(out) == {"file": str(pdf), "actions": 1, "pages": 1}
    text = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
    assert "Events from 1 June 2026 to 30 June 2026" in text and "Clearer signs" in text

    code, out, err = run(capsys, "--data-dir", str(data), "actions", "delete", second[:8])
    assert code == 0 and [a["id"] for a in _listed(capsys, data)] == [first]


@pytest.mark.parametrize("args, message", [
    (["add", "abcd1234", "--you-said", " ", "--we-will", "x"],
     "involve actions add: --you-said: Say what people told us"),
    (["add", "abcd1234", "--you-said", "x", "--we-will", "y", "--due", "06/30/2026"],
     "--due: '06/30/2026' is not a real date"),
    (["add", "abcd1234", "--you-said", "x", "--we-will", "y", "--comment", "not an id!"],
     "--comment: 'not an id!' is not an id Involve made."),
    (["add", "abcd1234", "--you-said", "x"], "the following arguments are required: --we-will"),
    (["update", "abcd1234", "--status", "finished"], "invalid choice: 'finished'"),
    (["update", "abcd1234"], "say what to change"),
    (["print", "--out", "x.pdf"], "give an EVENT, or --from and --to"),
    (["print", "abcd1234", "--from", "2026-01-01", "--out", "x.pdf"], "not both"),
    (["print", "--from", "2026-02-01", "--to", "2026-01-01", "--out", "x.pdf"],
     "--from 2026-02-01 is after --to 2026-01-01."),
    (["print", "--from", "2026-13-01", "--out", "x.pdf"], "'2026-13-01' is not a real date"),
    (["print", "abcd1234", "--out", "x.txt"], "--out must name a .pdf file"),
])
def test_bad_input_is_refused_in_one_line_before_the_store_opens(capsys, tmp_path: Path, args: list[str],
                                                                 message: str) -> None:
    data = tmp_path / "data"
    code, _out, err = run(capsys, "--data-dir", str(data), "actions", *args)
    assert code == 2 and message in err and err.count("\n") == 1, err
    if args[0] != "update":
        assert not data.exists(), "input is checked before the store is opened"


def test_refusals_that_need_the_store(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    fair = _event(capsys, data)
    code, _out, err = run(capsys, "--data-dir", str(data), "actions", "add", fair, "--you-said", "x",
                          "--we-will", "y", "--topic", "parking")
    assert code == 2 and "--topic: 'parking' is not one of the feedback topics; choose one of gp_access" in err
    code, _out, err = run(capsys, "--data-dir", str(data), "actions", "add", fair, "--you-said", "x",
                          "--we-will", "y", "--comment", "abcdef12-0000-4000-8000-000000000000")
    assert code == 2 and "--comment: That comment is not one of this event's" in err
    code, _out, err = run(capsys, "--data-dir", str(data), "actions", "update", "ffffffff", "--status", "done")
    assert (code, err) == (1, "involve: No action has an id starting 'ffffffff'.\n")
    code, out, _err = run(capsys, "--data-dir", str(data), "actions", "add", fair, "--you-said", "x",
                          "--we-will", "y")
    code, _out, err = run(capsys, "--data-dir", str(data), "actions", "update", out.strip(), "--status", "done")
    assert code == 2 and "--what-done: Say what was done" in err
    assert _listed(capsys, data)[0]["status"] == "agreed", "nothing was half-saved"


def test_a_done_action_is_reopened_by_changing_its_status(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    fair = _event(capsys, data)
    code, out, err = run(capsys, "--data-dir", str(data), "actions", "add", fair, "--you-said", "No seats",
                         "--we-will", "Add chairs")
    assert code == 0, err
    action = out.strip()
    code, out, err = run(capsys, "--data-dir", str(data), "actions", "update", action[:8], "--status", "done",
                         "--what-done", "Two chairs added")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data), "actions", "update", action[:8], "--status", "in_progress")
    assert (code, out) == (0, "Saved: In progress.\n"), err
    [reopened] = _listed(capsys, data, fair)
    assert (reopened["status"], reopened["done_on"], reopened["what_done"]) == ("in_progress", None,
                                                                              "Two chairs added")
    code, out, err = run(capsys, "--data-dir", str(data), "actions", "update", action[:8], "--status",
                         "not_possible", "--done-on", "2026-04-20")
    code, out, err = run(capsys, "--data-dir", str(data), "actions", "update", action[:8], "--status", "done")
    assert code == 0, err
    assert _listed(capsys, data, fair)[0]["done_on"] == "2026-04-20"  # finished to finished keeps its day
