"""What the built app runs: the same as the ``involve`` command of a pip install.

The windowed build (Windows and macOS) has no console, so Python's standard streams are
None there; they are pointed at the null device so that ``--version`` or an error message
cannot crash it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

from app.cli.command import main

if __name__ == "__main__":
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    # A report is made in a process of its own (app.store.side_process): started from this
    # program, such a process must go to its work here rather than start the app again.
    multiprocessing.freeze_support()
    sys.exit(main())
