"""Where the store, its backups, the settings and the log live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app import APP_NAME
from app.core.i18n import _

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
    def sheet_marks(self) -> Path:
        """How far this laptop's printed sheet numbers went, kept apart from the store (a restore
        puts back an older store, never this)."""
        return self.root / "sheet-numbers.json"

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


class PathUnusable(ValueError):
    """A file or folder named by the person cannot be used; the message is one plain sentence."""


class DataDirUnusable(PathUnusable):
    """The data folder asked for cannot be used."""


def user_path(text: str | os.PathLike[str]) -> Path:
    """A path as typed, with ``~`` or ``~name`` for a home folder; ``PathUnusable`` for a
    ``~name`` this computer has no user for."""
    path = Path(text)
    try:
        return path.expanduser()
    except RuntimeError:
        raise PathUnusable(_("{path}: this computer has no user '{name}', so '{home}' cannot be used.").format(
            path=str(text)[:80], name=str(text)[1:].split(os.sep)[0][:40],
            home=str(text).split(os.sep)[0][:40])) from None


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> DataPaths:
    """``--data-dir`` first, then ``INVOLVE_DATA_DIR``, then the platform's user data folder.

    An empty ``--data-dir`` or ``INVOLVE_DATA_DIR`` is refused, never taken to mean the usual
    folder: a script whose variable was not set must not put its data into the live store.
    """
    if explicit is not None:
        if not str(explicit).strip():
            raise DataDirUnusable(_("--data-dir is empty. Give a folder, or leave --data-dir out to use {folder}.")
                                  .format(folder=default_data_dir()))
        root = Path(explicit)
    elif DATA_DIR_ENV in os.environ:
        if not os.environ[DATA_DIR_ENV].strip():
            raise DataDirUnusable(_("{env} is set but empty. Give it a folder, or unset it to use {folder}.")
                                  .format(env=DATA_DIR_ENV, folder=default_data_dir()))
        root = Path(os.environ[DATA_DIR_ENV])
    else:
        root = default_data_dir()
    return DataPaths(user_path(root).resolve())


def check_data_dir(paths: DataPaths) -> None:
    """Refuse a data folder that is a file, or could not be made, before anything is written."""
    root = paths.root
    if root.exists():
        if not root.is_dir():
            raise DataDirUnusable(_("{path} is a file, not a folder; Involve's data needs a folder.").format(path=root))
        if not os.access(root, os.W_OK | os.X_OK):
            raise DataDirUnusable(_("{path} cannot be written to by this user.").format(path=root))
        return
    ancestor = root.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise DataDirUnusable(_("{path} cannot be made, because {part} is a file.").format(path=root, part=ancestor))
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise DataDirUnusable(_("{path} cannot be made: this user cannot write in {part}.").format(
            path=root, part=ancestor))
