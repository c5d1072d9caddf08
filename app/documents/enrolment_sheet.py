"""The enrolment sheet: one A4 page the data team gives to whoever sets up a laptop.

It says which laptop it is for, the central service's address and the one-off enrolment code
(typed out in a monospaced face, and together in a QR code, see ``app.core.enrolment``), when
the code stops working, how to use it, and to keep the sheet private and then shred it.

The page is laid out from the top down. Every piece of text is wrapped into the page's width
and shrinks, within limits, when it is long (a long organisation or laptop name), so nothing
runs off the page. The address and the code always print whole: they are checked for length
before anything is drawn, and their boxes hold the longest ones allowed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.colors import black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.core.enrolment import describe_expiry, enrolment_payload
from app.core.i18n import _
from app.documents.fonts import MONO
from app.documents.layout import BOLD, GREY, LEADING, REGULAR, SHADE, Fitted, draw_fitted, fit, pdf_canvas
from app.documents.qr import draw_qr

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
PAD = 4 * mm  # inside the boxes round the address, the code and the warning
GAP = 6 * mm  # between the parts of the page
LABEL = 11.0  # the small grey words over each value
TITLE = 24.0
NAME = 18.0
ADDRESS = 20.0
ADDRESS_MIN = 9.0  # 500 characters, the longest address allowed, fit four lines of ADDRESS at this
CODE = 44.0
EXPIRY = 16.0
STEP = 13.0
WARNING = 13.0
QR_SIZE = 55 * mm
STEP_INDENT = 6 * mm  # the steps' text hangs clear of their numbers


def write_enrolment_sheet(path: Path, *, service_url: str, code: str, laptop_name: str,
                          expires_at: dt.datetime, organisation: str = "") -> None:
    """Write the sheet to ``path``, whole or not at all (owner-only: the code is a secret).

    Raises ValueError, in plain words and before any file is touched, for an address or code
    the laptop could not use, or a blank laptop name. A naive ``expires_at`` is local time.
    """
    payload = enrolment_payload(service_url, code)  # checks both before anything is drawn
    laptop_name = " ".join(laptop_name.split())
    if not laptop_name:
        raise ValueError(_("Give the name of the laptop the sheet is for."))
    organisation = " ".join(organisation.split())
    title = _("Connect this laptop to {organisation}").format(organisation=organisation or _("your organisation"))
    with pdf_canvas(path, A4, title=title, author=organisation or "Involve",
                    subject=_("Enrolment sheet for {laptop}").format(laptop=laptop_name)) as canvas:
        _draw_page(canvas, title=title, laptop_name=laptop_name, service_url=service_url, code=code,
                   expiry=describe_expiry(expires_at), payload=payload)


def _lines(count: int, size: float) -> float:
    return count * size * LEADING


def _draw_page(canvas: Canvas, *, title: str, laptop_name: str, service_url: str, code: str, expiry: str,
               payload: str) -> None:
    x = MARGIN
    y = A4[1] - MARGIN
    y = draw_fitted(canvas, fit(title, BOLD, TITLE, WIDTH, _lines(4, TITLE), 14.0), x, y, WIDTH)
    y -= GAP / 2
    y = _label(canvas, _("Laptop"), y)
    y = draw_fitted(canvas, fit(laptop_name, BOLD, NAME, WIDTH, _lines(2, NAME), 12.0), x, y, WIDTH)

    # The address and the code are never cut short: the longest allowed (500 and 64
    # characters) fit these boxes at the smallest size, broken across lines.
    y -= GAP
    y = _label(canvas, _("Address of the central service"), y)
    y = _boxed(canvas, _fit_address(service_url, WIDTH - 2 * PAD, _lines(4, ADDRESS)), y, fill=True)

    y -= GAP
    y = _label(canvas, _("Enrolment code"), y)
    y = _boxed(canvas, fit(code, MONO, CODE, WIDTH - 2 * PAD, _lines(1, CODE), 18.0), y, align="center",
               border=1.5)
    y -= GAP / 2
    y = draw_fitted(canvas, fit(expiry, BOLD, EXPIRY, WIDTH, _lines(2, EXPIRY), 12.0), x, y, WIDTH)

    y -= GAP
    y = _qr_and_steps(canvas, payload, y)

    y -= GAP
    warning = _("The code works once, and only until the time above. Keep this sheet private until the laptop "
                "is connected, then shred it.")
    _boxed(canvas, fit(warning, BOLD, WARNING, WIDTH - 2 * PAD, _lines(3, WARNING), 10.0), y, border=1.5)
    canvas.showPage()


def _fit_address(text: str, width: float, height: float) -> Fitted:
    """The address as large as fits ``height``, broken after a / . - ? & or = where it must break.

    An address is one long word to the ordinary wrap, which would shrink it to the floor
    before breaking it; a break after a separator reads naturally, so it is allowed at any size.
    """
    size = ADDRESS
    while True:
        lines = _break_address(text, size, width, natural=True)
        if _lines(len(lines), size) <= height + 0.01:
            return Fitted(tuple(lines), MONO, size)
        if size <= ADDRESS_MIN:  # full lines, broken anywhere, hold the longest address allowed
            return Fitted(tuple(_break_address(text, size, width, natural=False)), MONO, size)
        size -= 0.5


def _break_address(text: str, size: float, width: float, *, natural: bool) -> list[str]:
    per_line = max(1, int(width // stringWidth("M", MONO, size)))  # monospaced: one width for all
    lines = []
    while len(text) > per_line:
        cut = max(text.rfind(mark, 0, per_line) for mark in "/.-?&=") + 1 if natural else per_line
        if cut < per_line // 2:  # no separator in the latter half of the line: break anywhere
            cut = per_line
        lines.append(text[:cut])
        text = text[cut:]
    return [*lines, text]


def _label(canvas: Canvas, text: str, top: float) -> float:
    y = draw_fitted(canvas, fit(text, REGULAR, LABEL, WIDTH, _lines(1, LABEL), 9.0), MARGIN, top, WIDTH, colour=GREY)
    return y - 1 * mm


def _boxed(canvas: Canvas, fitted: Fitted, top: float, *, align: str = "left", fill: bool = False,
           border: float = 0.0) -> float:
    """``fitted`` in a box the page's width; returns the y below the box."""
    height = fitted.height + 2 * PAD
    canvas.setLineWidth(border)
    canvas.setFillColor(SHADE if fill else white)
    canvas.roundRect(MARGIN, top - height, WIDTH, height, 2 * mm, stroke=1 if border else 0, fill=1)
    draw_fitted(canvas, fitted, MARGIN + PAD, top - PAD, WIDTH - 2 * PAD, align=align)
    return top - height


def _qr_and_steps(canvas: Canvas, payload: str, top: float) -> float:
    """The QR code on the left, with a caption; the numbered steps beside it. Returns the y below both."""
    draw_qr(canvas, payload, MARGIN, top - QR_SIZE, QR_SIZE)
    caption = fit(_("This QR code holds the address and the code."), REGULAR, 10.0, QR_SIZE, _lines(3, 10.0), 9.0)
    below_qr = draw_fitted(canvas, caption, MARGIN, top - QR_SIZE, QR_SIZE, align="center", colour=GREY)

    left = MARGIN + QR_SIZE + GAP
    width = MARGIN + WIDTH - left
    y = draw_fitted(canvas, fit(_("How to connect the laptop"), BOLD, 16.0, width, _lines(2, 16.0), 12.0),
                    left, top, width)
    command = "involve enrol {address} {code}".format(address=_("ADDRESS"), code=_("CODE"))
    steps = [
        _("On the laptop, open Involve and choose Sync ▸ Connect to your organisation…"),
        _("Type the address and the code above (or paste the text of the QR code)."),
        _("Or, at a command line:"),
    ]
    for number, step in enumerate(steps, start=1):
        y -= 2 * mm
        text = fit(step, REGULAR, STEP, width - STEP_INDENT, _lines(4, STEP), 10.0)
        draw_fitted(canvas, Fitted((f"{number}.",), BOLD, text.size), left, y, STEP_INDENT)
        y = draw_fitted(canvas, text, left + STEP_INDENT, y, width - STEP_INDENT)
    # The command in the face used for what is typed exactly, shrunk to one line if need be.
    size = STEP
    while size > 8 and stringWidth(command, MONO, size) > width - STEP_INDENT:
        size -= 0.5
    y = draw_fitted(canvas, fit(command, MONO, size, width - STEP_INDENT, _lines(2, size), size),
                    left + STEP_INDENT, y - 1 * mm, width - STEP_INDENT, colour=black)
    return min(y, below_qr)
