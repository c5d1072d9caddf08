"""What a feedback response is: answers to an event's surveys, and how they were given."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from app.core import fft
from app.core.i18n import N_, _
from app.core.surveys import AnswerError, Survey, check_answers


class ResponseMode(enum.StrEnum):
    """How the answers reached us; kept on every response."""

    KIOSK = "kiosk"
    STAFF = "staff"
    PAPER = "paper"

    @property
    def label(self) -> str:
        return _({ResponseMode.KIOSK: N_("Kiosk"), ResponseMode.STAFF: N_("Recorded by staff"),
                  ResponseMode.PAPER: N_("Paper")}[self])


class ResponseError(ValueError):
    """Answers that cannot be saved; names the survey and question."""

    def __init__(self, survey_id: str, question_id: str, message: str) -> None:
        super().__init__(message)
        self.survey_id = survey_id
        self.question_id = question_id


def check_response(surveys: Mapping[str, Survey],
                   answers: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every survey's answers checked; surveys answered with nothing are kept as empty."""
    unknown = set(answers) - set(surveys)
    if unknown:
        raise ResponseError(sorted(unknown)[0], "", _("These answers are for a survey this event does not use."))
    clean: dict[str, dict[str, Any]] = {}
    for survey_id, survey in surveys.items():
        try:
            clean[survey_id] = check_answers(survey, answers.get(survey_id, {}))
        except AnswerError as error:
            raise ResponseError(survey_id, error.question_id, str(error)) from None
    return clean


def fft_rating_of(answers: Mapping[str, Mapping[str, Any]]) -> str | None:
    rating = answers.get(fft.SURVEY_ID, {}).get(fft.RATING_QUESTION)
    return rating if rating in fft.ANSWERS else None
