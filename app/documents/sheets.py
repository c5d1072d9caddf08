"""Printed sheets for paper sign-ups, feedback cards and attendance registers.

Every sheet and card carries a code and a QR code (``app.core.sheet_codes``) so what is
written on it can be typed back in exactly once.
"""

from __future__ import annotations

from app.documents.attendance import RegisterMember, attendance_register, register_pages
from app.documents.feedback_cards import CARDS_PER_PAGE, CARDS_PER_PAGE_LARGE, cards_per_page, feedback_cards
from app.documents.layout import SheetHeader
from app.documents.signup_sheet import SIGNUP_ROWS, SIGNUP_ROWS_LARGE, signup_rows, signup_sheets

__all__ = [
    "CARDS_PER_PAGE",
    "CARDS_PER_PAGE_LARGE",
    "SIGNUP_ROWS",
    "SIGNUP_ROWS_LARGE",
    "RegisterMember",
    "SheetHeader",
    "attendance_register",
    "cards_per_page",
    "feedback_cards",
    "register_pages",
    "signup_rows",
    "signup_sheets",
]
