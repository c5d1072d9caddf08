"""``involve kiosk EVENT --lang pl`` opens the kiosk alone, full screen, for that event, greeting people in Polish.

The command runs as typed; only Qt's event loop is left out (a test must not run one of its own),
so the window the command opened is looked at as it is on screen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import app.ui.shell.kiosk_at_login as at_login
from app.cli.command import main
from app.store.kiosk_pin import set_pin
from app.store.paths import DataPaths
from app.store.store import Store
from app.ui.kiosk.window import KioskWindow
from app.ui.shell.application import make_application
from app.ui.shell.main_window import MainWindow


def _event_with_pin(data: Path, capsys, *extra: str, day: dt.date | None = None) -> str:
    when = (day or dt.date.today()).isoformat()
    assert main(["--data-dir", str(data), "event", "add", "--name", "Spring fair", "--kind", "community-event",
                 "--date", when, *extra]) == 0
    event_id = capsys.readouterr().out.strip()
    store = Store.open(DataPaths(data))
    try:
        with store.session() as session:
            set_pin(session, "4821")
    finally:
        store.close()
    return event_id


@pytest.fixture
def opened(qtbot, monkeypatch):
    """The kiosk windows ``involve kiosk`` opens, with the event loop left out."""
    make_application()
    windows: list[KioskWindow] = []
    pools = []

    def run_without_loop(store, event_id, surveys, language, *, easy_read=False) -> int:  # as run_kiosk, no loop
        tasks = at_login.TaskPool()
        pools.append(tasks)
        kiosk = at_login.open_kiosk(store, tasks, event_id, surveys, language, easy_read=easy_read)
        qtbot.waitExposed(kiosk)
        windows.append(kiosk)
        return 0

    monkeypatch.setattr(at_login, "run_kiosk", run_without_loop)
    yield windows
    for tasks in pools:
        tasks.wait()
    for kiosk in windows:
        for care in kiosk.findChildren(at_login.StoreCare):
            care.wait()  # the check and backup end before the store closes
        kiosk._may_close = True  # as the unlock dialog does once the staff PIN is given
        kiosk.close()
        kiosk.deleteLater()


def test_the_kiosk_opens_full_screen_for_the_event_in_polish(opened, tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    event_id = _event_with_pin(data, capsys)
    assert main(["--data-dir", str(data), "kiosk", event_id[:8], "--lang", "pl"]) == 0
    [kiosk] = opened
    assert not any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets())
    assert kiosk.event_id == event_id and [s.id for s in kiosk.surveys] == ["fft"]
    assert kiosk.isFullScreen() and kiosk.isVisible()
    assert kiosk.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert (kiosk.language, kiosk.attract.start_button.text(), kiosk.attract.title.text()) == (
        "pl", "Rozpocznij", "Wypowiedz się na temat lokalnej opieki zdrowotnej")
    # Someone switches to English and walks away: the next person is greeted in Polish again.
    kiosk.choose_language("en")
    assert kiosk.attract.start_button.text() == "Start"
    kiosk.reset_for_next_person()
    assert (kiosk.language, kiosk.attract.start_button.text()) == ("pl", "Rozpocznij")


def test_without_lang_people_are_greeted_in_english(opened, tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    event_id = _event_with_pin(data, capsys)
    assert main(["--data-dir", str(data), "kiosk", event_id]) == 0
    [kiosk] = opened
    assert (kiosk.language, kiosk.attract.start_button.text()) == ("en", "Start")


def test_an_event_on_another_day_opens_only_with_any_day_and_offers_its_easy_read(opened, tmp_path: Path,
                                                                                  capsys) -> None:
    data = tmp_path / "data"
    day = dt.date.today() + dt.timedelta(days=3)
    event_id = _event_with_pin(data, capsys, "--surveys", "fft", "--easy-read", day=day)
    assert main(["--data-dir", str(data), "kiosk", event_id[:8]]) == 2
    assert f"is on {day.isoformat()}, not today" in capsys.readouterr().err
    assert opened == []
    assert main(["--data-dir", str(data), "kiosk", event_id[:8], "--any-day"]) == 0
    [kiosk] = opened
    assert kiosk.event_id == event_id and kiosk.easy_read_offered
    assert kiosk.attract.access.easy_read_button.isVisible()


def test_minimised_the_kiosk_comes_back_full_screen(opened, tmp_path: Path, capsys, qtbot) -> None:
    data = tmp_path / "data"
    event_id = _event_with_pin(data, capsys)
    assert main(["--data-dir", str(data), "kiosk", event_id]) == 0
    [kiosk] = opened
    kiosk.showMinimized()  # as the Windows key + D, or a passer-by's click on minimise, would
    qtbot.waitUntil(lambda: kiosk.isFullScreen() and not kiosk.isMinimized(), timeout=5_000)
    assert kiosk.isVisible()


def test_a_laptop_that_only_runs_the_kiosk_still_checks_and_backs_up_its_store(opened, tmp_path: Path, capsys,
                                                                               qtbot) -> None:
    from app.ui.shell.store_care import StoreCare

    data = tmp_path / "data"
    event_id = _event_with_pin(data, capsys)
    backups = DataPaths(data).backups
    before = set(backups.glob("*")) if backups.exists() else set()
    assert main(["--data-dir", str(data), "kiosk", event_id]) == 0
    [kiosk] = opened
    care = kiosk.findChild(StoreCare)
    assert care is not None
    qtbot.waitUntil(lambda: len(set(backups.glob("*.db")) - before) == 1, timeout=20_000)
