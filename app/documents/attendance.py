"""Attendance registers for Patient Participation Group meetings: portrait A4.

Members are printed by name, in the order given, each with a Present box and room to sign;
blank rows for guests follow. A long register runs over several pages, each a sheet with its
own code. Rows are numbered through the whole register, so every line has its own number.
Members' contact details are deliberately not printed: the register is passed round the
room, and nobody there needs another member's email address or phone number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.core.i18n import _
from app.core.sheet_codes import MAX_NUMBER, SheetKind
from app.documents.fonts import register_fonts
from app.documents.layout import (
    BOLD,
    LARGE_PRINT_MIN,
    REGULAR,
    SHADE,
    HeaderSizes,
    SheetHeader,
    check_run,
    draw_code,
    draw_header_text,
    draw_in_box,
    fit,
    header_height,
    pdf_canvas,
    sheet_of,
    tick_box,
)
from app.documents.script_text import draw_text, text_width

PAGE = A4


@dataclass(frozen=True)
class RegisterMember:
    name: str
    contact: str  # kept for the caller; not printed (see the module's note)


@dataclass(frozen=True)
class _Metrics:
    margin: float
    header: HeaderSizes
    header_height: float
    text_size: float
    floor: float
    heading_size: float
    row_height: float
    number_width: float
    present_width: float
    tick_size: float


_NORMAL = _Metrics(
    margin=28, header=HeaderSizes(title=16, event=12, detail=10, floor=7, qr=64, code=10), header_height=100,
    text_size=10.5, floor=7, heading_size=9.5, row_height=25, number_width=30, present_width=58, tick_size=13,
)
_LARGE = _Metrics(
    margin=26, header=HeaderSizes(title=22, event=19, detail=LARGE_PRINT_MIN, floor=LARGE_PRINT_MIN, qr=76,
                                  code=16),
    header_height=150, text_size=18, floor=LARGE_PRINT_MIN, heading_size=LARGE_PRINT_MIN, row_height=38,
    number_width=50, present_width=92, tick_size=20,
)


@dataclass(frozen=True)
class _Row:
    kind: str  # "member", "guest", or "guests" for the heading over the guest rows
    height: float
    number: int = 0
    name: str = ""


@dataclass(frozen=True)
class _Plan:
    m: _Metrics
    title: str
    code_room: str
    header_used: float
    intro_height: float
    pages: list[list[_Row]]


def _plan(header: SheetHeader, members: Sequence[RegisterMember], guest_rows: int, practice_name: str,
          large_print: bool) -> _Plan:
    register_fonts()  # text is measured before the PDF is begun
    if guest_rows < 0:
        raise ValueError(_("The number of guest rows cannot be negative."))
    m = _LARGE if large_print else _NORMAL
    page_width, page_height = PAGE
    width = page_width - 2 * m.margin
    title = _("Patient Participation Group meeting: attendance")
    # Plan with the widest code a run could have, so every page has room for its own.
    code_room = header.code(SheetKind.ATTENDANCE, MAX_NUMBER)
    used = header_height(header, title=title, extra=practice_name, widest_code=code_room, width=width,
                         height=m.header_height, sizes=m.header)
    intro_height = m.text_size * 1.2 * 2 + 6
    footer_height = m.heading_size * 1.2 * 2 + 6
    table = page_height - 2 * m.margin - used - 8 - intro_height - footer_height - _heading_height(m)
    return _Plan(m, title, code_room, used, intro_height, _paginate(_rows(m, members, guest_rows, width), table))


def register_pages(header: SheetHeader, *, members: Sequence[RegisterMember], guest_rows: int, practice_name: str,
                   large_print: bool = False) -> int:
    """How many pages, so how many sheet numbers, the register will take."""
    return len(_plan(header, members, guest_rows, practice_name, large_print).pages)


def attendance_register(out: Path | BinaryIO, header: SheetHeader, *, first: int, members: Sequence[RegisterMember],
                        guest_rows: int, practice_name: str, large_print: bool = False, copies: int = 1) -> None:
    """The register as sheets ``first``, ``first + 1``, … for as many pages as it needs.

    ``copies`` repeats the whole register with the same numbers, for a meeting that passes
    round more than one: each copy's sheets are typed back under their own codes only once.
    """
    plan = _plan(header, members, guest_rows, practice_name, large_print)
    if copies < 1:
        raise ValueError(_("Print at least one copy."))
    m, title = plan.m, plan.title
    page_width, page_height = PAGE
    x, width, top = m.margin, page_width - 2 * m.margin, page_height - m.margin
    last = check_run(first, len(plan.pages))
    with pdf_canvas(out, PAGE, title=f"{title}: {practice_name or header.event_name}", author=header.organisation,
                    subject=_("Attendance register, sheets {first} to {last}").format(first=first, last=last)) as c:
        # The header and instructions are the same on every page: drawn once, stamped on each.
        c.beginForm("top")
        draw_header_text(c, header, title=title, extra=practice_name, widest_code=plan.code_room, x=x, top=top,
                         width=width, height=m.header_height, sizes=m.header)
        y = top - plan.header_used - 8
        draw_in_box(c, _("Please tick Present and sign or initial beside your name. Guests, please write "
                         "your name in a row under Guests."), x, y - plan.intro_height, width,
                    plan.intro_height - 4, size=m.text_size, min_size=m.floor, valign="top")
        c.endForm()
        for _copy in range(copies):
            for offset, rows in enumerate(plan.pages):
                number = first + offset
                c.doForm("top")
                draw_code(c, header.code(SheetKind.ATTENDANCE, number),
                          header.qr(SheetKind.ATTENDANCE, number), x + width, top, m.header.qr,
                          m.header.code)
                y = _column_headings(c, m, x, top - plan.header_used - 8 - plan.intro_height, width)
                for row in rows:
                    y = _draw_row(c, m, row, x, y, width)
                _footer(c, m, x, width, sheet_of(number, last))
                c.showPage()


def _rows(m: _Metrics, members: Sequence[RegisterMember], guest_rows: int, width: float) -> list[_Row]:
    name_width, _sign = _widths(m, width)
    rows = []
    for n, member in enumerate(members, start=1):
        # A long name wraps onto a second or third line, and its row grows to hold it.
        name = fit(member.name, REGULAR, m.text_size, name_width - 10, m.text_size * 1.2 * 3, m.floor)
        rows.append(_Row("member", max(m.row_height, name.height + 6), n, member.name))
    if guest_rows:
        rows.append(_Row("guests", m.row_height))
        rows += [_Row("guest", m.row_height, len(members) + n) for n in range(1, guest_rows + 1)]
    return rows


def _paginate(rows: list[_Row], room: float) -> list[list[_Row]]:
    """Rows split into pages of at most ``room`` height; guest rows on a new page are headed
    "Guests" again, and that heading is never left alone at the foot of a page."""
    pages: list[list[_Row]] = [[]]
    used = 0.0
    for n, row in enumerate(rows):
        needed = row.height
        if row.kind == "guests" and n + 1 < len(rows):
            needed += rows[n + 1].height
        if pages[-1] and used + needed > room + 0.01:
            pages.append([])
            used = 0.0
            if row.kind == "guest":
                heading = _Row("guests", row.height)
                pages[-1].append(heading)
                used += heading.height
        pages[-1].append(row)
        used += row.height
    return pages


def _heading_height(m: _Metrics) -> float:
    return max(m.row_height, m.heading_size * 1.2 * 2 + 6)


def _column_headings(c: Canvas, m: _Metrics, x: float, top: float, width: float) -> float:
    height = _heading_height(m)
    c.setFillColor(SHADE)
    c.rect(x, top - height, width, height, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    name_width, sign_width = _widths(m, width)
    cells = [(_("Row"), m.number_width), (_("Name"), name_width), (_("Present"), m.present_width),
             (_("Signature or initials"), sign_width)]
    left = x
    c.setLineWidth(0.6)
    for label, cell_width in cells:
        c.rect(left, top - height, cell_width, height, stroke=1, fill=0)
        draw_in_box(c, label, left + 4, top - height, cell_width - 8, height, font=BOLD, size=m.heading_size,
                    min_size=m.floor)
        left += cell_width
    return top - height


def _widths(m: _Metrics, width: float) -> tuple[float, float]:
    rest = width - m.number_width - m.present_width
    name_width = rest * 0.55
    return name_width, rest - name_width


def _draw_row(c: Canvas, m: _Metrics, row: _Row, x: float, top: float, width: float) -> float:
    height = row.height
    bottom = top - height
    c.setLineWidth(0.6)
    if row.kind == "guests":
        c.setLineWidth(1.4)
        c.line(x, top, x + width, top)
        draw_in_box(c, _("Guests"), x + 4, bottom, width - 8, height, font=BOLD, size=m.text_size,
                    min_size=m.floor)
        return bottom
    name_width, sign_width = _widths(m, width)
    c.rect(x, bottom, m.number_width, height, stroke=1, fill=0)
    draw_in_box(c, str(row.number), x + 2, bottom, m.number_width - 4, height, font=BOLD, size=m.text_size,
                min_size=m.floor, align="center")
    left = x + m.number_width
    if row.kind == "member":
        c.rect(left, bottom, name_width, height, stroke=1, fill=0)
        draw_in_box(c, row.name, left + 5, bottom + 1, name_width - 10, height - 2, size=m.text_size,
                    min_size=m.floor)
        left += name_width
        c.rect(left, bottom, m.present_width, height, stroke=1, fill=0)
        tick_box(c, left + (m.present_width - m.tick_size) / 2, bottom + (height - m.tick_size) / 2, m.tick_size)
        left += m.present_width
    else:  # a guest writes their name across the name and Present columns
        c.rect(left, bottom, name_width + m.present_width, height, stroke=1, fill=0)
        left += name_width + m.present_width
    c.rect(left, bottom, sign_width, height, stroke=1, fill=0)
    return bottom


def _footer(c: Canvas, m: _Metrics, x: float, width: float, sheet: str) -> None:
    size = m.heading_size
    sheet_width = text_width(sheet, BOLD, size)
    draw_text(c, x + width, m.margin + size * 0.3, sheet, BOLD, size, align="right")
    draw_in_box(c, _("This register holds people's names: please hand it back to a member of staff."),
                x, m.margin, width - sheet_width - 16, size * 1.2 * 2, font=REGULAR, size=size, min_size=m.floor,
                valign="bottom")
