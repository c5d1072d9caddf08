"""Paper feedback cards: the Friends and Family Test question, six numbered boxes, a comment.

Four A6 cards to a portrait A4 page (two in large print), with dashed lines to cut along.
Each card has its own code and QR code, so each is typed back once. The boxes are numbered
1 to 6 in ``fft.ANSWERS`` order, the numbers staff type (``app.core.transcription``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.core import fft
from app.core.i18n import _
from app.core.sheet_codes import SheetKind
from app.documents.fonts import register_fonts
from app.documents.layout import (
    BOLD,
    GREY,
    LARGE_PRINT_MIN,
    REGULAR,
    RULE,
    HeaderSizes,
    SheetHeader,
    check_run,
    draw_code,
    draw_header_text,
    draw_in_box,
    fit,
    pdf_canvas,
    rule,
    tick_box,
)

CARDS_PER_PAGE = 4
CARDS_PER_PAGE_LARGE = 2
PAGE = A4


def cards_per_page(large_print: bool) -> int:
    return CARDS_PER_PAGE_LARGE if large_print else CARDS_PER_PAGE


@dataclass(frozen=True)
class _Metrics:
    columns: int
    rows: int
    pad: float
    header: HeaderSizes
    header_height: float
    question_size: float
    answer_size: float
    answer_height: float
    answer_columns: int
    tick_size: float
    prompt_size: float
    note_size: float
    line_gap: float  # between the ruled lines for the comment
    thanks: bool  # large print gives the thank-you line's room to the comment


_NORMAL = _Metrics(
    columns=2, rows=2, pad=18, header=HeaderSizes(title=12, event=10, detail=8.5, floor=6.5, qr=56, code=8.5),
    header_height=76, question_size=12, answer_size=10.5, answer_height=19, answer_columns=1, tick_size=12,
    prompt_size=10, note_size=8, line_gap=20, thanks=True,
)
_LARGE = _Metrics(
    columns=1, rows=2, pad=24,
    header=HeaderSizes(title=20, event=18, detail=LARGE_PRINT_MIN, floor=LARGE_PRINT_MIN, qr=70, code=16),
    header_height=110, question_size=19, answer_size=LARGE_PRINT_MIN, answer_height=28, answer_columns=2,
    tick_size=18, prompt_size=LARGE_PRINT_MIN, note_size=LARGE_PRINT_MIN, line_gap=28, thanks=False,
)


@dataclass(frozen=True)
class _Texts:
    question: str
    answers: tuple[str, ...]
    comment_prompt: str
    comment_help: str


def feedback_cards(out: Path | BinaryIO, header: SheetHeader, *, first: int, count: int, large_print: bool = False,
                   question: str, answers: Sequence[str], comment_prompt: str, comment_help: str = "") -> None:
    """Cards ``first`` to ``first + count - 1``; ``answers`` are the six FFT answers' texts in
    ``fft.ANSWERS`` order, ``comment_help`` an optional line under the comment prompt."""
    register_fonts()  # text is measured before the PDF is begun
    if len(answers) != len(fft.ANSWERS):
        raise ValueError(_("A feedback card needs the {count} Friends and Family Test answers.").format(
            count=len(fft.ANSWERS)))
    last = check_run(first, count)
    m = _LARGE if large_print else _NORMAL
    texts = _Texts(question, tuple(answers), comment_prompt, comment_help)
    per_page = m.columns * m.rows
    page_width, page_height = PAGE
    card_width, card_height = page_width / m.columns, page_height / m.rows
    title = _("Your feedback")
    widest_code = header.code(SheetKind.FEEDBACK, last)
    with pdf_canvas(out, PAGE, title=f"{title}: {header.event_name}", author=header.organisation,
                    subject=_("Feedback cards {first} to {last}").format(first=first, last=last)) as canvas:
        # Cards differ only in their codes: the rest is drawn once as a form and stamped.
        canvas.beginForm("card", 0, 0, card_width, card_height)
        _card(canvas, m, header, texts, title, widest_code, card_width, card_height)
        canvas.endForm()
        canvas.beginForm("cuts")
        _cut_lines(canvas, m, card_width, card_height)
        canvas.endForm()
        for page_start in range(first, last + 1, per_page):
            canvas.doForm("cuts")
            for slot, number in enumerate(range(page_start, min(page_start + per_page, last + 1))):
                column, row = slot % m.columns, slot // m.columns
                canvas.saveState()
                canvas.translate(column * card_width, page_height - (row + 1) * card_height)
                canvas.doForm("card")
                draw_code(canvas, header.code(SheetKind.FEEDBACK, number),
                          header.qr(SheetKind.FEEDBACK, number), card_width - m.pad,
                          card_height - m.pad, m.header.qr, m.header.code)
                canvas.restoreState()
            canvas.showPage()


def _cut_lines(canvas: Canvas, m: _Metrics, card_width: float, card_height: float) -> None:
    page_width, page_height = PAGE
    for column in range(1, m.columns):
        rule(canvas, column * card_width, 0, column * card_width, page_height, 0.5, RULE, (4, 3))
    for row in range(1, m.rows):
        rule(canvas, 0, row * card_height, page_width, row * card_height, 0.5, RULE, (4, 3))
        canvas.setFont(REGULAR, m.note_size)
        canvas.setFillColor(RULE)
        canvas.drawString(10, row * card_height - m.note_size * 0.35, "✂")
        canvas.setFillColorRGB(0, 0, 0)


def _card(canvas: Canvas, m: _Metrics, header: SheetHeader, texts: _Texts, title: str, widest_code: str,
          width: float, height: float) -> None:
    """One card, bottom-left at the origin, all but its code."""
    pad = m.pad
    left, inner = pad, width - 2 * pad
    top, bottom = height - pad, pad
    # Large print has no room to spare for a title: the question says what the card is for.
    used = draw_header_text(canvas, header, title="" if m is _LARGE else title, widest_code=widest_code,
                            x=left, top=top, width=inner, height=m.header_height, sizes=m.header)
    y_now = top - used - m.question_size * 0.5
    question = fit(texts.question, BOLD, m.question_size, inner, m.question_size * 1.2 * 3,
                   max(m.header.floor, m.question_size * 0.75))
    draw_in_box(canvas, texts.question, left, y_now - question.height, inner, question.height, font=BOLD,
                size=m.question_size, min_size=max(m.header.floor, m.question_size * 0.75), valign="top")
    y_now -= question.height + m.answer_height * 0.15
    y_now = _answers(canvas, m, texts.answers, left, y_now, inner)
    thanks_height = 0.0
    if m.thanks:
        thanks = _("You do not need to give your name. Thank you for your feedback.")
        thanks_height = fit(thanks, REGULAR, m.note_size, inner, m.note_size * 1.2 * 2, m.header.floor).height
        draw_in_box(canvas, thanks, left, bottom, inner, thanks_height, size=m.note_size, min_size=m.header.floor,
                    valign="bottom")
    _comment(canvas, m, texts, left, y_now - m.answer_height * 0.3, inner, bottom + thanks_height + 4)


def _answers(canvas: Canvas, m: _Metrics, answers: Sequence[str], x: float, top: float, width: float) -> float:
    """The six answers, each a numbered tick box; large print sets them in two columns."""
    per_column = -(-len(answers) // m.answer_columns)
    column_width = width / m.answer_columns
    number_width = canvas.stringWidth("6", BOLD, m.answer_size) + m.answer_size * 0.35
    for n, answer in enumerate(answers, start=1):
        column, row = (n - 1) // per_column, (n - 1) % per_column
        left = x + column * column_width
        row_bottom = top - (row + 1) * m.answer_height
        box_y = row_bottom + (m.answer_height - m.tick_size) / 2
        canvas.setFont(BOLD, m.answer_size)
        canvas.drawString(left, box_y + (m.tick_size - m.answer_size * 0.72) / 2, str(n))
        tick_box(canvas, left + number_width, box_y, m.tick_size)
        text_x = left + number_width + m.tick_size + m.answer_size * 0.6
        draw_in_box(canvas, answer, text_x, row_bottom, column_width - (text_x - left) - 4, m.answer_height,
                    size=m.answer_size, min_size=m.header.floor)
    return top - per_column * m.answer_height


def _comment(canvas: Canvas, m: _Metrics, texts: _Texts, x: float, top: float, width: float,
             bottom: float) -> None:
    """The comment prompt and ruled lines filling the space down to ``bottom``."""
    prompt = fit(texts.comment_prompt, BOLD, m.prompt_size, width, m.prompt_size * 1.2 * 2, m.header.floor)
    draw_in_box(canvas, texts.comment_prompt, x, top - prompt.height, width, prompt.height, font=BOLD,
                size=m.prompt_size, min_size=m.header.floor, valign="top")
    y = top - prompt.height
    if texts.comment_help.strip():
        help_text = fit(texts.comment_help, REGULAR, m.note_size, width, m.note_size * 1.2 * 2, m.header.floor)
        draw_in_box(canvas, texts.comment_help, x, y - help_text.height, width, help_text.height,
                    size=m.note_size, min_size=m.header.floor, valign="top", colour=GREY)
        y -= help_text.height
    y -= m.line_gap
    while y >= bottom:
        rule(canvas, x, y, x + width, y, 0.5, RULE)
        y -= m.line_gap
