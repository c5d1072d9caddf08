"""The health network commands as a person at a terminal meets them: whose activity a row is,
the words the app uses for topics and kinds, date ranges refused alike, imports run twice,
commands typed without their action, a mail merge's organisation column, an organisation
shown by name, and a mistyped ``--data-dir`` refused rather than made."""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pytest

from app.cli.command import build_parser
from app.core.network import TOPICS
from app.core.signups import ConsentMethod, validate_signup
from app.store import people
from app.store.paths import DataPaths
from app.store.store import Store
from tests.cli.test_cli import run
from tests.network_helpers import make_network


def _members(data: Path, *names: str) -> list[str]:
    store = Store.open(DataPaths(data))
    try:
        with store.session() as s:
            return [people.save_signup(s, store.device_id, validate_signup(
                {"name": name, "email": "m@example.org", "interests": ["newsletter"], "contact_method": "email"}),
                people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)).id for name in names]
    finally:
        store.close()


def _ok(capsys, data: Path, *args: str) -> str:
    code, out, err = run(capsys, "--data-dir", str(data), *args)
    assert code == 0, err
    return out


def _org(capsys, data: Path, name: str, kind: str = "charity") -> str:
    return _ok(capsys, data, "org", "add", "--name", name, "--kind", kind).strip()


# ----- 1. whose activity

def test_everyones_activity_names_the_member_on_each_row_and_one_members_log_is_headed(capsys,
                                                                                      tmp_path: Path) -> None:
    data = tmp_path / "data"
    ann, bob = _members(data, "Ann Smith", "Bob Jones")
    for who, title in ((ann, "Urgent care panel"), (bob, "Leaflets")):
        _ok(capsys, data, "activity", "add", "--person", who[:8], "--kind", "panel", "--title", title,
            "--date", "2026-03-10", "--hours", "1")
    rows = _ok(capsys, data, "activity", "list").splitlines()
    assert any("Ann Smith" in row and "Urgent care panel" in row for row in rows)
    assert any("Bob Jones" in row and "Leaflets" in row for row in rows)
    lines = _ok(capsys, data, "activity", "list", "--person", bob[:8]).splitlines()
    assert lines[0] == f"Activity log of Bob Jones ({bob[:8]})"
    assert "Leaflets" in lines[1] and "Ann Smith" not in "\n".join(lines)


# ----- 2. the words people read

def test_topic_and_kind_errors_list_the_labels_and_labels_are_taken(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    _org(capsys, data, "Deal Lunch Club", "vcs")
    for args, option in ((["org", "list", "--topic", "parking"], "parking"),
                         (["find", "--topic", "parking"], "parking"),
                         (["org", "add", "--name", "X", "--kind", "club"], "club")):
        code, out, err = run(capsys, "--data-dir", str(data), *args)
        assert code == 2 and err.count("\n") == 1 and f"'{option}'" in err
        assert "gp_access" not in err and "long_term_conditions" not in err and "vcs," not in err
    code, _out, err = run(capsys, "--data-dir", str(data), "org", "list", "--topic", "parking")
    assert "Getting a GP appointment, Hospital care" in err
    code, _out, err = run(capsys, "--data-dir", str(data), "org", "add", "--name", "X", "--kind", "club")
    assert "Voluntary or community group, Charity" in err
    listed = json.loads(_ok(capsys, data, "org", "list", "--kind", "VOLUNTARY OR COMMUNITY GROUP", "--json"))
    assert [o["name"] for o in listed] == ["Deal Lunch Club"]
    assert json.loads(_ok(capsys, data, "org", "list", "--topic", "getting a gp appointment", "--json")) == []


def test_a_broken_workbook_is_refused_in_plain_words(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    broken = tmp_path / "orgs.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    code, _out, err = run(capsys, "--data-dir", str(data), "org", "import", str(broken))
    assert code == 2 and err.count("\n") == 1
    assert "orgs.xlsx cannot be opened as an Excel workbook" in err and "BadZip" not in err and "(" not in err


# ----- 3. date ranges

@pytest.mark.parametrize("command", [
    ["activity", "list"], ["claim", "list"], ["claim", "export", "--out", "{dir}/c.csv"],
    ["evidence", "--out", "{dir}/e.pdf"], ["ppg-network"], ["actions", "print", "--out", "{dir}/a.pdf"],
    ["report", "--out", "{dir}/r.pdf"],
])
def test_every_range_the_wrong_way_round_is_refused_alike(capsys, tmp_path: Path, command: list[str]) -> None:
    data = tmp_path / "data"
    args = [a.format(dir=tmp_path) for a in command]
    code, out, err = run(capsys, "--data-dir", str(data), *args, "--from", "2026-12-01", "--to", "2026-01-01")
    name = " ".join(a for a in command if not a.startswith(("-", "{")))
    assert (code, out, err) == (2, "", f"involve {name}: --from 2026-12-01 is after --to 2026-01-01.\n")
    assert not data.exists() and list(tmp_path.iterdir()) == []


def test_uk_dates_are_taken_day_first_and_the_formats_are_named(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    [ann] = _members(data, "Ann Smith")
    _ok(capsys, data, "activity", "add", "--person", ann[:8], "--kind", "panel", "--title", "Panel",
        "--date", "31/01/2026")
    [logged] = json.loads(_ok(capsys, data, "activity", "list", "--from", "31/01/2026", "--to", "1/2/2026",
                              "--json"))["activities"]
    assert logged["date"] == "2026-01-31"
    code, _out, err = run(capsys, "--data-dir", str(data), "activity", "list", "--from", "01/31/2026")
    assert code == 2 and err == ("involve activity list: --from: '01/31/2026' is not a real date; write it as "
                                 "YYYY-MM-DD or DD/MM/YYYY, for example 2026-03-14 or 14/03/2026.\n")


# ----- 4. imports and duplicates

def test_an_import_run_again_says_so_and_a_file_of_bad_rows_only_fails(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    listing = tmp_path / "orgs.csv"
    listing.write_text("Name,Kind\nGood Group,vcs\nOther,club\n", encoding="utf-8")
    code, out, _err = run(capsys, "--data-dir", str(data), "org", "import", str(listing), "--good-rows-only")
    assert code == 0 and out.startswith("Added 1 organisation.")
    code, out, err = run(capsys, "--data-dir", str(data), "org", "import", str(listing), "--good-rows-only")
    assert code == 0
    assert out == ("The organisation in this file is already on the list, so there was nothing to add. 1 row has "
                   "problems and was left out; correct it to add it.\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Kind\nOther,club\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(data), "org", "import", str(bad), "--good-rows-only")
    assert code == 2 and "nothing was saved" in out
    notes = tmp_path / "orgs.txt"
    notes.write_text("Name,Kind\nThird,vcs\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(data), "org", "import", str(notes))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "orgs.txt is not a .csv or .xlsx file" in err
    assert [o["name"] for o in json.loads(_ok(capsys, data, "org", "list", "--json"))] == ["Good Group"]


def test_adding_a_name_already_listed_gives_the_real_merge_command(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _org(capsys, data, "Maidstone Carers' Centre")
    code, out, err = run(capsys, "--data-dir", str(data), "org", "add", "--name", "maidstone carers centre",
                         "--kind", "charity")
    second = out.strip()
    assert code == 0 and f"involve org merge {first} {second}" in err and "KEEP" not in err


# ----- 5. commands without their action, and descriptions

@pytest.mark.parametrize(("command", "actions"), [
    ("org", "add, list, import, show, merge, contact"), ("claim", "add, list, export, approve, paid, reject, rates"),
    ("activity", "add, list"),
])
def test_a_command_without_its_action_lists_the_actions(capsys, tmp_path: Path, command: str, actions: str) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "data"), command)
    assert (code, out) == (2, "") and err.count("\n") == 1 and actions in err


def _parsers(parser: argparse.ArgumentParser, path: str = "involve"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield f"{path} {name}", child
                yield from _parsers(child, f"{path} {name}")


def test_every_command_has_a_description_for_its_help() -> None:
    undescribed = [path for path, parser in _parsers(build_parser()) if not parser.description]
    assert undescribed == []
    demo = dict(_parsers(build_parser()))["involve demo"]
    assert "sample events" in demo.format_help()


# ----- 6. a mail merge's organisation column

def test_a_mail_merge_puts_an_organisations_name_in_its_organisation_column(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store.open(DataPaths(data))
    try:
        make_network(store)
    finally:
        store.close()
    out_file = tmp_path / "invite.csv"
    _ok(capsys, data, "find", "--topic", "mental_health", "--area", "ME14", "--export", str(out_file), "--purpose",
        "Focus group")
    with out_file.open(encoding="utf-8-sig", newline="") as f:
        rows = {r["email"]: r for r in csv.DictReader(f)}
    mind = rows["hello@maidstonemind.example"]
    assert (mind["name"], mind["organisation"]) == ("Maidstone Mind", "Maidstone Mind")
    assert rows["carl@example.org"]["organisation"] == "Maidstone Mind"
    assert rows["max@example.org"]["organisation"] == ""


# ----- 7. show by name

def test_an_organisation_is_shown_by_its_name_and_a_shared_name_lists_the_ids(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shed = _org(capsys, data, "Deal Men's Shed", "community")
    assert _ok(capsys, data, "org", "show", "deal men's SHED").startswith(f"Deal Men's Shed  (Community group)  {shed}")
    other = _org(capsys, data, "Deal Men's Shed", "vcs")
    code, out, err = run(capsys, "--data-dir", str(data), "org", "show", "Deal Men's Shed")
    assert (code, out) == (2, "") and err.count("\n") == 1 and shed[:8] in err and other[:8] in err
    code, out, err = run(capsys, "--data-dir", str(data), "org", "show", "Nowhere Group")
    assert code == 1 and err.count("\n") == 1 and "Nowhere Group" in err


# ----- 8. a mistyped --data-dir

@pytest.mark.parametrize("command", [
    ["org", "list"], ["org", "show", "Deal"], ["activity", "list"], ["claim", "list"], ["find", "--topic", "dental"],
    ["contact-lists"], ["ppg-network"], ["programme", "list"],
    ["evidence", "--from", "2026-04-01", "--to", "2027-03-31", "--out", "{dir}/e.pdf"],
])
def test_a_reading_command_refuses_a_folder_with_no_data_and_makes_nothing(capsys, tmp_path: Path,
                                                                          command: list[str]) -> None:
    for folder in (tmp_path / "typo", tmp_path / "empty"):
        if folder.name == "empty":
            folder.mkdir()
        code, out, err = run(capsys, "--data-dir", str(folder), *[a.format(dir=tmp_path) for a in command])
        assert (code, out) == (2, "")
        assert err == (f"involve: No Involve data in {folder}. Check --data-dir, or run involve demo / start the app "
                       "to make one.\n")
    assert not (tmp_path / "typo").exists() and list((tmp_path / "empty").iterdir()) == []
    assert not (tmp_path / "e.pdf").exists()


def test_labels_in_messages_are_the_topics_labels() -> None:
    # The error names each topic as the app shows it, whatever the list holds.
    from app.core.organisations import parse_topic

    with pytest.raises(ValueError) as caught:
        parse_topic("parking")
    assert all(label in str(caught.value) for label in TOPICS.values())
