"""Runs Orca (``/usr/bin/orca``) with its debug log written line by line: ``python3 orca_launcher.py LOG``.

Orca writes its debug log through an ordinary buffered file, so what it said would reach the
file only in 8 KB blocks, or when it quits; the screen-reader tests read it as it is spoken.
Run with the system's Python, which has Orca's own modules.
"""

import builtins
import runpy
import sys

log = sys.argv[1]
_open = builtins.open


def _line_buffered(file, mode="r", *args, **options):
    if file == log:
        options["buffering"] = 1
    return _open(file, mode, *args, **options)


builtins.open = _line_buffered
sys.argv = ["orca", f"--debug-file={log}"]  # never --replace: that kills every Orca of this user
runpy.run_path("/usr/bin/orca", run_name="__main__")
