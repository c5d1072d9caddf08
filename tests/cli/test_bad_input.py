"""Bad input on the command line gets one plain line and exit 2, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import add, run, snapshot


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    """Where the usual data folder would be: it must stay untouched."""
    place = tmp_path / "home"
    monkeypatch.setenv("HOME", str(place))
    monkeypatch.setenv("XDG_DATA_HOME", str(place / ".local" / "share"))
    monkeypatch.delenv("INVOLVE_DATA_DIR", raising=False)
    return place


def _one_line_refusal(capsys, *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 2, (args, code, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_an_empty_data_dir_is_refused_never_taken_for_the_usual_one(capsys, home: Path) -> None:
    err = _one_line_refusal(capsys, "--data-dir", "", "event", "add", "--name", "Training", "--kind",
                            "community-event", "--date", "2026-04-14")
    assert "--data-dir is empty" in err
    _one_line_refusal(capsys, "--data-dir", "  ", "status")
    assert snapshot(home) == {}


def test_an_empty_involve_data_dir_is_refused(capsys, home: Path, monkeypatch) -> None:
    monkeypatch.setenv("INVOLVE_DATA_DIR", "")
    err = _one_line_refusal(capsys, "event", "list")
    assert "INVOLVE_DATA_DIR is set but empty" in err
    assert snapshot(home) == {}


def test_a_data_dir_that_is_a_file_or_cannot_be_made_is_refused(capsys, tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    err = _one_line_refusal(capsys, "--data-dir", str(a_file), "event", "list")
    assert "is a file, not a folder" in err
    err = _one_line_refusal(capsys, "--data-dir", str(a_file / "involve"), "status")
    assert "cannot be made" in err
    assert a_file.read_text(encoding="utf-8") == "mine"


def test_text_that_is_not_utf8_is_refused_before_anything_is_written(capsys, tmp_path: Path) -> None:
    add(capsys, tmp_path)
    before = snapshot(tmp_path)
    # What Python makes of the Latin-1 bytes in: involve event add --name $'Caf\xe9' ...
    err = _one_line_refusal(capsys, "--data-dir", str(tmp_path), "event", "add", "--name", "Caf\udce9",
                            "--kind", "community-event", "--date", "2026-04-14")
    assert "Caf\ufffd" in err and "not valid text" in err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("text", "said"), [
    ("[" * 100_000 + "]" * 100_000, "nested far too deeply"),
    ('{"id": "mine", "version": ' + "9" * 5000 + "}", "number far too long"),
])
def test_a_survey_file_nested_too_deeply_or_with_a_huge_number_is_refused(capsys, tmp_path: Path, text: str,
                                                                         said: str) -> None:
    survey = tmp_path / "survey.json"
    survey.write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    add(capsys, data)
    before = snapshot(data)
    code, _out, err = run(capsys, "--data-dir", str(data), "survey", "add", str(survey))
    assert code == 2 and said in err and len(err.strip().splitlines()) == 1, err
    assert snapshot(data) == before


def test_a_file_name_the_system_cannot_use_is_said_in_one_line(capsys, tmp_path: Path) -> None:
    add(capsys, tmp_path)
    before = snapshot(tmp_path)
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "backup", "restore", "--yes", "9" * 5000)
    assert code == 1 and "File name too long" in err and len(err.strip().splitlines()) == 1, err
    assert len(err) < 300
    assert snapshot(tmp_path) == before


def test_a_home_folder_of_no_such_user_is_said_in_one_line(capsys, tmp_path: Path) -> None:
    err = _one_line_refusal(capsys, "--data-dir", "~no_such_user_here/involve", "status")
    assert "no user 'no_such_user_here'" in err
    add(capsys, tmp_path)
    before = snapshot(tmp_path)
    err = _one_line_refusal(capsys, "--data-dir", str(tmp_path), "population", "add", "~no_such_user_here")
    assert "no user 'no_such_user_here'" in err
    assert snapshot(tmp_path) == before
