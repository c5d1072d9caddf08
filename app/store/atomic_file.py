"""Writing a file whole or not at all: under a temporary name beside it, then moved into place.

Every file Involve writes for keeps (settings, backups, the organisation's surveys and
population profile, PDFs, exports, the installer's archive) goes through :func:`replacing`, so
that a crash, a full disk, a cancel or an error part-way leaves the old file (or none), never
half a new one, and no temporary file behind.

The temporary file is in the target's own folder because ``os.replace`` is only atomic within
one file system. Its data is flushed to the disk before the rename, and the folder after it,
so that after a power cut the name points at the whole new file or at the old one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

PRIVATE_MODE = 0o600  # owner only: for files holding personal data
_ATTEMPTS = 100  # random temporary names tried before giving up (a clash is all but impossible)


@contextlib.contextmanager
def replacing(target: Path | str, *, private: bool = False, temp_name: str | None = None,
              prefix: str = ".involve-", suffix: str = ".tmp",
              rename: Callable[[Path], Path] | None = None) -> Iterator[Path]:
    """Yield an empty temporary file beside ``target`` to write; on success it becomes ``target``.

    The block writes the temporary path however it likes (a stream, SQLite's backup API,
    openpyxl, reportlab). When the block ends without an error, the file is flushed to disk
    (fsync), given owner-only permissions if ``private``, renamed over ``target`` and the folder
    is flushed too (where the system allows). When anything fails, the block's own code
    included, the temporary file is removed and ``target`` is left as it was.

    ``private`` files are created owner-only (0o600) from the start, so the data is never
    readable by others even for a moment; other files get the permissions an ordinary new file
    gets (0o666 less the umask). ``temp_name`` is a fixed name for the temporary file, for
    callers whose leftovers other code recognises (a stale one is removed first); otherwise
    it is ``prefix`` + random + ``suffix``. ``rename``, when given, names the finished file
    instead of ``target`` (for a name that depends on what was written); it must be in the same
    folder.
    """
    target = Path(target)
    folder = target.parent
    temp = _create_temp(folder, PRIVATE_MODE if private else 0o666, temp_name, prefix, suffix)
    try:
        yield temp
        sync_file(temp)
        if private:
            os.chmod(temp, PRIVATE_MODE)  # in case the writer made the file anew
        os.replace(temp, rename(temp) if rename is not None else target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise
    sync_folder(folder)


def write_bytes_atomically(target: Path | str, data: bytes, *, private: bool = True, prefix: str = ".involve-",
                           suffix: str = ".tmp") -> None:
    """Write ``data`` to ``target`` whole or not at all.

    Owner-only unless ``private=False``: its callers (PDFs of sheets, registers and reports,
    the population profile, previews saved from the window) have always written owner-only files.
    """
    with replacing(target, private=private, prefix=prefix, suffix=suffix) as temp:
        temp.write_bytes(data)


def _create_temp(folder: Path, mode: int, temp_name: str | None, prefix: str, suffix: str) -> Path:
    # O_EXCL: never open (and so never write through) a file or link someone else put there.
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOINHERIT", 0)
    if temp_name is not None:
        temp = folder / temp_name
        temp.unlink(missing_ok=True)  # left by a run that was killed part-way
        os.close(os.open(temp, flags, mode))
        return temp
    for _ in range(_ATTEMPTS):
        temp = folder / f"{prefix}{os.urandom(6).hex()}{suffix}"
        try:
            os.close(os.open(temp, flags, mode))
        except FileExistsError:
            continue
        return temp
    raise FileExistsError(f"no free temporary name for a file in {folder}")


def sync_file(path: Path) -> None:
    """Flush what was written to ``path`` to the disk, whoever wrote it and however.

    The writer has closed its own handle (Python, SQLite and zip files all flush on close);
    fsync on another handle of the same file flushes the file's data on every system.
    """
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes only a writable handle
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file, where the system allows it.

    Windows cannot open a folder as a file (and makes the rename durable itself); some file
    systems refuse fsync on a folder. The file itself is already whole either way.
    """
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
