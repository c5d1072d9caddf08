"""The staff PIN that guards leaving kiosk mode.

Stored only as a salted scrypt hash, slow enough that guessing offline is costly; after
``MAX_TRIES`` wrong tries in a row the PIN is locked for ``LOCK_MINUTES``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from app.core.i18n import _
from app.core.validation import ValidationError

MAX_TRIES = 5
LOCK_MINUTES = 5
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024


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
