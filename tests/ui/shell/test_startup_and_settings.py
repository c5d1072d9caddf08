"""Starting up on a damaged or keyless store, settings, and remembering the window."""

from __future__ import annotations

from pathlib import Path

import keyring
from keyring.backends import null
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QSpinBox

from app.core.events import validate_event
from app.store import backups
from app.store.events import add_event
from app.store.store import Store
from app.ui.shell.application import build_main_window, make_application
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, find, when_dialog_opens


def test_window_size_and_place_are_remembered(open_window, qtbot) -> None:
    window = open_window()
    window.resize(780, 520)  # the offscreen screen is 800 by 600
    window.close()
    again = open_window()
    assert again.size() == QSize(780, 520)


def test_settings_dialog_changes_text_size_and_keeps_it(open_window, qtbot) -> None:
    window = open_window()
    before = QApplication.instance().font().pointSizeF()

    def choose_large(dialog) -> None:
        sizes = find(dialog, "Text size", QComboBox)
        sizes.setCurrentIndex(sizes.findText("Larger"))
        find(dialog, "Backups to keep", QSpinBox).setValue(3)
        qtbot.mouseClick(button(dialog, "Save settings"), Qt.MouseButton.LeftButton)

    when_dialog_opens(choose_large)
    window.open_settings()
    assert QApplication.instance().font().pointSizeF() == before * 1.5
    assert window.settings.get("backups_to_keep") == 3
    window.close()
    again = open_window()
    assert again.settings.get("text_size") == "larger"
    assert QApplication.instance().font().pointSizeF() == before * 1.5
    again.settings.set("text_size", "normal")



def _backed_up_with(gui_data, name: str) -> Path:
    """A store holding one event, and a backup of it; returns the backup."""
    store = Store.open(gui_data)
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": name, "kind": "ppg-meeting", "event_date": "2026-02-02"}))
    backup = store.backup_now()
    store.close()
    return backup


def _shown_window(gui_data, qtbot) -> MainWindow:
    make_application()
    window = build_main_window(gui_data.root)
    qtbot.addWidget(window)
    window.show()
    return window


def test_damaged_store_offers_the_newest_backup_and_restores_it(gui_data, qtbot) -> None:
    _backed_up_with(gui_data, "Saved before the damage")
    gui_data.store.write_bytes(b"\x00" * 16384)

    window = _shown_window(gui_data, qtbot)
    offered: dict[str, str] = {}

    def restore(box) -> None:
        assert isinstance(box, QMessageBox)
        offered["text"] = box.text()
        offered["detail"] = box.informativeText()
        button(box, "Restore the backup").click()

    when_dialog_opens(restore)
    with qtbot.waitSignal(window.sig_store_ready, timeout=20_000):
        window.open_store()
    assert "could not be opened" in offered["text"]
    assert "A backup from" in offered["detail"]
    proxy = window.list_page.table.model()
    assert [proxy.index(r, 1).data() for r in range(proxy.rowCount())] == ["Saved before the damage"]
    assert list(gui_data.root.glob("involve.db.replaced-*")), "the damaged file is kept"
    window.close()


def test_a_missing_store_is_not_made_again_empty_and_the_backup_is_offered(gui_data, qtbot) -> None:
    _backed_up_with(gui_data, "Saved before the file went")
    gui_data.store.unlink()

    window = _shown_window(gui_data, qtbot)
    offered: dict[str, str] = {}

    def restore(box) -> None:
        offered["text"], offered["detail"] = box.text(), box.informativeText()
        assert not gui_data.store.exists(), "an empty store was made while asking"
        button(box, "Restore the backup").click()

    when_dialog_opens(restore)
    with qtbot.waitSignal(window.sig_store_ready, timeout=20_000):
        window.open_store()
    assert "missing" in offered["text"] and "has not been made" in offered["text"]
    assert "A backup from" in offered["detail"] and "kept beside it" not in offered["detail"]
    proxy = window.list_page.table.model()
    assert [proxy.index(r, 1).data() for r in range(proxy.rowCount())] == ["Saved before the file went"]
    window.close()


def test_a_restore_interrupted_last_time_is_finished_and_said(gui_data, qtbot) -> None:
    from app.store import restore

    backup = _backed_up_with(gui_data, "In the backup")
    # As a restore leaves things when the power goes just after its copy is whole.
    restore._write_journal(restore.journal_path(gui_data.store), backup,
                           gui_data.store.with_name("involve.db.replaced-20261204T100000Z"), "copied")
    restore.incoming_path(gui_data.store).write_bytes(backup.read_bytes())

    window = _shown_window(gui_data, qtbot)
    said: list[str] = []
    when_dialog_opens(lambda box: (said.append(box.text()), box.accept()))
    with qtbot.waitSignal(window.sig_store_ready, timeout=20_000):
        window.open_store()
    assert "interrupted last time" in said[0] and "involve.db.replaced-20261204T100000Z" in said[0]
    window.close()


def test_no_key_anywhere_says_so_and_closes(gui_data, qtbot, monkeypatch) -> None:
    monkeypatch.delenv("INVOLVE_STORE_KEY")
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    window = _shown_window(gui_data, qtbot)
    said: list[str] = []

    def read_and_close(box) -> None:
        said.append(box.text())
        box.accept()

    try:
        when_dialog_opens(read_and_close)
        window.open_store()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    finally:
        keyring.set_keyring(previous)
    assert "INVOLVE_STORE_KEY" in said[0] and "keyring" in said[0]
    assert window.closed_without_data, "the app would exit 0 as if all were well"
    assert not gui_data.store.exists()
    assert backups.list_backups(gui_data.backups) == []


def test_name_this_laptop(window, qtbot) -> None:
    def rename(dialog) -> None:
        dialog.setTextValue("Stall laptop 2")
        button(dialog, "Save name").click()

    when_dialog_opens(rename)
    window.rename_device_action.trigger()
    qtbot.waitUntil(lambda: window.store_label.text() == "This laptop: Stall laptop 2")
    assert window.store.device_name() == "Stall laptop 2"


def test_starting_again_with_nothing_changed_makes_no_new_backup(open_window, gui_data, qtbot) -> None:
    window = open_window()
    with qtbot.waitSignal(window.care.sig_done, timeout=20_000) as first:
        pass
    assert first.args[0].backup is not None, "the first start backs up"
    window.close()
    again = open_window()
    with qtbot.waitSignal(again.care.sig_done, timeout=20_000) as second:
        pass
    assert second.args[0].backup is None
    assert len(backups.list_backups(gui_data.backups)) == 1, "a start with nothing new pushed out an older backup"
    again.close()


def test_damage_found_after_the_window_opens_offers_the_backup(gui_data, qtbot) -> None:
    from tests.store.test_store_care import damage_table

    store = Store.open(gui_data)
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": "Saved before the damage", "kind": "ppg-meeting", "event_date": "2026-02-02"}))
    store.backup_now()
    damage_table(store, "gp_practices")  # a page the events list does not read

    window = _shown_window(gui_data, qtbot)
    offered: list[str] = []

    def restore(box) -> None:
        offered.append(box.text())
        button(box, "Restore the backup").click()

    with qtbot.waitSignal(window.sig_store_ready, timeout=20_000):
        window.open_store()
    when_dialog_opens(restore)
    with qtbot.waitSignal(window.sig_store_ready, timeout=20_000):
        pass  # the check finds the damage, the backup is put back and the store opened again
    assert offered and "damaged" in offered[0]
    assert list(gui_data.root.glob("involve.db.replaced-*")), "the damaged file is kept"
    with qtbot.waitSignal(window.care.sig_done, timeout=20_000):
        pass
    window.close()
