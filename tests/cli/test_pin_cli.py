"""``involve pin``: staff change the kiosk PIN, or reset a forgotten one, from a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.cli.command import main
from app.store.kiosk_pin import PinVerdict, check_pin, set_pin
from app.store.paths import DataPaths
from app.store.store import Store

PIN, NEW_PIN = "4821", "7350"


def pin_command(capsys, monkeypatch, data: Path, action: str, *lines: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    code = main(["--data-dir", str(data), "pin", action])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path) -> Path:
    store = Store.open(DataPaths(tmp_path))
    with store.session() as session:
        set_pin(session, PIN)
    store.close()
    return tmp_path


def verdict(data: Path, pin: str) -> PinVerdict:
    store = Store.open(DataPaths(data))
    try:
        with store.session() as session:
            return check_pin(session, pin).verdict
    finally:
        store.close()


def test_pin_change_needs_the_current_pin(capsys, monkeypatch, data: Path) -> None:
    code, _out, err = pin_command(capsys, monkeypatch, data, "change", "0000", NEW_PIN, NEW_PIN)
    assert code == 1 and "not the current PIN" in err and "involve pin reset" in err
    assert len(err.strip().splitlines()) == 1
    code, out, _err = pin_command(capsys, monkeypatch, data, "change", PIN, NEW_PIN, NEW_PIN)
    assert code == 0 and "changed" in out
    assert verdict(data, NEW_PIN) is PinVerdict.RIGHT
    assert verdict(data, PIN) is PinVerdict.WRONG


def test_pin_change_says_when_guessing_must_wait(capsys, monkeypatch, data: Path) -> None:
    for _ in range(4):
        pin_command(capsys, monkeypatch, data, "change", "0000", NEW_PIN, NEW_PIN)
    code, _out, err = pin_command(capsys, monkeypatch, data, "change", PIN, NEW_PIN, NEW_PIN)
    assert code == 1 and "wait" in err and "seconds" in err
    assert verdict(data, NEW_PIN) is not PinVerdict.RIGHT  # not changed


def test_pin_reset_sets_a_new_pin_without_the_old_one(capsys, monkeypatch, data: Path) -> None:
    code, out, _err = pin_command(capsys, monkeypatch, data, "reset", NEW_PIN, NEW_PIN)
    assert code == 0 and "reset" in out
    assert verdict(data, NEW_PIN) is PinVerdict.RIGHT


@pytest.mark.parametrize("lines, message", [(("12", "12"), "4 to 8 digits"), (("1111", "1111"), "harder to guess"),
                                            ((NEW_PIN, "7351"), "not the same"), ((NEW_PIN,), "no PIN was given")])
def test_a_bad_new_pin_is_one_line_and_changes_nothing(capsys, monkeypatch, data: Path, lines, message) -> None:
    code, out, err = pin_command(capsys, monkeypatch, data, "reset", *lines)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1 and not out
    assert verdict(data, PIN) is PinVerdict.RIGHT


def test_the_pin_is_never_taken_from_the_command_line(capsys, tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path), "pin", "reset", NEW_PIN]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_pin_change_with_no_pin_yet_sets_one(capsys, monkeypatch, tmp_path: Path) -> None:
    code, out, _err = pin_command(capsys, monkeypatch, tmp_path, "change", "", NEW_PIN, NEW_PIN)
    assert code == 0 and "no staff PIN yet" in out
    assert verdict(tmp_path, NEW_PIN) is PinVerdict.RIGHT
