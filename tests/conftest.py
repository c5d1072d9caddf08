"""Shared fixtures. Every test runs offscreen, with its own data folder and a test key,
and never touches the real keyring of the machine it runs on.

The default test key is 64 hexadecimal digits, which SQLCipher uses as a raw key: a
passphrase would be stretched (PBKDF2, hundreds of thousands of rounds) on every new
connection, which made the whole suite about a quarter slower. The passphrase path keeps
its own test (tests/test_encryption.py). An ``INVOLVE_STORE_KEY`` already set (CI sets a
random raw key) wins.
"""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
# A fixed, test-only raw key: "test-store-key-not-secret" in hex, zero-padded to 32 bytes.
os.environ.setdefault("INVOLVE_STORE_KEY", "746573742d73746f72652d6b65792d6e6f742d73656372657400000000000000")
os.environ.pop("INVOLVE_DATA_DIR", None)

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.paths import DataPaths
from app.store.store import Store
from tests import store_template

TEST_KEY = os.environ["INVOLVE_STORE_KEY"]


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "involve-data")


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[Store]:
    opened = store_template.new_store(data_paths)  # as Store.open makes it, migrated once per test process
    yield opened
    opened.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # The migrated central databases the sync tests copy from (made only if a test asked).
    templates = sys.modules.get("tests.sync.central_template")
    if templates is not None:
        templates.drop_templates()
    store_template.drop_templates()
