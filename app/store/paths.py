"""Where the store, its backups, the settings and the log live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app import APP_NAME

DATA_DIR_ENV = "INVOLVE_DATA_DIR"
STORE_FILE = "involve.db"


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def store(self) -> Path:
        return self.root / STORE_FILE

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def surveys(self) -> Path:
        """The organisation's own survey definitions."""
        return self.root / "surveys"

    def ensure(self) -> None:
        """Create the folders, readable by this user only."""
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def create_private_file(path: Path) -> None:
    """Make ``path`` empty and readable by this user only, if it does not exist yet.

    SQLite gives its -wal and -shm files the main file's permissions, so this covers them too.
    """
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> DataPaths:
    """``--data-dir`` first, then ``INVOLVE_DATA_DIR``, then the platform's user data folder."""
    if explicit:
        root = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        root = Path(os.environ[DATA_DIR_ENV])
    else:
        root = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return DataPaths(root.expanduser().resolve())
