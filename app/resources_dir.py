"""Where the shipped resources (icons, stylesheets, translations) are.

Installed, they are the ``app.resources`` package; in a checkout, the top-level
``resources/`` folder beside ``app/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError("Involve's resources folder is missing from this installation.")
