"""``involve find``, ``involve contact-lists`` and ``involve person edit --topic``, as a script would use them."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from app.store.paths import DataPaths
from app.store.store import Store
from tests.cli.test_cli import run, snapshot
from tests.network_helpers import NEVER, make_network


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "data"
    store = Store.open(DataPaths(folder))
    try:
        ids = make_network(store).ids
    finally:
        store.close()
    return folder, ids


def test_find_ranks_with_why_and_never_lists_who_must_not_be_contacted(capsys, data) -> None:
    folder, _ids = data
    # A full postcode stands for its district: people are matched by district, never by address.
    code, out, err = run(capsys, "--data-dir", str(folder), "find", "--topic", "Mental health", "--area", "me14 1xx")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Who to involve: Mental health · ME14 ·")
    assert lines[2] == ("The number before each is how well it matches: 4 for the topic, 2 for the area and 2 for "
                        "the community.")
    ranked = [line.split("  ")[1] for line in lines[2:] if line[:2].strip().isdigit()]
    assert ranked == ["Maidstone Mind", "Max Kept", "Mo Khan", "Amy Shah", "Zoe Adams"]
    assert "    Cares about Mental health · Lives in ME14" in lines
    assert any("Contact: Carl Contact  Chair" in line for line in lines)
    assert not any(name in out for name in NEVER)


def test_find_json_for_scripts(capsys, data) -> None:
    folder, ids = data
    code, out, err = run(capsys, "--data-dir", str(folder), "find", "--community", "carers", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert found["search"] == {"topic": None, "area": None, "community": "carers", "contact": "involvement"}
    assert [(r["kind"], r["name"], r["score"]) for r in found["results"]] == [
        ("organisation", "Carers First", 2), ("organisation", "Maidstone Mind", 2)]
    assert [c["person_id"] for c in found["results"][1]["contacts"]] == [ids["Carl Contact"]]


@pytest.mark.parametrize("args, says", [
    (["find"], "--topic: Give a topic, an area or a community"),
    (["find", "--topic", "knitting"], "--topic: 'knitting' is not one of the topics"),
    (["find", "--area", "ME14", "--for", "pigeons"], "--for: 'pigeons' is not a kind of contact"),
    (["find", "--area", "ME14", "--export", "x.csv"], "--purpose: Say what the list is for"),
    (["find", "--area", "ME14", "--purpose", "Invite"], "--purpose goes with --export"),
    (["find", "--area", "ME14", "--export", "x.txt", "--purpose", "Invite"], "give a name ending .csv"),
    (["find", "--area", "ZZ9", "--export", "x.csv", "--purpose", "Invite"], "no one found can be contacted"),
    (["find", "--area", "ME14", "--export", "x.csv", "--purpose", "Invite", "--format", "fax"], "invalid choice"),
    (["contact-lists", "show", "abc"], "Give at least 4 characters"),
    (["contact-lists", "show", "ffffffff"], "No contact list has an id starting 'ffffffff'"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(capsys, data, monkeypatch, args: list[str],
                                                          says: str) -> None:
    folder, _ids = data
    monkeypatch.chdir(folder.parent)
    before = snapshot(folder)
    code, out, err = run(capsys, "--data-dir", str(folder), *args)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1, err
    assert not (folder.parent / "x.csv").exists() and not (folder.parent / "x.txt").exists()
    assert {k for k in snapshot(folder) if not k.startswith("logs")} == set(before)
    code, out, _err = run(capsys, "--data-dir", str(folder), "contact-lists")
    assert "No contact lists have been sent" in out


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_export_then_the_record_of_what_was_sent_to_whom(capsys, data, tmp_path: Path) -> None:
    folder, ids = data
    out_file = tmp_path / "notify.csv"
    code, out, err = run(capsys, "--data-dir", str(folder), "find", "--topic", "mental_health", "--area", "ME14",
                         "--export", str(out_file), "--purpose", "Mental health focus group", "--format",
                         "notify-email")
    assert code == 0, err
    assert "Wrote 4 contacts" in out and "2 more found cannot be reached that way" in out
    assert os.stat(out_file).st_mode & 0o777 == 0o600
    rows = read_csv(out_file)
    assert [r["name"] for r in rows] == ["Maidstone Mind", "Carl Contact", "Max Kept", "Mo Khan"]
    assert not {r["name"] for r in rows} & set(NEVER)

    code, out, err = run(capsys, "--data-dir", str(folder), "contact-lists", "--json")
    [sent] = json.loads(out)
    assert (sent["purpose"], sent["format"], sent["people"], sent["organisations"]) == (
        "Mental health focus group", "notify-email", 3, 1)
    code, out, err = run(capsys, "--data-dir", str(folder), "contact-lists")
    assert "notify-email  3 people, 1 organisation  Mental health focus group" in out
    code, out, err = run(capsys, "--data-dir", str(folder), "contact-lists", "show", sent["id"][:8])
    assert code == 0, err
    assert "Purpose: Mental health focus group" in out and "Search: Mental health · ME14" in out
    assert "  Carl Contact  (Maidstone Mind)" in out.splitlines()
    code, out, err = run(capsys, "--data-dir", str(folder), "contact-lists", "show", sent["id"], "--json")
    entries = json.loads(out)["entries"]
    assert {e["person_id"] for e in entries} == {ids["Carl Contact"], ids["Max Kept"], ids["Mo Khan"], None}


def test_no_lists_yet(capsys, data) -> None:
    folder, _ids = data
    code, out, _err = run(capsys, "--data-dir", str(folder), "contact-lists")
    assert code == 0 and "No contact lists have been sent" in out


def test_person_edit_sets_and_clears_topics(capsys, data) -> None:
    folder, ids = data
    zoe = ids["Zoe Adams"]
    code, out, err = run(capsys, "--data-dir", str(folder), "person", "edit", zoe[:8], "--topic", "Dentists",
                         "--topic", "mental_health", "--json")
    assert code == 0, err
    assert json.loads(out)["topics"] == ["mental_health", "dental"]
    code, out, err = run(capsys, "--data-dir", str(folder), "find", "--topic", "dental", "--json")
    assert [r["name"] for r in json.loads(out)["results"]] == ["Zoe Adams"]
    code, out, err = run(capsys, "--data-dir", str(folder), "person", "edit", zoe[:8], "--topic", "", "--json")
    assert code == 0, err
    assert json.loads(out)["topics"] == []
    code, _out, err = run(capsys, "--data-dir", str(folder), "person", "edit", zoe[:8], "--topic", "knitting")
    assert code == 2 and err.startswith("involve person edit: --topic: 'knitting' is not one of the topics")
