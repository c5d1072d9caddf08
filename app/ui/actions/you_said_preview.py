"""The public "You said, we did" summary on screen as it will print, with Print… and Save as PDF…."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.core.i18n import _
from app.ui.common.document_preview import DocumentPreview, PreviewWords
from app.ui.common.pdf_preview import PdfInfo
from app.ui.common.user_guide import ACTIONS, add_guide_key


class YouSaidPreview(DocumentPreview):
    def __init__(self, parent: QWidget | None, *, pdf: bytes, info: PdfInfo, title: str) -> None:
        super().__init__(parent, pdf=pdf, info=info, title=title, words=PreviewWords(
            window_title=_("You said, we did: {title}"), file_name=_("You said, we did - {title}.pdf"),
            print_tip=_("Choose a printer and print it (Ctrl+P)"),
            save_tip=_("Save it as a PDF file, to send or put on the website (Ctrl+S)"),
            print_title=_("Print “You said, we did”"), printed=_("Sent to the printer."),
            saved=_("Saved to “{file}”."), not_printed=_("It could not be printed: {reason}"),
            hint=_("This is for the public: it leaves out owners' names and the comments people typed, and "
                   "masks any contact details quoted.")))
        add_guide_key(self, ACTIONS)
