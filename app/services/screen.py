"""Whether the desktop app can open a window here, found out before Qt is started.

Without a screen, or with a system library missing, Qt aborts the whole process (exit 134)
with a message that often names the wrong library. So before starting Qt the window's entry
point asks :func:`screen_problem`, which says in one sentence what is wrong and that the
subcommands work without a screen.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from app.core.i18n import _

# Platforms that need no screen: tests, remote viewers and framebuffers.
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "minimalegl", "vkkhrdisplay")
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def screen_problem() -> str | None:
    """Why a window cannot be shown here, or None when nothing stands in the way that can be seen."""
    if not sys.platform.startswith("linux"):
        return None  # Windows and macOS always have their own
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform in HEADLESS_PLATFORMS:
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return _("Involve's desktop app needs a screen, and there is none here (neither DISPLAY nor "
                 "WAYLAND_DISPLAY is set). The subcommands work without one: see involve --help.")
    if platform in ("", "xcb") and os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        missing = missing_libraries(_xcb_plugin())
        if missing:
            return _("Involve's desktop app cannot open a window: Qt needs these system libraries, which are "
                     "missing: {libraries} (on Debian or Ubuntu: sudo apt install {packages}). The subcommands "
                     "work without a screen: see involve --help.").format(
                libraries=", ".join(missing), packages=" ".join(debian_package(name) for name in missing))
    return None


def _xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # found, not imported: importing is what would abort
    if spec is None or spec.origin is None:
        return None
    plugin = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_libraries(library: Path | None) -> list[str]:
    """The shared libraries ``library`` needs that the system lacks, as ``ldd`` finds them."""
    ldd = shutil.which("ldd")
    if library is None or ldd is None:
        return []
    try:
        found = subprocess.run([ldd, str(library)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted(set(_NOT_FOUND.findall(found.stdout)))


def debian_package(library: str) -> str:
    """The Debian package that usually holds ``library`` (libxcb-icccm.so.4 is in libxcb-icccm4)."""
    name, _sep, version = library.partition(".so.")
    name = name.lower()
    if not version:
        return name
    major = version.split(".")[0]
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"
