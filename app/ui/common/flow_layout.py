"""A row of widgets that wraps onto the next line when the window is narrow or the text large.

Qt has no such layout built in (this follows its "Flow Layout" example). The event page's
buttons and the dashboard's big figures use it, so nothing is cut off at the window's
smallest size with the largest text.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right, on as many lines as the width needs; ``align_right`` lines them up on the right."""

    def __init__(self, parent: QWidget | None = None, *, h_spacing: int = 8, v_spacing: int = 8,
                 align_right: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._h, self._v, self._right = h_spacing, v_spacing, align_right
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        width = 0
        for item in self._items:
            widget, owner = item.widget(), self.parentWidget()
            if widget is not None and owner is not None and not widget.isVisibleTo(owner):
                continue
            hint = item.sizeHint()
            if lines[-1] and width + self._h + hint.width() > area.width():
                lines.append([])
                width = 0
            width += (self._h if lines[-1] else 0) + hint.width()
            lines[-1].append((item, hint))
        y = area.y()
        for n, line in enumerate(lines):
            if not line:
                continue
            used = sum(h.width() for _i, h in line) + self._h * (len(line) - 1)
            x = area.x() + (max(0, area.width() - used) if self._right else 0)
            height = max(h.height() for _i, h in line)
            if move:
                for item, hint in line:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                    x += hint.width() + self._h
            y += height + (self._v if n + 1 < len(lines) else 0)
        return y - rect.y() + margins.bottom()
