"""Problems opening or using the store, each with a message a person can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The store cannot do what was asked; ``str(error)`` is one plain sentence."""


class StoreKeyMissing(StoreError):
    """No encryption key could be found or kept on this computer."""


class StoreUnreadable(StoreError):
    """The store file exists but cannot be decrypted or fails its integrity check.

    The file is left exactly as it is. ``backup`` is the newest backup that does open,
    if there is one.
    """

    def __init__(self, message: str, *, path: Path, backup: Path | None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


class StoreMissing(StoreUnreadable):
    """The store file is missing or empty where a store has been (there are backups, or files a
    restore set aside). A new, empty store is never made in its place; ``backup`` is the copy
    that opens and holds the most, if any."""


class NotFound(StoreError):
    """No record matches what was asked for."""


# What SQLite says when a page of the file is damaged (or, encrypted, fails its check).
_DAMAGE = ("database disk image is malformed", "file is not a database")


def is_damage(error: BaseException) -> bool:
    """True when ``error`` (SQLAlchemy's, or the driver's) is SQLite finding a damaged page."""
    found = getattr(error, "orig", None) or error
    return type(found).__name__ == "DatabaseError" and str(found).strip() in _DAMAGE
