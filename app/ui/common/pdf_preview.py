"""Showing and printing a PDF that Involve made: the real pages, rasterised by PDFium.

PySide6-Essentials has no QtPdf, so pages are drawn by pypdfium2 into a QImage. The
functions at the top do no widget work and run on the worker; :class:`PdfPreview` asks for
one page at a time at the size it is shown, so a long run of sheets costs no more memory
than the page on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPageLayout, QPainter, QPixmap, QResizeEvent, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.flow_layout import FlowLayout
from app.ui.common.tasks import while_alive

POINTS_PER_INCH = 72.0
PRINT_DPI_MAX = 300  # finer than this only makes the print job bigger, not the sheet clearer
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
RenderPage = Callable[[int, float, Callable[[QImage], None]], None]
"""Render page ``index`` at ``dpi`` off the GUI thread and call back with the image on it."""


@dataclass(frozen=True)
class PdfInfo:
    """A PDF's pages: each page's size in points (width, height)."""

    page_sizes: tuple[tuple[float, float], ...]

    @property
    def pages(self) -> int:
        return len(self.page_sizes)


def pdf_info(pdf: bytes) -> PdfInfo:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return PdfInfo(tuple(tuple(document[i].get_size()) for i in range(len(document))))
    finally:
        document.close()


def render_page(pdf: bytes, index: int, dpi: float) -> QImage:
    """Page ``index`` (from 0) as an opaque image at ``dpi``. Safe on a worker: a QImage is no widget."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[index].render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
        return image.copy()  # the copy owns its pixels; the bitmap's are freed with the document
    finally:
        document.close()


def prepare_printer(printer: QPrinter, info: PdfInfo, title: str) -> None:
    """A4, turned to suit the pages (sign-up sheets are landscape), no margins added by us."""
    from PySide6.QtGui import QPageSize

    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    if info.pages:
        width, height = info.page_sizes[0]
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if width > height
                                   else QPageLayout.Orientation.Portrait)
    printer.setFullPage(False)


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint each page (or the pages chosen in the print dialog) on ``printer``; the number painted.

    Runs on the worker: Qt allows painting on a QPrinter from any one thread at a time, and
    a page at printer resolution is rendered, painted and freed before the next.
    """
    info = pdf_info(pdf)
    ranges = printer.pageRanges()
    wanted = [i for i in range(info.pages) if ranges.isEmpty() or ranges.contains(i + 1)]
    if not wanted:
        return 0
    dpi = min(float(printer.resolution()), PRINT_DPI_MAX)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("The printer could not be started. Check it is switched on and connected."))
    try:
        for n, index in enumerate(wanted):
            if n:
                printer.newPage()
            image = render_page(pdf, index, dpi)
            area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            area.moveTo(0, 0)
            scaled = QSize(image.width(), image.height()).scaled(area.size().toSize(),
                                                                 Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(area.x() + (area.width() - scaled.width()) / 2,
                            area.y() + (area.height() - scaled.height()) / 2, scaled.width(), scaled.height())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(wanted)


class PdfPreview(QWidget):
    """The pages of one PDF, one at a time, with page turning and zoom."""

    sig_page_shown = Signal(int)
    """A page is on screen (its index, from 0)."""

    def __init__(self, render: RenderPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._render = render
        self._pdf: bytes | None = None
        self._info = PdfInfo(())
        self._index = 0
        self._zoom: float | None = None  # None: the whole page fits
        self._asked = 0  # the latest render asked for; older answers are dropped
        self._image: QImage | None = None

        self.previous_button = QPushButton(_("◀ Previous page"))
        self.previous_button.setAccessibleName(_("Previous page"))
        self.previous_button.setToolTip(_("Previous page (Page Up)"))
        self.previous_button.clicked.connect(lambda: self.show_page(self._index - 1))
        self.next_button = QPushButton(_("Next page ▶"))
        self.next_button.setAccessibleName(_("Next page"))
        self.next_button.setToolTip(_("Next page (Page Down)"))
        self.next_button.clicked.connect(lambda: self.show_page(self._index + 1))
        self.page_label = CaptionedLabel(_("Page shown"))
        self.page_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(_("Page 888 of 888")) + 8)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_out_button = QPushButton("−")
        self.zoom_out_button.setAccessibleName(_("Zoom out"))
        self.zoom_out_button.setToolTip(_("Zoom out (Ctrl+minus)"))
        self.zoom_out_button.clicked.connect(lambda: self._step_zoom(-1))
        self.zoom_in_button = QPushButton("+")
        self.zoom_in_button.setAccessibleName(_("Zoom in"))
        self.zoom_in_button.setToolTip(_("Zoom in (Ctrl+plus)"))
        self.zoom_in_button.clicked.connect(lambda: self._step_zoom(1))
        self.fit_button = QPushButton(_("Whole page"))
        self.fit_button.setAccessibleName(_("Show the whole page"))
        self.fit_button.setToolTip(_("Fit the whole page in the window (Ctrl+0)"))
        self.fit_button.clicked.connect(lambda: self._set_zoom(None))
        self.zoom_label = CaptionedLabel(_("Zoom"))
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("888%") + 8)
        for key, act in ((QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.show_page(self._index - 1)),
                         (QKeySequence.StandardKey.MoveToNextPage, lambda: self.show_page(self._index + 1)),
                         (QKeySequence.StandardKey.ZoomIn, lambda: self._step_zoom(1)),
                         (QKeySequence.StandardKey.ZoomOut, lambda: self._step_zoom(-1))):
            QShortcut(key, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut).activated.connect(act)
        whole_page = QShortcut(QKeySequence("Ctrl+0"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        whole_page.activated.connect(lambda: self._set_zoom(None))

        self.page = QLabel()
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setAccessibleName(_("Preview of the page"))  # a picture of the page, with no text
        self.page.setObjectName("pdfPage")
        self.page.setStyleSheet("QLabel#pdfPage { background: #ffffff; border: 1px solid #aeb7bd; }")
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(8, 8, 8, 8)
        holder_layout.addWidget(self.message)
        holder_layout.addWidget(self.page, 0, Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(holder)
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area.setStyleSheet("QScrollArea { background: #d8dde0; }")
        holder.setStyleSheet("background: #d8dde0;")
        self.scroll_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll_area.setAccessibleName(_("Print preview"))

        # Pages on the left, zoom on the right; on a narrow screen at a large text size, zoom goes below.
        tools = QWidget()
        row = FlowLayout(tools)
        row.setContentsMargins(0, 0, 0, 0)
        for group in ((self.previous_button, self.page_label, self.next_button),
                      (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button)):
            holder = QWidget()
            line = QHBoxLayout(holder)
            line.setContentsMargins(0, 0, 0, 0)
            for widget in group:
                line.addWidget(widget)
            row.addWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(tools)
        layout.addWidget(self.scroll_area, 1)

        self._resize_timer = QTimer(self, singleShot=True, interval=120)
        self._resize_timer.timeout.connect(self._request)
        self.set_message(_("Making the preview…"))

    # ----- what is shown

    @property
    def pages(self) -> int:
        return self._info.pages

    @property
    def index(self) -> int:
        return self._index

    def set_message(self, text: str) -> None:
        """Show ``text`` in place of the pages (while they are made, or if they cannot be)."""
        self._pdf = None
        self._info = PdfInfo(())
        self._asked += 1
        self.page.clear()
        self.page.hide()
        self.message.setText(text)
        self.message.show()
        self._update_controls()

    def set_pdf(self, pdf: bytes, info: PdfInfo, first_page: QImage | None = None) -> None:
        """Show ``pdf`` from its first page; ``first_page``, if already rendered, shows at once."""
        self._pdf, self._info = pdf, info
        self._index = 0
        self.message.hide()
        self.page.show()
        if first_page is not None:
            self._show_image(first_page)
        self._request()

    def stop(self) -> None:
        """Ask for no more pages (the window is closing)."""
        self._resize_timer.stop()
        self._pdf = None

    def show_page(self, index: int) -> None:
        if self._pdf is None or not 0 <= index < self._info.pages or index == self._index:
            return
        self._index = index
        self._request()

    def _set_zoom(self, zoom: float | None) -> None:
        self._zoom = zoom
        self._request()

    def _step_zoom(self, step: int) -> None:
        current = self._current_zoom()
        if step > 0:
            bigger = [z for z in ZOOM_STEPS if z > current + 0.01]
            self._set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [z for z in ZOOM_STEPS if z < current - 0.01]
            self._set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def _fit_zoom(self) -> float:
        """The zoom at which the whole page fits the space (1.0 is the paper's own size on screen)."""
        if not self._info.pages:
            return 1.0
        width_pt, height_pt = self._info.page_sizes[self._index]
        room = self.scroll_area.viewport().size() - QSize(24, 24)
        natural_w, natural_h = self._natural(width_pt), self._natural(height_pt)
        return max(0.1, min(room.width() / natural_w, room.height() / natural_h))

    def _natural(self, points: float) -> float:
        """Screen pixels for ``points`` at 100%."""
        return points / POINTS_PER_INCH * self.logicalDpiX()

    def _current_zoom(self) -> float:
        return self._zoom if self._zoom is not None else self._fit_zoom()

    def _request(self) -> None:
        self._update_controls()
        if self._pdf is None or not self._info.pages:
            return
        self._asked += 1
        asked, index = self._asked, self._index
        dpi = self.logicalDpiX() * self._current_zoom() * self.devicePixelRatioF()

        def show(image: QImage) -> None:
            if asked == self._asked:
                self._show_image(image)
                self.sig_page_shown.emit(index)

        # while_alive gives None only for no callback.
        self._render(index, dpi, cast(Callable[[QImage], None], while_alive(self, show)))

    def _show_image(self, image: QImage) -> None:
        self._image = image
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.page.setPixmap(pixmap)
        self.page.setFixedSize(pixmap.deviceIndependentSize().toSize())

    def _update_controls(self) -> None:
        pages = self._info.pages
        self.page_label.setText(_("Page {n} of {total}").format(n=self._index + 1, total=pages) if pages else "")
        self.previous_button.setEnabled(self._index > 0 and pages > 0)
        self.next_button.setEnabled(self._index + 1 < pages)
        for widget in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            widget.setEnabled(pages > 0)
        self.zoom_label.setText(f"{round(self._current_zoom() * 100)}%" if pages else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._zoom is None and self._pdf is not None:
            self._resize_timer.start()  # re-render once the resizing settles
