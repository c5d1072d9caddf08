"""Writing a file whole or not at all: under a temporary name beside it, then moved into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomically(target: Path, data: bytes, *, prefix: str = ".involve-", suffix: str = ".tmp") -> None:
    """A crash, a full disk or a cancel part-way leaves the old file (or none), never half a new one."""
    handle, temp_name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
