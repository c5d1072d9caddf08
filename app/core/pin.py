"""The staff PIN that guards leaving kiosk mode.

Stored only as a salted scrypt hash, slow enough that guessing offline is costly.

Guessing at the kiosk is slowed, never stopped: after ``FREE_TRIES`` wrong tries in a row,
each wrong try makes the next one wait (5 s, then twice as long each time, up to
``MAX_WAIT``). No try is checked during a wait, right or wrong, so guessing stays at about
one try a minute; but the right PIN is never refused for longer than ``MAX_WAIT``, so a
passer-by pressing keys cannot shut staff out of their own laptop (a hard lock would).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from app.core.i18n import _
from app.core.validation import ValidationError

FREE_TRIES = 3
FIRST_WAIT = dt.timedelta(seconds=5)
MAX_WAIT = dt.timedelta(seconds=60)
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024


def wait_after(failures: int) -> dt.timedelta:
    """How long the next try must wait after ``failures`` wrong tries in a row."""
    if failures <= FREE_TRIES:
        return dt.timedelta(0)
    return min(FIRST_WAIT * 2 ** min(failures - FREE_TRIES - 1, 16), MAX_WAIT)


def validate_new_pin(pin: str, confirm: str) -> str:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationError({"pin": _("The PIN must be 4 to 8 digits.")})
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise ValidationError({"pin": _("Choose a PIN that is harder to guess than {pin}.").format(pin=pin)})
    if pin != confirm:
        raise ValidationError({"confirm": _("The two PINs are not the same.")})
    return pin


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        attempt = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                 maxmem=_MAXMEM)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(attempt.hex(), digest)
