"""A real screen reader on the kiosk: Orca, over AT-SPI, on a virtual X display.

Each session starts its own X server (Xvfb), D-Bus session bus and AT-SPI bus, then the kiosk
(``kiosk_app``) with Qt's AT-SPI bridge on, then Orca writing a debug log. Keys are pressed
with xdotool, as a person would press them, and what Orca says is read back from its log's
``SPEECH OUTPUT`` lines. Needs ``Xvfb``, ``xdotool``, ``orca`` and ``at-spi2-core`` (Debian
packages of those names), which CI installs.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

NEEDED = ("Xvfb", "xdotool", "orca", "dbus-daemon")
AT_SPI_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SPOKEN = re.compile(r"SPEECH OUTPUT: '(.*?)'(?:\{|$)", re.MULTILINE)
ROOT = Path(__file__).resolve().parents[2]
ORCA_PYTHON = "/usr/bin/python3"  # the system's, which has Orca's modules and their GObject bindings


def missing_tools() -> list[str]:
    return [tool for tool in NEEDED if shutil.which(tool) is None] + (
        [] if AT_SPI_LAUNCHER.exists() else [str(AT_SPI_LAUNCHER)])


def _until(done: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll for a state of another process that sends no signal we could wait on."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(0.05)


def _locked(lock) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class OrcaSession:
    def __init__(self, env: dict[str, str], log: Path, app: subprocess.Popen[str]) -> None:
        self.env, self.log, self.app = env, log, app
        self.heard = 0  # utterances already looked at

    def utterances(self) -> list[str]:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [match.group(1) for match in SPOKEN.finditer(text)]

    def press(self, *keys: str) -> None:
        """Keys as xdotool names them (``Tab``, ``Return``, ``space``, ``shift+Tab``)."""
        for key in keys:
            subprocess.run(["xdotool", "key", key], env=self.env, check=True, timeout=10)

    def press_until(self, key: str, wanted: str, most: int = 12) -> list[str]:
        """Press ``key`` until Orca says ``wanted`` (say, Tab until it reaches a button)."""
        for _ in range(most):
            self.press(key)
            try:
                return self.hear(wanted, timeout=3)
            except AssertionError:
                continue
        raise AssertionError(f"{wanted!r} was not reached in {most} presses of {key}")

    def hear(self, wanted: str, timeout: float = 15) -> list[str]:
        """What Orca has said since the last call, once it has said something containing ``wanted``."""

        def said() -> bool:
            return any(wanted.lower() in line.lower() for line in self.utterances()[self.heard:])

        try:
            _until(said, timeout, f"Orca to say {wanted!r}")
        except TimeoutError:
            raise AssertionError(f"Orca never said {wanted!r}; it said: {self.utterances()[self.heard:]}") from None
        new = self.utterances()[self.heard:]
        self.heard += len(new)
        return new


def _start(stack: ExitStack, command: list[str], env: dict[str, str], **options) -> subprocess.Popen:
    process = subprocess.Popen(command, env=env, start_new_session=True, **options)

    def stop() -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    stack.callback(stop)
    return process


@contextmanager
def orca_on_kiosk(folder: Path, *, size: str = "1366x768", idle_seconds: int | None = None) -> Iterator[OrcaSession]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QT_", "DBUS_"))}
    env.update(HOME=str(folder / "home"), XDG_RUNTIME_DIR=str(folder / "run"), XDG_CONFIG_HOME=str(folder / "config"))
    for name in ("home", "run", "config"):
        (folder / name).mkdir(mode=0o700, exist_ok=True)
    with ExitStack() as stack:
        reading, writing = os.pipe()
        _start(stack, ["Xvfb", "-displayfd", str(writing), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
               env, pass_fds=(writing,), stderr=subprocess.DEVNULL)
        os.close(writing)
        with os.fdopen(reading) as display:
            env["DISPLAY"] = ":" + display.readline().strip()
        bus = _start(stack, ["dbus-daemon", "--session", "--nofork", "--print-address=1"], env,
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        _start(stack, [str(AT_SPI_LAUNCHER), "--launch-immediately"], env, stderr=subprocess.DEVNULL)
        app_env = env | {"QT_QPA_PLATFORM": "xcb", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
        idle = [] if idle_seconds is None else [str(idle_seconds)]
        app = _start(stack, [sys.executable, "-m", "tests.screen_reader.kiosk_app", str(folder / "data"), *idle],
                     app_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert app.stdout is not None
        if app.stdout.readline().strip() != "READY":
            raise RuntimeError("the kiosk did not start under the screen reader")
        # Orca runs once per user: a second one refuses to start. Sessions on one machine (test
        # runs side by side) take turns here.
        lock = stack.enter_context(open(Path(tempfile.gettempdir()) / f"involve-orca-{os.getuid()}.lock", "w"))
        _until(lambda: _locked(lock), 180, "another screen-reader session on this machine to end")
        running = subprocess.run(["pgrep", "-u", str(os.getuid()), "-x", "orca"], capture_output=True, text=True,
                                 check=False).stdout.split()
        if running:  # perhaps the person running the tests uses Orca: theirs is never stopped
            raise RuntimeError(f"Orca is already running for this user (process {', '.join(running)}); the "
                               "screen-reader tests start one of their own, so close it, or run them as another user")
        log = folder / "orca-debug.log"
        _start(stack, [ORCA_PYTHON, str(Path(__file__).with_name("orca_launcher.py")), str(log)], env,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        session = OrcaSession(env, log, app)
        session.hear("Screen reader on", timeout=60)
        # Without a window manager, nothing gives the kiosk X's input focus; asked for it, the
        # kiosk's focus changes, and Orca says where it is: from then it follows the kiosk.
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "Involve kiosk", "windowfocus",
                        "--sync"], env=env, check=True, timeout=30, stdout=subprocess.DEVNULL)
        session.hear("Start", timeout=30)
        yield session
