"""The whole privacy notice, to read with a person before they agree to it on the sign-up form."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.core.i18n import _

if TYPE_CHECKING:
    from app.core.privacy import RenderedNotice


def notice_html(notice: RenderedNotice) -> str:
    parts = [f"<h2>{html.escape(notice.title)}</h2>", f"<p>{html.escape(notice.summary)}</p>"]
    for heading, body in notice.sections:
        parts.append(f"<h3>{html.escape(heading)}</h3><p>{html.escape(body)}</p>")
    parts.append("<p><i>{}</i></p>".format(html.escape(
        _("Notice “{id}”, version {version}.").format(id=notice.id, version=notice.version))))
    return "".join(parts)


class NoticeDialog(QDialog):
    """The whole privacy notice, to read with the person before they agree."""

    def __init__(self, notice: RenderedNotice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(notice.title)
        text = QTextBrowser()
        text.setOpenExternalLinks(False)
        text.setHtml(notice_html(notice))
        text.setAccessibleName(_("Full privacy notice"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        chars = self.fontMetrics().averageCharWidth()
        self.resize(chars * 72, self.fontMetrics().lineSpacing() * 34)
