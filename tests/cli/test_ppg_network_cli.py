"""``involve ppg-network``: each practice's PPG figures as a table or JSON, for a period; bad dates
refused in one line, exit 2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.signups import ConsentMethod, validate_signup
from app.store.actions import add_action
from app.store.attendance import add_guest, record_group_issue, set_present
from app.store.events import add_event
from app.store.paths import DataPaths
from app.store.people import ConsentGiven, save_signup, withdraw_consent
from app.store.practices import list_practices, save_practice
from app.store.store import Store
from tests.cli.test_cli import run


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    store = Store.open(DataPaths(folder))
    d = store.device_id
    try:
        with store.session() as s:
            larkspur = save_practice(s, d, validate_practice("Larkspur Surgery", "G82001")).id
            save_practice(s, d, validate_practice("Hill Street Medical Centre with a very long name indeed", "G82002"))
            people = [save_signup(s, d, validate_signup(
                {"name": name, "email": f"{name.lower()}@example.org", "interests": ["ppg"], "practice_id": larkspur,
                 "contact_method": "email"}), ConsentGiven("privacy", 1, ConsentMethod.STAFF)).id
                for name in ("Ann", "Bob", "Gail")]
            march = add_event(s, d, validate_event({"name": "PPG", "kind": "ppg-meeting", "event_date": "2026-03-10",
                                                    "practice_id": larkspur})).id
            may = add_event(s, d, validate_event({"name": "PPG", "kind": "ppg-meeting", "event_date": "2026-05-12",
                                                  "practice_id": larkspur})).id
        with store.session() as s:
            for person in people:
                set_present(s, d, march, person, True)
            add_guest(s, d, may, "Visitor")
            issue = record_group_issue(s, d, march, "Parking")
            record_group_issue(s, d, may, "Phones")
            add_action(s, d, validate_action({"event_id": march, "response_id": issue, "you_said": "Parking",
                                              "we_will": "More bays", "status": "done", "what_done": "Two bays"},
                                             today=dt.date(2026, 6, 1)))
            withdraw_consent(s, people[2])
    finally:
        store.close()
    return folder


def test_the_table_and_json(capsys, data: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(data), "ppg-network")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split("  ")[0].strip() == "Practice" and [w.strip() for w in lines[0].split("  ")[1:] if w] == [
        "Members in Involve", "Meetings held", "Average attended (with register)", "Issues raised", "Issues done",
        "Could not be done", "Last meeting", "Next meeting"]
    assert lines[1].startswith("Hill Street Medical Centre wi… (G82002)") and lines[1].split()[-8:] == [
        "0", "0", "-", "0", "0", "0", "-", "-"]
    assert lines[2].split() == ["Larkspur", "Surgery", "(G82001)", "2", "2", "2.0", "2", "1", "0", "2026-05-12", "-"]
    assert lines[3:] == [
        "2 practices, 1 with a PPG, 2 meetings held.",
        "Members in Involve: people signed up in Involve who asked to join the practice's PPG and have not withdrawn; "
        "guests on a register are not counted.",
        "Average attended: over the meetings with a register taken.",
        "Issues raised: actions agreed at a meeting for an issue raised there, or for the same comment or words, "
        "count as that one issue."]

    code, out, err = run(capsys, "--data-dir", str(data), "ppg-network", "--from", "2026-04-01", "--to",
                         "2026-12-31", "--json")
    assert code == 0, err
    said = json.loads(out)
    assert (said["from"], said["to"]) == ("2026-04-01", "2026-12-31")
    [_hill, lark] = said["practices"]
    assert {k: lark[k] for k in ("code", "members", "meetings", "meetings_with_register", "attended",
                                 "average_attendance", "issues_raised", "issues_done", "issues_could_not_be_done",
                                 "issues_closed", "last_meeting")} == {
        "code": "G82001", "members": 2, "meetings": 1, "meetings_with_register": 1, "attended": 1,
        "average_attendance": 1.0, "issues_raised": 1, "issues_done": 0, "issues_could_not_be_done": 0,
        "issues_closed": 0, "last_meeting": "2026-05-12"}


def test_a_meeting_with_no_register_is_said_to_be_left_out_of_the_average(capsys, data: Path) -> None:
    store = Store.open(DataPaths(data))
    try:
        with store.session() as s:
            [practice] = [p.id for p in list_practices(s) if p.code == "G82001"]
            quiet = add_event(s, store.device_id, validate_event(
                {"name": "PPG", "kind": "ppg-meeting", "event_date": "2026-04-20", "practice_id": practice})).id
            add_action(s, store.device_id, validate_action(
                {"event_id": quiet, "you_said": "Signs", "we_will": "New signs", "status": "not_possible",
                 "what_done": "No budget"}, today=dt.date(2026, 6, 1)))
    finally:
        store.close()
    code, out, err = run(capsys, "--data-dir", str(data), "ppg-network")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[2].split()[3:9] == ["2", "3", "2.0", "3", "1", "1"]
    assert lines[5] == ("Average attended: over the meetings with a register taken; 1 meeting held had none and "
                        "is left out.")


@pytest.mark.parametrize(("args", "said"), [
    (["--from", "2026-05-01", "--to", "2026-04-01"], "involve ppg-network: --from 2026-05-01 is after --to "
                                                      "2026-04-01."),
    (["--from", "2026-02-30"], "involve ppg-network: --from: '2026-02-30' is not a real date"),
    (["--to", "yesterday"], "involve ppg-network: --to: 'yesterday' is not a real date"),
])
def test_bad_dates_are_one_line_and_exit_2(capsys, tmp_path: Path, args: list[str], said: str) -> None:
    folder = tmp_path / "never-made"
    code, out, err = run(capsys, "--data-dir", str(folder), "ppg-network", *args)
    assert (code, out) == (2, "")
    assert err.startswith(said) and err.count("\n") == 1
    assert not folder.exists()  # refused before the store was opened


def test_no_practices_yet(capsys, tmp_path: Path) -> None:
    Store.open(DataPaths(tmp_path / "empty")).close()
    code, out, _err = run(capsys, "--data-dir", str(tmp_path / "empty"), "ppg-network")
    assert (code, out) == (0, "No GP practices are on the list yet. Add them with: involve practice add\n")
