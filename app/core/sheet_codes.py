"""Codes printed on paper sheets and cards, so each can be typed back in exactly once.

A code is the kind's letter, the first six characters of the event's id and the sheet's
number: ``S-3F2A9C-007`` is sign-up sheet 7 of that event. The same facts, with the whole
event id, are in the QR code beside it (``INVOLVE:S:<event id>:7``), which a barcode
scanner types into the transcription screen like a keyboard would.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from app.core.i18n import N_, _

Translate = Callable[[str], str]
EVENT_REF_LENGTH = 6
MAX_NUMBER = 9999
QR_PREFIX = "INVOLVE"

_CODE = re.compile(r"^([A-Z])-?([0-9A-F]{6})-?([0-9]{1,4})$")
_QR = re.compile(r"^INVOLVE:([A-Z]):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([0-9]{1,4})$")


class SheetKind(enum.StrEnum):
    SIGNUP = "signup"
    FEEDBACK = "feedback"
    ATTENDANCE = "attendance"

    @property
    def letter(self) -> str:
        return _LETTERS[self]

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @classmethod
    def from_letter(cls, letter: str) -> SheetKind | None:
        return next((kind for kind, own in _LETTERS.items() if own == letter), None)


_LETTERS = {SheetKind.SIGNUP: "S", SheetKind.FEEDBACK: "F", SheetKind.ATTENDANCE: "A"}
_LABELS = {SheetKind.SIGNUP: N_("Sign-up sheet"), SheetKind.FEEDBACK: N_("Feedback card"),
           SheetKind.ATTENDANCE: N_("Attendance register")}


@dataclass(frozen=True)
class SheetCode:
    """Which sheet of which event: ``event_ref`` is the id's start, or the whole id from a QR code."""

    kind: SheetKind
    event_ref: str
    number: int

    @property
    def text(self) -> str:
        return format_code(self.kind, self.event_ref, self.number)


def format_code(kind: SheetKind, event_id: str, number: int) -> str:
    return f"{kind.letter}-{event_id[:EVENT_REF_LENGTH].upper()}-{number:03d}"


def qr_payload(kind: SheetKind, event_id: str, number: int) -> str:
    return f"{QR_PREFIX}:{kind.letter}:{event_id.lower()}:{number}"


def parse_sheet_code(value: object, tr: Translate = _) -> SheetCode:
    """A sheet code as typed (any case, spaces or hyphens optional) or as a scanner reads the QR."""
    raw = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not raw:
        raise ValueError(tr("Type the code printed at the top of the sheet, for example S-3F2A9C-007."))
    if raw.upper().startswith(QR_PREFIX + ":"):
        qr = _QR.match(QR_PREFIX + raw[len(QR_PREFIX):].lower().replace(":s:", ":S:").replace(
            ":f:", ":F:").replace(":a:", ":A:"))
        if not qr:
            raise ValueError(tr("That QR code is not from an Involve sheet."))
        kind_letter, event_id, number_text = qr.group(1), qr.group(2), qr.group(3)
    else:
        squeezed = re.sub(r"[\s\u2010-\u2015]+", "-", raw.upper())
        match = _CODE.match(re.sub("-+", "-", squeezed))
        if not match:
            raise ValueError(tr("'{text}' is not a sheet code; codes look like S-3F2A9C-007.").format(text=raw[:40]))
        kind_letter, event_id, number_text = match.group(1), match.group(2).lower(), match.group(3)
    kind = SheetKind.from_letter(kind_letter)
    if kind is None:
        raise ValueError(tr("A sheet code starts with S, F or A."))
    number = int(number_text)
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(tr("Sheet numbers run from 1 to {max}.").format(max=MAX_NUMBER))
    return SheetCode(kind, event_id, number)


def parse_row_number(value: object, rows: int, tr: Translate = _) -> int:
    """A row number on a sheet with ``rows`` rows, typed as ``3`` or ``row 3``."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    if text.startswith("row"):
        text = text[3:].strip()
    if not text:
        raise ValueError(tr("Type the row number printed at the start of the row."))
    if not text.isascii() or not text.isdigit():
        raise ValueError(tr("A row number is a whole number from 1 to {rows}.").format(rows=rows))
    number = int(text)
    if not 1 <= number <= rows:
        raise ValueError(tr("This sheet has rows 1 to {rows}.").format(rows=rows))
    return number
