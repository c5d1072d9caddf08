"""Pictures of the kiosk's access features for the documentation, made the same way each time.

    python tools/kiosk_screenshots.py [OUT_DIR] [--all]

Writes to ``docs`` by default:

- ``kiosk-access-options.png``: the welcome screen with the access options (text sizes, high
  contrast, read aloud, easy read), 1366x768;
- ``kiosk-question-200.png``: a question at the largest text (200%), 1366x768;
- ``kiosk-easy-read-fft.png``: the Friends and Family Test in easy read, 1366x768;
- ``kiosk-idle-warning.png``: the warning before the kiosk starts again, 1366x768.

With ``--all`` it also writes, for checking by eye, the welcome screen, the easy-read FFT and the
easy-read privacy notice at 1366x768 and 1024x768, at every text size, in English and Polish.

It runs offscreen against a throwaway store with a made-up event: nobody's data is involved.
Reading aloud is shown as a computer with English and Polish voices would show it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# A throwaway key for the throwaway store below; never a real one.
os.environ.setdefault("INVOLVE_STORE_KEY", "746573742d73746f72652d6b65792d6e6f742d73656372657400000000000000")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.core.events import validate_event  # noqa: E402
from app.core.i18n import install  # noqa: E402
from app.core.practices import validate_practice  # noqa: E402
from app.store.events import add_event  # noqa: E402
from app.store.kiosk_pin import set_pin  # noqa: E402
from app.store.paths import DataPaths  # noqa: E402
from app.store.practices import save_practice  # noqa: E402
from app.store.settings_file import SettingsFile  # noqa: E402
from app.store.store import Store  # noqa: E402
from app.store.survey_library import load_library  # noqa: E402
from app.ui.common.tasks import TaskPool  # noqa: E402
from app.ui.kiosk.window import KioskWindow  # noqa: E402
from app.ui.shell.application import make_application  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WIDE, NARROW = (1366, 768), (1024, 768)
TEXT_SIZES = ("standard", "large", "largest")


class ShownVoices:
    """A speaker with English and Polish voices that stays silent: the pictures need the toggle, not sound."""

    def available(self) -> bool:
        return True

    @property
    def reason(self) -> str:
        return ""

    def voice(self, language: str) -> str | None:
        return language if language in ("en", "pl") else None

    def speak(self, text: str, language: str) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


def settle(rounds: int = 6) -> None:
    for _turn in range(rounds):
        QApplication.processEvents()


def make_kiosk(store: Store, tasks: TaskPool) -> KioskWindow:
    with store.session() as session:
        event = add_event(session, store.device_id, validate_event({
            "name": "Maidstone health fair", "kind": "community-event", "event_date": "2026-06-01",
            "survey_ids": ("fft", "topics"), "easy_read": True}))
        set_pin(session, "4821")
        save_practice(session, store.device_id, validate_practice("College Practice", "G82002"))
    library = load_library().surveys
    settings = SettingsFile(store.paths.settings)
    settings.values["kiosk_offer_signup"] = True
    settings.values.update(organisation_name="Kent Health Engagement Team",  # sign-up needs both set
                           privacy_contact="involve@kent-engagement.example.nhs.uk")
    kiosk = KioskWindow(store, tasks, event.id, [library["fft"], library["topics"]], settings, easy_read=True,
                        speaker=ShownVoices())  # type: ignore[arg-type]
    kiosk.show()
    while not kiosk.voice.voiced:  # found on the worker
        QApplication.processEvents()
    tasks.wait()
    settle()
    return kiosk


def grab(kiosk: KioskWindow, path: Path) -> None:
    settle()
    kiosk.grab().save(str(path), "PNG", 9)
    print(path)


def welcome(kiosk: KioskWindow, size: tuple[int, int], language: str, text_size: str) -> None:
    kiosk.show_attract()
    kiosk.resize(*size)
    kiosk.choose_language(language)
    kiosk.choose_text_size(text_size)
    kiosk.attract.access.read_aloud_button.click()
    kiosk.attract.access.easy_read_button.click()
    kiosk.attract.start_button.setFocus()
    settle()


def easy_read_fft(kiosk: KioskWindow, size: tuple[int, int], language: str, text_size: str) -> None:
    welcome(kiosk, size, language, text_size)
    kiosk.start()
    settle()
    kiosk.question.editor.set_value("good")


def easy_read_notice(kiosk: KioskWindow, size: tuple[int, int], language: str, text_size: str) -> None:
    easy_read_fft(kiosk, size, language, text_size)
    while kiosk.flow is not None and kiosk.pages.currentWidget() is kiosk.question:
        kiosk.next()
        settle()
    kiosk.tasks.wait()
    settle()
    kiosk.offer.yes_button.click()
    kiosk.tasks.wait()
    settle()
    if kiosk.signup is not None:
        kiosk.signup.notice  # noqa: B018 - loaded: the notice can be read from the first step
        kiosk.read_notice()


def readme_pictures(kiosk: KioskWindow, out: Path) -> None:
    """The README's kiosk pictures: the welcome screen, a question and thank you, in both themes."""
    for contrast, suffix in ((False, ""), (True, "-high-contrast")):
        kiosk.show_attract()
        kiosk.resize(*WIDE)
        kiosk.choose_high_contrast(contrast)
        kiosk.attract.start_button.setFocus()
        grab(kiosk, out / f"kiosk-welcome{suffix}.png")
        kiosk.start()
        kiosk.question.editor.set_value("good")
        grab(kiosk, out / f"kiosk-question{suffix}.png")
        kiosk._show_thanks()
        grab(kiosk, out / f"kiosk-thanks{suffix}.png")
    kiosk.show_attract()


def main(argv: list[str]) -> int:
    out = Path(next((a for a in argv if not a.startswith("--")), ROOT / "docs"))
    out.mkdir(parents=True, exist_ok=True)
    install(ROOT / "resources" / "translations")
    make_application()
    tasks = TaskPool()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(DataPaths(Path(folder) / "data"))
        try:
            kiosk = make_kiosk(store, tasks)
            welcome(kiosk, WIDE, "en", "standard")
            grab(kiosk, out / "kiosk-access-options.png")
            kiosk.show_attract()
            kiosk.choose_text_size("largest")
            kiosk.start()
            kiosk.question.editor.set_value("good")
            grab(kiosk, out / "kiosk-question-200.png")
            easy_read_fft(kiosk, WIDE, "en", "standard")
            grab(kiosk, out / "kiosk-easy-read-fft.png")
            kiosk.show_attract()
            kiosk.start()
            kiosk.warn_before_reset()
            grab(kiosk, out / "kiosk-idle-warning.png")
            readme_pictures(kiosk, out)
            if "--all" in argv:
                for show, name in ((welcome, "welcome"), (easy_read_fft, "easy-read-fft"),
                                   (easy_read_notice, "easy-read-notice")):
                    for size in (WIDE, NARROW):
                        for language in ("en", "pl"):
                            for text_size in TEXT_SIZES:
                                show(kiosk, size, language, text_size)
                                grab(kiosk, out / f"{name}-{language}-{text_size}-{size[0]}x{size[1]}.png")
            kiosk._may_close = True
            kiosk.close()
            tasks.wait()
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
