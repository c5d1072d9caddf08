"""The typefaces every printed document uses, and the ones that stand in for scripts they lack.

reportlab's built-in Helvetica only covers Latin-1, so names like "Łukasz Wróbel" would print
as black boxes. DejaVu Sans (shipped in ``resources/fonts`` with its licence) covers the
languages people at our events write in. DejaVu Sans Mono (bold) prints what someone must
type exactly, such as an address or a code: every character is the same width and 0/O, 1/l/I
look different.

What DejaVu lacks, or draws poorly, comes from fallbacks (see :mod:`app.documents.script_text`):
Noto Sans Arabic and Noto Sans Hebrew (OFL), Droid Sans Fallback for Chinese, Japanese and
Korean (Apache 2.0; TrueType outlines, which reportlab can embed, unlike the CFF of Noto CJK)
and the one-colour Noto Emoji (OFL), as reportlab cannot embed colour emoji.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from app.resources_dir import resources_dir

REGULAR = "InvolveSans"
BOLD = "InvolveSans-Bold"
MONO = "InvolveMono-Bold"
ARABIC = "InvolveArabic"
ARABIC_BOLD = "InvolveArabic-Bold"
HEBREW = "InvolveHebrew"
HEBREW_BOLD = "InvolveHebrew-Bold"
CJK = "InvolveCJK"
EMOJI = "InvolveEmoji"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", MONO: "DejaVuSansMono-Bold.ttf"}
_FALLBACK_FILES = {
    ARABIC: "NotoSansArabic-Regular.ttf", ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
    HEBREW: "NotoSansHebrew-Regular.ttf", HEBREW_BOLD: "NotoSansHebrew-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf", EMOJI: "NotoEmoji-Regular.ttf",
}

# For each main face, the faces tried in turn for a character it lacks. Right-to-left
# letters try the first fallbacks before the main face (see script_text): DejaVu has Arabic
# and Hebrew, but not the joined forms and marks the Noto faces were drawn for.
_FALLBACKS = {
    REGULAR: (ARABIC, HEBREW, CJK, EMOJI),
    BOLD: (ARABIC_BOLD, HEBREW_BOLD, CJK, EMOJI),
    MONO: (ARABIC_BOLD, HEBREW_BOLD, CJK, EMOJI),
}


def fallbacks(font: str) -> tuple[str, ...]:
    """The faces that print what ``font`` has no glyph for, in the order they are tried."""
    return _FALLBACKS.get(font, _FALLBACKS[REGULAR])


_reportlab_to_unicode = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's map from printed codes back to characters, with characters past U+FFFF (emoji)
    written as UTF-16 as PDF readers expect; reportlab writes them as 5 hex digits, so copying
    an emoji from the PDF gave a wrong character."""
    cmap = _reportlab_to_unicode(fontname, subset)
    for code, char in enumerate(subset):
        if char > 0xFFFF:
            utf16 = chr(char).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{code:02X}> <{char:04X}>", f"<{code:02X}> <{utf16}>")
    return cmap


@cache
def register_fonts() -> None:
    """Register the main fonts with reportlab, once per process."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    folder = resources_dir() / "fonts"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    # So <b> in a Paragraph, should anyone use one, picks the bold face.
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


@cache
def typeface(name: str) -> TTFont:
    """A registered face; a fallback is read the first time a document needs it, as reading
    them all costs every document a tenth of a second (Droid Sans Fallback holds 28,000 glyphs)."""
    register_fonts()
    if name in _FALLBACK_FILES:
        pdfmetrics.registerFont(TTFont(name, str(resources_dir() / "fonts" / _FALLBACK_FILES[name])))
    return pdfmetrics.getFont(name)
