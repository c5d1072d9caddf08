"""The "More answers below" cue for a screen that scrolls only at the larger text sizes.

It sits over the foot of the scroll area it is about, in words as well as the scroll bar, and a
tap on it shows what comes next. It shows only while there is more below. A control that gets
the focus there is scrolled into view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea, QWidget

from app.ui.kiosk.parts import CUE_SLACK_PX

Translate = Callable[[str], str]


class MoreBelowCue(QObject):
    def __init__(self, scroll: QScrollArea, screen: QWidget) -> None:
        super().__init__(screen)
        self._scroll, self._screen = scroll, screen
        button = self.button = QPushButton(screen)  # over the scroll area, so it takes no room from it
        button.setObjectName("kioskMore")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard users reach what is below with Tab
        button.hide()
        button.clicked.connect(self._scroll_down)
        bar = scroll.verticalScrollBar()
        bar.rangeChanged.connect(self.refresh)
        bar.valueChanged.connect(self.refresh)
        scroll.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._show_focused)

    def _show_focused(self, _old: QWidget | None, now: QWidget | None) -> None:
        # Tab may move the focus to a button below the fold; the person must see where it went.
        page = self._scroll.widget()
        if now is not None and page is not None and page.isAncestorOf(now):
            self._scroll.ensureWidgetVisible(now, 50, self.button.sizeHint().height() + 24)  # clear of the cue

    def show_texts(self, tr: Translate) -> None:
        self.button.setText(tr("More answers below") + " ▼")
        self.button.setAccessibleName(tr("More answers below"))
        self.refresh()

    def refresh(self) -> None:
        bar = self._scroll.verticalScrollBar()
        more = self._scroll.isVisible() and bar.maximum() - bar.value() > CUE_SLACK_PX
        if more:
            cue = self.button
            cue.adjustSize()
            top_left = self._scroll.mapTo(self._screen, QPoint(0, 0))
            centre = top_left.x() + self._scroll.width() // 2
            cue.move(centre - cue.width() // 2, top_left.y() + self._scroll.height() - cue.height() - 8)
            cue.raise_()
        self.button.setVisible(more)

    def _scroll_down(self) -> None:
        bar = self._scroll.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep() * 3 // 4)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self.refresh()
        return False
