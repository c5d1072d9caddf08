"""The desktop app must survive a whole day open, however many signals it sends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_window_survives_hours_of_signals(tmp_path) -> None:
    """Counts are read every few seconds all day; each read emits signals, which must never wear anything out."""
    code = f"""
from app.ui.shell.application import build_main_window, make_application
make_application([])
window = build_main_window({str(tmp_path / "data")!r})
for _ in range(200_000):  # far more than a long day of reading counts every five seconds
    window.sig_counts_shown.emit("event")
window.close()
print("still here")
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "still here" in result.stdout
