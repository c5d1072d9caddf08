"""The Sync panel and the Sync menu, driven as a person would.

The laptop syncs through the real central service, in front of a SQLite file
(tests/ui/sync_fixtures.py), so no database server is needed; the engines are covered in
tests/sync. Connecting a laptop is in test_enrol_dialog.py.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QProgressBar

from app.services.central import SERVICE_KEY
from app.store.demo import seed_demo
from app.store.settings_file import SettingsFile
from app.store.store import Store
from app.store.survey_library import load_library
from app.store.sync_history import SyncRecord
from app.ui.sync.history_view import HistoryTable, ReceiptView
from app.ui.sync.panel import SyncPanel
from app.ui.sync.sync_runner import SyncRunner
from tests.ui.helpers import button, find
from tests.ui.sync_fixtures import (  # noqa: F401  (fixtures)
    central,
    central_rows,
    enrol,
    gate_the_sync,
    laptop,
    memory_keyring,
    point_at_unreachable,
    runner,
    service,
    settings,
)

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "sync-panel.png"


@pytest.fixture
def panel(qtbot, runner: SyncRunner, settings: SettingsFile) -> SyncPanel:
    opened = SyncPanel(runner, settings)
    qtbot.addWidget(opened)
    with qtbot.waitSignal(runner.sig_probed, timeout=20_000):
        opened.show()
    qtbot.waitUntil(lambda: runner.status is not None and not runner.probing)
    return opened


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def sync_by_clicking(qtbot, panel: SyncPanel, runner: SyncRunner):
    runs_before = panel.history.rowCount()
    with qtbot.waitSignal(runner.sig_finished, timeout=60_000) as finished:
        click(qtbot, button(panel, "Sync now"))
    qtbot.waitUntil(lambda: panel.history.rowCount() == runs_before + 1)
    return finished.args[0]


def test_the_panel_says_where_it_syncs_and_what_is_waiting(panel: SyncPanel, service, laptop: Store) -> None:
    assert find(panel, "Central service", QLabel).text() == service.url
    assert button(panel, "Connect again").isEnabled()
    assert find(panel, "Sync state", QLabel).text() == "Reachable"
    assert find(panel, "Waiting to sync", QLabel).text() == "304 rows waiting to be sent"
    assert find(panel, "Last synced", QLabel).text() == "Never"
    assert "No syncs yet" in find(panel, "Receipt of the latest sync", QLabel).text()
    assert not button(panel, "Cancel sync").isEnabled()
    assert button(panel, "Sync now").isEnabled()


def test_sync_now_sends_everything_shows_the_receipt_and_adds_to_the_history(
        qtbot, panel: SyncPanel, runner: SyncRunner, central: str) -> None:
    record = sync_by_clicking(qtbot, panel, runner)
    assert record.outcome == "ok"
    receipt = find(panel, "Receipt of the latest sync", QLabel).text()
    assert "Synced: everything this laptop held was sent to the centre." in receipt
    assert "304 rows sent: 304 new at the centre" in receipt
    assert central_rows(central) == 300
    assert central_rows(central, "events") == 3
    assert panel.history.row_texts(0)[1:6] == ["Synced", "304", "304", "0", "0"]
    assert panel.history.row_texts(0)[0].startswith("today at ")
    assert find(panel, "Waiting to sync", QLabel).text() == "Nothing waiting to be sent"
    assert find(panel, "Last synced", QLabel).text().startswith("today at ")
    check = find(panel, "Count check", QLabel).text()
    assert check.startswith("Count check: all 3 counts below match the centre. It counts records, erased and "
                            "merged ones too")
    counts = panel.receipt.counts
    assert counts.rowCount() == 3
    assert {counts.item(r, 4).text() for r in range(3)} == {"Matches"}

    again = sync_by_clicking(qtbot, panel, runner)
    assert again.sent == 0
    assert "0 rows sent" in find(panel, "Receipt of the latest sync", QLabel).text()
    assert panel.history.rowCount() == 2
    assert panel.history.row_texts(0)[2] == "0"
    assert central_rows(central) == 300


def test_a_count_that_differs_is_marked_in_words_not_only_colour(qtbot) -> None:
    now = dt.datetime.now(dt.UTC)
    counts = [{"event_id": "a", "event": "Market day stall", "table": "responses", "here": 120, "centre": 120},
              {"event_id": "b", "event": "Carers' coffee morning", "table": "responses", "here": 40, "centre": 38}]
    record = SyncRecord(now, now, "sqlite:///central.db", "ok", sent=5, new=5, mismatches=1,
                        message="The centre's counts differ from this laptop's for 1 events; see the count check.",
                        details={"counts": counts})
    view = ReceiptView()
    qtbot.addWidget(view)
    view.show()
    view.show_record(record)
    assert "Count check: 1 count differs" in find(view, "Count check", QLabel).text()
    table = view.counts
    assert table.item(0, 0).text() == "Carers' coffee morning", "a difference comes first"
    assert [table.item(0, c).text() for c in range(2, 5)] == ["40", "38", "✗ Differs"]
    assert table.item(0, 4).font().bold()
    assert table.item(1, 4).text() == "Matches"
    history = HistoryTable()
    qtbot.addWidget(history)
    history.show_runs([record])
    assert history.row_texts(0)[1] == "Synced, counts differ"


def test_the_count_check_says_it_counts_records_so_erased_sign_ups_are_not_a_surprise(qtbot) -> None:
    now = dt.datetime.now(dt.UTC)
    counts = [{"event_id": "a", "event": "Market day stall", "table": "people", "here": 9, "centre": 9},
              {"event_id": "a", "event": "Market day stall", "table": "consents", "here": 9, "centre": 9},
              {"event_id": "a", "event": "Market day stall", "table": "responses", "here": 40, "centre": 40}]
    view = ReceiptView()
    qtbot.addWidget(view)
    view.show()
    view.show_record(SyncRecord(now, now, "https://involve.example.nhs.uk", "ok", sent=18, new=18,
                                details={"counts": counts}))
    # Deleted feedback leaves every count, the check's too (tests/sync/test_corrections_sync.py).
    assert {view.counts.item(r, 1).text() for r in range(3)} == {
        "sign-up records (erased and merged ones too)", "consent records (erased ones too)",
        "feedback responses (deleted ones left out)"}
    assert find(view, "Count check", QLabel).text().endswith(
        "It counts records, erased and merged ones too, so it can be more than an event page's sign-ups.")


def test_cancel_stops_the_sync_and_the_window_answers_meanwhile(qtbot, panel: SyncPanel, runner: SyncRunner,
                                                              monkeypatch, laptop: Store) -> None:
    gate, _seen = gate_the_sync(monkeypatch)
    runner.batch_size = 50
    assert not panel.progress.isVisible()  # between syncs the receipt and the state line say it all
    with qtbot.waitSignal(runner.sig_progress, timeout=30_000,
                          check_params_cb=lambda step: step.done > 0):
        click(qtbot, button(panel, "Sync now"))
    progress = find(panel, "Sync progress", QProgressBar)
    # The sync is now held after its first batch: the window still redraws and takes clicks.
    assert progress.text() == "Sending… 1 of 304 rows"  # the laptop itself goes first
    assert not button(panel, "Sync now").isEnabled()
    assert button(panel, "Cancel sync").isEnabled()
    panel.close()
    panel.show()  # closing and reopening the panel leaves the sync running
    assert runner.running
    with qtbot.waitSignal(runner.sig_finished, timeout=60_000) as finished:
        click(qtbot, button(panel, "Cancel sync"))
        assert not button(panel, "Cancel sync").isEnabled()
        gate.set()
    record = finished.args[0]
    assert record.outcome == "cancelled"
    qtbot.waitUntil(lambda: panel.history.rowCount() == 1)
    assert panel.history.row_texts(0)[1] == "Cancelled"
    assert "Sync cancelled." in find(panel, "Receipt of the latest sync", QLabel).text()
    assert 0 < record.sent < 304
    assert button(panel, "Sync now").isEnabled()
    assert not button(panel, "Cancel sync").isEnabled()
    from sync.upload import pending_count

    assert pending_count(laptop) == 304 - record.sent


def test_the_automatic_sync_tick_box_is_saved_at_once(qtbot, panel: SyncPanel, settings: SettingsFile) -> None:
    box = find(panel, "Sync automatically when online", QCheckBox)
    assert box.isChecked()
    with qtbot.waitSignal(panel.sig_auto_changed):
        box.click()
    assert SettingsFile(settings.path).get("auto_sync") is False


def test_an_unreachable_centre_is_said_plainly_and_check_again_asks_again(qtbot, panel: SyncPanel,
                                                                         runner: SyncRunner,
                                                                         settings: SettingsFile) -> None:
    point_at_unreachable(settings)
    panel.show_setup()
    with qtbot.waitSignal(runner.sig_probed, timeout=30_000):
        click(qtbot, button(panel, "Check again"))
        assert find(panel, "Sync state", QLabel).text() == "Checking…"
    text = find(panel, "Sync state", QLabel).text()
    assert text.startswith("Cannot reach: 127.0.0.1 was found, but nothing is answering at 127.0.0.1:1. Check the "
                           "port in the address")
    assert "httpx" not in text and "Errno" not in text


def test_the_panel_shows_one_current_state_after_a_sync_then_a_failed_check(
        qtbot, panel: SyncPanel, runner: SyncRunner, settings: SettingsFile) -> None:
    assert sync_by_clicking(qtbot, panel, runner).outcome == "ok"
    assert find(panel, "Sync state", QLabel).text() == "Reachable"
    point_at_unreachable(settings)
    with qtbot.waitSignal(runner.sig_probed, timeout=30_000):
        click(qtbot, button(panel, "Check again"))
    assert find(panel, "Sync state", QLabel).text().startswith("Cannot reach: 127.0.0.1 was found")
    # Nothing else on the panel, outside the dated receipt of the last sync, still says all is well.
    facts = [w for w in panel.findChildren(QLabel) + panel.findChildren(QProgressBar)
             if w.isVisible() and not panel.receipt.isAncestorOf(w)]
    said = [w.text() for w in facts]
    assert not [text for text in said if "at the centre" in text or text.startswith("Synced")], said
    assert find(panel, "Waiting to sync", QLabel).text() == "Nothing waiting to be sent"


def test_a_laptop_not_connected_is_offered_to_connect(qtbot, runner: SyncRunner, settings: SettingsFile) -> None:
    settings.set(SERVICE_KEY, "")
    opened = SyncPanel(runner, settings)
    qtbot.addWidget(opened)
    opened.show()
    assert find(opened, "Central service", QLabel).text() == "Not connected yet"
    assert "enrolment code from your data team" in find(opened, "Sync state", QLabel).text()
    assert "database" not in " ".join(label.text() for label in opened.findChildren(QLabel)).lower()
    with qtbot.waitSignal(opened.sig_set_up):
        click(qtbot, button(opened, "Connect to your organisation"))


def test_the_panel_after_a_sync_fits_its_window(qtbot, panel: SyncPanel, runner: SyncRunner, laptop: Store,
                                                tmp_path: Path) -> None:
    """Nothing is cut off at a laptop-sized window. With INVOLVE_SCREENSHOTS=docs the picture
    is saved as docs/sync-panel.png too, to be looked at."""
    sync_by_clicking(qtbot, panel, runner)
    seed_demo(laptop, load_library(None).surveys, events=1, responses=40, seed=9)
    runner.refresh_status()
    qtbot.waitUntil(lambda: runner.status.pending > 0)
    panel.resize(980, 720)
    qtbot.waitUntil(lambda: panel.layout().geometry().height() > 0)
    assert panel.minimumSizeHint().width() <= 980 and panel.minimumSizeHint().height() <= 720
    counts = panel.receipt.counts
    assert counts.viewport().height() >= sum(counts.rowHeight(r) for r in range(counts.rowCount()))
    picture = panel.grab()
    assert picture.size().width() == 980 and picture.size().height() == 720
    assert picture.save(str(tmp_path / "sync-panel.png"))
    if os.environ.get("INVOLVE_SCREENSHOTS") == "docs":
        assert picture.save(str(SCREENSHOT))


# ----- the main window's Sync menu and status bar


def connected_laptop(gui_data, service, *, responses: int, seed: int) -> None:
    """The window's data folder with demo data, enrolled with ``service``, automatic sync off."""
    store = Store.open(gui_data)
    try:
        seed_demo(store, load_library(None).surveys, events=2, responses=responses, seed=seed)
        settings = SettingsFile(gui_data.settings)
        settings.set("auto_sync", False)
        enrol(settings, store, service)
    finally:
        store.close()


def test_the_sync_menu_and_status_bar_follow_a_sync(qtbot, gui_data, open_window, service, central: str,
                                                    memory_keyring) -> None:
    connected_laptop(gui_data, service, responses=50, seed=3)
    window = open_window()
    desk = window.sync
    qtbot.waitUntil(lambda: desk.runner.status is not None)
    assert desk.indicator.text() == "53 waiting to sync · not synced yet"
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    assert [action.text() for action in menus["&Sync"].actions() if action.text()] == [
        "Sync &now", "Sync &panel…", "&Connect to your organisation…"]
    assert desk.sync_now_action.shortcut().toString() == "Ctrl+Shift+Y"
    with qtbot.waitSignal(desk.runner.sig_finished, timeout=60_000):
        desk.sync_now_action.trigger()
        assert desk.indicator.text() == "Syncing…"
    qtbot.waitUntil(lambda: desk.indicator.text().startswith("All synced · last synced "))
    assert central_rows(central) == 50
    click(qtbot, desk.indicator)
    assert desk.panel is not None and desk.panel.isVisible()
    assert desk.panel.history.rowCount() == 1


def test_without_a_connection_the_status_bar_says_so(window) -> None:
    assert window.sync.indicator.text() == "Sync not set up"
    assert os.environ.get("INVOLVE_CENTRAL_PASSWORD") is None


def test_closing_the_app_mid_sync_stops_it_cleanly(qtbot, gui_data, open_window, service, central: str,
                                                   memory_keyring, monkeypatch) -> None:
    connected_laptop(gui_data, service, responses=200, seed=4)
    window = open_window()
    runner = window.sync.runner
    gate, _seen = gate_the_sync(monkeypatch, runner)
    runner.batch_size = 50
    with qtbot.waitSignal(runner.sig_progress, timeout=30_000, check_params_cb=lambda step: step.done > 0):
        window.sync.sync_now_action.trigger()
    window.close()
    assert not runner.running or runner.cancelling
    again = Store.open(gui_data)
    try:
        from app.store.sync_history import last_run

        with again.session() as session:
            record = last_run(session)
    finally:
        again.close()
    assert record is not None and record.outcome == "cancelled"
    assert record.sent > 0, "what was sent before closing is kept as sent"
    assert central_rows(central) < 200


def test_the_status_bar_counts_a_save_made_after_a_sync(qtbot, gui_data, open_window, service, central: str,
                                                        memory_keyring) -> None:
    from PySide6.QtWidgets import QRadioButton

    from tests.ui.helpers import when_dialog_opens

    connected_laptop(gui_data, service, responses=5, seed=5)
    window = open_window()
    desk = window.sync
    qtbot.waitUntil(lambda: desk.runner.status is not None)
    with qtbot.waitSignal(desk.runner.sig_finished, timeout=60_000):
        desk.sync_now_action.trigger()
    qtbot.waitUntil(lambda: desk.indicator.text().startswith("All synced · "))
    with window.store.session() as session:
        from app.store.events import list_events

        event_id = list_events(session)[0].id
    with qtbot.waitSignal(window.sig_counts_shown, timeout=10_000):
        window.open_event(event_id)

    def fill(dialog) -> None:
        radio = find(dialog, "Good", QRadioButton)
        radio.setChecked(True)
        click(qtbot, button(dialog, "Save feedback"))

    before = int(find(window.event_page, "All responses", QLabel).text().split(": ")[1])
    when_dialog_opens(fill)
    click(qtbot, button(window, "Record feedback"))
    qtbot.waitUntil(lambda: find(window.event_page, "All responses", QLabel).text() == f"All responses: {before + 1}",
                    timeout=10_000)
    # Saved and shown on the page: the status bar no longer claims everything is synced...
    assert not desk.indicator.text().startswith("All synced"), desk.indicator.text()
    # ...and soon counts the new response as waiting.
    qtbot.waitUntil(lambda: desk.indicator.text().startswith("1 waiting to sync · last synced "), timeout=10_000)


def test_the_sync_window_opens_where_it_was_left(qtbot, window) -> None:
    panel = window.sync.open_panel()
    panel.resize(700, 520)
    panel.move(31, 17)
    where = panel.geometry()
    panel.close()
    assert window.settings.get("sync_window_geometry")
    window.sync.panel = None  # as if the app had been started again
    panel.deleteLater()
    reopened = window.sync.open_panel()
    assert reopened.geometry().size() == where.size()
    # Where it was, give or take the window frame (the test screen draws none).
    assert (reopened.geometry().topLeft() - where.topLeft()).manhattanLength() <= 10
    reopened.close()
