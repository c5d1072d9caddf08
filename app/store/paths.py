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

    def ensure(self) -> None:
        """Create the folders, readable by this user only."""
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> DataPaths:
    """``--data-dir`` first, then ``INVOLVE_DATA_DIR``, then the platform's user data folder."""
    if explicit:
        root = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        root = Path(os.environ[DATA_DIR_ENV])
    else:
        root = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return DataPaths(root.expanduser().resolve())
