"""The headless ``involve`` commands, as a script or a member of IT would use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.command import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def add(capsys, data: Path, *extra: str) -> str:
    code, out, err = run(capsys, "--data-dir", str(data), "event", "add", "--name", "Spring health fair",
                         "--kind", "community-event", "--date", "2026-04-14", "--venue", "Town Hall", *extra)
    assert code == 0, err
    return out.strip()


def test_event_add_prints_an_id_that_event_list_json_shows(capsys, tmp_path: Path) -> None:
    event_id = add(capsys, tmp_path, "--start", "10:00", "--end", "13:30", "--locality", "Riverside")
    assert len(event_id) == 36 and event_id.count("-") == 4
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    assert code == 0
    [listed] = json.loads(out)
    assert listed["id"] == event_id
    assert (listed["name"], listed["kind"], listed["date"], listed["start_time"], listed["end_time"],
            listed["venue"], listed["locality"]) == (
        "Spring health fair", "community-event", "2026-04-14", "10:00", "13:30", "Town Hall", "Riverside")


def test_event_list_plain_text(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list")
    assert code == 0 and "No events yet" in out
    event_id = add(capsys, tmp_path)
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list")
    assert event_id[:8] in out and "Spring health fair" in out and "Community event" in out


def test_status_json_reports_a_healthy_store(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "status", "--json")
    assert code == 0 and json.loads(out)["health"] == "not created yet"
    assert not (tmp_path / "involve.db").exists(), "status never creates a store"
    add(capsys, tmp_path)
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "status", "--json")
    report = json.loads(out)
    assert code == 0
    assert report["health"] == "ok"
    assert report["store"] == str(tmp_path.resolve() / "involve.db")
    assert report["schema_revision"] == report["schema_head"]
    assert report["counts"]["events"] == 1
    assert report["pending_rows"] == 1
    assert report["last_sync"] is None
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "status")
    assert "Health:" in out and "ok" in out and "Waiting to sync" in out


@pytest.mark.parametrize("bad, option", [
    (["--date", "2026-13-45"], "--date"),
    (["--date", "04/14/2026"], "--date"),  # month first, as in the US: refused
    (["--kind", "party"], "--kind"),
    (["--name", "   "], "--name"),
    (["--start", "25:00"], "--start"),
    (["--start", "14:00", "--end", "13:00"], "--end"),
    (["--name", "x" * 201], "--name"),
    (["--service", "x" * 121], "--service"),
])
def test_bad_event_add_fails_with_one_line_and_writes_nothing(capsys, tmp_path: Path, bad, option) -> None:
    add(capsys, tmp_path)
    before = snapshot(tmp_path)
    args = {"--name": "Stall", "--kind": "outreach-stall", "--date": "2026-04-14"}
    for flag, value in zip(bad[::2], bad[1::2], strict=True):
        args[flag] = value
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "event", "add",
                         *[part for pair in args.items() for part in pair])
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and option in err
    assert snapshot(tmp_path) == before


def test_bad_date_on_a_fresh_machine_creates_no_data_folder(capsys, tmp_path: Path) -> None:
    data = tmp_path / "never-made"
    code, _, err = run(capsys, "--data-dir", str(data), "event", "add", "--name", "x", "--kind", "other",
                       "--date", "2026-13-45")
    assert code == 2 and "not a real date" in err
    assert not data.exists()


@pytest.mark.parametrize("argv", [["event"], ["event", "add", "--name", "x"], ["frobnicate"], ["--nope"],
                                  ["event", "archive"]])
def test_usage_errors_are_one_line(capsys, tmp_path: Path, argv) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path), *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("involve")
    assert not tmp_path.joinpath("involve.db").exists()


def test_archive_and_restore_by_unique_prefix(capsys, tmp_path: Path) -> None:
    event_id = add(capsys, tmp_path)
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "archive", event_id[:6])
    assert code == 0 and "Archived: Spring health fair" in out
    _, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    assert json.loads(out) == []
    _, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json", "--all")
    assert json.loads(out)[0]["archived"] is True
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "restore", event_id.upper()[:8])
    assert code == 0
    _, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    assert json.loads(out)[0]["archived"] is False


def test_unknown_or_too_short_event_reference(capsys, tmp_path: Path) -> None:
    add(capsys, tmp_path)
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "event", "archive", "ffffffff")
    assert code == 1 and "No event has an id starting 'ffffffff'" in err
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "event", "archive", "ab")
    assert code == 1 and "at least 4 characters" in err


def test_data_dir_from_environment(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("INVOLVE_DATA_DIR", str(tmp_path / "from-env"))
    code, out, _ = run(capsys, "event", "add", "--name", "Env", "--kind", "other", "--date", "2026-01-02")
    assert code == 0
    assert (tmp_path / "from-env" / "involve.db").exists()


def test_wrong_key_from_the_command_line_is_one_clear_line(tmp_path: Path) -> None:
    env = os.environ | {"INVOLVE_STORE_KEY": "first key"}
    made = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(tmp_path), "event", "add", "--name",
                           "Kept", "--kind", "other", "--date", "2026-01-02"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    env["INVOLVE_STORE_KEY"] = "another key"
    for command in (["event", "list"], ["status"]):
        result = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(tmp_path), *command], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
    assert len(result.stdout.strip().splitlines()) >= 2 and "unreadable" in result.stdout
    listing = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(tmp_path), "event", "list"], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=120)
    assert listing.stderr.count("\n") == 1 and "could not be opened" in listing.stderr


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("Involve ")


def test_name_this_laptop(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "device", "--name", "Stall laptop 2", "--json")
    assert code == 0 and json.loads(out)["name"] == "Stall laptop 2"
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "status", "--json")
    assert json.loads(out)["device_name"] == "Stall laptop 2"
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "device", "--name", "  ")
    assert code == 2 and "Give this laptop a name" in err and snapshot(tmp_path) == before


def test_backup_now_list_and_restore(capsys, tmp_path: Path) -> None:
    add(capsys, tmp_path)
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "backup", "now")
    assert code == 0 and Path(out.strip()).is_file()
    (tmp_path / "involve.db").write_bytes(b"\x00" * 9000)
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "event", "list")
    assert code == 1 and "involve backup restore" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "backup", "list", "--json")
    [listed] = json.loads(out)["backups"]
    assert listed["opens"] is True and listed["sequence"] == 1 and listed["rows"] == 1
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "backup", "restore", "--yes")
    assert code == 0 and "Restored the copy" in out and "kept as" in out
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    assert [e["name"] for e in json.loads(out)] == ["Spring health fair"]
    assert len(list(tmp_path.glob("involve.db.replaced-*"))) == 1


def test_restore_asks_first_and_backs_up_the_current_data(capsys, tmp_path: Path) -> None:
    add(capsys, tmp_path)
    run(capsys, "--data-dir", str(tmp_path), "backup", "now")
    add(capsys, tmp_path, "--name", "Added after the backup")
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "backup", "restore")
    assert code == 2 and "Add --yes" in err and len(err.strip().splitlines()) == 1
    assert snapshot(tmp_path) == before, "a restore nobody agreed to changed something"
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "backup", "restore", "--yes")
    assert code == 0 and "Backed up the current data first" in out
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    assert [e["name"] for e in json.loads(out)] == ["Spring health fair"]
    # The data it replaced is in the newest backup, ready to be put back in turn.
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "backup", "list", "--json")
    newest = json.loads(out)["backups"][0]
    assert newest["sequence"] == 2 and newest["rows"] == 2
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "backup", "restore", "--yes", newest["file"])
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    assert sorted(e["name"] for e in json.loads(out)) == ["Added after the backup", "Spring health fair"]


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(capsys, tmp_path: Path) -> None:
    add(capsys, tmp_path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a backup at all")
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "backup", "restore", str(junk))
    assert code == 1 and "nothing was changed" in err
    assert snapshot(tmp_path) == before
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "backup", "restore", str(tmp_path / "missing.db"))
    assert code == 2 and "there is no file" in err


def test_event_add_with_a_service_lists_it_and_blank_by_default(capsys, tmp_path: Path) -> None:
    plain = add(capsys, tmp_path)
    surgery = add(capsys, tmp_path, "--service", "  Riverside   Surgery ")
    _, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    services = {e["id"]: e["service"] for e in json.loads(out)}
    assert services == {plain: "", surgery: "Riverside Surgery"}


def test_event_add_with_surveys_lists_them_in_order(capsys, tmp_path: Path) -> None:
    plain = add(capsys, tmp_path)
    full = add(capsys, tmp_path, "--surveys", "fft, Topics,equality")
    _, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    surveys = {e["id"]: e["surveys"] for e in json.loads(out)}
    assert surveys == {plain: ["fft"], full: ["fft", "topics", "equality"]}


@pytest.mark.parametrize("value, named", [("fft,nope", "nope"), ("fft,nope,zz", "nope, zz"), ("fft,Bad!", "'bad!'")])
def test_unknown_surveys_are_refused_by_name_and_nothing_is_written(capsys, tmp_path: Path, value, named) -> None:
    add(capsys, tmp_path)
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "event", "add", "--name", "Stall", "--kind",
                         "outreach-stall", "--date", "2026-04-14", "--surveys", value)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--surveys" in err and named in err
    assert snapshot(tmp_path) == before


def test_unknown_survey_on_a_fresh_machine_creates_no_data_folder(capsys, tmp_path: Path) -> None:
    data = tmp_path / "never-made"
    code, _, err = run(capsys, "--data-dir", str(data), "event", "add", "--name", "x", "--kind", "other",
                       "--date", "2026-01-02", "--surveys", "fft,wellbeing")
    assert code == 2 and "wellbeing" in err
    assert not data.exists()


def test_an_organisations_own_survey_can_be_chosen(capsys, tmp_path: Path) -> None:
    own = json.loads((ROOT / "resources" / "surveys" / "topics.json").read_text(encoding="utf-8"))
    own["id"] = "wellbeing"
    (tmp_path / "surveys").mkdir(parents=True)
    (tmp_path / "surveys" / "wellbeing.json").write_text(json.dumps(own), encoding="utf-8")
    event_id = add(capsys, tmp_path, "--surveys", "fft,wellbeing")
    _, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    assert [(e["id"], e["surveys"]) for e in json.loads(out)] == [(event_id, ["fft", "wellbeing"])]


def test_survey_list_and_add_an_organisations_own(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "survey", "list", "--json")
    assert code == 0 and [s["id"] for s in json.loads(out)["surveys"]] == ["fft", "topics", "equality"]
    topics = json.loads((ROOT / "resources" / "surveys" / "topics.json").read_text(encoding="utf-8"))
    topics["version"] = 2
    topics["questions"][0]["options"].insert(
        0, {"value": "maternity", "text": {"en": "Maternity", "pl": "Położnictwo"}})
    ours = tmp_path / "our-topics.json"
    ours.write_text(json.dumps(topics), encoding="utf-8")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "survey", "add", str(ours))
    assert code == 0 and "topics version 2" in out
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "survey", "list")
    assert "topics       v2" in out


def test_counts_of_one_are_said_in_the_singular(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "survey", "list")
    assert code == 0 and "(en, pl; 1 question)" in out and "(en, pl; 2 questions)" in out
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "demo"), "demo", "--events", "1", "--responses", "1",
                       "--signups", "0")
    assert code == 0 and "Added sample data for training: 1 event (" in out and "and 1 response." in out
    assert "negative, of 1 answer\n" in out


def test_a_malformed_survey_is_refused_with_its_name_and_problem(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "broken-survey.json"
    bad.write_text('{"id": "x", "version": 1, "title": "X", "questions": []}', encoding="utf-8")
    data = tmp_path / "data"
    code, _, err = run(capsys, "--data-dir", str(data), "survey", "add", str(bad))
    assert code == 2
    assert err.strip() == "involve survey add: broken-survey.json: 'questions' must be a non-empty list"
    assert not data.exists()


def test_an_event_date_with_a_slipped_year_is_refused_in_one_line(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "event", "add", "--name", "Fair", "--kind",
                         "community-event", "--date", "0026-04-14")
    assert code == 2 and out == ""
    assert err.strip().endswith("0026-04-14 is not a date Involve can use; check the year (dates run from "
                                "1900-01-01 to 2999-12-31).") and len(err.strip().splitlines()) == 1


def test_event_list_says_when_every_event_is_archived(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "add", "--name", "Fair", "--kind",
                       "community-event", "--date", "2026-04-14")
    assert code == 0
    assert run(capsys, "--data-dir", str(tmp_path), "event", "archive", out.strip())[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list")
    assert (code, out) == (0, "The only event is archived. Show it with: involve event list --all\n")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "event", "list", "--all")
    assert "Fair" in out and "(archived)" in out
