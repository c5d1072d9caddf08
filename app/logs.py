"""The rotating log file in the data folder.

It records what the app did (ids, counts, errors by type), never what a member of the
public or a member of staff typed: call sites log identifiers, not values.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUP_COUNT = 5


def start_logging(folder: Path, level: int = logging.INFO) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "involve.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
