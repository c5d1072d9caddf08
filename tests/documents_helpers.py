"""Reading printed PDFs back as a person would: the words, their sizes and where they sit,
and the QR codes off a rendered page."""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

import pypdfium2
import zxingcpp
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.core.privacy import RenderedNotice
from app.documents.fonts import BOLD, REGULAR, register_fonts
from app.documents.sheets import SheetHeader
from app.store.notices import current_notice

EVENT_ID = "3f2a9c4e-1b2d-4c3e-9f00-123456789abc"
ORGANISATION = "Northshire Integrated Care Board"


def sheet_header(**changes: str) -> SheetHeader:
    values = {"event_id": EVENT_ID, "event_name": "Spring health fair", "when": "Tue 14 Apr 2026, 10:00 to 13:00",
              "venue": "Riverside Community Centre", "organisation": ORGANISATION}
    values.update(changes)
    return SheetHeader(**values)


def notice() -> RenderedNotice:
    return current_notice("en", organisation=ORGANISATION, contact="engagement@northshire.nhs.uk")


def squeeze(text: str) -> str:
    """Whitespace made single spaces: pypdf breaks lines where the PDF does."""
    return re.sub(r"\s+", " ", text).strip()


def page_texts(pdf: bytes) -> list[str]:
    return [squeeze(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@dataclass(frozen=True)
class Run:
    """A piece of text as drawn: where it starts, how big it is, and how far it reaches."""

    text: str
    x: float
    y: float
    size: float
    font: str
    in_form: bool  # drawn inside a form, whose placement pypdf does not report

    @property
    def right(self) -> float:
        register_fonts()
        face = BOLD if "Bold" in self.font else REGULAR
        return self.x + stringWidth(self.text, face, self.size)


def text_runs(pdf: bytes, page: int) -> list[Run]:
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        if not text.strip():
            return
        scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
        name = str(font.get("/BaseFont", "")) if font else ""
        runs.append(Run(text.strip(), cm[4] + tm[4], cm[5] + tm[5], size * scale, name,
                        cm == [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


def page_size(pdf: bytes, page: int = 0) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[page].mediabox
    return float(box.width), float(box.height)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def qr_codes(pdf: bytes, page: int, scale: float = 3) -> list[str]:
    """Every QR code a scanner finds on the rendered page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[page].render(scale=scale).to_pil()
    finally:
        document.close()
    return [found.text for found in zxingcpp.read_barcodes(image)
            if found.format == zxingcpp.BarcodeFormat.QRCode]
