"""Printing 100 sign-up sheets vs reportlab drawing the same 100 pages' worth of plain boxes and text.

The baseline is what any reportlab document of this size costs: a canvas with 100 landscape
A4 pages, each with the same number of rectangles and short strings a sign-up sheet has, in
the built-in Helvetica, no QR code and no measuring. The Involve side is exactly what
"Print sheets" and ``involve sheets`` run: ``signup_sheets`` with the real privacy notice.
Both write into memory, so the disk is not timed.
"""

from __future__ import annotations

import io
import time
import uuid

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from app.documents.sheets import SheetHeader, signup_sheets
from app.store.notices import current_notice

SHEETS = 100
BOXES_PER_PAGE = 8 * 14  # rows times boxes in a row, about what a sheet draws
HEADER = SheetHeader(event_id=str(uuid.uuid4()), event_name="Health and wellbeing fair",
                     when="Sat 14 Mar 2026, 10:00 to 14:00", venue="Maidstone Community Centre",
                     organisation="The patient and public engagement team", series="KXQM")


def _baseline() -> None:
    canvas = Canvas(io.BytesIO(), pagesize=landscape(A4))
    for page in range(SHEETS):
        canvas.setFont("Helvetica", 9)
        for n in range(BOXES_PER_PAGE):
            x, y = 30 + (n % 14) * 55, 60 + (n // 14) * 55
            canvas.rect(x, y, 50, 40)
            canvas.drawString(x + 2, y + 30, f"Box {n}")
        canvas.drawString(30, 20, f"Sheet {page + 1} of {SHEETS}")
        canvas.showPage()
    canvas.save()


def _involve(notice) -> None:
    signup_sheets(io.BytesIO(), HEADER, notice, first=1, count=SHEETS)


def run(rounds: int = 5) -> dict[str, list[float]]:
    notice = current_notice("en", organisation=HEADER.organisation, contact="engage@example.nhs.uk")
    _involve(notice)  # fonts registered and code warmed before anything is timed
    _baseline()
    times: dict[str, list[float]] = {"baseline": [], "involve": []}
    for _round in range(rounds):
        for name, job in (("baseline", _baseline), ("involve", lambda: _involve(notice))):
            began = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - began)
    return times
