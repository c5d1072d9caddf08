"""Drawing pieces the printed sheets share: fitting text into boxes, tick boxes, QR codes,
the event header and writing the PDF.

Everything is drawn on a reportlab canvas in points (1/72 inch), origin at the bottom left.
Text never runs out of its box: it is wrapped, then shrunk down to a floor (16 pt for large
print), and only past that floor cut short with an ellipsis.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import Color, black, white
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas

from app.core.i18n import _
from app.core.sheet_codes import MAX_NUMBER, SheetKind, format_code, qr_payload
from app.documents.fonts import BOLD, REGULAR, register_fonts
from app.documents.qr import draw_qr
from app.documents.script_text import draw_text, text_width
from app.store.atomic_file import replacing

LEADING = 1.2  # line spacing as a multiple of the font size
ELLIPSIS = "…"
GREY = Color(0.25, 0.25, 0.25)  # dark enough to read easily; only for hints
RULE = Color(0.55, 0.55, 0.55)
SHADE = Color(0.93, 0.93, 0.93)
LARGE_PRINT_MIN = 16.0  # RNIB's clear print guidance: large print is 16 pt or more

__all__ = ["BOLD", "REGULAR", "SheetHeader"]


@dataclass(frozen=True)
class SheetHeader:
    """What every printed sheet says about its event."""

    event_id: str  # the event's full UUID
    event_name: str
    when: str  # already formatted, e.g. "Tue 14 Apr 2026, 10:00 to 13:00"
    venue: str  # may be ""
    organisation: str
    series: str = ""  # the printing laptop's part of each code (see app.core.sheet_codes)

    def code(self, kind: SheetKind, number: int) -> str:
        """The code printed on this event's sheet ``number`` of ``kind``."""
        return format_code(kind, self.event_id, number, self.series)

    def qr(self, kind: SheetKind, number: int) -> str:
        """What the QR code beside it holds: the same facts, with the whole event id."""
        return qr_payload(kind, self.event_id, number, self.series)

    @property
    def when_and_where(self) -> str:
        return f"{self.when} · {self.venue}" if self.venue.strip() else self.when


def check_run(first: int, count: int) -> int:
    """The last number of a print run of ``count`` starting at ``first``; codes stop at 9999."""
    if first < 1:
        raise ValueError(_("The first sheet number must be 1 or more."))
    if count < 1:
        raise ValueError(_("Print at least one sheet."))
    last = first + count - 1
    if last > MAX_NUMBER:
        raise ValueError(_("Sheet numbers stop at {max}; this run would reach {last}.").format(
            max=MAX_NUMBER, last=last))
    return last


def sheet_of(number: int, last: int) -> str:
    return _("Sheet {number} of {total}").format(number=number, total=last)


# --- writing the file -------------------------------------------------------------------

@contextlib.contextmanager
def pdf_canvas(out: Path | str | BinaryIO, pagesize: tuple[float, float], *, title: str, author: str,
               subject: str) -> Iterator[Canvas]:
    """A canvas that is saved to ``out`` when the block ends without an error.

    A file path is written under a temporary name and moved into place, so a failure never
    leaves half a PDF where the last good one was.
    """
    register_fonts()
    if isinstance(out, str | os.PathLike):
        # Owner-only, as these PDFs have always been: registers and reports can name people.
        with replacing(Path(out), private=True, suffix=".pdf") as temp:
            canvas = _new_canvas(str(temp), pagesize, title=title, author=author, subject=subject)
            yield canvas
            canvas.save()
        return
    canvas = _new_canvas(out, pagesize, title=title, author=author, subject=subject)
    yield canvas
    canvas.save()


def _new_canvas(out: str | BinaryIO, pagesize: tuple[float, float], *, title: str, author: str,
                subject: str) -> Canvas:
    canvas = Canvas(out, pagesize=pagesize, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("Involve")
    return canvas


# --- text ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fitted:
    """Text broken into lines at one size, ready to draw."""

    lines: tuple[str, ...]
    font: str
    size: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LEADING

    def width(self) -> float:
        return max((text_width(line, self.font, self.size) for line in self.lines), default=0.0)


def wrap(text: str, font: str, size: float, width: float, *, break_words: bool = True) -> list[str] | None:
    """Greedy word wrap. A word longer than the line (an email address) is broken by letters,
    or, with ``break_words`` off, the answer is None so the caller can shrink the text instead."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while text_width(word, font, size) > width:
                if not break_words:
                    return None
                cut = _longest_prefix(word, font, size, width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _longest_prefix(word: str, font: str, size: float, width: float) -> int:
    """How much of ``word`` fits the line, ending after a hyphen or @ or . where one fits."""
    cut = 1
    while cut < len(word) and text_width(word[:cut + 1], font, size) <= width:
        cut += 1
    natural = max((word.rfind(mark, 0, cut) for mark in "-@."), default=-1)
    return natural + 1 if natural > 0 else cut


def _ellipsize(line: str, font: str, size: float, width: float) -> str:
    line = line.rstrip()
    while line and text_width(line + ELLIPSIS, font, size) > width:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


@lru_cache(maxsize=2048)
def fit(text: str, font: str, size: float, width: float, height: float, min_size: float) -> Fitted:
    """``text`` wrapped into ``width``, shrunk from ``size`` towards ``min_size`` until it fits
    ``height``; at the floor, lines that still do not fit are cut with an ellipsis."""
    current = size
    while True:
        # Words are only broken once the text is as small as it may go.
        lines = wrap(text, font, current, width, break_words=current <= min_size)
        if lines is not None and (len(lines) * current * LEADING <= height + 0.01 or current <= min_size):
            break
        current = max(min_size, current - 0.5)
    assert lines is not None  # at the floor, words are broken rather than refused
    room = max(1, int((height + 0.01) // (current * LEADING)))
    if len(lines) > room:
        lines = lines[:room - 1] + [_ellipsize(lines[room - 1], font, current, width)]
    return Fitted(tuple(lines), font, current)


@dataclass(frozen=True)
class Part:
    """One paragraph of a block of text fitted as a whole (see :func:`fit_stack`)."""

    text: str
    font: str
    size: float
    min_size: float
    gap_after: float = 0.0
    keep: int = 0  # when lines must go, parts with a lower ``keep`` lose theirs first


def fit_stack(parts: Sequence[Part], width: float, height: float) -> list[Fitted]:
    """Paragraphs stacked in one box, all shrunk together until they fit; past every floor,
    the tallest paragraph gives up lines."""
    parts = [p for p in parts if p.text.strip()]
    scale = 1.0
    while True:
        fitted = [fit(p.text, p.font, max(p.min_size, round(p.size * scale * 2) / 2), width, 1e6, p.min_size)
                  for p in parts]
        total = sum(f.height + p.gap_after for f, p in zip(fitted, parts, strict=True))
        at_floor = all(f.size <= p.min_size for f, p in zip(fitted, parts, strict=True))
        if total <= height + 0.01 or at_floor:
            break
        scale -= 0.05
    while total > height + 0.01:
        can_give = [i for i in range(len(fitted)) if len(fitted[i].lines) > 1]
        if not can_give:
            break
        tallest = min(can_give, key=lambda i: (parts[i].keep, -len(fitted[i].lines)))
        f = fitted[tallest]
        room = len(f.lines) - 1
        fitted[tallest] = fit(parts[tallest].text, f.font, f.size, width, room * f.size * LEADING, f.size)
        total = sum(f.height + p.gap_after for f, p in zip(fitted, parts, strict=True))
    return fitted


def draw_fitted(canvas: Canvas, fitted: Fitted, x: float, top: float, width: float, *,
                align: str = "left", colour: Color = black) -> float:
    """Draw lines from ``top`` down; returns the y just below the last line."""
    ascent, _descent = getAscentDescent(fitted.font, fitted.size)
    canvas.setFont(fitted.font, fitted.size)
    canvas.setFillColor(colour)
    y = top
    anchor = {"center": x + width / 2, "right": x + width}.get(align, x)
    for line in fitted.lines:
        baseline = y - ascent - (fitted.size * (LEADING - 1)) / 2
        draw_text(canvas, anchor, baseline, line, fitted.font, fitted.size, align=align)
        y -= fitted.size * LEADING
    canvas.setFillColor(black)
    return y


def draw_in_box(canvas: Canvas, text: str, x: float, y: float, width: float, height: float, *,
                font: str = REGULAR, size: float, min_size: float, align: str = "left",
                valign: str = "middle", colour: Color = black) -> None:
    """Fit ``text`` into the box with its bottom-left corner at (x, y), then draw it."""
    fitted = fit(text, font, size, width, height, min_size)
    if valign == "top":
        top = y + height
    elif valign == "bottom":
        top = y + fitted.height
    else:
        top = y + (height + fitted.height) / 2
    draw_fitted(canvas, fitted, x, top, width, align=align, colour=colour)


# --- marks -----------------------------------------------------------------------------

def tick_box(canvas: Canvas, x: float, y: float, size: float) -> None:
    """An empty square to tick, bottom-left corner at (x, y)."""
    canvas.setLineWidth(max(0.8, size / 14))
    canvas.setStrokeColor(black)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=1, fill=1)
    canvas.setFillColor(black)


def lettered_box(canvas: Canvas, letter: str, cx: float, y: float, size: float, font_size: float) -> None:
    """A tick box with its letter just to its left, the pair centred on ``cx``."""
    gap = font_size * 0.3
    letter_width = text_width(letter, BOLD, font_size)
    left = cx - (letter_width + gap + size) / 2
    ascent, descent = getAscentDescent(BOLD, font_size)
    draw_text(canvas, left, y + (size - ascent - descent) / 2, letter, BOLD, font_size)
    tick_box(canvas, left + letter_width + gap, y, size)


def draw_code(canvas: Canvas, code: str, payload: str, right: float, top: float, qr_size: float,
              text_size: float) -> float:
    """The QR code with its printed code centred beneath, flush to ``right``; returns the width used."""
    code_width = text_width(code, BOLD, text_size)
    width = max(qr_size, code_width)
    left = right - width
    draw_qr(canvas, payload, left + (width - qr_size) / 2, top - qr_size, qr_size)
    draw_text(canvas, left + width / 2, top - qr_size - text_size * 1.05, code, BOLD, text_size, align="center")
    return width


def rule(canvas: Canvas, x1: float, y1: float, x2: float, y2: float, width: float = 0.6,
         colour: Color = black, dash: Sequence[float] | None = None) -> None:
    canvas.setLineWidth(width)
    canvas.setStrokeColor(colour)
    if dash:
        canvas.setDash(list(dash))
    canvas.line(x1, y1, x2, y2)
    if dash:
        canvas.setDash([])
    canvas.setStrokeColor(black)


# --- the event header --------------------------------------------------------------------

@dataclass(frozen=True)
class HeaderSizes:
    title: float
    event: float
    detail: float
    floor: float  # nothing shrinks below this
    qr: float
    code: float


def _header_parts(header: SheetHeader, title: str, extra: str, room: float,
                  sizes: HeaderSizes) -> list[Part]:
    # When and where share a line if they fit on one; otherwise each starts its own.
    if text_width(header.when_and_where, REGULAR, sizes.detail) <= room:
        where = [Part(header.when_and_where, REGULAR, sizes.detail, sizes.floor)]
    else:
        where = [Part(header.when, REGULAR, sizes.detail, sizes.floor),
                 Part(header.venue, REGULAR, sizes.detail, sizes.floor)]
    parts = [
        Part(title, BOLD, sizes.title, max(sizes.floor, sizes.title * 0.7), sizes.title * 0.2, keep=3),
        Part(extra, BOLD, sizes.event, sizes.floor, sizes.event * 0.1, keep=2),
        Part(header.event_name, BOLD, sizes.event, sizes.floor, sizes.event * 0.1, keep=2),
        *where,
        Part(header.organisation, REGULAR, sizes.detail, sizes.floor),
    ]
    return [p for p in parts if p.text.strip()]


def header_text_width(width: float, sizes: HeaderSizes, widest_code: str) -> float:
    """Room for the header's text beside the QR code and the widest code of the run."""
    return width - max(sizes.qr, text_width(widest_code, BOLD, sizes.code)) - sizes.detail


def code_block_height(sizes: HeaderSizes) -> float:
    return sizes.qr + sizes.code * 1.4


def header_height(header: SheetHeader, *, title: str, extra: str = "", widest_code: str, width: float,
                  height: float, sizes: HeaderSizes) -> float:
    """The height :func:`draw_header_text` will use, to plan a page before drawing it."""
    room = header_text_width(width, sizes, widest_code)
    parts = _header_parts(header, title, extra, room, sizes)
    text = sum(f.height + p.gap_after for f, p in zip(fit_stack(parts, room, height), parts, strict=True))
    return max(text, code_block_height(sizes))


def draw_header_text(canvas: Canvas, header: SheetHeader, *, title: str, extra: str = "", widest_code: str,
                     x: float, top: float, width: float, height: float, sizes: HeaderSizes) -> float:
    """Title, event name, when and where, organisation, in at most ``height`` on the left of
    the space the code takes (see :func:`draw_code`); returns the height of header used."""
    room = header_text_width(width, sizes, widest_code)
    parts = _header_parts(header, title, extra, room, sizes)
    y = top
    for part, fitted in zip(parts, fit_stack(parts, room, height), strict=True):
        y = draw_fitted(canvas, fitted, x, y, room)
        y -= part.gap_after
    return max(top - y, code_block_height(sizes))
