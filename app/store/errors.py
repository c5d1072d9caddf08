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


class NotFound(StoreError):
    """No record matches what was asked for."""
