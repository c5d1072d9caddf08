"""Survey definitions: versioned lists of questions, in one or more languages.

A definition is plain data (JSON in ``resources/surveys``); :func:`parse_survey` checks it
whole and refuses a malformed one with the problem named. Answers are checked against their
question by :func:`check_answer`; :func:`visible_questions` applies the show-if conditions.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.i18n import _

DEFAULT_LANGUAGE = "en"
TEXT_MAX = 2000
_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
_QUESTION_KEYS = {"id", "type", "text", "required", "help", "options", "show_if", "min", "max", "min_label",
                  "max_label", "max_length", "format"}
_OUTWARD_CODE = re.compile(r"(GIR|[A-Z]{1,2}[0-9][0-9A-Z]?)")


class QuestionType(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    RATING = "rating"
    YES_NO = "yes_no"
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"


class SurveyError(ValueError):
    """A survey definition that cannot be used; the message names where and what."""


Text = Mapping[str, str]  # language code -> words


def pick(text: Text, language: str) -> str:
    """``text`` in ``language``, falling back to English."""
    return text.get(language) or text.get(DEFAULT_LANGUAGE) or next(iter(text.values()), "")


@dataclass(frozen=True)
class Option:
    value: str
    text: Text
    exclusive: bool = False  # in a multiple choice, choosing this clears the others ("Prefer not to say")


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier one was answered with one of ``values``."""

    question: str
    values: tuple[str, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        given = answers.get(self.question)
        if isinstance(given, list):
            return any(str(v).lower() in self.values for v in given)
        return given is not None and str(given).lower() in self.values


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    text: Text
    required: bool = False
    help: Text = field(default_factory=dict)
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_label: Text = field(default_factory=dict)
    max_label: Text = field(default_factory=dict)
    max_length: int = TEXT_MAX
    format: str = ""  # "postcode_district" for the first part of a postcode

    def choices(self) -> tuple[Option, ...]:
        """The options a person picks from, including the implied ones of yes/no and rating."""
        if self.type is QuestionType.RATING:
            low = 1 if self.minimum is None else self.minimum
            high = 5 if self.maximum is None else self.maximum
            return tuple(Option(str(n), {"en": str(n)}) for n in range(low, high + 1))
        return self.options


@dataclass(frozen=True)
class Survey:
    id: str
    version: int
    title: Text
    questions: tuple[Question, ...]
    languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)
    intro: Text = field(default_factory=dict)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


def visible_questions(survey: Survey, answers: Mapping[str, Any]) -> list[Question]:
    """The questions a person sees, given what they have answered so far."""
    return [q for q in survey.questions if q.show_if is None or q.show_if.holds(answers)]


def check_answer(question: Question, raw: Any, tr: Callable[[str], str] = _) -> Any:
    """The answer in its stored form, ``None`` for no answer; ``ValueError`` saying what to fix.

    ``tr`` translates the message, for the language the person is answering in.
    """
    empty = raw is None or raw == "" or raw == []
    if empty:
        if question.required:
            raise ValueError(tr("Please answer this question."))
        return None
    kind = question.type
    if kind in (QuestionType.SINGLE, QuestionType.YES_NO, QuestionType.RATING):
        value = str(raw)
        if value not in {o.value for o in question.choices()}:
            raise ValueError(tr("Please choose one of the answers shown."))
        return int(value) if kind is QuestionType.RATING else value
    if kind is QuestionType.MULTIPLE:
        values = [str(v) for v in (raw if isinstance(raw, (list, tuple)) else [raw])]
        allowed = {o.value: o for o in question.options}
        if any(v not in allowed for v in values):
            raise ValueError(tr("Please choose from the answers shown."))
        if len(values) > 1 and any(allowed[v].exclusive for v in values):
            raise ValueError(tr("'{answer}' cannot be chosen with other answers.").format(
                answer=pick(next(allowed[v] for v in values if allowed[v].exclusive).text, DEFAULT_LANGUAGE)))
        return sorted(set(values), key=list(allowed).index)
    if kind is QuestionType.TEXT:
        text = str(raw).strip()
        if len(text) > question.max_length:
            raise ValueError(tr("Please keep this to {limit} characters or fewer.").format(limit=question.max_length))
        if question.format == "postcode_district" and text:
            text = text.upper().replace(" ", "")
            if not _OUTWARD_CODE.fullmatch(text):
                raise ValueError(tr("Please give just the first part of a postcode, for example CT1 or ME14."))
        if not text and question.required:
            raise ValueError(tr("Please answer this question."))
        return text or None
    if kind is QuestionType.NUMBER:
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise ValueError(tr("Please enter a whole number, for example 3.")) from None
        low, high = question.minimum, question.maximum
        if low is not None and high is not None and not low <= number <= high:
            raise ValueError(tr("Please enter a number from {low} to {high}.").format(low=low, high=high))
        if low is not None and number < low:
            raise ValueError(tr("Please enter a number of at least {low}.").format(low=low))
        if high is not None and number > high:
            raise ValueError(tr("Please enter a number no bigger than {high}.").format(high=high))
        return number
    if kind is QuestionType.DATE:
        day = raw if isinstance(raw, dt.date) else _read_date(str(raw))
        if day is None or not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise ValueError(tr("Please enter a real date, for example 14/03/2026.")) from None
        return day.isoformat()
    raise ValueError(tr("This question cannot be answered here."))


def _read_date(text: str) -> dt.date | None:
    """A date written the UK way (14/03/2026, 14-3-2026) or as 2026-03-14."""
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def check_answers(survey: Survey, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Every visible answer checked; hidden and empty ones dropped. ``ValueError`` names the question."""
    clean: dict[str, Any] = {}
    for question in survey.questions:
        if question.show_if is not None and not question.show_if.holds(clean):
            continue
        try:
            value = check_answer(question, answers.get(question.id))
        except ValueError as error:
            raise AnswerError(question.id, str(error)) from None
        if value is not None:
            clean[question.id] = value
    return clean


class AnswerError(ValueError):
    def __init__(self, question_id: str, message: str) -> None:
        super().__init__(message)
        self.question_id = question_id


# ----- reading definitions


def parse_survey(data: Any, *, source: str = "survey") -> Survey:
    """A checked :class:`Survey` from decoded JSON; ``SurveyError`` naming ``source`` and the problem."""
    try:
        return _parse(data)
    except SurveyError as error:
        raise SurveyError(f"{source}: {error}") from None
    except (TypeError, AttributeError, KeyError, ValueError) as error:
        raise SurveyError(f"{source}: {_describe(error)}") from None


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing {error.args[0]!r}"
    return str(error) or type(error).__name__


def _text(value: Any, where: str, languages: Sequence[str], *, required: bool = True) -> dict[str, str]:
    if value in (None, {}) and not required:
        return {}
    if isinstance(value, str):
        value = {DEFAULT_LANGUAGE: value}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                              for k, v in value.items()):
        raise SurveyError(f"{where} must be text, or a map of language code to text")
    missing = [lang for lang in languages if lang not in value]
    if missing:
        raise SurveyError(f"{where} has no {', '.join(missing)} text")
    return dict(value)


def _parse(data: Any) -> Survey:
    if not isinstance(data, dict):
        raise SurveyError("a survey must be a JSON object")
    survey_id = data["id"]
    if not isinstance(survey_id, str) or not _ID.fullmatch(survey_id):
        raise SurveyError("'id' must be lower-case letters, digits and _")
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SurveyError("'version' must be a whole number from 1")
    languages = tuple(data.get("languages", [DEFAULT_LANGUAGE]))
    if DEFAULT_LANGUAGE not in languages or not all(isinstance(lang, str) for lang in languages):
        raise SurveyError("'languages' must be a list of language codes including 'en'")
    title = _text(data["title"], "title", languages)
    intro = _text(data.get("intro"), "intro", languages, required=False)
    raw_questions = data["questions"]
    if not isinstance(raw_questions, list) or not raw_questions:
        raise SurveyError("'questions' must be a non-empty list")
    questions: list[Question] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_questions, start=1):
        question = _parse_question(raw, n, languages, seen)
        seen.add(question.id)
        questions.append(question)
    return Survey(survey_id, version, title, tuple(questions), languages, intro)


def _parse_question(raw: Any, n: int, languages: Sequence[str], earlier: set[str]) -> Question:
    if not isinstance(raw, dict):
        raise SurveyError(f"question {n} must be an object")
    qid = raw.get("id")
    where = f"question {n} ({qid})" if isinstance(qid, str) else f"question {n}"
    if not isinstance(qid, str) or not _ID.fullmatch(qid):
        raise SurveyError(f"{where}: 'id' must be lower-case letters, digits and _")
    if qid in earlier:
        raise SurveyError(f"{where}: the id is used twice")
    try:
        kind = QuestionType(raw.get("type", ""))
    except ValueError:
        raise SurveyError(f"{where}: 'type' must be one of {', '.join(t.value for t in QuestionType)}") from None
    options: list[Option] = []
    for m, opt in enumerate(raw.get("options", []), start=1):
        if not isinstance(opt, dict) or not isinstance(opt.get("value"), str) or not opt["value"]:
            raise SurveyError(f"{where}: option {m} needs a 'value'")
        options.append(Option(opt["value"], _text(opt.get("text"), f"{where} option {m}", languages),
                               bool(opt.get("exclusive", False))))
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE) and len(options) < 2:
        raise SurveyError(f"{where}: a choice question needs at least two options")
    if kind is QuestionType.YES_NO and not {"yes", "no"} <= {o.value for o in options}:
        raise SurveyError(f"{where}: a yes/no question needs options 'yes' and 'no', with their words")
    if len({o.value for o in options}) != len(options):
        raise SurveyError(f"{where}: two options share a value")
    show_if = None
    if raw.get("show_if") is not None:
        cond = raw["show_if"]
        if not isinstance(cond, dict) or cond.get("question") not in earlier or not isinstance(cond.get("in"), list):
            raise SurveyError(f"{where}: 'show_if' must name an earlier question and list answers under 'in'")
        show_if = Condition(cond["question"], tuple(str(v).lower() for v in cond["in"]))
    minimum, maximum = raw.get("min"), raw.get("max")
    for name, value in (("min", minimum), ("max", maximum)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise SurveyError(f"{where}: '{name}' must be a whole number")
    if kind is QuestionType.RATING:
        minimum, maximum = minimum if minimum is not None else 1, maximum if maximum is not None else 5
        if not 0 <= minimum < maximum <= 10:
            raise SurveyError(f"{where}: a rating runs between 0 and 10, 'min' below 'max'")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise SurveyError(f"{where}: 'min' is above 'max'")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise SurveyError(f"{where}: 'required' must be true or false")
    unknown = set(raw) - _QUESTION_KEYS
    if unknown:
        raise SurveyError(f"{where}: unknown {', '.join(sorted(repr(k) for k in unknown))}")
    max_length = raw.get("max_length", TEXT_MAX)
    if not isinstance(max_length, int) or not 1 <= max_length <= TEXT_MAX:
        raise SurveyError(f"{where}: 'max_length' must be from 1 to {TEXT_MAX}")
    fmt = raw.get("format", "")
    if fmt not in ("", "postcode_district"):
        raise SurveyError(f"{where}: unknown 'format' {fmt!r}")
    return Question(
        id=qid, type=kind, text=_text(raw.get("text"), f"{where} text", languages),
        required=required,
        help=_text(raw.get("help"), f"{where} help", languages, required=False),
        options=tuple(options), show_if=show_if, minimum=minimum, maximum=maximum,
        min_label=_text(raw.get("min_label"), f"{where} min_label", languages, required=False),
        max_label=_text(raw.get("max_label"), f"{where} max_label", languages, required=False),
        max_length=max_length, format=fmt,
    )
