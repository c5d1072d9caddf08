"""Reading the kiosk aloud, for the one person who turned it on.

Which languages have a voice is found once, on the worker, when the kiosk starts (finding out
may run the speech program). While it is on, each question is read (the question, where the
person is, the help, then the answers), then each answer they choose, and whatever the kiosk
announces (a problem, the warning before it starts again, thank you). It stops at once when the
kiosk starts again for the next person, who finds it off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal

from app.core.surveys import Question, QuestionType, pick
from app.ui.kiosk.announce import announcements

if TYPE_CHECKING:
    from app.services.read_aloud import ReadAloud
    from app.ui.common.tasks import TaskPool

Translate = Callable[[str], str]
CHOICES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.YES_NO, QuestionType.RATING}


def _voices(speaker: ReadAloud, languages: Sequence[str]) -> set[str]:
    """On the worker: the languages this computer can read aloud."""
    if not speaker.available():
        return set()
    return {language for language in languages if speaker.voice(language) is not None}


class KioskVoice(QObject):
    sig_voices_found = Signal()
    """The languages with a voice are known (the toggle may now be offered)."""

    def __init__(self, speaker: ReadAloud, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.voiced: set[str] = set()
        self.on = False
        self.language = "en"
        announcements.sig_announced.connect(self._announced)
        self._listening = True

    def find_voices(self, tasks: TaskPool, languages: Sequence[str]) -> None:
        def found(voiced: set[str]) -> None:
            if not shiboken6.isValid(self):
                return  # the kiosk closed meanwhile
            self.voiced = voiced
            self.sig_voices_found.emit()

        speaker, wanted = self.speaker, list(languages)
        tasks.run(lambda: _voices(speaker, wanted), on_success=found, on_failure=lambda _error: None)

    def offered(self, language: str) -> bool:
        return language in self.voiced

    def turn(self, on: bool, language: str) -> None:
        self.on, self.language = on and self.offered(language), language
        if not self.on:
            self.speaker.stop()

    def say(self, *parts: str) -> None:
        """Read ``parts`` aloud, one after another, cutting off anything being read; only while it is on."""
        if self.on:
            sentences = (p.strip() for p in parts if p and p.strip())
            # A pause after each part: a full stop, unless it ends a sentence already.
            self.speaker.speak(" ".join(s if s[-1] in ".?!:…" else s + "." for s in sentences), self.language)

    def stop(self) -> None:
        """Quiet at once, and off: for the next person."""
        self.on = False
        self.speaker.stop()

    def close(self) -> None:
        if self._listening:
            announcements.sig_announced.disconnect(self._announced)
            self._listening = False
        self.on = False
        self.speaker.close()

    def _announced(self, text: str, _assertive: bool) -> None:
        self.say(text)


def chosen_words(question: Question, value: object, language: str) -> str:
    """The words of the answer(s) chosen, as shown; "" for what was typed or nothing chosen."""
    if question.type not in CHOICES:
        return ""
    texts = {option.value: pick(option.text, language) for option in question.choices()}
    chosen = value if isinstance(value, list) else [value]
    return ", ".join(texts[v] for v in chosen if isinstance(v, str) and v in texts)
