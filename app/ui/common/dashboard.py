"""The event page's live dashboard: the FFT figures in big numbers, and charts of the answers and topics.

It is refreshed with the rest of the page's counts (every few seconds and when the page
shows). The figures are for staff, so small counts are shown as they are; equality answers
are never on it. Percentages are NHS England's: out of every FFT answer, "Neither good nor
poor" and "Don't know" included.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from app.core import fft
from app.core.fft import format_percent
from app.core.i18n import N_, _, ngettext
from app.ui.common.bar_chart import Bar, BarChart, Figure
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.common.flow_layout import FlowLayout

if TYPE_CHECKING:
    from app.store.dashboard_counts import DashboardCounts
    from app.store.responses import EventFeedbackCounts

# Greens for good, greys for neither and don't know, reds for poor; the words and counts say the same.
FFT_COLOURS = {fft.VERY_GOOD: "#007f3b", fft.GOOD: "#78be20", fft.NEITHER: "#768692",
               fft.POOR: "#ed8b00", fft.VERY_POOR: "#d5281b", fft.DONT_KNOW: "#aeb7bd"}
FFT_LABELS = {fft.VERY_GOOD: N_("Very good"), fft.GOOD: N_("Good"), fft.NEITHER: N_("Neither good nor poor"),
              fft.POOR: N_("Poor"), fft.VERY_POOR: N_("Very poor"), fft.DONT_KNOW: N_("Don't know")}


class FeedbackDashboard(QWidget):
    """Big figures, the explanation of the FFT figure, and the two charts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fft_labels: dict[str, str] = {}
        self.topic_labels: dict[str, str] = {}
        self.today = Figure(_("Responses today"))
        self.total = Figure(_("All responses"))
        self.fft = Figure(_("FFT positive so far"))
        self.negative = Figure(_("FFT negative so far"))
        self.fft_detail = CaptionedLabel(_("How the FFT figure is worked out"))
        self.fft_detail.setObjectName("hint")
        self.fft_detail.setWordWrap(True)
        self.answers_chart = BarChart(_("Chart of FFT answers"), _("No one has answered the FFT question yet."))
        self.topics_chart = BarChart(_("Chart of topics"), _("No one has chosen a topic yet."))
        self.topics_note = CaptionedLabel(_("About the topics"))
        self.topics_note.setObjectName("hint")
        self.topics_note.setWordWrap(True)

        figures = FlowLayout(h_spacing=36, v_spacing=10)  # two lines of figures when the text is large
        for figure in (self.today, self.total, self.fft, self.negative):
            figures.addWidget(figure)
        self.charts = QGridLayout()
        self.charts.setHorizontalSpacing(28)
        self.charts.setVerticalSpacing(6)
        self._columns: list[tuple[QLabel, BarChart, QLabel | None]] = []
        for title, chart, note in ((_("FFT answers"), self.answers_chart, None),
                                   (_("Topics"), self.topics_chart, self.topics_note)):
            heading = QLabel(title)
            heading.setObjectName("fieldLabel")
            self._columns.append((heading, chart, note))
        self._stacked: bool | None = None
        self._place_charts(stacked=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(figures)
        layout.addWidget(self.fft_detail)
        layout.addSpacing(6)
        layout.addLayout(self.charts)
        self.clear()

    def _place_charts(self, *, stacked: bool) -> None:
        """Side by side, or one above the other when there is no room for two readable charts."""
        if stacked == self._stacked:
            return
        self._stacked = stacked
        for heading, chart, note in self._columns:
            for widget in (heading, chart, note):
                if widget is not None:
                    self.charts.removeWidget(widget)
        for i, (heading, chart, note) in enumerate(self._columns):
            row, column = (i * 4, 0) if stacked else (0, i)
            self.charts.addWidget(heading, row, column)
            self.charts.addWidget(chart, row + 1, column, Qt.AlignmentFlag.AlignTop)
            if note is not None:
                self.charts.addWidget(note, row + 2, column)
            if stacked and i == 0:
                self.charts.setRowMinimumHeight(row + 3, 12)
        for column in range(2):
            self.charts.setColumnStretch(column, 0 if stacked and column else 1)
        for row in range(8):
            if not (stacked and row == 3):
                self.charts.setRowMinimumHeight(row, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Each chart needs room for its words, its bars and its counts: about 45 characters.
        self._place_charts(stacked=self.width() < 2 * 45 * self.fontMetrics().averageCharWidth() + 28)

    def set_labels(self, fft_labels: Mapping[str, str], topic_labels: Mapping[str, str]) -> None:
        """The words for answer values, from the surveys on this laptop."""
        self.fft_labels, self.topic_labels = dict(fft_labels), dict(topic_labels)

    def clear(self) -> None:
        """Nothing shown until this event's own counts arrive."""
        counting = _("counting…")
        self.today.set_figure(_("Responses today: {n}").format(n=counting), "…", _("Responses today"))
        self.total.set_figure(_("All responses: {n}").format(n=counting), "…", _("All responses"))
        self.fft.set_figure(_("FFT positive so far: {percent}").format(percent=counting), "…", _("FFT positive"))
        self.negative.set_figure(_("FFT negative so far: {percent}").format(percent=counting), "…",
                                 _("FFT negative"))
        self.fft_detail.setText("")
        self.fft_detail.hide()
        self.answers_chart.set_bars((), description=counting)
        self.topics_chart.set_bars((), description=counting)
        self.topics_note.hide()

    def show_counts(self, counts: DashboardCounts | EventFeedbackCounts) -> None:
        score = counts.fft
        positive, negative = format_percent(score.percent_positive), format_percent(score.percent_negative)
        self.today.set_figure(_("Responses today: {n}").format(n=counts.responses_today),
                              f"{counts.responses_today:,}", _("Responses today"))
        self.total.set_figure(_("All responses: {n}").format(n=counts.responses_total),
                              f"{counts.responses_total:,}", _("All responses"))
        self.fft.set_figure(_("FFT positive so far: {positive} · negative: {negative}").format(
            positive=positive, negative=negative), positive,
            _("Positive: {n} of {total}").format(n=score.positive, total=score.total))
        self.negative.set_figure(_("FFT negative so far: {negative}").format(negative=negative), negative,
                                 _("Negative: {n} of {total}").format(n=score.negative, total=score.total))
        if score.total:
            detail = ngettext(
                "{positive} of {total} answer to the FFT question was Very good or Good. Every answer "
                "counts in the total, including 'Neither good nor poor' and 'Don't know'.",
                "{positive} of {total} answers to the FFT question were Very good or Good. Every answer "
                "counts in the total, including 'Neither good nor poor' and 'Don't know'.",
                score.total,
            ).format(positive=score.positive, total=score.total)
        else:
            detail = _("No one has answered the FFT question yet.")
        self.fft_detail.setText(detail)
        self.fft_detail.show()
        self._show_answers(score)
        topics = getattr(counts, "topics", None)
        if topics is not None:
            self._show_topics(topics, getattr(counts, "topic_responses", 0), counts.responses_total)

    def _show_answers(self, score: fft.FftScore) -> None:
        if not score.total:
            self.answers_chart.set_bars((), description=_("No one has answered the FFT question yet."))
            return
        bars = []
        for answer in fft.ANSWERS:
            n = score.counts.get(answer, 0)
            bars.append(Bar(self._fft_label(answer), n, FFT_COLOURS[answer],
                            f"({format_percent(100.0 * n / score.total)})"))
        words = "; ".join(f"{bar.label}: {bar.count}" for bar in bars)
        self.answers_chart.set_bars(bars, description=ngettext(
            "FFT answers from {total} person: {answers}.", "FFT answers from {total} people: {answers}.",
            score.total).format(total=score.total, answers=words))

    def _show_topics(self, topics: Mapping[str, int], chose: int, responses: int) -> None:
        if not chose:
            self.topics_chart.set_bars((), description=_("No one has chosen a topic yet."))
            self.topics_note.hide()
            return
        order = list(self.topic_labels)
        ranked = sorted(topics.items(), key=lambda kv: (-kv[1], order.index(kv[0]) if kv[0] in order else len(order)))
        bars = [Bar(self._topic_label(value), n, "#005eb8") for value, n in ranked if n]
        words = "; ".join(f"{bar.label}: {bar.count}" for bar in bars)
        self.topics_chart.set_bars(bars, description=ngettext(
            "Topics chosen by {n} person: {topics}.", "Topics chosen by {n} people: {topics}.", chose).format(
            n=chose, topics=words))
        self.topics_note.setText(ngettext(
            "{n} of {total} response chose a topic; a response can choose several.",
            "{n} of {total} responses chose a topic; a response can choose several.", responses).format(
            n=chose, total=responses))
        self.topics_note.show()

    def _fft_label(self, answer: str) -> str:
        return self.fft_labels.get(answer) or _(FFT_LABELS[answer])

    def _topic_label(self, value: str) -> str:
        return self.topic_labels.get(value) or value.replace("_", " ").capitalize()
