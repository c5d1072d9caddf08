"""The central database's address: checked, kept without its password, encrypted when remote."""

from __future__ import annotations

import keyring
import pytest

from sync.connection import (
    PASSWORD_ENV,
    connect_arguments,
    parse_central_url,
    save_password,
    stored_password,
    target_from,
    tls_problem,
)
from sync.errors import SyncError
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.mark.parametrize("text, words", [
    ("", "No central database is set"),
    ("not a url", "not a database address"),
    ("oracle://u@h/db", "not 'oracle'"),
    ("postgresql:///nodb", "must name the server"),
    ("sqlite://", "must be a file"),
])
def test_addresses_involve_cannot_use_are_refused_plainly(text: str, words: str) -> None:
    with pytest.raises(SyncError, match=words):
        parse_central_url(text)


def test_a_password_typed_in_the_address_is_taken_out_of_it() -> None:
    url, password = parse_central_url("postgres://involve:s3cret@db.example.nhs.uk:5433/involve?sslmode=verify-full")
    assert password == "s3cret"
    assert url.password is None and "s3cret" not in url.render_as_string(hide_password=False)
    assert url.drivername == "postgresql+psycopg" and url.port == 5433


def test_a_password_given_as_an_option_is_taken_out_too() -> None:
    url, password = parse_central_url("postgresql://involve@db.example.nhs.uk/involve?password=s3cret&sslmode=require")
    assert password == "s3cret" and "s3cret" not in url.render_as_string(hide_password=False)
    assert url.query == {"sslmode": "require"}


def test_an_unreadable_address_never_echoes_its_password() -> None:
    with pytest.raises(SyncError) as refused:
        parse_central_url("postgresql://involve:s3cret@db.example.nhs.uk:notaport/involve")
    assert "s3cret" not in str(refused.value)


def test_remote_postgresql_must_be_encrypted_unless_turned_off_knowingly() -> None:
    remote, _ = parse_central_url("postgresql://involve@db.example.nhs.uk/involve?sslmode=disable")
    assert "must be encrypted" in tls_problem(remote, allow_insecure=False)
    assert tls_problem(remote, allow_insecure=True) is None
    with pytest.raises(SyncError, match="must be encrypted"):
        target_from("postgresql://involve@db.example.nhs.uk/involve?sslmode=prefer")
    for fine in ("postgresql://involve@db.example.nhs.uk/involve", "postgresql://u@127.0.0.1/x?sslmode=disable",
                 "postgresql://involve@db.example.nhs.uk/involve?sslmode=verify-full", "mysql://root@localhost/x"):
        url, _ = parse_central_url(fine)
        assert tls_problem(url, allow_insecure=False) is None, fine


def test_an_address_without_sslmode_asks_a_remote_server_for_tls() -> None:
    assert connect_arguments(target_from("postgresql://involve@db.example.nhs.uk/involve"))["sslmode"] == "require"
    assert "sslmode" not in connect_arguments(target_from("postgresql://u@db.example.nhs.uk/x?sslmode=verify-full"))
    # Over the loopback encryption protects nothing and costs round trips.
    assert connect_arguments(target_from("postgresql://u@127.0.0.1/x"))["sslmode"] == "disable"


def test_the_password_lives_in_the_keyring_and_the_environment_wins(memory_keyring: MemoryKeyring,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = parse_central_url("postgresql://involve@db.example.nhs.uk/involve")
    save_password(url, "from-keyring")
    assert stored_password(url) == "from-keyring"
    assert target_from("postgresql://involve@db.example.nhs.uk/involve").password == "from-keyring"
    assert list(memory_keyring.saved.values()) == ["from-keyring"]
    assert all("from-keyring" not in user for _service, user in memory_keyring.saved)
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    assert stored_password(url) == "from-env"
    monkeypatch.delenv(PASSWORD_ENV)
    save_password(url, "")  # an empty password forgets the saved one
    assert stored_password(url) is None


def test_no_keyring_means_a_plain_message_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    url, _ = parse_central_url("postgresql://involve@db.example.nhs.uk/involve")
    assert stored_password(url) is None  # the tests run with keyring's null backend
    with pytest.raises(SyncError, match=PASSWORD_ENV):
        save_password(url, "secret")
