"""Paper sign-up sheets: landscape A4, one numbered row per person, the privacy notice below.

Each person's row is two lines of boxes (three in large print). Tick boxes carry the letter
staff type back in (``app.core.transcription``): H P N S F V for the ways to get involved,
E C T for how to be contacted, and "Yes" for consent, typed as Y. Normal print names the
columns once at the top; large print names every box inside it, so nobody has to follow a
column up with their eyes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from app.core.i18n import N_, _
from app.core.privacy import RenderedNotice
from app.core.sheet_codes import SheetKind
from app.core.signups import CONTACT_LABELS, INTEREST_SHORT_LABELS, ContactMethod, Interest
from app.documents.fonts import register_fonts
from app.documents.layout import (
    BOLD,
    LARGE_PRINT_MIN,
    REGULAR,
    SHADE,
    HeaderSizes,
    Part,
    SheetHeader,
    check_run,
    draw_code,
    draw_fitted,
    draw_header_text,
    draw_in_box,
    fit,
    fit_stack,
    lettered_box,
    pdf_canvas,
    sheet_of,
)
from app.documents.script_text import draw_text, text_width

SIGNUP_ROWS = 8
SIGNUP_ROWS_LARGE = 2
PAGE = landscape(A4)
CONSENT_LETTER = N_("Yes")
# The large-print key has room to say what PPG stands for.
INTEREST_LONG_KEY = {Interest.PPG: N_("PPG (your GP practice's Patient Participation Group)")}


def signup_rows(large_print: bool) -> int:
    """How many people one sheet holds."""
    return SIGNUP_ROWS_LARGE if large_print else SIGNUP_ROWS


@dataclass(frozen=True)
class _Metrics:
    rows: int
    margin: float
    header: HeaderSizes
    header_height: float  # the most the header's text may take; a long event name wraps into it
    intro_size: float
    footer_size: float
    footer_height: float
    band_heights: tuple[float, ...]  # column headings above the rows; () when boxes are labelled
    row_gap: float
    min_line: float  # the least height a line of boxes may have
    number_width: float
    number_size: float
    label_size: float
    label_floor: float
    tick_width: float
    tick_size: float
    letter_size: float
    consent_width: float


_NORMAL = _Metrics(
    rows=SIGNUP_ROWS, margin=22, header=HeaderSizes(title=17, event=13, detail=10, floor=7, qr=64, code=10),
    header_height=84, intro_size=8.5, footer_size=8, footer_height=42, band_heights=(20, 36),
    row_gap=0, min_line=19, number_width=26, number_size=13, label_size=8, label_floor=6,
    tick_width=46, tick_size=12, letter_size=9, consent_width=74,
)
_LARGE = _Metrics(
    rows=SIGNUP_ROWS_LARGE, margin=20,
    header=HeaderSizes(title=22, event=20, detail=LARGE_PRINT_MIN, floor=LARGE_PRINT_MIN, qr=74, code=17),
    header_height=150, intro_size=LARGE_PRINT_MIN, footer_size=LARGE_PRINT_MIN, footer_height=118,
    band_heights=(), row_gap=8, min_line=42, number_width=36, number_size=22, label_size=LARGE_PRINT_MIN,
    label_floor=LARGE_PRINT_MIN, tick_width=56, tick_size=18, letter_size=LARGE_PRINT_MIN, consent_width=0,
)


@dataclass(frozen=True)
class _Box:
    """One box in a person's row: written in, or a group of lettered tick boxes."""

    label: str
    width: float
    ticks: tuple[tuple[str, str], ...] = ()  # (letter, short label)


def _lines(m: _Metrics, width: float, large: bool) -> list[list[_Box]]:
    """The boxes of one person's row, line by line, filling ``width``."""
    interests = tuple((i.letter, _(INTEREST_SHORT_LABELS[i])) for i in Interest)
    contacts = tuple((c.letter, _(CONTACT_LABELS[c])) for c in ContactMethod)
    consent = ((_(CONSENT_LETTER), ""),)
    name, email, phone = _("Name"), _("Email"), _("Phone")
    postcode, practice = _("Postcode"), _("GP practice (only if joining a PPG)")
    needs = _("Communication or access needs")
    ticks_width = m.tick_width * (len(interests) + len(contacts))
    if large:
        consent_width = width - ticks_width
        return [
            _split(width, [(name, 0.29), (email, 0.38), (phone, 0.19), (postcode, 0.14)]),
            _split(width, [(practice, 0.45), (needs, 0.55)]),
            [_Box(_("Ways to get involved: tick any"), m.tick_width * len(interests), interests),
             _Box(_("Contact me by"), m.tick_width * len(contacts), contacts),
             _Box(_("I agree to the privacy notice below"), consent_width, consent)],
        ]
    return [
        _split(width, [(name, 0.25), (email, 0.33), (phone, 0.16), (postcode, 0.10), (practice, 0.16)]),
        [_Box(_("Ways to get involved: tick any"), m.tick_width * len(interests), interests),
         _Box(_("Contact me by"), m.tick_width * len(contacts), contacts),
         _Box(_("I agree to the privacy notice below"), m.consent_width, consent),
         _Box(needs, width - ticks_width - m.consent_width)],
    ]


def _split(width: float, shares: list[tuple[str, float]]) -> list[_Box]:
    return [_Box(label, width * share) for label, share in shares]


def signup_sheets(out: Path | BinaryIO, header: SheetHeader, notice: RenderedNotice, *, first: int, count: int,
                  large_print: bool = False, practices_hint: str = "") -> None:
    """Sheets ``first`` to ``first + count - 1``, one page each.

    ``practices_hint`` (say "Riverside, Hill Street or Park Lane surgery") is printed under the
    instructions to help people name their GP practice the way staff will find it.
    """
    register_fonts()  # text is measured before the PDF is begun
    last = check_run(first, count)
    m = _LARGE if large_print else _NORMAL
    title = _("Get involved: sign up")
    page_width, page_height = PAGE
    x, width, top = m.margin, page_width - 2 * m.margin, page_height - m.margin
    footer = _footer_height(m, notice, width)
    # The header may grow for a long event name, but never so far that the boxes get too
    # small to write in.
    intro = top - _intro(None, m, x, top, width, large_print, practices_hint)
    boxes = (sum(m.band_heights) + m.rows * len(_lines(m, width - m.number_width, large_print)) * m.min_line
             + (m.rows - 1) * m.row_gap)
    header_room = min(m.header_height, top - m.margin - footer - 10 - 6 - intro - 4 - boxes)
    with pdf_canvas(out, PAGE, title=f"{title}: {header.event_name}", author=header.organisation,
                    subject=_("Sign-up sheets {first} to {last}").format(first=first, last=last)) as canvas:
        # Everything but the code and the sheet's number is the same on every sheet: drawn
        # once as a form and stamped on each page, which keeps long runs fast and files small.
        canvas.beginForm("sheet")
        used = draw_header_text(canvas, header, title=title, widest_code=header.code(SheetKind.SIGNUP, last),
                                x=x, top=top, width=width, height=header_room, sizes=m.header)
        y = _intro(canvas, m, x, top - used - 6, width, large_print, practices_hint)
        _footer(canvas, m, notice, x, m.margin, width, footer, sheet_of(last, last))
        _table(canvas, m, x, y - 4, width, m.margin + footer + 10, large_print)
        canvas.endForm()
        for number in range(first, last + 1):
            canvas.doForm("sheet")
            draw_code(canvas, header.code(SheetKind.SIGNUP, number),
                      header.qr(SheetKind.SIGNUP, number), x + width, top, m.header.qr,
                      m.header.code)
            draw_text(canvas, x + width, m.margin + footer - m.footer_size, sheet_of(number, last), BOLD, m.footer_size,
                      align="right")
            canvas.showPage()


def _intro(canvas: Canvas | None, m: _Metrics, x: float, top: float, width: float, large: bool,
           practices_hint: str) -> float:
    """What to do, and in large print the key to the lettered boxes; returns the y below it.
    With no canvas, only measures."""
    parts = []
    if not large:  # in large print every box says what it is for, and the key says what PPG means
        parts.append(Part(_("Please write clearly, one person to a row, and tick the ways you would like to get "
                            "involved. PPG means your GP practice's Patient Participation Group."),
                          REGULAR, m.intro_size, m.intro_size))
    if practices_hint.strip():
        parts.append(Part(_("GP practices: {practices}").format(practices=practices_hint.strip()), REGULAR,
                          m.intro_size, m.intro_size))
    y = top
    # Large print has room for one line of practices: the boxes come first.
    lines = 1 if large else 3
    for fitted in fit_stack(parts, width, lines * m.intro_size * 1.2) if parts else ():
        if canvas is None:
            y -= fitted.height
        else:
            y = draw_fitted(canvas, fitted, x, y, width)
    if large:
        y = _key(canvas, m, x, y, width)
    return y


def _key(canvas: Canvas | None, m: _Metrics, x: float, top: float, width: float) -> float:
    """Each box's letter in bold and what it means, flowing over as many lines as it needs."""
    items = [(i.letter, _(INTEREST_LONG_KEY.get(i, INTEREST_SHORT_LABELS[i]))) for i in Interest]
    items += [(c.letter, _(CONTACT_LABELS[c])) for c in ContactMethod]
    size = m.intro_size
    ascent = size * 0.93
    space, gap = text_width(" ", REGULAR, size), size * 1.1
    left, baseline = x, top - ascent - size * 0.1
    for letter, meaning in items:
        words = meaning.split()
        letter_width = text_width(letter, BOLD, size)
        if left > x and left + letter_width + space + text_width(meaning, REGULAR, size) > x + width:
            left, baseline = x, baseline - size * 1.2
        if canvas is not None:
            draw_text(canvas, left, baseline, letter, BOLD, size)
        left += letter_width + space
        for word in words:  # a meaning longer than the line wraps word by word
            word_width = text_width(word, REGULAR, size)
            if left > x and left + word_width > x + width:
                left, baseline = x, baseline - size * 1.2
            if canvas is not None:
                draw_text(canvas, left, baseline, word, REGULAR, size)
            left += word_width + space
        left += gap - space
    return baseline + ascent - size * 1.2 - size * 0.1


def _footer_height(m: _Metrics, notice: RenderedNotice, width: float) -> float:
    summary = fit(notice.summary, REGULAR, m.footer_size, width, m.footer_height, m.header.floor)
    return m.footer_size * 1.3 + summary.height


def _footer(canvas: Canvas, m: _Metrics, notice: RenderedNotice, x: float, bottom: float, width: float,
            height: float, widest_sheet: str) -> None:
    """The privacy notice; each page adds its "Sheet N of M" at the right of the heading."""
    top = bottom + height
    canvas.setLineWidth(0.8)
    canvas.line(x, top + 3, x + width, top + 3)
    sheet_width = text_width(widest_sheet, BOLD, m.footer_size)
    heading = _("{title} (version {version}; ask our staff for the full notice)").format(
        title=notice.title, version=notice.version)
    draw_in_box(canvas, heading, x, top - m.footer_size * 1.25, width - sheet_width - 12, m.footer_size * 1.25,
                font=BOLD, size=m.footer_size, min_size=m.footer_size, valign="top")
    draw_in_box(canvas, notice.summary, x, bottom, width, height - m.footer_size * 1.3,
                size=m.footer_size, min_size=m.header.floor, valign="top")


def _table(canvas: Canvas, m: _Metrics, x: float, top: float, width: float, bottom: float, large: bool) -> None:
    inner = width - m.number_width
    lines = _lines(m, inner, large)
    y = top
    if m.band_heights:
        y = _column_headings(canvas, m, lines, x, y, width)
    # The rows share out whatever height is left, so they fill the page and never overrun it.
    line_height = ((y - bottom) - (m.rows - 1) * m.row_gap) / (m.rows * len(lines))
    for row in range(1, m.rows + 1):
        y = _person(canvas, m, lines, row, x, y, width, line_height, large) - m.row_gap


def _column_headings(canvas: Canvas, m: _Metrics, lines: list[list[_Box]], x: float, top: float,
                     width: float) -> float:
    total = sum(m.band_heights)
    canvas.setFillColor(SHADE)
    canvas.rect(x, top - total, width, total, stroke=0, fill=1)
    canvas.setFillColor(black)
    draw_in_box(canvas, _("Row"), x + 1, top - total, m.number_width - 2, total, font=BOLD, size=m.label_size,
                min_size=m.label_floor, align="center")
    y = top
    for boxes, band in zip(lines, m.band_heights, strict=True):
        left = x + m.number_width
        for box in boxes:
            _heading(canvas, m, box, left, y - band, band)
            left += box.width
        y -= band
    canvas.setLineWidth(0.6)
    canvas.rect(x, y, width, total, stroke=1, fill=0)
    return y


def _heading(canvas: Canvas, m: _Metrics, box: _Box, x: float, y: float, height: float) -> None:
    pad = 2.5
    canvas.setLineWidth(0.4)
    canvas.rect(x, y, box.width, height, stroke=1, fill=0)
    if not box.ticks or len(box.ticks) == 1:
        draw_in_box(canvas, box.label, x + pad, y + 1, box.width - 2 * pad, height - 2, font=BOLD,
                    size=m.label_size, min_size=m.label_floor)
        return
    group = m.label_size * 1.25
    draw_in_box(canvas, box.label, x + pad, y + height - group, box.width - 2 * pad, group, font=BOLD,
                size=m.label_size, min_size=m.label_floor, align="center")
    each = box.width / len(box.ticks)
    for n, (letter, label) in enumerate(box.ticks):
        left = x + n * each
        canvas.line(left, y, left, y + height - group)
        draw_in_box(canvas, f"{letter}\n{label}", left + 1.5, y + 1, each - 3, height - group - 1.5,
                    size=m.label_size - 1, min_size=m.label_floor, align="center", valign="top")
    canvas.line(x, y + height - group, x + box.width, y + height - group)


def _person(canvas: Canvas, m: _Metrics, lines: list[list[_Box]], row: int, x: float, top: float,
            width: float, line_height: float, large: bool) -> float:
    height = len(lines) * line_height
    bottom = top - height
    canvas.setLineWidth(0.5)
    draw_in_box(canvas, str(row), x, bottom, m.number_width, height, font=BOLD, size=m.number_size,
                min_size=m.number_size, align="center")
    y = top
    for boxes in lines:
        left = x + m.number_width
        for box in boxes:
            canvas.setLineWidth(0.5)
            canvas.rect(left, y - line_height, box.width, line_height, stroke=1, fill=0)
            _box_contents(canvas, m, box, left, y - line_height, line_height, large)
            left += box.width
        y -= line_height
    # A heavier frame round each person keeps one row's boxes from being read as the next's.
    canvas.setLineWidth(1.6)
    canvas.rect(x, bottom, width, height, stroke=1, fill=0)
    canvas.setLineWidth(0.5)
    canvas.line(x + m.number_width, bottom, x + m.number_width, top)
    return bottom


def _box_contents(canvas: Canvas, m: _Metrics, box: _Box, x: float, y: float, height: float, large: bool) -> None:
    pad = 3
    label_room = 0.0
    if large and len(box.ticks) == 1:
        mark = m.tick_size + m.letter_size * 3
        draw_in_box(canvas, box.label, x + pad, y + 1, box.width - mark - 3 * pad, height - 2,
                    size=m.label_size, min_size=m.label_floor)
        lettered_box(canvas, box.ticks[0][0], x + box.width - pad - mark / 2, y + (height - m.tick_size) / 2,
                     m.tick_size, m.letter_size)
        return
    if large:
        label_room = m.label_size * 1.25
        draw_in_box(canvas, box.label, x + pad, y + height - label_room - 1, box.width - 2 * pad, label_room,
                    size=m.label_size, min_size=m.label_floor, valign="top")
    if not box.ticks:
        return
    inset = pad if large else 0.0  # large print has no column lines, so keep clear of the frame
    each = (box.width - 2 * inset) / len(box.ticks)
    box_y = y + (height - label_room - m.tick_size) / 2
    for n, (letter, _label) in enumerate(box.ticks):
        left = x + inset + n * each
        if n and not large:
            canvas.setLineWidth(0.3)
            canvas.line(left, y, left, y + height)
        lettered_box(canvas, letter, left + each / 2, box_y, m.tick_size, m.letter_size)
