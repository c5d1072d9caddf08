"""Read aloud: real speech from espeak-ng written to WAV files, and a speaker that never holds up or
breaks the kiosk.

espeak-ng must be installed (CI installs it): these tests fail rather than skip without it.
"""

from __future__ import annotations

import stat
import sys
import threading
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from app.services.read_aloud import Engine, EspeakNg, ReadAloud, find_engine

ENGLISH = "How was your visit today? Very good, good, neither good nor poor, poor, very poor, or don't know."
POLISH = "Jak oceniasz swoją wizytę? Bardzo dobrze, dobrze, ani dobrze, ani źle, źle, bardzo źle, nie wiem."


@pytest.fixture
def espeak() -> ReadAloud:
    reader = ReadAloud(platform="linux")
    assert isinstance(reader.engine, EspeakNg), "espeak-ng is not installed: apt-get install espeak-ng"
    return reader


def _seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as audio:  # raises if it is not a WAV file
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        assert audio.getnframes() > 0
        return audio.getnframes() / audio.getframerate()


def _samples(path: Path) -> bytes:
    with wave.open(str(path), "rb") as audio:
        return audio.readframes(audio.getnframes())


def test_english_is_written_as_a_wav_of_plausible_length(espeak: ReadAloud, tmp_path: Path) -> None:
    short, long = tmp_path / "short.wav", tmp_path / "long.wav"
    assert espeak.to_file("Very good", "en", short), espeak.reason
    assert espeak.to_file(ENGLISH, "en", long), espeak.reason
    # Two words take about a second; the question and six answers several seconds.
    assert 0.3 < _seconds(short) < 3
    assert 4 < _seconds(long) < 20
    # What was said may be what a person chose: for this user only, and no half-written file beside it.
    assert stat.S_IMODE(long.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.wav", "short.wav"]


def test_polish_is_read_with_the_polish_voice(espeak: ReadAloud, tmp_path: Path) -> None:
    assert espeak.voice("pl") == "pl"
    assert espeak.voice("en") == "en-gb"
    polish, english = tmp_path / "pl.wav", tmp_path / "en.wav"
    assert espeak.to_file(POLISH, "pl", polish), espeak.reason
    assert espeak.to_file(POLISH, "en", english), espeak.reason
    assert 4 < _seconds(polish) < 20
    # The same words in the English voice sound different: the language chose the voice.
    assert _samples(polish) != _samples(english)


def test_a_language_without_a_voice_says_so_and_writes_nothing(espeak: ReadAloud, tmp_path: Path) -> None:
    assert not espeak.to_file("Hello", "xx", tmp_path / "x.wav")
    assert "no xx voice" in espeak.reason
    assert list(tmp_path.iterdir()) == []
    espeak.speak("Hello", "xx")  # nothing to say it with: quietly nothing
    espeak.close()


def test_without_a_speaker_read_aloud_is_unavailable_with_a_plain_reason(tmp_path: Path) -> None:
    assert find_engine("linux", which=lambda _program: None) is None
    reader = ReadAloud(platform="linux", which=lambda _program: None)
    assert not reader.available()
    assert "espeak-ng" in reader.reason and "apt install espeak-ng" in reader.reason
    reader.speak("Very good", "en")  # never raises into the kiosk
    reader.stop()
    assert not reader.to_file("Very good", "en", tmp_path / "x.wav")
    assert not reader.speaking()


def test_each_platform_uses_its_own_voices() -> None:
    def only(name: str) -> Callable[[str], str | None]:
        return lambda program: f"/bin/{program}" if program == name else None

    assert type(find_engine("darwin", which=only("say"))).__name__ == "MacSay"
    assert type(find_engine("win32", which=only("powershell"))).__name__ == "WindowsSapi"
    assert type(find_engine("linux", which=only("espeak-ng"))).__name__ == "EspeakNg"


class _Dawdler(Engine):
    """A speaker that takes its time: reads the text, then keeps talking until it is stopped."""

    name = "dawdler"

    def __init__(self, heard: Path) -> None:
        self.heard = heard

    def voice(self, language: str) -> str | None:
        return language

    def speak_command(self, voice: str) -> list[str]:
        script = ("import sys, time; text = sys.stdin.read(); "
                  f"open({str(self.heard)!r}, 'a', encoding='utf-8').write(text + '\\n'); time.sleep(600)")
        return [sys.executable, "-c", script]

    def file_command(self, voice: str, path: Path) -> list[str]:
        raise AssertionError("not used")


def _wait_until(condition: Callable[[], bool]) -> None:
    done = threading.Event()
    for _attempt in range(400):
        if condition():
            return
        done.wait(0.05)
    raise AssertionError("the condition never came true")


def test_speaking_returns_at_once_and_a_new_request_cuts_off_the_last(tmp_path: Path) -> None:
    heard = tmp_path / "heard.txt"
    reader = ReadAloud(_Dawdler(heard))
    try:
        reader.speak("Question 1 of 3. How was your visit?", "en")  # the speaker never finishes by itself
        _wait_until(lambda: heard.is_file() and "Question 1" in heard.read_text(encoding="utf-8"))
        assert reader.speaking()
        first = reader._process
        assert first is not None
        # The text went on standard input: nothing a person chose is in the list of running processes.
        assert "visit" not in " ".join(first.args)

        reader.speak("Very good", "en")
        assert first.wait(timeout=20) != 0  # cut off, not left talking over the new words
        _wait_until(lambda: "Very good" in heard.read_text(encoding="utf-8"))
        assert reader.speaking()

        reader.stop()
        assert not reader.speaking()
    finally:
        reader.close()
