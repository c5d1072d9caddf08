"""The encrypted local store: models, migrations and the functions the app reads and writes with."""

from app.store.errors import StoreError, StoreKeyMissing, StoreMissing, StoreUnreadable

__all__ = ["StoreError", "StoreKeyMissing", "StoreMissing", "StoreUnreadable"]
