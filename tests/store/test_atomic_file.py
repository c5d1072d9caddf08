"""Files written whole or not at all: the one helper, and every writer that uses it.

Each writer must, on any failure (its own code's included), leave the old file as it was and
no temporary file behind; flush the new file to the disk before it takes the old one's
place; and, for personal data, be readable by this user only.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

import build_installer
from app.documents import layout, safe_tables
from app.store import atomic_file, backups, restore, survey_library
from app.store.atomic_file import replacing, write_bytes_atomically
from app.store.keys import StoreKey
from app.store.settings_file import SettingsFile

ROOT = Path(__file__).resolve().parents[2]
POSIX = os.name == "posix"


class Boom(Exception):
    """What a writer raises part-way in these tests."""


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def synced(monkeypatch) -> list[tuple[str, object]]:
    """What was flushed and renamed, in order: ("file", inode), ("folder", inode), ("replace", target)."""
    events: list[tuple[str, object]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        events.append(("folder" if stat.S_ISDIR(info.st_mode) else "file", info.st_ino))
        real_fsync(fd)

    def replace(src, dst, **kwargs) -> None:
        events.append(("replace", Path(dst).name))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return events


def _assert_flushed_then_renamed(events: list[tuple[str, object]], target: Path) -> None:
    """``target``'s data was flushed before it was renamed into place, and its folder after."""
    inode = target.stat().st_ino
    renamed = events.index(("replace", target.name))
    assert ("file", inode) in events[:renamed], events
    if POSIX:  # Windows cannot open a folder to flush it
        assert ("folder", target.parent.stat().st_ino) in events[renamed:], events


# --- the helper ------------------------------------------------------------------------

def test_a_writer_that_raises_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(Boom):
        with replacing(target) as temp:
            temp.write_text("half of the new", encoding="utf-8")
            raise Boom
    assert target.read_text(encoding="utf-8") == "old"
    assert _names(tmp_path) == ["notes.txt"]


def test_a_failed_rename_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "profile.csv"
    target.write_bytes(b"old")

    def full_disk(*args, **kwargs) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_bytes_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["profile.csv"]


def test_a_fixed_temporary_name_is_cleared_first_and_removed_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "involve-1.db"
    (tmp_path / "involve-1.db.partial").write_bytes(b"left by a killed run")
    with replacing(target, temp_name="involve-1.db.partial") as temp:
        assert temp.name == "involve-1.db.partial" and temp.read_bytes() == b""
        temp.write_bytes(b"whole")
    assert target.read_bytes() == b"whole"
    with pytest.raises(Boom), replacing(target, temp_name="involve-1.db.partial") as temp:
        raise Boom
    assert _names(tmp_path) == ["involve-1.db"]


def test_the_new_file_is_flushed_before_it_replaces_the_old_then_its_folder(tmp_path: Path, synced) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    write_bytes_atomically(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF new"
    _assert_flushed_then_renamed(synced, target)


@pytest.mark.skipif(not POSIX, reason="owner-only permissions are POSIX modes")
def test_private_files_are_owner_only_and_others_follow_the_umask(tmp_path: Path, umask_022) -> None:
    private, ordinary = tmp_path / "private.csv", tmp_path / "ordinary.csv"
    for path in (private, ordinary):
        path.write_bytes(b"old")
        path.chmod(0o644)
    with replacing(private, private=True) as temp:
        assert _mode(temp) == 0o600  # from the start, not only once complete
        temp.write_bytes(b"names")
    with replacing(ordinary) as temp:
        temp.write_bytes(b"counts")
    assert _mode(private) == 0o600
    assert _mode(ordinary) == 0o644


@pytest.mark.skipif(not POSIX, reason="owner-only permissions are POSIX modes")
def test_a_private_file_a_writer_made_anew_is_still_owner_only(tmp_path: Path, umask_022) -> None:
    target = tmp_path / "export.xlsx"
    with replacing(target, private=True) as temp:
        temp.unlink()  # as a library that deletes and recreates its output might
        temp.write_bytes(b"names")
    assert _mode(target) == 0o600


# --- each writer ----------------------------------------------------------------------

def test_settings_are_flushed_and_a_failed_save_leaves_them_as_they_were(tmp_path: Path, monkeypatch,
                                                                         synced) -> None:
    settings = SettingsFile(tmp_path / "settings.json")
    settings.save()
    _assert_flushed_then_renamed(synced, settings.path)
    before = settings.path.read_text(encoding="utf-8")

    def full_disk(*args, **kwargs) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        settings.save()
    assert settings.path.read_text(encoding="utf-8") == before
    assert _names(tmp_path) == ["settings.json"]
    if POSIX:
        assert _mode(settings.path) == 0o600


def test_csv_and_xlsx_are_flushed_and_private_when_asked(tmp_path: Path, synced, umask_022) -> None:
    table = safe_tables.Table(name="Sign-ups", header=["Name"], rows=[["Ann"]])
    csv_file, xlsx_file = tmp_path / "signups.csv", tmp_path / "signups.xlsx"
    assert safe_tables.write_csv(csv_file, table, private=True) == 1
    _assert_flushed_then_renamed(synced, csv_file)
    assert safe_tables.write_xlsx(xlsx_file, [table], private=True) == {"Sign-ups": 1}
    _assert_flushed_then_renamed(synced, xlsx_file)
    if POSIX:
        assert _mode(csv_file) == _mode(xlsx_file) == 0o600
        fft_return = tmp_path / "fft.csv"
        safe_tables.write_csv(fft_return, table)  # counts for NHS England: an ordinary file
        assert _mode(fft_return) == 0o644


def test_a_csv_whose_rows_fail_part_way_leaves_the_old_file(tmp_path: Path) -> None:
    def rows() -> Iterator[list[str]]:
        yield ["Ann"]
        raise Boom

    target = tmp_path / "signups.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(Boom):
        safe_tables.write_csv(target, safe_tables.Table(name="Sign-ups", header=["Name"], rows=rows()))
    assert target.read_text(encoding="utf-8") == "old"
    assert _names(tmp_path) == ["signups.csv"]


def test_a_pdf_is_flushed_and_a_drawing_error_leaves_the_old_one(tmp_path: Path, synced) -> None:
    target = tmp_path / "sheets.pdf"
    with layout.pdf_canvas(target, (595, 842), title="t", author="a", subject="s") as canvas:
        canvas.drawString(72, 72, "Sign-up sheet")
    _assert_flushed_then_renamed(synced, target)
    before = target.read_bytes()
    with pytest.raises(Boom), layout.pdf_canvas(target, (595, 842), title="t", author="a", subject="s"):
        raise Boom
    assert target.read_bytes() == before
    assert _names(tmp_path) == ["sheets.pdf"]


def test_a_survey_copy_that_fails_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    topics = json.loads((ROOT / "resources" / "surveys" / "topics.json").read_text(encoding="utf-8"))
    source = tmp_path / "our-topics.json"
    topics["version"] += 1
    source.write_text(json.dumps(topics), encoding="utf-8")
    folder = tmp_path / "org"
    survey_library.install_survey(source, folder)
    before = (folder / "topics.json").read_bytes()
    topics["version"] += 1
    source.write_text(json.dumps(topics), encoding="utf-8")

    def half_a_copy(src, dst, *args, **kwargs) -> None:
        Path(dst).write_text("{\"id\": \"top", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(survey_library.shutil, "copyfile", half_a_copy)
    with pytest.raises(OSError):
        survey_library.install_survey(source, folder)
    assert (folder / "topics.json").read_bytes() == before
    assert _names(folder) == ["topics.json", "versions"]
    assert _names(folder / "versions") == ["equality.v1.json", "fft.v1.json", "topics.v1.json", "topics.v2.json"]


class _FailingSource:
    """Stands in for the open store: its backup stops part-way, as a full disk would stop it."""

    def backup(self, target: sqlcipher3.Connection) -> None:
        target.execute("CREATE TABLE t (x)")
        raise sqlcipher3.OperationalError("database or disk is full")


def test_a_backup_that_fails_leaves_no_partial_file(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with pytest.raises(sqlcipher3.OperationalError):
        backups.make_backup(_FailingSource(), folder, StoreKey("ab" * 32, "environment"))
    assert _names(folder) == []


def test_a_restore_whose_copy_fails_leaves_the_store_in_place(tmp_path: Path, monkeypatch) -> None:
    store, backup = tmp_path / "involve.db", tmp_path / "involve-1.db"
    store.write_bytes(b"the store")
    backup.write_bytes(b"a backup")

    def half_a_copy(src, dst, *args, **kwargs) -> None:
        Path(dst).write_bytes(b"a ba")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(restore.shutil, "copyfile", half_a_copy)
    with pytest.raises(OSError):
        restore.restore_backup(backup, store)
    assert store.read_bytes() == b"the store"
    assert _names(tmp_path) == ["involve-1.db", "involve.db"]


def test_a_restore_is_flushed_and_owner_only(tmp_path: Path, synced) -> None:
    store, backup = tmp_path / "involve.db", tmp_path / "involve-1.db"
    store.write_bytes(b"the store")
    backup.write_bytes(b"a backup")
    aside = restore.restore_backup(backup, store)
    assert store.read_bytes() == b"a backup" and aside.read_bytes() == b"the store"
    _assert_flushed_then_renamed(synced, store)
    # The copy was on the disk before the old store moved aside.
    assert synced.index(("file", store.stat().st_ino)) < synced.index(("replace", aside.name))
    if POSIX:
        assert _mode(store) == 0o600


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the tar.gz is the Linux package")
def test_an_installer_archive_that_fails_part_way_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "involve"
    folder.mkdir()
    (folder / "involve").write_bytes(b"#!/bin/sh\n")

    def full_disk(self, *args, **kwargs) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "add", full_disk)
    with pytest.raises(OSError):
        build_installer.linux_archive(tmp_path, folder, "9.8.7")
    assert _names(tmp_path) == ["involve"]


def test_every_whole_file_writer_uses_the_one_helper() -> None:
    """No second copy of the temporary-file-and-rename dance grows back outside the helper."""
    helper = Path(atomic_file.__file__).resolve()
    others = []
    for path in [*(ROOT / "app").rglob("*.py"), *(ROOT / "sync").rglob("*.py"), ROOT / "build_installer.py"]:
        if path.resolve() == helper or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("mkstemp", "NamedTemporaryFile", "fsync(")):
            others.append(str(path.relative_to(ROOT)))
    assert others == []
