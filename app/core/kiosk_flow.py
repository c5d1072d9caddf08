"""One person's way through an event's surveys at the kiosk, one question at a time.

Pure Python so the rules (what comes next, what may be skipped, what is kept) are tested
without a screen. A flow is thrown away whole when the person finishes or walks away; its
response id is made at the start, so saving it twice can never store it twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.core.i18n import translator_for
from app.core.surveys import Question, Survey, check_answer, visible_questions


@dataclass(frozen=True)
class Step:
    survey: Survey
    question: Question
    first_of_survey: bool


class KioskFlow:
    def __init__(self, surveys: Sequence[Survey], language: str) -> None:
        self.surveys = list(surveys)
        self.language = language
        self.response_id = str(uuid.uuid4())
        self.answers: dict[str, dict[str, Any]] = {s.id: {} for s in self.surveys}
        # What was on screen when the person went Back, unchecked, to show again on return.
        self.drafts: dict[tuple[str, str], Any] = {}
        self.position = 0

    def steps(self) -> list[Step]:
        """The questions this person will see, given their answers so far."""
        steps: list[Step] = []
        for survey in self.surveys:
            for n, question in enumerate(visible_questions(survey, self.answers[survey.id])):
                steps.append(Step(survey, question, n == 0))
        return steps

    @property
    def current(self) -> Step:
        return self.steps()[self.position]

    @property
    def is_last(self) -> bool:
        return self.position == len(self.steps()) - 1

    @property
    def is_first(self) -> bool:
        return self.position == 0

    def progress(self) -> tuple[int, int]:
        return self.position + 1, len(self.steps())

    def given(self) -> Any:
        """What was answered to the current question, if anything (to show it again on Back)."""
        step = self.current
        kept = self.answers[step.survey.id].get(step.question.id)
        return kept if kept is not None else self.drafts.get((step.survey.id, step.question.id))

    def answer_and_advance(self, raw: Any) -> bool:
        """Keep the answer to the current question and move on.

        Raises ``ValueError`` with a plain message if the answer cannot be accepted. Returns
        False when there is nothing after this question (the answers are ready to send).
        """
        step = self.current
        value = check_answer(step.question, raw, translator_for(self.language))
        kept = self.answers[step.survey.id]
        self.drafts.pop((step.survey.id, step.question.id), None)
        if value is None:
            kept.pop(step.question.id, None)
        else:
            kept[step.question.id] = value
        # An answer can hide later questions; forget what was said to those.
        visible = {q.id for q in visible_questions(step.survey, kept)}
        for question_id in list(kept):
            if question_id not in visible:
                del kept[question_id]
        if self.is_last:
            return False
        self.position += 1
        return True

    def back(self, on_screen: Any = None) -> None:
        """Go to the previous question, keeping what is on screen now for when they return."""
        if self.position > 0:
            step = self.current
            self.drafts[(step.survey.id, step.question.id)] = on_screen
            self.position -= 1
