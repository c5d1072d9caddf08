"""Everything below the interface must work on a machine with no Qt at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BLOCK_QT = """
import importlib.abc, sys

class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is not allowed here: ' + name)
        return None

sys.meta_path.insert(0, NoQt())
import importlib, pkgutil
import app, sync
# Every module below the window, found by walking the packages, not listed by hand: a module
# added later is checked too. (import-linter checks imports inside functions as well.)
for package in ("app.core", "app.store", "app.documents", "app.services", "app.cli", "sync"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if ".migrations." not in info.name:  # Alembic runs these itself
            importlib.import_module(info.name)
import app.logs, app.resources_dir
assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]
print('headless imports ok')
"""


def test_core_store_documents_and_sync_import_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", BLOCK_QT], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "headless imports ok" in result.stdout


def test_the_blocker_really_blocks_qt() -> None:
    """Guard against the test above passing because the blocker does nothing."""
    code = (BLOCK_QT.split("sys.meta_path.insert(0, NoQt())")[0]
            + "sys.meta_path.insert(0, NoQt())\nimport app.ui.shell.main_window\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Qt is not allowed here" in result.stderr


def test_cli_headless_commands_do_not_load_qt(tmp_path: Path) -> None:
    code = (BLOCK_QT.split("import importlib, pkgutil")[0]
            + "from app.cli.command import main\n"
            + f"raise SystemExit(main(['--data-dir', {str(tmp_path)!r}, 'status', '--json']))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
