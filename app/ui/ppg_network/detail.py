"""The chosen practice in the PPG network window: its members and how to reach them, its meetings
and who came, and the issues its group raised with how far each has got.

Only members still active are listed; someone who withdrew is never shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.core.contact import display_phone
from app.core.i18n import _, ngettext
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.ppg_network.tables import fill, make_table

if TYPE_CHECKING:
    from app.store.ppg_network import PracticeView

CELL_CHARS = 160  # a long issue is cut in the table; its tooltip has it all


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1].rstrip() + "…"


class PracticeDetail(QWidget):
    """Tabs for one practice's members, meetings and issues."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = CaptionedLabel(_("Chosen practice"))
        self.heading.setObjectName("subheading")
        self.heading.setWordWrap(False)
        self.members = make_table(_("Members of the chosen practice's PPG"),
                                  [_("Name"), _("Email"), _("Phone"), _("Prefers\ncontact by")], stretch=(1,),
                                  sortable=True)
        self.meetings = make_table(_("Meetings held by the chosen practice's PPG"),
                                   [_("Date"), _("Meeting"), _("Attended"), _("Issues raised")], stretch=(1,),
                                   sortable=True, order=Qt.SortOrder.DescendingOrder)  # the latest first
        self.issues = make_table(_("Issues raised by the chosen practice's PPG"),
                                 [_("Raised on"), _("Issue raised"), _("What was agreed"), _("Status")],
                                 stretch=(1, 2), sortable=True, order=Qt.SortOrder.DescendingOrder)
        self.issues.setWordWrap(True)
        # Rows as tall as their wrapped words at the columns' widths now, not those they had when filled.
        self.issues.horizontalHeader().sectionResized.connect(lambda *_args: self.issues.resizeRowsToContents())
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("About the chosen practice"))
        for table in (self.members, self.meetings, self.issues):
            self.tabs.addTab(table, "")
        self.empty = QLabel(_("Choose a practice above to see its members, meetings and issues."))
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.setCornerWidget(self.heading, Qt.Corner.TopRightCorner)  # beside the tabs: no line of its own
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty)
        self.show_view(None)

    def show_view(self, view: PracticeView | None) -> None:
        self.empty.setVisible(view is None)
        self.tabs.setVisible(view is not None)
        if view is None:
            for table in (self.members, self.meetings, self.issues):
                table.setRowCount(0)
            return
        f = view.figures
        self.heading.setText(_("{practice} ({code})").format(practice=f.name, code=f.code))
        fill(self.members, [[m.name, m.details.email or None, display_phone(m.details.phone) or None,
                             m.details.contact_method.label] for m in view.members],
             [m.id for m in view.members])
        fill(self.meetings, [[m.day, m.name, m.attended, m.issues] for m in view.meetings],
             [m.event_id for m in view.meetings], numeric=(2, 3))
        fill(self.issues, [[i.meeting_day, _short(i.text), _short(i.agreed) or None, i.status.label]
                           for i in view.issues], [i.id for i in view.issues],
             shown=[[None, None, None if i.agreed else "", None] for i in view.issues])
        for row, issue in enumerate(view.issues):
            tip = _("Raised at {meeting}: {text}").format(meeting=issue.meeting, text=issue.text)
            if issue.agreed:
                tip += "\n" + _("Agreed: {text}").format(text=issue.agreed)
            for column in range(self.issues.columnCount()):
                item = self.issues.item(row, column)
                if item is not None:
                    item.setToolTip(tip)
        self.issues.resizeRowsToContents()
        counts = (
            ngettext("&Members ({n})", "&Members ({n})", len(view.members)).format(n=len(view.members)),
            ngettext("Meetin&gs ({n})", "Meetin&gs ({n})", len(view.meetings)).format(n=len(view.meetings)),
            ngettext("&Issues ({n})", "&Issues ({n})", len(view.issues)).format(n=len(view.issues)),
        )
        for index, text in enumerate(counts):
            self.tabs.setTabText(index, text)
