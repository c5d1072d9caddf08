"""What a laptop needs to enrol with the organisation's central service: its address and a code.

The data team prints both on an enrolment sheet, typed out and in a QR code. The QR code holds
them as one line, ``involve-enrol:<address>#<code>``, so a scanned or pasted line gives the
laptop both at once. The code is a one-off secret; nothing here keeps or logs it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import urlsplit

from app.core.i18n import _

PAYLOAD_PREFIX = "involve-enrol:"
SERVICE_URL_MAX = 500  # as long as the central address the settings accept
CODE_MAX = 64

# Groups of letters and digits joined by single hyphens, e.g. K7QX-M2PD-9HTA-WC4F.
_CODE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def service_url_problem(service_url: str) -> str | None:
    """Why ``service_url`` cannot be the central service's address, or None when it can."""
    if not service_url or len(service_url) > SERVICE_URL_MAX:
        return _("The address must be 1 to {limit} characters long.").format(limit=SERVICE_URL_MAX)
    # Whitespace and control characters would not survive being printed, read and typed again.
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in service_url):
        return _("The address must not contain spaces or invisible characters.")
    try:
        parts = urlsplit(service_url)
        parts.port  # noqa: B018 - read for its check: a port that is not a number raises
    except ValueError:
        return _("'{url}' is not a web address.").format(url=service_url)
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        return _("The address must start with https:// and name a server, e.g. https://involve.example.nhs.uk.")
    if "@" in parts.netloc:
        # The sheet is printed and the address shown on screens: no user name or password in it.
        return _("The address must not contain a user name or password.")
    if "#" in service_url:
        return _("The address must not contain '#'.")
    return None


def code_problem(code: str) -> str | None:
    """Why ``code`` cannot be an enrolment code, or None when it can."""
    if not code or len(code) > CODE_MAX or not _CODE.fullmatch(code):
        return _("An enrolment code is letters and digits in groups joined by hyphens, e.g. K7QX-M2PD.")
    return None


def enrolment_payload(service_url: str, code: str) -> str:
    """The one line the QR code holds; raises ValueError, in plain words, for a bad address or code."""
    problem = service_url_problem(service_url) or code_problem(code)
    if problem:
        raise ValueError(problem)
    return f"{PAYLOAD_PREFIX}{service_url}#{code}"


def parse_enrolment_payload(text: str) -> tuple[str, str] | None:
    """The address and code in a scanned or pasted line, or None if it is not one of ours."""
    text = text.strip()  # a pasted line often brings a line break or spaces with it
    if text[:len(PAYLOAD_PREFIX)].lower() != PAYLOAD_PREFIX:
        return None
    service_url, hash_mark, code = text[len(PAYLOAD_PREFIX):].partition("#")
    if not hash_mark or service_url_problem(service_url) or code_problem(code):
        return None
    return service_url, code


def describe_expiry(expires_at: dt.datetime) -> str:
    """'Use by 14:05 on Saturday 5 December 2026', in this computer's local time.

    A naive ``expires_at`` is taken as local time already.
    """
    local = expires_at.astimezone()
    return _("Use by {time} on {day}").format(time=f"{local:%H:%M}", day=f"{local:%A} {local.day} {local:%B %Y}")
