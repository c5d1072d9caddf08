"""Shared fixtures. Every test runs offscreen, with its own data folder and a test key,
and never touches the real keyring of the machine it runs on."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.setdefault("INVOLVE_STORE_KEY", "test-store-key-not-secret")
os.environ.pop("INVOLVE_DATA_DIR", None)

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.paths import DataPaths
from app.store.store import Store

TEST_KEY = os.environ["INVOLVE_STORE_KEY"]


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "involve-data")


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[Store]:
    opened = Store.open(data_paths)
    yield opened
    opened.close()
