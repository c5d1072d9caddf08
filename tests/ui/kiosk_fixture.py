"""A kiosk on a fresh event, as staff would start it, for the kiosk tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.surveys import Survey
from app.store.events import add_event
from app.store.kiosk_pin import set_pin
from app.store.practices import save_practice
from app.store.settings_file import SettingsFile
from app.store.store import Store
from app.store.survey_library import load_library
from app.ui.common.tasks import TaskPool
from app.ui.kiosk.idle_warning import WARNING_SECONDS
from app.ui.kiosk.window import KioskWindow
from app.ui.shell.application import make_application
from tests.ui.manual_clock import ManualClock

PIN = "4821"


class FakeReadAloud:
    """Stands in for the computer's speaker: records what would be said, and when it was stopped."""

    def __init__(self, voices: Sequence[str] = ("en", "pl")) -> None:
        self.voices = set(voices)
        self.said: list[tuple[str, str]] = []  # (text, language), in the order asked
        self.stops = 0
        self.speaking = False

    def available(self) -> bool:
        return bool(self.voices)

    @property
    def reason(self) -> str:
        return ""

    def voice(self, language: str) -> str | None:
        return language if language in self.voices else None

    def speak(self, text: str, language: str) -> None:
        self.said.append((text, language))
        self.speaking = True

    def stop(self) -> None:
        self.stops += 1
        self.speaking = False

    def close(self) -> None:
        self.stop()


@pytest.fixture
def kiosk_maker(qtbot, store: Store) -> Iterator:
    make_application()
    tasks = TaskPool()
    made: list[KioskWindow] = []

    def maker(survey_ids: tuple[str, ...] = ("fft",), *, offer: bool = False,
              practices: Sequence[tuple[str, str]] = (), size: tuple[int, int] = (1280, 800),
              settings_values: dict | None = None, surveys: Sequence[Survey] = (), easy_read: bool = False,
              speaker: FakeReadAloud | None = None) -> KioskWindow:
        with store.session() as session:
            event = add_event(session, store.device_id, validate_event(
                {"name": "Fair", "kind": "community-event", "event_date": "2026-06-01", "survey_ids": survey_ids,
                 "easy_read": easy_read}))
            set_pin(session, PIN)
            for name, code in practices:
                save_practice(session, store.device_id, validate_practice(name, code))
        library = load_library().surveys
        settings = SettingsFile(store.paths.settings)
        settings.values["kiosk_offer_signup"] = offer
        settings.values.update(organisation_name="Northshire Health Voices",
                               privacy_contact="privacy@northshire.nhs.uk")
        settings.values.update(settings_values or {})
        # ``surveys`` stand in for an organisation's own, in place of the built-in ones.
        speaker = speaker or FakeReadAloud()
        kiosk = KioskWindow(store, tasks, event.id, list(surveys) or [library[s] for s in survey_ids], settings,
                            easy_read=easy_read, speaker=speaker)  # type: ignore[arg-type]
        kiosk.resize(*size)
        kiosk.show()
        qtbot.waitExposed(kiosk)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        # Which languages have a voice is found on the worker when the kiosk starts.
        qtbot.waitUntil(lambda: kiosk.voice.voiced == speaker.voices & set(kiosk.languages))
        made.append(kiosk)
        return kiosk

    yield maker
    tasks.wait()
    for kiosk in made:
        kiosk._may_close = True  # as if staff had given the PIN
        kiosk.close()
        kiosk.deleteLater()


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the keyboard focus is, as a person at the keyboard does."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focused, key, modifier)


def kiosk_clock(kiosk: KioskWindow) -> ManualClock:
    """Time that passes only when the test says so, for all of the kiosk's timers."""
    clock = ManualClock()
    clock.take_over(kiosk, "idle_timer", "warning_timer", "thanks_timer")
    return clock


def until_reset(kiosk: KioskWindow) -> int:
    """Milliseconds without a touch before the kiosk starts again by itself (the setting: 90 s)."""
    return kiosk.idle_timer.interval() + WARNING_SECONDS * 1000
