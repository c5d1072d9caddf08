"""Printing sign-up sheets as staff do, and reading back what is on the paper: each page's code
as printed, and what its QR code holds as a scanner reads it."""

from __future__ import annotations

import re

from app.core.events import validate_event
from app.core.sheet_codes import SheetKind
from app.services.print_runs import SheetRequest, make_sheets
from app.store import events
from app.store.store import Store
from tests.documents_helpers import page_texts, qr_codes

PRINTED_CODE = re.compile(r"\bS-[0-9A-F]{6}(?:-[A-Z]{4,8})?-[0-9]{3,4}\b")


def add_event(store: Store, name: str = "Spring health fair") -> str:
    with store.session() as session:
        return events.add_event(session, store.device_id, validate_event(
            {"name": name, "kind": "outreach-stall", "event_date": "2026-11-28"})).id


def print_signup_sheets(store: Store, event_id: str, count: int) -> list[tuple[str, str]]:
    """Print ``count`` sign-up sheets; (code as printed, QR code's contents) for each page."""
    request = SheetRequest(event_id=event_id, kind=SheetKind.SIGNUP, count=count, guest_rows=0, large_print=False,
                           organisation="Engagement team", contact="team@example.org", card=None)
    pdf = make_sheets(store, request, reserve=True).pdf
    printed = []
    for page, text in enumerate(page_texts(pdf)):
        [code] = PRINTED_CODE.findall(text)
        [scanned] = qr_codes(pdf, page)
        printed.append((code, scanned))
    return printed
