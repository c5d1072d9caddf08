"""Every staff dialog fits a 1366×768 and a 1024×768 laptop screen at the largest text size.

Each test opens a dialog as staff would, with the largest text size already chosen, then does
what a window manager does on that screen: the window gets at most the room the screen leaves
(above a taskbar, under a title bar), never less than the window's own minimum (windows are told
the screen is that size, as they size themselves to it). Every button
must then lie wholly inside the window; a tick box or choice in an area that scrolls counts where
its area is (scrolling reaches it), and so does a button among boxes to fill in (going through
them scrolls to it); any other button in such an area must be in the part of it on screen when
the window opens. A window whose minimum is larger than the screen fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

from app.ui.common.text_size import apply_text_size
from app.ui.shell.main_window import MainWindow
from tests.ui.common.test_dashboard import open_event
from tests.ui.helpers import button, when_dialog_opens
from tests.ui.paper.test_meeting import add_member, add_practices, open_meeting_event
from tests.ui.people.test_people import through_dialog
from tests.ui.people.test_people_edit import choose
from tests.ui.people.test_people_window import open_people, search, zebedee

SCREENS = {"1366x768": QSize(1366, 768), "1024x768": QSize(1024, 768)}
TASKBAR = 40
TITLE_BAR = 32
SHOTS = os.environ.get("INVOLVE_FIT_SHOTS", "")


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen(request, monkeypatch) -> QSize:
    """The laptop's screen: what windows that size themselves to their screen are told it leaves them."""
    size = SCREENS[request.param]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, size.width(),
                                                                           size.height() - TASKBAR))
    return size


@pytest.fixture(autouse=True)
def _largest_text(window: MainWindow) -> Iterator[None]:
    """Chosen once the window is open (it applies the text size saved in its settings)."""
    window.settings.set("text_size", "larger")
    apply_text_size("larger")
    yield
    apply_text_size("normal")


def _scroll_area_of(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _is_a_form(area: QAbstractScrollArea) -> bool:
    """A page with boxes to fill in scrolls as the person goes through them, and its buttons (Add a
    practice…, Add issue) belong to the fields beside them; a page that only shows a record does not."""
    return any(field.isVisibleTo(area) and field.isEnabled() and not getattr(field, "isReadOnly", lambda: False)()
               for kind in (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox)
               for field in area.viewport().findChildren(kind))


def least_height(layout: QLayout, width: int) -> int:
    """The least height ``layout`` can take at ``width`` with no text cut: wrapped text needs its
    height at that width, which a layout's minimum alone does not count; areas that scroll need
    only their own minimum."""
    margins = layout.contentsMargins()
    inner = width - margins.left() - margins.right()
    items = [item for item in (layout.itemAt(i) for i in range(layout.count())) if not item.isEmpty()]
    if not isinstance(layout, QBoxLayout):
        return layout.totalMinimumSize().height()
    if layout.direction() in (QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.RightToLeft):
        tallest = max((_least_for(item, item.geometry().width() or inner) for item in items), default=0)
        return max(layout.totalMinimumSize().height(), tallest + margins.top() + margins.bottom())
    total = margins.top() + margins.bottom() + max(layout.spacing(), 0) * max(len(items) - 1, 0)
    return total + sum(_least_for(item, inner) for item in items)


def _least_for(item: QLayoutItem, width: int) -> int:
    widget, inner = item.widget(), item.layout()
    least = item.minimumSize().height()
    if isinstance(widget, QAbstractScrollArea):
        return least
    if isinstance(widget, QStackedWidget):
        page = widget.currentWidget()
        return max(least, least_height(page.layout(), width)) if page is not None and page.layout() else least
    if widget is not None and widget.layout() is not None:
        return max(least, least_height(widget.layout(), width))
    if inner is not None:
        return max(least, least_height(inner, width))
    return max(least, item.heightForWidth(width)) if item.hasHeightForWidth() else least


def off_screen_buttons(window: QWidget, screen: QSize) -> list[str]:
    """What would not be wholly on ``screen``: the window itself, or any button in it."""
    room = QSize(screen.width(), screen.height() - TASKBAR - TITLE_BAR)
    layout = window.layout()
    minimum = window.minimumSize().expandedTo(layout.totalMinimumSize() if layout is not None else QSize())
    width = max(min(window.width(), room.width()), minimum.width())
    needed = max(minimum.height(), least_height(layout, width)) if layout is not None else minimum.height()
    problems = []
    if width > room.width() or needed > room.height():
        problems.append(f"{window.windowTitle()!r} needs at least {width}×{needed}, "
                        f"more than the {room.width()}×{room.height()} the screen leaves")
    window.resize(width, max(min(window.height(), room.height()), needed))
    if layout is not None:
        layout.activate()
    QApplication.processEvents()
    if SHOTS:  # to look at: INVOLVE_FIT_SHOTS=/some/folder
        title = "".join(c if c.isalnum() else "-" for c in window.windowTitle())
        window.grab().save(str(Path(SHOTS) / f"{title}-{screen.width()}x{screen.height()}.png"))
    inside = QRect(QPoint(0, 0), window.size())
    buttons = [b for b in window.findChildren(QAbstractButton) if b.isVisibleTo(window) and b.window() is window]
    assert buttons, f"{window.windowTitle()!r} shows no buttons to check"
    for found in buttons:
        area = _scroll_area_of(found, window)
        shown: QWidget = area if area is not None else found
        where = QRect(shown.mapTo(window, QPoint(0, 0)), shown.size())
        if not inside.contains(where) or not QRect(QPoint(0, 0), room).contains(where):
            problems.append(f"{found.text() or found.accessibleName()!r} at {where.getRect()} is outside "
                            f"the window's {inside.width()}×{inside.height()}")
        elif area is None and found.visibleRegion().boundingRect() != found.rect():
            problems.append(f"{found.text() or found.accessibleName()!r} is cut off: only "
                            f"{found.visibleRegion().boundingRect().getRect()} of {found.rect().getRect()} shows")
        elif (area is not None and isinstance(found, QPushButton) and area.viewport().isAncestorOf(found)
              and not _is_a_form(area)):
            # An action button shows without scrolling: wholly in the part of its area on screen.
            viewport = QRect(area.viewport().mapTo(window, QPoint(0, 0)), area.viewport().size())
            at = QRect(found.mapTo(window, QPoint(0, 0)), found.size())
            if not viewport.contains(at):
                problems.append(f"{found.text() or found.accessibleName()!r} at {at.getRect()} needs scrolling to: "
                                f"its area shows only {viewport.getRect()}")
    return problems


def check_modal(qtbot, screen: QSize, open_it: Callable[[], None],
                before: Callable[[QWidget], None] = lambda _d: None) -> None:
    problems: list[str] = []

    def act(dialog: QWidget) -> None:
        try:
            before(dialog)
            problems.extend(off_screen_buttons(dialog, screen))
        finally:
            dialog.close()

    through_dialog(qtbot, open_it, act)
    assert not problems, "\n".join(problems)


def click(qtbot, root: QWidget, name: str) -> Callable[[], None]:
    return lambda: qtbot.mouseClick(button(root, name), Qt.MouseButton.LeftButton)


def idle(window: MainWindow, qtbot) -> Callable[[QWidget], None]:
    return lambda _dialog: qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)


# ----- the main window's own dialogs


def test_settings(window: MainWindow, qtbot, screen: QSize) -> None:
    check_modal(qtbot, screen, window.open_settings)


def test_set_up_this_laptop(window: MainWindow, qtbot, screen: QSize) -> None:
    def on_each_page(wizard) -> None:
        titles = []
        for _page in range(5):
            titles.append(wizard.currentPage().title())
            assert not off_screen_buttons(wizard, screen), titles[-1]
            for field in wizard.currentPage().findChildren(QLineEdit):
                if field.accessibleName().startswith("New PIN"):
                    field.setText("4821")
            wizard.next()
        assert titles[-1] == "Your organisation's centre"

    check_modal(qtbot, screen, window.set_up_action.trigger, on_each_page)


def test_new_event(window: MainWindow, qtbot, screen: QSize) -> None:
    check_modal(qtbot, screen, click(qtbot, window, "New event"))


def test_staff_pin_set_change_and_reset(window: MainWindow, qtbot, screen: QSize) -> None:
    from app.store.kiosk_pin import set_pin

    check_modal(qtbot, screen, window.staff_pin_action.trigger)  # setting the first PIN
    with window.store.session() as session:
        set_pin(session, "4821")
    check_modal(qtbot, screen, window.staff_pin_action.trigger)  # changing it

    def open_reset(change) -> None:
        when_dialog_opens(lambda reset: (problems.extend(off_screen_buttons(reset, screen)), reset.close()))
        qtbot.mouseClick(button(change, "Forgotten the PIN? Reset it…"), Qt.MouseButton.LeftButton)

    problems: list[str] = []
    check_modal(qtbot, screen, window.staff_pin_action.trigger, open_reset)
    assert not problems, problems


def test_the_kiosks_leave_dialog(window: MainWindow, qtbot, screen: QSize) -> None:
    from app.store.kiosk_pin import set_pin
    from app.ui.kiosk.pin_dialogs import UnlockDialog

    with window.store.session() as session:
        set_pin(session, "4821")
    leave = UnlockDialog(window.store, window.tasks)
    qtbot.addWidget(leave)
    leave.show()
    assert button(leave, "Leave kiosk") and not off_screen_buttons(leave, screen)
    leave.close()


def test_connect_to_the_centre_and_the_sync_panel(window: MainWindow, qtbot, screen: QSize) -> None:
    check_modal(qtbot, screen, window.sync.open_connect)
    panel = window.sync.open_panel()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert not off_screen_buttons(panel, screen)
    panel.close()


def test_gp_practices(window: MainWindow, qtbot, screen: QSize) -> None:
    check_modal(qtbot, screen, window.practices_action.trigger)


def test_report_across_events(window: MainWindow, qtbot, screen: QSize) -> None:
    check_modal(qtbot, screen, window.report_across_action.trigger, idle(window, qtbot))


def test_people_window(window: MainWindow, qtbot, screen: QSize) -> None:
    zebedee(window)
    people = open_people(window, qtbot)
    assert not off_screen_buttons(people, screen)
    people.close()


def test_editing_a_person(window: MainWindow, qtbot, screen: QSize) -> None:
    zebedee(window)
    people = open_people(window, qtbot)
    search(people, qtbot, "", 1)
    choose(people, qtbot, "Zebedee Quartermain")
    check_modal(qtbot, screen, click(qtbot, people, "Edit"), lambda edit: button(edit, "Save changes"))
    people.close()


def test_merging_two_records(window: MainWindow, qtbot, screen: QSize) -> None:
    from tests.ui.people.test_people import store_person
    from tests.ui.people.test_people_window import chosen_name

    store_person(window, {"name": "Ann Smith", "email": "ann@example.com", "interests": ["newsletter"],
                          "contact_method": "email"})
    store_person(window, {"name": "Annie Smith", "email": "ann@example.com", "interests": ["volunteering"],
                          "contact_method": "email"})
    people = open_people(window, qtbot)
    search(people, qtbot, "smith", 2)
    qtbot.waitUntil(lambda: chosen_name(people) == "Ann Smith", timeout=10_000)
    check_modal(qtbot, screen, click(qtbot, people, "Merge with"),
                lambda merge: button(merge, "Keep this record, the one on the left"))  # the merge itself opened
    people.close()


def test_removing_a_typed_in_row(window: MainWindow, qtbot, screen: QSize) -> None:
    from tests.paper_helpers import add_event
    from tests.ui.people.test_remove_typed_row import type_in

    type_in(window, add_event(window.store), 3, "Bob Jones")
    people = open_people(window, qtbot)
    search(people, qtbot, "", 1)
    choose(people, qtbot, "Bob Jones")
    assert not off_screen_buttons(people, screen)  # five buttons under the details
    check_modal(qtbot, screen, click(qtbot, people, "Remove typed-in row"), lambda d: button(d, "Remove row"))
    people.close()


# ----- an event's dialogs


def test_an_events_responses_and_correcting_one(window: MainWindow, qtbot, screen: QSize) -> None:
    from tests.ui.feedback.test_responses_window import choose, open_responses, three_responses

    three_responses(window, qtbot)
    problems: list[str] = []

    def look(responses: QWidget) -> None:
        problems.extend(off_screen_buttons(responses, screen))
        choose(qtbot, responses.list, "Parking is hard")  # type: ignore[attr-defined]
        check_modal(qtbot, screen, click(qtbot, responses, "Correct"))
        check_modal(qtbot, screen, click(qtbot, responses, "Delete"))

    open_responses(window, qtbot, look)
    assert not problems, problems


def test_export(window: MainWindow, qtbot, screen: QSize) -> None:
    open_event(window, qtbot)
    check_modal(qtbot, screen, click(qtbot, window.event_page, "Export"),
                lambda export: export.__class__.__name__ == "ExportChoiceDialog" or pytest.fail(repr(export)))



def test_record_feedback(window: MainWindow, qtbot, screen: QSize) -> None:
    open_event(window, qtbot)
    check_modal(qtbot, screen, click(qtbot, window, "Record feedback"))


def test_sign_up(window: MainWindow, qtbot, screen: QSize) -> None:
    open_event(window, qtbot)
    check_modal(qtbot, screen, click(qtbot, window, "Sign someone up"))


def test_print_sheets_and_type_in_paper(window: MainWindow, qtbot, screen: QSize) -> None:
    open_event(window, qtbot)
    check_modal(qtbot, screen, click(qtbot, window, "Print sheets"), idle(window, qtbot))
    check_modal(qtbot, screen, click(qtbot, window, "Type in paper"), idle(window, qtbot))


def test_ppg_meeting_register(window: MainWindow, qtbot, screen: QSize) -> None:
    larkspur, _hill = add_practices(window)
    add_member(window, "Ann Smith", larkspur)
    open_meeting_event(window, qtbot, larkspur)
    check_modal(qtbot, screen, click(qtbot, window, "Attendance and issues"), idle(window, qtbot))


def test_actions_window_and_an_action(window: MainWindow, qtbot, screen: QSize) -> None:
    event_id = open_event(window, qtbot)
    with qtbot.waitSignal(window.action_desk.sig_window_open, timeout=10_000) as opened:
        qtbot.mouseClick(button(window.event_page, "Actions"), Qt.MouseButton.LeftButton)
    actions = opened.args[0]
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert event_id and not off_screen_buttons(actions, screen)
    check_modal(qtbot, screen, click(qtbot, actions, "Add"))
    actions.close()


def test_adding_a_gp_practice(window: MainWindow, qtbot, screen: QSize) -> None:
    check_modal(qtbot, screen, window.practices_action.trigger,
                lambda practices: check_modal(qtbot, screen, click(qtbot, practices, "Add practice")))


def test_the_privacy_notice_from_the_sign_up_form(window: MainWindow, qtbot, screen: QSize) -> None:
    open_event(window, qtbot)
    check_modal(qtbot, screen, click(qtbot, window, "Sign someone up"),
                lambda form: check_modal(qtbot, screen, click(qtbot, form, "Read the full notice")))


def test_an_event_report_and_its_preview(window: MainWindow, qtbot, screen: QSize) -> None:
    open_event(window, qtbot)
    problems: list[str] = []

    def look_at_progress(dialog: QWidget) -> None:
        assert isinstance(dialog, QProgressDialog)
        found = off_screen_buttons(dialog, screen)
        if dialog.isVisible():  # a quick report may be done meanwhile: its progress has gone, nothing shows
            problems.extend(found)

    when_dialog_opens(look_at_progress)
    with qtbot.waitSignal(window.reports.sig_preview_shown, timeout=60_000) as shown:
        qtbot.mouseClick(button(window, "Report"), Qt.MouseButton.LeftButton)
    preview = shown.args[0]
    problems.extend(off_screen_buttons(preview, screen))
    preview.close()
    assert not problems, "\n".join(problems)
