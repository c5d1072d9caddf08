"""``involve --self-test``, run in this process: what it prints, and how it names a failure."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.cli.command import main
from app.services.self_test import run_self_test
from app.store import migrate


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_self_test_passes_and_says_what_it_checked(capsys, monkeypatch, tmp_path: Path) -> None:
    # The user's data and keyring must never be touched: point both somewhere that would show it.
    monkeypatch.setenv("INVOLVE_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.delenv("INVOLVE_STORE_KEY", raising=False)
    import keyring

    def no_keyring(*args: object) -> None:
        raise AssertionError("the self-test asked the keyring for a password")

    monkeypatch.setattr(keyring, "get_password", no_keyring)
    monkeypatch.setattr(keyring, "set_password", no_keyring)

    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    lines = _lines(out)
    assert lines[0].startswith("Involve ") and lines[0].endswith(" self-test")
    assert f"ok      Encrypted store opened and migrated to {migrate.HEAD_REVISION}" in lines
    for said in ("Shipped files found", "Central database migration scripts found, up to c",
                 "Sign-up sheet PDF written and read back (2 pages", "Barcode and QR code modules load",
                 "Phone numbers, email addresses and spreadsheets work", "Kiosk drawn on the offscreen screen",
                 "Report made in a process of its own"):
        assert any(line.startswith("ok      " + said) for line in lines), (said, out)
    assert "FAILED" not in out
    assert lines[-1] == "All 11 checks passed."
    assert not (tmp_path / "user-data").exists()


def test_missing_shipped_files_fail_and_are_named(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_self_test(out, resources=tmp_path / "resources") == 1
    lines = _lines(out.getvalue())
    failed = [line for line in lines if line.startswith("FAILED")]
    assert len(failed) == 1
    assert failed[0].startswith("FAILED  Shipped files: missing from ")
    assert "fonts/DejaVuSans.ttf" in failed[0] and "icons/involve.svg" in failed[0]
    assert lines[-1] == "The self-test failed: Shipped files."


def _script_head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import sync.central

    config = Config()
    config.set_main_option("script_location", str(sync.central.MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def test_central_migrations_out_of_step_are_named(monkeypatch) -> None:
    import sync.central

    monkeypatch.setattr(sync.central, "CENTRAL_HEAD", "c0099")
    out = io.StringIO()
    assert run_self_test(out) == 1
    failed = [line for line in _lines(out.getvalue()) if line.startswith("FAILED")]
    assert failed == ["FAILED  Central database migrations: the central migration scripts end at "
                      f"{_script_head()}, but this version needs c0099."]
    assert _lines(out.getvalue())[-1] == "The self-test failed: Central database migrations."


def test_a_store_that_will_not_open_fails_what_needs_it_and_the_rest_still_run(monkeypatch) -> None:
    from app.store.store import Store

    def broken(*args: object, **kwargs: object) -> Store:
        raise OSError("disk full")

    monkeypatch.setattr(Store, "open", broken)
    out = io.StringIO()
    assert run_self_test(out) == 1
    text = out.getvalue()
    assert "FAILED  Encrypted store: OSError: disk full" in text
    assert "FAILED  Sign-up sheet PDF: it needs the self-test's store, which did not open (see above)." in text
    assert "FAILED  Reports: it needs the self-test's store, which did not open (see above)." in text
    assert "ok      Barcode and QR code modules load" in text  # later checks still ran
    assert _lines(text)[-1] == "The self-test failed: Encrypted store; Sign-up sheet PDF; Reports."


def test_self_test_is_listed_in_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--self-test" in capsys.readouterr().out
