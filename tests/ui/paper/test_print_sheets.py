"""Printing sheets from the event page: choosing what and how many, the preview, saving as PDF."""

from __future__ import annotations

from pathlib import Path

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel, QRadioButton, QSpinBox

from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.sheet_codes import SheetKind, format_code
from app.store import paper
from app.store.events import add_event
from app.store.practices import save_practice
from app.ui.paper.print_sheets_dialog import PrintSheetsDialog
from app.ui.shell.main_window import MainWindow
from tests.ui.helpers import button, click_label, find, when_dialog_opens


def open_event(window: MainWindow, qtbot, kind: str = "ppg-meeting", name: str = "Larkspur PPG") -> str:
    with window.store.session() as session:
        practice = save_practice(session, window.store.device_id, validate_practice("Larkspur Surgery", "G82001"))
        record = add_event(session, window.store.device_id, validate_event(
            {"name": name, "kind": kind, "event_date": "2026-04-14", "venue": "Larkspur Surgery",
             "practice_id": practice.id if kind == "ppg-meeting" else None}))
    with qtbot.waitSignal(window.sig_event_shown, timeout=10_000):
        window.open_event(record.id)
    return record.id


def wait_for_preview(qtbot, dialog: PrintSheetsDialog) -> None:
    qtbot.waitUntil(lambda: dialog.preview_made is not None and button(dialog, "Save as PDF").isEnabled(),
                    timeout=20_000)


def set_count(qtbot, dialog, name: str, value: int) -> None:
    box = find(dialog, name, QSpinBox)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, str(value))


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def test_save_sign_up_sheets_as_pdf_and_the_next_run_carries_on_numbering(window: MainWindow, qtbot, tmp_path,
                                                                          monkeypatch) -> None:
    event_id = open_event(window, qtbot)
    targets = [tmp_path / "first run.pdf", tmp_path / "second run"]  # the .pdf is added when left off
    asked: list[str] = []

    def save_as(_parent, _title, suggested, _filter):
        asked.append(Path(suggested).name)
        return str(targets[len(asked) - 1]), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    seen: dict[str, object] = {}

    def print_twice(dialog) -> None:
        click_label(qtbot, find(dialog, "Sign-up sheets", QRadioButton))
        set_count(qtbot, dialog, "How many sheets", 3)
        wait_for_preview(qtbot, dialog)
        seen["numbers"] = find(dialog, "Sheet numbers", QLabel).text()
        seen["pages"] = dialog.preview.page_label.text()
        qtbot.waitUntil(lambda: dialog.preview.page.pixmap() is not None and not dialog.preview.page.pixmap().isNull())
        qtbot.mouseClick(button(dialog, "Save as PDF"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: find(dialog, "Printed", QLabel).isVisible(), timeout=20_000)
        seen["first"] = find(dialog, "Printed", QLabel).text()
        wait_for_preview(qtbot, dialog)
        seen["next numbers"] = find(dialog, "Sheet numbers", QLabel).text()
        qtbot.mouseClick(button(dialog, "Save as PDF"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "4 to 6" in find(dialog, "Printed", QLabel).text(), timeout=20_000)
        seen["second"] = find(dialog, "Printed", QLabel).text()
        qtbot.mouseClick(button(dialog, "Close"), Qt.MouseButton.LeftButton)

    when_dialog_opens(print_twice)
    qtbot.mouseClick(button(window, "Print sheets"), Qt.MouseButton.LeftButton)

    assert seen["numbers"].startswith("These will be sheets 1 to 3.")
    assert seen["pages"] == "Page 1 of 3"
    assert seen["first"] == "Sheets 1 to 3 saved to “first run.pdf”."
    assert seen["next numbers"].startswith("These will be sheets 4 to 6.")
    assert seen["second"] == "Sheets 4 to 6 saved to “second run.pdf”."
    assert asked[0] == "Sign-up sheets - Larkspur PPG.pdf"
    assert window.statusBar().currentMessage() == seen["second"]

    first = pdf_pages(targets[0])
    second = pdf_pages(tmp_path / "second run.pdf")
    assert len(first) == 3 and len(second) == 3
    with window.store.session() as session:
        assert paper.printed_up_to(session, event_id, SheetKind.SIGNUP) == 6
        series = paper.sheet_series(session, window.store.device_id)
    assert format_code(SheetKind.SIGNUP, event_id, 1, series) in first[0]
    assert format_code(SheetKind.SIGNUP, event_id, 4, series) in second[0]
    assert format_code(SheetKind.SIGNUP, event_id, 6, series) in second[2]


def test_the_preview_takes_no_numbers_and_shows_every_page(window: MainWindow, qtbot) -> None:
    event_id = open_event(window, qtbot, kind="community-event", name="Spring health fair")
    seen: dict[str, object] = {}

    def look(dialog) -> None:
        seen["kinds"] = [radio.text().replace("&", "") for radio in dialog.findChildren(QRadioButton)]
        click_label(qtbot, find(dialog, "Feedback cards", QRadioButton))
        set_count(qtbot, dialog, "How many cards", 9)
        click_label(qtbot, find(dialog, "Large print", QCheckBox))
        wait_for_preview(qtbot, dialog)
        seen["pages"] = dialog.preview.page_label.text()
        qtbot.mouseClick(button(dialog, "Next page"), Qt.MouseButton.LeftButton)
        seen["turned"] = dialog.preview.page_label.text()
        seen["about"] = dialog.about_kind.text()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(look)
    qtbot.mouseClick(button(window, "Print sheets"), Qt.MouseButton.LeftButton)

    assert seen["kinds"] == ["Sign-up sheets", "Feedback cards"]  # a register is for PPG meetings only
    assert seen["pages"] == "Page 1 of 5" and seen["turned"] == "Page 2 of 5"  # two large cards to a page
    assert "2 cards to a page" in seen["about"]
    with window.store.session() as session:
        assert paper.printed_up_to(session, event_id, SheetKind.FEEDBACK) == 0


def test_a_register_lists_the_meetings_members(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    from app.core.signups import ConsentMethod, validate_signup
    from app.store.events import get_event
    from app.store.people import ConsentGiven, save_signup

    event_id = open_event(window, qtbot)
    with window.store.session() as session:
        practice_id = get_event(session, event_id).details.practice_id
        for name in ("Ann Smith", "Bilal Khan"):
            save_signup(session, window.store.device_id, validate_signup(
                {"name": name, "email": f"{name.split()[0].lower()}@example.org", "interests": ["ppg"],
                 "practice_id": practice_id, "contact_method": "email"}),
                ConsentGiven("privacy", 1, ConsentMethod.STAFF))
    target = tmp_path / "register.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    seen: dict[str, str] = {}

    def save_register(dialog) -> None:
        click_label(qtbot, find(dialog, "Attendance register", QRadioButton))
        set_count(qtbot, dialog, "Blank rows for guests", 4)
        wait_for_preview(qtbot, dialog)
        seen["about"] = dialog.about_kind.text()
        qtbot.mouseClick(button(dialog, "Save as PDF"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: find(dialog, "Printed", QLabel).isVisible(), timeout=20_000)
        seen["done"] = find(dialog, "Printed", QLabel).text()
        qtbot.mouseClick(button(dialog, "Close"), Qt.MouseButton.LeftButton)

    when_dialog_opens(save_register)
    qtbot.mouseClick(button(window, "Print sheets"), Qt.MouseButton.LeftButton)

    assert "2 members of Larkspur Surgery's" in seen["about"]
    assert seen["done"] == "Register sheet 1 saved to “register.pdf”."
    [page] = pdf_pages(target)
    with window.store.session() as session:
        series = paper.sheet_series(session, window.store.device_id)
    assert "Ann Smith" in page and "Bilal Khan" in page
    assert format_code(SheetKind.ATTENDANCE, event_id, 1, series) in page
