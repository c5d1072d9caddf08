"""Cold start: launch a fresh Python process and wait for its main window to be painted.

The baseline is a bare PySide6 QMainWindow of the same size in the same kind of process;
Involve's side is what ``involve`` does (application, main window, show, open the store on
its worker), on a data folder that already holds a store with some events. See
``probe_window.py`` for what the child process does and prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

PROBE = Path(__file__).resolve().with_name("probe_window.py")


def child_env(key_secret: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")  # a real display is used only if asked for
    env["INVOLVE_STORE_KEY"] = key_secret  # the bench's own throwaway key, never the keyring
    env.pop("INVOLVE_DATA_DIR", None)
    return env


def launch(mode: str, data_dir: Path | None, env: dict[str, str]) -> dict[str, float]:
    """Seconds from launching the child to each mark it printed."""
    args = [sys.executable, str(PROBE), mode] + ([str(data_dir)] if data_dir else [])
    start = time.time_ns()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} window probe failed ({done.returncode}):\n{done.stderr.strip()}")
    marks = {}
    for line in done.stdout.splitlines():
        label, _, stamp = line.partition(" ")
        if stamp.isdigit():
            marks[label] = (int(stamp) - start) / 1e9
    return marks


def run(data_dir: Path, key_secret: str, *, runs: int, demo_dir: Path | None = None) -> dict[str, list[float]]:
    """Seconds to each mark; with ``demo_dir``, Involve is also launched on that store each round."""
    env = child_env(key_secret)
    launch("bare", None, env)  # warm-up: file caches and .pyc files, not counted
    launch("involve", data_dir, env)
    if demo_dir is not None:
        launch("involve", demo_dir, env)
    times: dict[str, list[float]] = {"bare painted": [], "involve painted": [], "involve ready": [],
                                     "demo painted": [], "demo ready": []}
    for _ in range(runs):
        bare = launch("bare", None, env)
        involve = launch("involve", data_dir, env)
        times["bare painted"].append(bare["painted"])
        times["involve painted"].append(involve["painted"])
        times["involve ready"].append(involve["ready"])
        if demo_dir is not None:
            demo = launch("involve", demo_dir, env)
            times["demo painted"].append(demo["painted"])
            times["demo ready"].append(demo["ready"])
    return times
