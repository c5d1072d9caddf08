"""The store's encryption key: random, kept in the OS keyring, or given by the environment.

``INVOLVE_STORE_KEY`` wins when it is set, so an IT team (or a headless machine with no
keyring) can supply the key; 64 hexadecimal digits are used as a raw key, anything else as
a passphrase. Otherwise the key lives in the keyring, and a new one is made the first time
a store is created. There is never a plaintext fallback.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from dataclasses import dataclass

from app.core.i18n import _
from app.store.errors import StoreKeyMissing

KEY_ENV = "INVOLVE_STORE_KEY"
KEYRING_SERVICE = "Involve"
KEYRING_USER = "local-store-key"

log = logging.getLogger(__name__)
_RAW_KEY = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class StoreKey:
    secret: str = ""
    source: str = ""  # "environment" or "keyring"

    def __repr__(self) -> str:  # never print the secret by accident
        return f"StoreKey(source={self.source!r})"

    def pragma(self) -> str:
        """The value for ``PRAGMA key``, quoted for SQL."""
        if _RAW_KEY.fullmatch(self.secret):
            return f"\"x'{self.secret}'\""
        return "'" + self.secret.replace("'", "''") + "'"


def get_store_key(*, create: bool) -> StoreKey:
    """The key for this user's store; make and keep a new one only when ``create`` is true."""
    from_env = os.environ.get(KEY_ENV)
    if from_env is not None:
        if not from_env.strip():
            raise StoreKeyMissing(_("The {env} setting is empty; set it to the store's key.").format(env=KEY_ENV))
        return StoreKey(from_env, "environment")

    no_keyring = _(
        "This computer has no secure password store (keyring) that Involve can use, so its "
        "data cannot be encrypted; set {env} to a key of your choosing, or ask IT to enable a keyring."
    ).format(env=KEY_ENV)
    try:
        import keyring
        from keyring.errors import KeyringError

        existing = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception as exc:  # noqa: BLE001 - a broken backend can raise anything; the answer is the same
        log.warning("keyring unavailable: %s", type(exc).__name__)
        raise StoreKeyMissing(no_keyring) from None
    if existing:
        return StoreKey(existing, "keyring")
    if not create:
        raise StoreKeyMissing(
            _("The key for Involve's data is not in this computer's keyring, so the data cannot be opened.")
        )
    secret = secrets.token_hex(32)
    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_USER, secret)
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except (KeyringError, RuntimeError, OSError) as exc:
        log.warning("keyring could not store the key: %s", type(exc).__name__)
        raise StoreKeyMissing(no_keyring) from None
    if stored != secret:
        raise StoreKeyMissing(no_keyring)
    log.info("made a new store key and kept it in the keyring")
    return StoreKey(secret, "keyring")
