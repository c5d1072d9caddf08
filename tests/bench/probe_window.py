"""Child process for the cold-start benchmark: show a window, print timestamps, quit.

``python probe_window.py bare``              a plain PySide6 QMainWindow (the baseline)
``python probe_window.py involve DATA_DIR``  Involve's main window, as ``involve`` starts it

It prints ``painted <ns>`` when the window's first paint event arrives (the window is on
screen), ``ready <ns>`` (Involve only) when ``sig_store_ready`` fires (store open, events
listed), then quits. Timestamps are ``time.time_ns()`` so the parent can compare them with
the moment it launched this process. Nothing here is imported at start-up except what the
timed program itself needs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

TIMEOUT_MS = 30_000


def _mark(label: str) -> None:
    print(f"{label} {time.time_ns()}", flush=True)


def main(argv: list[str]) -> int:
    mode = argv[1]
    if mode == "involve":
        # Measure the checkout this file lives in, not some installed copy.
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from app.ui.shell.application import build_main_window, make_application

        app = make_application(argv[:1])
        window = build_main_window(argv[2])
    elif mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(argv[:1])
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(1000, 660)
    else:
        raise SystemExit(f"unknown mode {mode!r}")

    from PySide6.QtCore import QEvent, QObject, QTimer

    waiting = {"painted"} | ({"ready"} if mode == "involve" else set())

    def done(label: str) -> None:
        if label in waiting:
            waiting.discard(label)
            _mark(label)
        if not waiting:
            window.close()  # Involve's closeEvent waits for its worker, as on a real quit
            QTimer.singleShot(0, app.quit)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and watched is window:
                window.removeEventFilter(self)
                done("painted")
            return False

    first_paint = FirstPaint()
    window.installEventFilter(first_paint)
    if mode == "involve":
        window.sig_store_ready.connect(lambda: done("ready"))
    window.show()
    if mode == "involve":
        window.open_store()

    def give_up() -> None:
        print(f"timeout waiting for {sorted(waiting)}", file=sys.stderr, flush=True)
        app.exit(3)

    QTimer.singleShot(TIMEOUT_MS, give_up)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
