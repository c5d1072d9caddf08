"""Before Qt starts: no screen, or a system library Qt needs missing, is said in one line (exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.cli.command import main
from app.services import screen

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland are Linux's")


@pytest.fixture
def no_screen(monkeypatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)


def test_without_a_screen_the_app_says_so_and_the_subcommands_still_work(no_screen, capsys, tmp_path) -> None:
    assert main(["--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "needs a screen" in err and "subcommands work without one" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "involve.db").exists()
    assert main(["--data-dir", str(tmp_path), "status"]) == 0


def test_missing_libraries_are_named_with_their_packages(no_screen, monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(screen, "missing_libraries", lambda _plugin: ["libxcb-icccm.so.4", "libxkbcommon-x11.so.0"])
    assert main(["--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4, libxkbcommon-x11.so.0" in err
    assert "sudo apt install libxcb-icccm4 libxkbcommon-x11-0" in err


def test_a_headless_qt_platform_needs_no_screen(no_screen, monkeypatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert screen.screen_problem() is None


def test_libraries_ldd_cannot_find_are_read_from_its_output(monkeypatch, tmp_path) -> None:
    fake = tmp_path / "ldd"
    fake.write_text("#!/bin/sh\necho '\tlibc.so.6 => /lib/libc.so.6 (0x1)'\n"
                    "echo '\tlibxcb-keysyms.so.1 => not found'\necho '\tlibxcb-keysyms.so.1 => not found'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert screen.missing_libraries(tmp_path / "libqxcb.so") == ["libxcb-keysyms.so.1"]


def test_the_command_itself_exits_2_without_a_screen_instead_of_aborting(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "app.cli", "--data-dir", str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "needs a screen" in done.stderr and "Traceback" not in done.stderr
