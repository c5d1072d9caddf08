"""Codes printed on paper sheets and cards, so each can be typed back in exactly once.

A code is the kind's letter, the first six characters of the event's id, the printing
laptop's series and the sheet's number: ``S-3F2A9C-KXQM-007`` is sign-up sheet 7 that the
laptop with series ``KXQM`` printed for that event. The same facts, with the whole event id,
are in the QR code beside it (``INVOLVE:S:<event id>:KXQM:7``), which a barcode scanner types
into the transcription screen like a keyboard would.

The series is made from the laptop's device id, so two laptops printing for one event, even
offline, print different codes without asking anyone: each numbers its own sheets. It is
four letters (never I, L or O, which read as digits) and grows a letter at a time while it
would match the series of another laptop this one knows of (see :func:`device_series`).
Sheets printed before laptops had a series (``S-3F2A9C-007``) are still read.
"""

from __future__ import annotations

import enum
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.i18n import N_, _

Translate = Callable[[str], str]
EVENT_REF_LENGTH = 6
MAX_NUMBER = 9999
QR_PREFIX = "INVOLVE"
SERIES_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"  # no I, L or O: typed from paper without doubt
SERIES_LENGTH = 4  # 23**4, about 280,000 series
SERIES_MAX = 8
EXAMPLE = "S-3F2A9C-KXQM-007"

_SERIES = f"[{SERIES_LETTERS}]{{{SERIES_LENGTH},{SERIES_MAX}}}"
_CODE = re.compile(rf"^([A-Z])-?([0-9A-F]{{6}})-?(?:({_SERIES})-?)?([0-9]{{1,4}})$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_QR_SERIES = re.compile(rf"^{_SERIES}$")
_NUMBER = re.compile(r"^[0-9]{1,4}$")


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
    """Which sheet of which event: ``event_ref`` is the id's start, or the whole id from a QR code;
    ``series`` is the printing laptop's, or "" on a sheet printed before laptops had one."""

    kind: SheetKind
    event_ref: str
    number: int
    series: str = ""

    @property
    def text(self) -> str:
        return format_code(self.kind, self.event_ref, self.number, self.series)


def format_code(kind: SheetKind, event_id: str, number: int, series: str = "") -> str:
    part = f"{series}-" if series else ""
    return f"{kind.letter}-{event_id[:EVENT_REF_LENGTH].upper()}-{part}{number:03d}"


def qr_payload(kind: SheetKind, event_id: str, number: int, series: str = "") -> str:
    part = f"{series}:" if series else ""
    return f"{QR_PREFIX}:{kind.letter}:{event_id.lower()}:{part}{number}"


def device_letters(device_id: str) -> str:
    """The longest series a laptop can have: letters drawn from a hash of its device id."""
    value = int.from_bytes(hashlib.sha256(device_id.lower().encode()).digest(), "big")
    letters = []
    for _position in range(SERIES_MAX):
        value, digit = divmod(value, len(SERIES_LETTERS))
        letters.append(SERIES_LETTERS[digit])
    return "".join(letters)


def device_series(device_id: str, other_devices: Iterable[str]) -> str:
    """This laptop's series: the shortest start of its letters that no other known laptop's
    letters begin with. Two laptops that know of each other always differ; one that knows of
    the other uses a longer series, which differs too."""
    own = device_letters(device_id)
    others = [device_letters(other) for other in other_devices if other.lower() != device_id.lower()]
    for length in range(SERIES_LENGTH, SERIES_MAX):
        if not any(other.startswith(own[:length]) for other in others):
            return own[:length]
    return own


def printed_by(series: str, device_id: str) -> bool:
    """Whether the laptop ``device_id`` prints with ``series`` (now, or before it grew)."""
    return bool(series) and device_letters(device_id).startswith(series)


def parse_sheet_code(value: object, tr: Translate = _) -> SheetCode:
    """A sheet code as typed (any case, spaces or hyphens optional) or as a scanner reads the QR."""
    raw = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not raw:
        raise ValueError(tr("Type the code printed at the top of the sheet, for example {example}.").format(
            example=EXAMPLE))
    if raw.upper().startswith(QR_PREFIX + ":"):
        scanned = _read_qr(raw)
        if scanned is None:
            raise ValueError(tr("That QR code is not from an Involve sheet."))
        kind_letter, event_id, series, number_text = scanned
    else:
        squeezed = re.sub(r"[\s\u2010-\u2015]+", "-", raw.upper())
        match = _CODE.match(re.sub("-+", "-", squeezed))
        if not match:
            raise ValueError(tr("'{text}' is not a sheet code; codes look like {example}.").format(
                text=raw[:40], example=EXAMPLE))
        kind_letter, event_id, series, number_text = (match.group(1), match.group(2).lower(), match.group(3) or "",
                                                      match.group(4))
    kind = SheetKind.from_letter(kind_letter)
    if kind is None:
        raise ValueError(tr("A sheet code starts with S, F or A."))
    number = int(number_text)
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(tr("Sheet numbers run from 1 to {max}.").format(max=MAX_NUMBER))
    return SheetCode(kind, event_id, number, series)


def _read_qr(raw: str) -> tuple[str, str, str, str] | None:
    """(kind letter, event id, series, number) from ``INVOLVE:S:<id>[:<series>]:7``, in any case."""
    parts = raw.split(":")
    if len(parts) not in (4, 5):
        return None
    kind_letter, event_id, number_text = parts[1].upper(), parts[2].lower(), parts[-1]
    series = parts[3].upper() if len(parts) == 5 else ""
    if (len(kind_letter) != 1 or not _UUID.match(event_id) or not _NUMBER.match(number_text)
            or (series and not _QR_SERIES.match(series))):
        return None
    return kind_letter, event_id, series, number_text


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
