"""``involve kiosk EVENT [--lang pl]``: every problem is one line and exit code 2, before any window opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.store.kiosk_pin import set_pin
from app.store.paths import DataPaths
from app.store.store import Store
from tests.cli.test_cli import run


def _event(capsys, data: Path, *extra: str) -> str:
    code, out, err = run(capsys, "--data-dir", str(data), "event", "add", "--name", "Spring fair", "--kind",
                         "community-event", "--date", "2026-04-14", *extra)
    assert code == 0, err
    return out.strip()


def _set_pin(data: Path) -> None:
    store = Store.open(DataPaths(data))
    try:
        with store.session() as session:
            set_pin(session, "4821")
    finally:
        store.close()


def _refused(capsys, data: Path, *args: str) -> str:
    code, out, err = run(capsys, "--data-dir", str(data), "kiosk", *args)
    assert (code, out) == (2, ""), err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_an_event_that_does_not_exist_is_refused_in_one_line(capsys, data: Path) -> None:
    _event(capsys, data)
    _set_pin(data)
    assert _refused(capsys, data, "ffffffff") == "involve kiosk: No event has an id starting 'ffffffff'."
    assert "at least" in _refused(capsys, data, "f")


def test_no_event_given_is_a_usage_error(capsys, data: Path) -> None:
    assert "EVENT" in _refused(capsys, data)


def test_a_language_the_event_does_not_have_is_refused_with_the_ones_it_has(capsys, data: Path) -> None:
    event = _event(capsys, data)
    _set_pin(data)
    assert _refused(capsys, data, event, "--lang", "de") == (
        "involve kiosk: the event's surveys are not in de; they are in: en, pl.")
    assert "not a language code" in _refused(capsys, data, event, "--lang", "polish!")


def test_without_a_staff_pin_nobody_could_leave_so_it_does_not_start(capsys, data: Path) -> None:
    event = _event(capsys, data)
    assert "no staff PIN is set" in _refused(capsys, data, event[:8])


def test_an_archived_event_is_refused(capsys, data: Path) -> None:
    event = _event(capsys, data)
    _set_pin(data)
    assert run(capsys, "--data-dir", str(data), "event", "archive", event)[0] == 0
    assert "is archived" in _refused(capsys, data, event)


def test_without_a_screen_it_says_so_in_one_line(capsys, data: Path, monkeypatch) -> None:
    event = _event(capsys, data)
    _set_pin(data)
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert "needs a screen" in _refused(capsys, data, event)


def test_an_event_can_be_added_offering_easy_read(capsys, data: Path) -> None:
    import json

    plain = _event(capsys, data)
    easy = _event(capsys, data, "--easy-read")
    code, out, err = run(capsys, "--data-dir", str(data), "event", "list", "--json")
    assert code == 0, err
    assert {e["id"]: e["easy_read"] for e in json.loads(out)} == {plain: False, easy: True}
    assert _refused_add(capsys, data, "--easy-read", "--surveys", "topics") == (
        "involve: --easy-read: Easy read is for the Friends and Family Test: choose that survey too.")


def _refused_add(capsys, data: Path, *extra: str) -> str:
    code, out, err = run(capsys, "--data-dir", str(data), "event", "add", "--name", "Fair", "--kind",
                         "community-event", "--date", "2026-04-14", *extra)
    assert (code, out) == (2, ""), err
    return err.strip()


def test_an_event_that_is_not_today_is_refused_naming_its_date_unless_any_day(capsys, data: Path,
                                                                             monkeypatch) -> None:
    event = _event(capsys, data)  # on 14 April 2026
    _set_pin(data)
    started = []  # the kiosk's windows, which a test must not open for real
    monkeypatch.setattr("app.ui.shell.kiosk_at_login.run_kiosk",
                        lambda store, event_id, surveys, language, *, easy_read: started.append(event_id) or 0)
    assert _refused(capsys, data, event[:8]) == (
        "involve kiosk: the event 'Spring fair' is on 2026-04-14, not today; to record answers for it anyway, "
        "add --any-day.")
    assert started == []
    code, _out, err = run(capsys, "--data-dir", str(data), "kiosk", event[:8], "--any-day")
    assert (code, started) == (0, [event]), err
