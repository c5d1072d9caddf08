"""A picture of an event's Responses window for the documentation, made the same way each time.

    python tools/responses_screenshot.py [OUT_DIR] [--all]

Writes ``responses-list.png`` to ``docs`` by default (and a smaller copy for the user guide,
``resources/guide/images/responses.png``): the list of an event's feedback at 1366x768, with one
response chosen and read in full. With ``--all`` it also writes, for checking by eye,
the window at 1366x768 and 1024x768 at normal and the largest text size.

It runs offscreen against a throwaway store with a made-up event: nobody's data is involved.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# A throwaway key for the throwaway store below; never a real one.
os.environ.setdefault("INVOLVE_STORE_KEY", "746573742d73746f72652d6b65792d6e6f742d73656372657400000000000000")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.core.events import validate_event  # noqa: E402
from app.core.i18n import install  # noqa: E402
from app.core.responses import ResponseMode  # noqa: E402
from app.services.responses import delete_response  # noqa: E402
from app.store.events import add_event  # noqa: E402
from app.store.paths import DataPaths  # noqa: E402
from app.store.responses import submit_response  # noqa: E402
from app.store.settings_file import SettingsFile  # noqa: E402
from app.store.store import Store  # noqa: E402
from app.store.survey_library import load_library  # noqa: E402
from app.ui.common.tasks import TaskPool  # noqa: E402
from app.ui.common.text_size import apply_text_size  # noqa: E402
from app.ui.feedback.responses_window import ResponsesWindow  # noqa: E402
from app.ui.shell.application import make_application  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1366, 768), (1024, 768))
GUIDE_WIDTH = 960
FEEDBACK = (
    ("very_good", ResponseMode.KIOSK, "The receptionist was kind and found me an appointment the same day.", 9),
    ("good", ResponseMode.KIOSK, "Easy to find, but the signs to the pharmacy could be bigger.", 9),
    ("poor", ResponseMode.STAFF, "Waited 40 minutes past my time with no one saying why.", 10),
    ("neither", ResponseMode.PAPER, "", 11),
    ("very_good", ResponseMode.PAPER, "Nurse explained everything clearly.", 11),
    ("dont_know", ResponseMode.KIOSK, "First visit.", 12),
    ("very_poor", ResponseMode.STAFF, "Could not get through on the phone at 8am for a week.", 13),
    ("good", ResponseMode.KIOSK, "test", 14),
)


def seed(store: Store) -> str:
    surveys = {k: v for k, v in load_library().surveys.items() if k in ("fft", "topics")}
    with store.session() as session:
        event_id = add_event(session, store.device_id, validate_event(
            {"name": "Riverside health fair", "kind": "community-event", "event_date": "2026-04-14",
             "survey_ids": ["fft", "topics"]})).id
    mistaken = ""
    for n, (rating, mode, comment, hour) in enumerate(FEEDBACK, start=1):
        rid = str(uuid.uuid4())
        paper = (f"F-{event_id[:6].upper()}-{n:03d}", 1) if mode is ResponseMode.PAPER else None
        with store.session() as session:
            submit_response(session, response_id=rid, device_id=store.device_id, event_id=event_id, surveys=surveys,
                            answers={"fft": {"fft_rating": rating, "fft_comment": comment},
                                     "topics": {"topics": ["gp_access"] if "phone" in comment else []}},
                            mode=mode, language="en", paper=paper,
                            submitted_at=dt.datetime(2026, 4, 14, hour, 5 * n, tzinfo=dt.UTC))
        mistaken = rid if comment == "test" else mistaken
    delete_response(store, mistaken, "A test press while setting up the kiosk")
    return event_id


def settle(tasks: TaskPool) -> None:
    for _round in range(8):
        tasks.wait()
        QApplication.processEvents()


def picture(store: Store, tasks: TaskPool, event_id: str, size: tuple[int, int], path: Path) -> None:
    library = load_library().surveys
    window = ResponsesWindow(None, event_id=event_id, event_name="Riverside health fair",
                             surveys={k: library[k] for k in ("fft", "topics")}, library=library, store=store,
                             tasks=tasks, settings=SettingsFile(store.paths.settings), correct=lambda _view: False)
    window.resize(*size)
    window.show()
    settle(tasks)
    window.deleted.setChecked(True)
    settle(tasks)
    window.list.setCurrentItem(window.list.topLevelItem(5))
    settle(tasks)
    window.grab().save(str(path), "PNG", 9)
    window.close()
    window.deleteLater()
    settle(tasks)


def main(argv: list[str]) -> int:
    out = Path(next((a for a in argv if not a.startswith("--")), ROOT / "docs"))
    out.mkdir(parents=True, exist_ok=True)
    install(ROOT / "resources" / "translations")
    make_application()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(DataPaths(Path(folder)))
        tasks = TaskPool()
        try:
            event_id = seed(store)
            picture(store, tasks, event_id, SIZES[0], out / "responses-list.png")
            if out == ROOT / "docs":  # the user guide's copy, smaller, as its other pictures are
                image = QImage(str(out / "responses-list.png")).scaledToWidth(
                    GUIDE_WIDTH, Qt.TransformationMode.SmoothTransformation)
                image.save(str(ROOT / "resources" / "guide" / "images" / "responses.png"), "PNG", 9)
            if "--all" in argv:
                for text_size in ("normal", "larger"):
                    apply_text_size(text_size)
                    for size in SIZES:
                        picture(store, tasks, event_id, size, out / f"responses-{text_size}-{size[0]}x{size[1]}.png")
                apply_text_size("normal")
        finally:
            tasks.wait()
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
