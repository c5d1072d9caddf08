"""A kiosk answering as fast as it can, for the crash test in test_kiosk_durability.py.

Run as ``python tests/kiosk_child.py DATA_DIR EVENT_ID``. It prints ``THANKS <response id>``
the moment each thank-you screen is on screen, then starts the next person at once.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402

from app.store.paths import DataPaths  # noqa: E402
from app.store.settings_file import SettingsFile  # noqa: E402
from app.store.store import Store  # noqa: E402
from app.store.survey_library import load_library  # noqa: E402
from app.ui.common.tasks import TaskPool  # noqa: E402
from app.ui.kiosk.window import KioskWindow  # noqa: E402
from app.ui.shell.application import make_application  # noqa: E402

RATINGS = ["very_good", "good", "neither", "poor", "very_poor", "dont_know"]


def main(data_dir: str, event_id: str) -> int:
    app = make_application([sys.argv[0]])
    paths = DataPaths(Path(data_dir))
    store = Store.open(paths)
    library = load_library().surveys
    kiosk = KioskWindow(store, TaskPool(), event_id, [library["fft"], library["topics"]],
                        SettingsFile(paths.settings))
    kiosk.show()

    def thanks(response_id: str) -> None:
        print(f"THANKS {response_id}", flush=True)
        QTimer.singleShot(0, next_person)

    counter = iter(range(10**9))

    def next_person() -> None:
        kiosk.show_attract()
        kiosk.start()
        kiosk.question.editor.set_value(random.choice(RATINGS))
        kiosk.next()
        kiosk.question.editor.set_value(f"Comment {os.getpid()}-{next(counter)}")  # unique, to spot doubles
        kiosk.next()
        kiosk.question.editor.set_value(random.sample(["gp_access", "pharmacy", "dental"], 2))
        kiosk.next()  # the last question: this saves, then "Thank you"

    kiosk.sig_response_saved.connect(thanks)
    QTimer.singleShot(0, next_person)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
