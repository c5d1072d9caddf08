"""Where the store key comes from, and what happens when there is nowhere to keep one."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import null

from app.store.errors import StoreKeyMissing
from app.store.keys import KEY_ENV, KEYRING_SERVICE, KEYRING_USER, get_store_key
from app.store.paths import DataPaths
from app.store.store import Store
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv(KEY_ENV, raising=False)
    yield backend
    keyring.set_keyring(previous)


def test_a_new_store_gets_a_random_key_kept_in_the_keyring(memory_keyring: MemoryKeyring, tmp_path) -> None:
    store = Store.open(DataPaths(tmp_path / "d"))
    store.close()
    secret = memory_keyring.saved[(KEYRING_SERVICE, KEYRING_USER)]
    assert len(secret) == 64 and int(secret, 16)
    again = Store.open(DataPaths(tmp_path / "d"))  # the same key opens it again
    again.close()
    assert memory_keyring.saved[(KEYRING_SERVICE, KEYRING_USER)] == secret


def test_keys_differ_between_computers(memory_keyring: MemoryKeyring) -> None:
    first = get_store_key(create=True).secret
    memory_keyring.saved.clear()
    assert get_store_key(create=True).secret != first


def test_existing_store_with_no_key_in_keyring_is_refused(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(StoreKeyMissing, match="not in this computer's keyring"):
        get_store_key(create=False)
    assert memory_keyring.saved == {}


def test_no_keyring_and_no_environment_key_stops_with_one_sentence(monkeypatch, tmp_path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    monkeypatch.delenv(KEY_ENV, raising=False)
    try:
        with pytest.raises(StoreKeyMissing) as caught:
            Store.open(DataPaths(tmp_path / "d"))
    finally:
        keyring.set_keyring(previous)
    message = str(caught.value)
    assert KEY_ENV in message and "keyring" in message
    assert not (tmp_path / "d").exists(), "nothing may be written, least of all a plaintext store"


def test_environment_key_wins_over_the_keyring(memory_keyring: MemoryKeyring, monkeypatch) -> None:
    monkeypatch.setenv(KEY_ENV, "from-the-environment")
    key = get_store_key(create=True)
    assert (key.secret, key.source) == ("from-the-environment", "environment")
    assert memory_keyring.saved == {}


def test_empty_environment_key_is_refused(monkeypatch) -> None:
    monkeypatch.setenv(KEY_ENV, "  ")
    with pytest.raises(StoreKeyMissing, match="empty"):
        get_store_key(create=True)
