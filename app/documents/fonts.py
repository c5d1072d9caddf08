"""The typeface every printed document uses.

reportlab's built-in Helvetica only covers Latin-1, so names like "Łukasz Wróbel" would print
as black boxes. DejaVu Sans (shipped in ``resources/fonts`` with its licence) covers the
languages people at our events write in. DejaVu Sans Mono (bold) prints what someone must
type exactly, such as an address or a code: every character is the same width and 0/O, 1/l/I
look different.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources_dir import resources_dir

REGULAR = "InvolveSans"
BOLD = "InvolveSans-Bold"
MONO = "InvolveMono-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", MONO: "DejaVuSansMono-Bold.ttf"}


@cache
def register_fonts() -> None:
    """Register the fonts with reportlab, once per process."""
    folder = resources_dir() / "fonts"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    # So <b> in a Paragraph, should anyone use one, picks the bold face.
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
