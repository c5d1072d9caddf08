"""``involve kiosk EVENT --lang pl`` opens the kiosk alone, full screen, for that event, greeting people in Polish."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.cli.command import main
from app.store.kiosk_pin import set_pin
from app.store.paths import DataPaths
from app.store.store import Store
from app.ui.kiosk.window import KioskWindow
from app.ui.shell.application import make_application
from app.ui.shell.main_window import MainWindow


def _event_with_pin(data: Path, capsys) -> str:
    assert main(["--data-dir", str(data), "event", "add", "--name", "Spring fair", "--kind", "community-event",
                 "--date", "2026-04-14"]) == 0
    event_id = capsys.readouterr().out.strip()
    store = Store.open(DataPaths(data))
    try:
        with store.session() as session:
            set_pin(session, "4821")
    finally:
        store.close()
    return event_id


def test_the_kiosk_opens_full_screen_for_the_event_in_polish_and_ends_when_staff_leave(qtbot, tmp_path: Path,
                                                                                     capsys) -> None:
    make_application()
    data = tmp_path / "data"
    event_id = _event_with_pin(data, capsys)
    seen: dict[str, object] = {}

    def look_then_leave() -> None:
        try:
            windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
            seen["staff window"] = any(isinstance(w, MainWindow) for w in windows)
            kiosk = next(w for w in windows if isinstance(w, KioskWindow))
            seen["event"] = kiosk.event_id
            seen["full screen"] = kiosk.isFullScreen()
            seen["on top"] = bool(kiosk.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)
            seen["greeting"] = (kiosk.language, kiosk.attract.start_button.text(), kiosk.attract.title.text())
            # Someone switches to English and walks away: the next person is greeted in Polish again.
            kiosk.choose_language("en")
            seen["switched"] = kiosk.attract.start_button.text()
            kiosk.reset_for_next_person()
            seen["next person"] = (kiosk.language, kiosk.attract.start_button.text())
            kiosk._may_close = True  # as the unlock dialog does once the staff PIN is given
            kiosk.close()
        finally:
            QTimer.singleShot(0, QApplication.quit)  # never leave the test waiting, whatever happened

    QTimer.singleShot(0, look_then_leave)
    assert main(["--data-dir", str(data), "kiosk", event_id[:8], "--lang", "pl"]) == 0
    assert seen == {
        "staff window": False,
        "event": event_id,
        "full screen": True,
        "on top": True,
        "greeting": ("pl", "Rozpocznij", "Wypowiedz się na temat lokalnej opieki zdrowotnej"),
        "switched": "Start",
        "next person": ("pl", "Rozpocznij"),
    }


def test_without_lang_people_are_greeted_in_english(qtbot, tmp_path: Path, capsys) -> None:
    make_application()
    data = tmp_path / "data"
    event_id = _event_with_pin(data, capsys)
    seen: list[str] = []

    def look_then_leave() -> None:
        try:
            kiosk = next(w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow) and w.isVisible())
            seen.append(kiosk.attract.start_button.text())
            kiosk._may_close = True
            kiosk.close()
        finally:
            QTimer.singleShot(0, QApplication.quit)

    QTimer.singleShot(0, look_then_leave)
    assert main(["--data-dir", str(data), "kiosk", event_id]) == 0
    assert seen == ["Start"]
