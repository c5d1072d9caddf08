"""Reading text aloud offline, with the voices the computer already has.

Each platform's own speaker is run as a separate program: ``espeak-ng`` on Linux, ``say`` on
macOS, and Windows' SAPI voices through PowerShell's System.Speech. A program rather than a
library in this process, because:

- speech is interrupted at once by ending the program, whatever the engine is doing (pyttsx3's
  loop cannot be stopped cleanly from another thread);
- a speech engine that crashes or hangs cannot take the kiosk down with it;
- nothing is added to the install: pyttsx3 needs pywin32 on Windows and PyObjC on macOS, and
  QtTextToSpeech needs PySide6-Addons (hundreds of MB), which Involve does not ship.

The text goes to the program on its standard input, never on its command line, so what a
person chose never shows in the list of running processes.

:class:`ReadAloud` is the one object the app uses. ``speak`` and ``stop`` return at once and
never raise; the programs are started on a thread of its own, so the GUI thread never waits.
With no engine, :meth:`ReadAloud.available` is False and :attr:`ReadAloud.reason` says why.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path

from app.core.i18n import _

log = logging.getLogger(__name__)

MAX_CHARACTERS = 4000  # far beyond a question, its help and its answers; keeps the pipe from filling
FILE_TIMEOUT_S = 120
PROBE_TIMEOUT_S = 20
WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's 175: the public are of every age
# Language names for the reasons given when a voice is missing.
LANGUAGE_NAMES = {"en": "English", "pl": "Polish"}

Which = Callable[[str], str | None]


class Engine(ABC):
    """One platform's speaker: the commands that say text, or write it to a WAV file."""

    name = ""

    @abstractmethod
    def voice(self, language: str) -> str | None:
        """The voice used for ``language`` (a code such as "en" or "pl"), or None if there is none.

        May run the program to list its voices: call it off the GUI thread."""

    @abstractmethod
    def speak_command(self, voice: str) -> list[str]:
        """The command that reads its standard input aloud with ``voice``."""

    @abstractmethod
    def file_command(self, voice: str, path: Path) -> list[str]:
        """The command that writes its standard input, spoken with ``voice``, to ``path`` as a WAV file."""


class EspeakNg(Engine):
    """espeak-ng (Linux; also on Windows and macOS if installed): en-gb and pl are in its own data."""

    name = "espeak-ng"
    VOICES = {"en": "en-gb"}  # British English; other languages by their own code

    def __init__(self, program: str) -> None:
        self.program = program
        self._voices: dict[str, str | None] = {}

    def voice(self, language: str) -> str | None:
        if language not in self._voices:
            code = self.VOICES.get(language, language)
            listed = _run([self.program, f"--voices={code}"])
            # Each voice is a line "Pty Language Age/Gender VoiceName File ...": the language must be exact.
            found = any(line.split()[1:2] == [code] for line in listed.splitlines()[1:])
            self._voices[language] = code if found else None
        return self._voices[language]

    def _base(self, voice: str) -> list[str]:
        # -b 1: the text is UTF-8 (Polish letters); --stdin: all of it, not line by line.
        return [self.program, "-v", voice, "-s", str(WORDS_PER_MINUTE), "-b", "1"]

    def speak_command(self, voice: str) -> list[str]:
        return [*self._base(voice), "--stdin"]

    def file_command(self, voice: str, path: Path) -> list[str]:
        return [*self._base(voice), "-w", str(path), "--stdin"]


class MacSay(Engine):
    """macOS's ``say`` with the system's voices (Daniel for British English, Zosia for Polish)."""

    name = "say"
    LOCALES = {"en": ("en_GB", "en_"), "pl": ("pl_PL", "pl_")}

    def __init__(self, program: str) -> None:
        self.program = program
        self._listed: list[tuple[str, str]] | None = None

    def voice(self, language: str) -> str | None:
        if self._listed is None:
            # "Daniel              en_GB    # Hello, my name is Daniel." (names may hold spaces)
            pattern = re.compile(r"^(.+?)\s+([a-z]{2,3}_[A-Z0-9]+)\s+#")
            self._listed = [(m[1], m[2]) for m in map(pattern.match, _run([self.program, "-v", "?"]).splitlines())
                            if m]
        for prefix in self.LOCALES.get(language, (language + "_",)):
            for name, locale in self._listed:
                if locale.startswith(prefix):
                    return name
        return None

    def speak_command(self, voice: str) -> list[str]:
        return [self.program, "-v", voice, "-r", str(WORDS_PER_MINUTE), "-f", "-"]

    def file_command(self, voice: str, path: Path) -> list[str]:
        return [*self.speak_command(voice), "-o", str(path), "--file-format=WAVE", "--data-format=LEI16@22050"]


class WindowsSapi(Engine):
    """Windows' SAPI voices through .NET's System.Speech, run by the PowerShell every Windows has."""

    name = "SAPI"
    CULTURES = {"en": "en-GB", "pl": "pl-PL"}
    # {culture} and {output} are filled from fixed values above, never from the text, which comes on stdin.
    SCRIPT = (
        "Add-Type -AssemblyName System.Speech; "
        "[Console]::InputEncoding = [Text.Encoding]::UTF8; "
        "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
        "$v = $s.GetInstalledVoices([Globalization.CultureInfo]'{culture}') | Where-Object {{ $_.Enabled }}; "
        "if (-not $v) {{ $v = $s.GetInstalledVoices() | Where-Object {{ $_.Enabled -and "
        "$_.VoiceInfo.Culture.TwoLetterISOLanguageName -eq '{language}' }} }}; "
        "if (-not $v) {{ exit 3 }}; "
        "$s.SelectVoice(@($v)[0].VoiceInfo.Name); $s.Rate = -1; "
        "{output}"
        "$s.Speak([Console]::In.ReadToEnd())"
    )

    def __init__(self, program: str) -> None:
        self.program = program
        self._voices: dict[str, str | None] = {}

    def _script(self, culture: str, output: str = "") -> list[str]:
        script = self.SCRIPT.format(culture=culture, language=culture[:2], output=output)
        return [self.program, "-NoProfile", "-NonInteractive", "-Command", script]

    def voice(self, language: str) -> str | None:
        culture = self.CULTURES.get(language)
        if culture is None:
            return None
        if language not in self._voices:
            # Says nothing (empty text): exit 3 when no voice of the language is installed.
            found = _returncode(self._script(culture)) == 0
            self._voices[language] = culture if found else None
        return self._voices[language]

    def speak_command(self, voice: str) -> list[str]:
        return self._script(voice)

    def file_command(self, voice: str, path: Path) -> list[str]:
        quoted = str(path).replace("'", "''")
        return self._script(voice, output=f"$s.SetOutputToWaveFile('{quoted}'); ")


def find_engine(platform: str = sys.platform, which: Which = shutil.which) -> Engine | None:
    """This computer's speaker, or None when it has none."""
    if platform == "darwin" and (say := which("say")):
        return MacSay(say)
    if platform == "win32" and (powershell := which("powershell")):
        return WindowsSapi(powershell)
    if espeak := which("espeak-ng"):
        return EspeakNg(espeak)
    return None


def _no_engine_reason(platform: str) -> str:
    if platform.startswith("linux"):
        return _("Read aloud needs espeak-ng, which is not installed on this computer "
                 "(on Debian or Ubuntu: sudo apt install espeak-ng).")
    return _("Read aloud needs the computer's own voices, and none could be found.")


def _hidden_window() -> int:
    return getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing up over the kiosk on Windows


def _run(command: list[str]) -> str:
    """What ``command`` prints, or "" if it cannot be run."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False,
                              stdin=subprocess.DEVNULL, creationflags=_hidden_window())
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


def _returncode(command: list[str]) -> int | None:
    try:
        return subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT_S, check=False,
                              stdin=subprocess.DEVNULL, creationflags=_hidden_window()).returncode
    except (OSError, subprocess.SubprocessError):
        return None


class ReadAloud:
    """Says one thing at a time: a new ``speak`` cuts off what was being said."""

    def __init__(self, engine: Engine | None = None, *, platform: str = sys.platform,
                 which: Which = shutil.which) -> None:
        """``engine``: the speaker to use; by default the one :func:`find_engine` finds."""
        self.engine = engine if engine is not None else find_engine(platform, which)
        self._no_engine = _no_engine_reason(platform) if self.engine is None else ""
        self._problem = ""
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._turn = 0  # grows with every speak and stop: older requests waiting in the queue are dropped
        self._requests: queue.SimpleQueue[tuple[int, str, str] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def available(self) -> bool:
        """Whether this computer has a speaker at all (quick: no program is run)."""
        return self.engine is not None

    @property
    def reason(self) -> str:
        """Why nothing was or can be said, in plain words; "" when all is well."""
        return self._no_engine or self._problem

    def voice(self, language: str) -> str | None:
        """The voice for ``language``, or None with :attr:`reason` set. May run a program: not on the GUI thread."""
        if self.engine is None:
            return None
        voice = self.engine.voice(language)
        if voice is None:
            self._problem = _("This computer has no {language} voice for reading aloud.").format(
                language=_(LANGUAGE_NAMES.get(language, language)))
        return voice

    def speak(self, text: str, language: str) -> None:
        """Start saying ``text`` in ``language``, cutting off anything being said. Returns at once."""
        text = " ".join(text.split())[:MAX_CHARACTERS]
        if self.engine is None:
            return
        with self._lock:
            self._turn += 1
            turn = self._turn
            self._end_process()
        if not text:
            return
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="read-aloud", daemon=True)
            self._thread.start()
        self._requests.put((turn, text, language))

    def stop(self) -> None:
        """Stop speaking now (for the next person, or when the person asks). Returns at once."""
        with self._lock:
            self._turn += 1
            self._end_process()

    def speaking(self) -> bool:
        """Whether something is being said now."""
        with self._lock:
            return self._process is not None and self._process.poll() is None

    def close(self) -> None:
        """Stop speaking and end the thread (when the kiosk closes)."""
        self.stop()
        if self._thread is not None and self._thread.is_alive():
            self._requests.put(None)
            self._thread.join(timeout=5)
        self._thread = None

    def to_file(self, text: str, language: str, path: str | os.PathLike[str]) -> bool:
        """Write ``text`` spoken in ``language`` to ``path`` as a WAV file; False with :attr:`reason` if not.

        Waits until the file is written: run it on a worker, never on the GUI thread. The file may
        hold what a person chose, so it is readable by this user only; it appears whole or not at all.
        """
        target = Path(path)
        voice = self.voice(language)
        if self.engine is None or voice is None:
            return False
        folder: Path | None = None
        try:
            # Written first in a folder only this user can open (the speech program makes the file
            # with its own permissions), then moved into place whole.
            folder = Path(tempfile.mkdtemp(prefix=".read-aloud-", dir=target.parent))
            partial = folder / target.name
            done = subprocess.run(self.engine.file_command(voice, partial), input=text.encode("utf-8"),
                                  capture_output=True, timeout=FILE_TIMEOUT_S, check=False,
                                  creationflags=_hidden_window())
            if done.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
                raise OSError(f"{self.engine.name} exited with {done.returncode}")
            os.chmod(partial, 0o600)
            os.replace(partial, target)
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("read aloud to a file failed: %s", type(error).__name__)  # never the text: it may be personal
            self._problem = _("The spoken words could not be written to {file}.").format(file=target.name)
            return False
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        self._problem = ""
        return True

    # ----- on the read-aloud thread

    def _work(self) -> None:
        while (request := self._requests.get()) is not None:
            turn, text, language = request
            if turn != self._turn:
                continue  # something newer was asked for meanwhile
            try:
                self._say(turn, text, language)
            except Exception as error:  # noqa: BLE001 - a broken engine must never reach the kiosk
                log.warning("read aloud failed: %s", type(error).__name__)
                self._problem = _("Reading aloud is not working on this computer.")

    def _say(self, turn: int, text: str, language: str) -> None:
        assert self.engine is not None
        voice = self.voice(language)
        if voice is None:
            return
        with self._lock:
            if turn != self._turn:
                return
            self._process = subprocess.Popen(self.engine.speak_command(voice), stdin=subprocess.PIPE,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             creationflags=_hidden_window())
            process = self._process
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode("utf-8"))  # may wait for a slow-starting engine: this thread only
            process.stdin.close()
        except OSError:
            pass  # ended already: stopped, or no sound device
        self._problem = ""

    def _end_process(self) -> None:
        """With the lock held: end what is being said, and reap it on the read-aloud thread's time."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()
            threading.Thread(target=process.wait, name="read-aloud-reap", daemon=True).start()
