"""The printed "You said, we did" summary for the public: what people told us and what came of it.

Large print throughout (16 pt or more, RNIB clear print), plain words, A4 portrait. It prints
what people said, what was agreed, what was done and when, and how far each action has got.
It never prints who owns an action (staff names are not for the public), any comment as typed,
or anything else that could name a person: the "you said" text is the summary staff wrote.
Notes on an action that is still open are left out too, as they are often working notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.actions import ActionDetails, ActionStatus, describe_date, is_overdue
from app.core.i18n import _
from app.core.redaction import NameIndex, mask_comment
from app.documents.fonts import register_fonts
from app.documents.layout import BOLD, GREY, LEADING, REGULAR, pdf_canvas, wrap
from app.documents.script_text import draw_text, reads_right_to_left

MARGIN = 20 * mm
TEXT = 16.0  # the large-print floor
LABEL = 17.0
HEADING = 30.0
TITLE = 20.0
SECTION = 22.0
FOOTER = 14.0
INDENT = 8 * mm  # the text under a label, and the coloured bar beside each action
BAR = Color(0.0, 0.37, 0.72)  # NHS blue
DONE_GREEN = Color(0.0, 0.40, 0.20)
GAP_BETWEEN = 7 * mm


@dataclass(frozen=True)
class Line:
    text: str
    font: str
    size: float
    indent: float = 0.0
    gap_before: float = 0.0
    colour: Color = black
    right: float = 0.0  # set against this edge instead: a wrapped right-to-left paragraph

    @property
    def height(self) -> float:
        return self.gap_before + self.size * LEADING


@dataclass(frozen=True)
class Block:
    """Lines kept together on a page where they fit; ``bar`` draws the action's bar beside them."""

    lines: tuple[Line, ...]
    bar: bool = False
    gap_before: float = 0.0

    @property
    def height(self) -> float:
        return self.gap_before + sum(line.height for line in self.lines)


def status_words(details: ActionDetails, today: dt.date) -> str:
    """How far an action has got, as the public read it: 'We did this on 10 May 2026'."""
    status = details.status
    words = status.public_label
    # Said plainly: the public should not read a past date as a promise.
    if details.due_date is not None and is_overdue(details, today):
        return _("{status}. It was due by {date} and is late.").format(
            status=words, date=describe_date(details.due_date))
    if status is ActionStatus.DONE and details.done_on:
        return _("{status} on {date}").format(status=words, date=describe_date(details.done_on))
    if status is ActionStatus.IN_PROGRESS and details.due_date:
        return _("{status}, to finish by {date}").format(status=words, date=describe_date(details.due_date))
    if not status.finished and details.due_date:
        return _("{status} by {date}").format(status=words, date=describe_date(details.due_date))
    return words


SECTIONS = (
    ((ActionStatus.DONE,), "What we have done"),
    ((ActionStatus.IN_PROGRESS, ActionStatus.AGREED), "What we are doing"),
    ((ActionStatus.NOT_POSSIBLE,), "What we could not do"),
)


def write_you_said_we_did(out: Path | BinaryIO, title: str, actions: Sequence[ActionDetails], *,
                          subtitle: str = "", organisation: str = "",
                          topics: Mapping[str, str] | None = None, today: dt.date | None = None,
                          known_names: Collection[str] = ()) -> int:
    """Write the summary; returns the number of pages. A path is written whole or not at all.

    ``title`` names the event (or "Across events"), ``subtitle`` its date or the date range;
    ``topics`` gives the words for each topic value, printed as "About: …"; ``today`` (by
    default the real one) decides which open actions are late. Emails, phone numbers,
    postcodes, NHS numbers and ``known_names`` are masked in every text, as in comments:
    "you said" may quote one, and this sheet goes up on a wall.
    """
    index = NameIndex.build(known_names)
    actions = [replace(a, you_said=mask_comment(a.you_said, index).text, we_will=mask_comment(a.we_will, index).text,
                       what_done=mask_comment(a.what_done, index).text) for a in actions]
    register_fonts()
    width = A4[0] - 2 * MARGIN
    blocks = _heading(title, subtitle, width)
    if not actions:
        blocks.append(Block(tuple(_para(_("No actions have been agreed yet. When they are, this sheet will say "
                                          "what you told us and what we are doing about it."), REGULAR, TEXT,
                                        width)), gap_before=6 * mm))
    for statuses, heading in SECTIONS:
        chosen = [a for a in actions if a.status in statuses]
        if not chosen:
            continue
        header = _para(_(heading), BOLD, SECTION, width)
        for n, details in enumerate(chosen):
            block = _action_block(details, topics or {}, width, today or dt.date.today())
            if n == 0:  # a section's heading never ends a page on its own
                block = Block(tuple(header) + block.lines, bar=True, gap_before=10 * mm)
            blocks.append(block)
    pages = _paginate(blocks, A4[1] - 2 * MARGIN - FOOTER * 2)
    with pdf_canvas(out, A4, title=_("You said, we did: {title}").format(title=title),
                    author=organisation or "Involve", subject=_("You said, we did")) as canvas:
        for number, page in enumerate(pages, start=1):
            _draw_page(canvas, page, number, len(pages), organisation)
    return len(pages)


# ----- building the blocks

def _para(text: str, font: str, size: float, width: float, *, indent: float = 0.0, gap_before: float = 0.0,
          colour: Color = black) -> list[Line]:
    lines = wrap(text, font, size, width - indent) or [""]
    right = width if len(lines) > 1 and reads_right_to_left(text) else 0.0
    return [Line(line, font, size, indent, gap_before if i == 0 else 0.0, colour, right)
            for i, line in enumerate(lines)]


def _heading(title: str, subtitle: str, width: float) -> list[Block]:
    lines = _para(_("You said, we did"), BOLD, HEADING, width, colour=BAR)
    lines += _para(title, BOLD, TITLE, width, gap_before=2 * mm)
    if subtitle:
        lines += _para(subtitle, REGULAR, TEXT, width)
    lines += _para(_("Thank you for telling us what you think. This is what you said, and what we have done "
                     "or are doing about it."), REGULAR, TEXT, width, gap_before=4 * mm)
    return [Block(tuple(lines))]


def _action_block(details: ActionDetails, topics: Mapping[str, str], width: float, today: dt.date) -> Block:
    status = details.status
    lines: list[Line] = []
    if details.topic:
        about = topics.get(details.topic, details.topic.replace("_", " "))
        lines += _para(_("About: {topic}").format(topic=about), REGULAR, TEXT, width, indent=INDENT, colour=GREY,
                       gap_before=1.5 * mm)
    lines += _labelled(_("You said:"), details.you_said, width)
    lines += _labelled(_("We agreed:") if status.finished else _("We will:"), details.we_will, width)
    if status is ActionStatus.DONE:
        lines += _labelled(_("We did:"), details.what_done, width)
    elif status is ActionStatus.NOT_POSSIBLE:
        lines += _labelled(_("Why we could not:"), details.what_done, width)
    mark = "✓ " if status is ActionStatus.DONE else ""
    lines += _para(mark + status_words(details, today), BOLD, TEXT, width, indent=INDENT, gap_before=2 * mm,
                   colour=DONE_GREEN if status is ActionStatus.DONE else black)
    return Block(tuple(lines), bar=True, gap_before=GAP_BETWEEN)


def _labelled(label: str, text: str, width: float) -> list[Line]:
    return (_para(label, BOLD, LABEL, width, indent=INDENT, gap_before=1.5 * mm)
            + _para(text, REGULAR, TEXT, width, indent=INDENT))


# ----- pages

@dataclass(frozen=True)
class Placed:
    line: Line
    top: float  # distance from the top of the text area to the top of the line
    bar: bool


def _paginate(blocks: list[Block], height: float) -> list[list[Placed]]:
    """Blocks onto pages: a block that fits a page is never split; a longer one flows on."""
    pages: list[list[Placed]] = [[]]
    used = 0.0
    for block in blocks:
        gap = block.gap_before if pages[-1] else 0.0
        if used + gap + block.height - block.gap_before > height and pages[-1] and \
                block.height - block.gap_before <= height:
            pages.append([])
            used, gap = 0.0, 0.0
        used += gap
        for line in block.lines:
            line_gap = line.gap_before if pages[-1] else 0.0
            if used + line_gap + line.size * LEADING > height and pages[-1]:
                pages.append([])
                used, line_gap = 0.0, 0.0
            used += line_gap
            pages[-1].append(Placed(line, used, block.bar))
            used += line.size * LEADING
    return pages


def _draw_page(canvas: Canvas, page: list[Placed], number: int, total: int, organisation: str) -> None:
    top = A4[1] - MARGIN
    canvas.setFillColor(BAR)
    for placed in page:  # the bar beside each action, one stroke per line so it follows page breaks
        if placed.bar and placed.line.indent:
            canvas.rect(MARGIN, top - placed.top - placed.line.size * LEADING, 1.6 * mm,
                        placed.line.size * LEADING + placed.line.gap_before, stroke=0, fill=1)
    for placed in page:
        line = placed.line
        canvas.setFillColor(line.colour)
        baseline = top - placed.top - line.size * 0.95
        if line.right:
            draw_text(canvas, MARGIN + line.right, baseline, line.text, line.font, line.size, align="right")
        else:
            draw_text(canvas, MARGIN + line.indent, baseline, line.text, line.font, line.size)
    canvas.setFillColor(GREY)
    footer = _("Page {number} of {total}").format(number=number, total=total)
    draw_text(canvas, A4[0] - MARGIN, MARGIN - FOOTER, footer, REGULAR, FOOTER, align="right")
    if organisation:
        draw_text(canvas, MARGIN, MARGIN - FOOTER, organisation[:60], REGULAR, FOOTER)
    canvas.showPage()
