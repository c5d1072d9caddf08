"""The user guide's pictures, from the real windows on sample data, made the same way each time.

    python tools/guide_screenshots.py [OUT_DIR] [--docs | --docs-only]

Writes small PNGs to ``resources/guide/images`` by default: the main window at 1366x768, and each
staff window the guide explains at the size it opens on that screen. Each is scaled to at most
960 pixels wide and reduced to a palette of colours, so the whole guide stays a few hundred KB.
With ``--docs`` it also writes ``docs/user-guide.png``: the guide's first page as a web browser
shows it, drawn by headless Chromium (Debian's ``chromium`` package); ``--docs-only`` writes only that.

It runs offscreen on a throwaway data folder filled by ``involve demo``: nobody's data is involved.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# A throwaway key for the throwaway store below; never a real one.
os.environ.setdefault("INVOLVE_STORE_KEY", "746573742d73746f72652d6b65792d6e6f742d73656372657400000000000000")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QIODevice, QUrl  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from app.cli import main as involve  # noqa: E402
from app.ui.shell.application import build_main_window, make_application  # noqa: E402
from app.ui.shell.main_window import MainWindow  # noqa: E402

WIDE = (1366, 768)
MAX_WIDTH = 960
COLOURS = 96
SEED = "7"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def settle(window: MainWindow | None = None, rounds: int = 8) -> None:
    for _turn in range(rounds):
        QApplication.processEvents()
        if window is not None:
            window.tasks.wait()
    QApplication.processEvents()


def save_small(image: QImage, path: Path, max_width: int = MAX_WIDTH) -> None:
    """Scaled to ``max_width`` at most and reduced to a palette: small files that stay readable."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
    if picture.width > max_width:
        picture = picture.resize((max_width, round(picture.height * max_width / picture.width)), Image.LANCZOS)
    picture.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, "PNG", optimize=True)
    print(f"{path} {path.stat().st_size // 1024} KB")


def shoot(widget: QWidget, path: Path) -> None:
    settle()
    save_small(widget.grab().toImage(), path)


class DialogCamera:
    """Stands in for QDialog.exec: shows the dialog, lets it finish loading, grabs it, and cancels it.
    So each picture is of the dialog the app itself opens, filled the way the app fills it."""

    def __init__(self, window: MainWindow, out: Path) -> None:
        self.window, self.out = window, out
        self.name = ""
        self.prepare: Callable[[QDialog], None] | None = None
        self.original = QDialog.exec
        camera = self

        def exec_(dialog: QDialog) -> int:
            return camera.take(dialog)

        QDialog.exec = exec_  # type: ignore[method-assign]

    def expect(self, name: str, prepare: Callable[[QDialog], None] | None = None) -> None:
        self.name, self.prepare = name, prepare

    def take(self, dialog: QDialog) -> int:
        if not self.name:  # a dialog nobody asked for: say so rather than picture it
            raise RuntimeError(f"unexpected dialog: {dialog.windowTitle()}")
        dialog.show()
        settle(self.window)
        if self.prepare is not None:
            self.prepare(dialog)
            settle(self.window)
        shoot(dialog, self.out / self.name)
        self.name, self.prepare = "", None
        dialog.hide()
        return QDialog.DialogCode.Rejected

    def restore(self) -> None:
        QDialog.exec = self.original  # type: ignore[method-assign]


def fill_sample_data(data: Path) -> None:
    base = ["--data-dir", str(data)]
    involve([*base, "demo", "--events", "8", "--responses", "400", "--signups", "24", "--seed", SEED])
    involve([*base, "device", "--name", "Stall laptop 2"])


def first_held_event(window: MainWindow) -> str:
    """The demo event with the most answers: the list is newest first, and some are still to come."""
    from app.store.events import list_events
    from app.store.responses import event_feedback_counts

    assert window.store is not None
    with window.store.session() as session:
        counts = {record.id: event_feedback_counts(session, record.id).responses_total
                  for record in list_events(session)}
    return max(counts, key=lambda event_id: counts[event_id])


def add_actions(window: MainWindow, event_id: str) -> None:
    base = ["--data-dir", str(window.paths.root)]
    for said, will, owner, status in (
        ("It is hard to get a GP appointment by phone in the morning.",
         "Ask the practices to add online booking for same-day appointments.", "Priya Shah", ""),
        ("The stall was hard to find from the car park.", "Put signs up at both car park entrances next time.",
         "Tom Ellis", "done:Signs went up at both entrances for the June fair."),
        ("Leaflets should be in Polish as well as English.", "Print the next leaflets in Polish too.",
         "Ania Nowak", "in_progress"),
    ):
        involve([*base, "actions", "add", event_id, "--you-said", said, "--we-will", will, "--owner", owner,
                 "--due", "2027-03-31"])
        if status:
            from app.store.actions import list_actions

            assert window.store is not None
            with window.store.session() as session:
                newest = [action for action in list_actions(session, event_id) if action.details.you_said == said]
            status, _colon, what_done = status.partition(":")
            done = ["--what-done", what_done] if what_done else []
            involve([*base, "actions", "update", newest[0].id, "--status", status, *done])


def pause(window: MainWindow, seconds: float) -> None:
    """Let timers and workers run: some windows wait a moment before they draw (a preview, say)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        settle(window, 1)
        time.sleep(0.02)


def wait_for(condition: Callable[[], bool], window: MainWindow, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return
        pause(window, 0.05)
    raise RuntimeError("the window did not finish loading")


def pictures(window: MainWindow, out: Path) -> None:
    window.resize(*WIDE)
    settle(window)
    shoot(window, out / "events-list.png")

    camera = DialogCamera(window, out)
    try:
        camera.expect("settings.png")
        window.open_settings()
        camera.expect("event-dialog.png")
        window.new_event()

        event_id = first_held_event(window)
        add_actions(window, event_id)
        window.open_event(event_id)
        wait_for(lambda: window.event_page.record is not None and window.event_page.record.id == event_id, window)
        settle(window)
        shoot(window, out / "event-page.png")

        camera.expect("record-feedback.png")
        window.feedback.record_feedback(event_id)

        def preview_made(dialog: QDialog) -> None:
            wait_for(lambda: dialog.preview.pages > 0, window)  # type: ignore[attr-defined]
            pause(window, 1.5)  # the first page is drawn on a worker

        camera.expect("print-sheets.png", preview_made)
        window.paper.print_sheets(event_id)
        camera.expect("type-in-paper.png")
        window.paper.type_in_paper(event_id)

        def events_listed(dialog: QDialog) -> None:
            wait_for(lambda: dialog.events.count() > 0, window)  # type: ignore[attr-defined]

        camera.expect("report-across.png", events_listed)
        window.reports.report_across_events()
    finally:
        camera.restore()

    window.people.open_people()
    people = window.people.people_window
    assert people is not None
    wait_for(lambda: people.table.rowCount() > 0, window)
    people.table.selectRow(0)
    settle(window)
    shoot(people, out / "people.png")
    people.close()

    window.action_desk.open_for_event(event_id)
    actions = window.action_desk.window
    assert actions is not None
    wait_for(lambda: actions.table.rowCount() > 0, window)
    shoot(actions, out / "actions.png")
    actions.close()

    panel = window.sync.open_panel()
    settle(window)
    shoot(panel, out / "sync-panel.png")
    panel.close()

    kiosk_welcome(window, out)


def kiosk_welcome(window: MainWindow, out: Path) -> None:
    from kiosk_screenshots import WIDE as KIOSK_SIZE
    from kiosk_screenshots import make_kiosk

    assert window.store is not None
    kiosk = make_kiosk(window.store, window.tasks)
    kiosk.resize(*KIOSK_SIZE)
    kiosk.show_attract()
    kiosk.attract.start_button.setFocus()
    shoot(kiosk, out / "kiosk-welcome.png")
    kiosk._may_close = True  # the picture is taken; no PIN is needed to put it away
    kiosk.close()


def guide_picture(path: Path, page: str = "index.html") -> None:
    """A page of the guide as a web browser shows it at 1366x768 (headless Chromium), for the docs."""
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        raise SystemExit(f"--docs needs Chromium ({' or '.join(BROWSERS)}) to draw the guide as a browser shows it")
    with tempfile.TemporaryDirectory() as folder:
        shot = Path(folder) / "page.png"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--window-size={WIDE[0]},{WIDE[1]}", f"--screenshot={shot}",
                        QUrl.fromLocalFile(str(ROOT / "resources" / "guide" / page)).toString()],
                       check=True, capture_output=True, timeout=120)
        save_small(QImage(str(shot)), path, max_width=WIDE[0])


def main(argv: list[str]) -> int:
    if "--docs-only" in argv:
        guide_picture(ROOT / "docs" / "user-guide.png")
        return 0
    out = Path(argv[0]) if argv and not argv[0].startswith("--") else ROOT / "resources" / "guide" / "images"
    out.mkdir(parents=True, exist_ok=True)
    make_application()
    data = Path(tempfile.mkdtemp(prefix="involve-guide-"))
    try:
        fill_sample_data(data)
        window = build_main_window(data)
        window.settings.update({"organisation_name": "Kent Health Engagement Team",
                                "privacy_contact": "involve@kent-engagement.example.nhs.uk"})
        ready: list[bool] = []
        window.sig_store_ready.connect(lambda: ready.append(True))
        window.show()
        window.open_store()
        wait_for(lambda: bool(ready), window)
        pictures(window, out)
        window.close()
        if "--docs" in argv:
            guide_picture(ROOT / "docs" / "user-guide.png")
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
