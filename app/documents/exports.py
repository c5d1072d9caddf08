"""An event's data as tables for analysts: responses (one row each, answers as columns),
sign-ups (only people whose consent allows contact) and the actions agreed ("you said, we
did"), written as CSV or XLSX.

Every file goes through :mod:`app.documents.safe_tables`, so text a spreadsheet could run as a
formula is neutralised and a file is written whole or not at all. Headings and answers are in
English whatever language a person answered in, so one column means one thing across a file.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.actions import topic_labels
from app.core.i18n import _
from app.core.responses import ResponseMode
from app.core.survey_versions import all_versions, survey_version
from app.core.surveys import DEFAULT_LANGUAGE, Question, QuestionType, Survey, pick
from app.documents.safe_tables import Cell, Progress, Table, write_csv, write_xlsx
from app.store.actions import ActionRecord
from app.store.events import EventRecord
from app.store.export_rows import ExportRows, SignupRow

MULTIPLE_JOIN = "; "


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def suffix(self) -> str:
        return "." + self.value


class ExportWhat(enum.StrEnum):
    RESPONSES = "responses"
    SIGNUPS = "signups"
    ACTIONS = "actions"
    SUMMARY = "summary"  # the report's figures, small numbers hidden; several tables, so XLSX only

    @staticmethod
    def default(fmt: ExportFormat) -> list[ExportWhat]:
        """What a file holds when nobody chose: responses for CSV, the event's data for XLSX."""
        if fmt is ExportFormat.CSV:
            return [ExportWhat.RESPONSES]
        return [ExportWhat.RESPONSES, ExportWhat.SIGNUPS, ExportWhat.ACTIONS]


@dataclass(frozen=True)
class AnswerColumn:
    """One question's column: a stable key (survey.question) and a heading people can read."""

    survey_id: str
    question: Question | None  # None: answers to a question this laptop has no definition for
    question_id: str

    @property
    def key(self) -> str:
        return f"{self.survey_id}.{self.question_id}"

    @property
    def heading(self) -> str:
        if self.question is None:
            return self.key
        return f"{pick(self.question.text, DEFAULT_LANGUAGE)} [{self.key}]"


def answer_columns(event: EventRecord, surveys: Mapping[str, Survey],
                   answered: Iterable[tuple[str, str]] = ()) -> list[AnswerColumn]:
    """A column per question of each survey the event asks, in order; then any question that
    was answered (``answered``: survey id, question id) but is no longer asked (the event's
    surveys changed), so nothing is dropped.

    Here and in :func:`answer_reader` is all the export knows of what a question says and how
    its answers read: the one place to change how answers are labelled.
    """
    columns: list[AnswerColumn] = []
    seen: set[tuple[str, str]] = set()
    for survey_id in event.details.survey_ids:
        survey = surveys.get(survey_id)
        for question in survey.questions if survey else ():
            columns.append(AnswerColumn(survey_id, question, question.id))
            seen.add((survey_id, question.id))
    for survey_id, question_id in answered:
        if (survey_id, question_id) not in seen:
            seen.add((survey_id, question_id))
            found = next((q for known in all_versions(surveys, survey_id) for q in known.questions
                          if q.id == question_id), None)
            columns.append(AnswerColumn(survey_id, found, question_id))
    return columns


def answer_reader(question: Question | None) -> Callable[[Any], Cell]:
    """A function turning one question's stored answers into cells; made once per column, as
    a 100,000-row export calls it for every cell."""
    if question is None:
        return _raw
    kind = question.type
    labels = {o.value: pick(o.text, DEFAULT_LANGUAGE) for o in question.choices()}

    def read(value: Any) -> Cell:
        if value is None:
            return None
        if kind is QuestionType.MULTIPLE:
            values = value if isinstance(value, list) else [value]
            return MULTIPLE_JOIN.join(labels.get(str(v), str(v)) for v in values)
        if kind is QuestionType.RATING or kind is QuestionType.NUMBER:
            return value if isinstance(value, int) and not isinstance(value, bool) else str(value)
        if kind is QuestionType.SINGLE or kind is QuestionType.YES_NO:
            return labels.get(str(value), str(value))
        return str(value)

    return read


def version_readers(surveys: Mapping[str, Survey]) -> Callable[[str, int | None, str], Callable[[Any], Cell]]:
    """Readers by (survey id, version, question id): an answer is read by the version it was given with."""
    made: dict[tuple[str, int | None, str], Callable[[Any], Cell]] = {}

    def reader(survey_id: str, version: int | None, question_id: str) -> Callable[[Any], Cell]:
        key = (survey_id, version, question_id)
        read = made.get(key)
        if read is None:
            survey = survey_version(surveys, survey_id, version)
            question = next((q for q in survey.questions if q.id == question_id), None) if survey else None
            read = made[key] = answer_reader(question)
        return read

    return reader


def _raw(value: Any) -> Cell:
    if isinstance(value, list):
        return MULTIPLE_JOIN.join(str(v) for v in value)
    return value if value is None or isinstance(value, (str, int, float)) else str(value)


def responses_table(rows: ExportRows, surveys: Mapping[str, Survey]) -> Table:
    """One line per response; read as the file is written when ``rows.responses`` is a stream."""
    columns = answer_columns(rows.event, surveys, rows.answered_questions())
    header = [_("Response id"), _("Event"), _("Submitted (UTC)"), _("How given"), _("Language"),
              _("Paper card"), _("Paper card row"), _("Raised by a group")] + [c.heading for c in columns]

    reader = version_readers(surveys)
    keys = [(c.survey_id, c.question_id) for c in columns]
    survey_ids = tuple(dict.fromkeys(sid for sid, _qid in keys))
    # The columns' readers for each mix of versions a response was given with: made once per mix.
    by_versions: dict[tuple[int | None, ...], list[tuple[str, str, Callable[[Any], Cell]]]] = {}
    yes, no, event_name = _("Yes"), _("No"), rows.event.name
    modes: dict[str, str] = {}
    nothing: dict[str, Any] = {}

    def lines() -> Iterator[list[Cell]]:
        for r in rows.responses:
            mode = modes.get(r.mode) or modes.setdefault(r.mode, _mode_label(r.mode))
            answers, versions = r.answers, r.versions
            mix = tuple(versions.get(sid) for sid in survey_ids)
            readers = by_versions.get(mix)
            if readers is None:
                readers = by_versions[mix] = [(sid, qid, reader(sid, versions.get(sid), qid)) for sid, qid in keys]
            yield [r.id, event_name, r.submitted_at.replace(tzinfo=None).isoformat(" ", "seconds"), mode, r.language,
                   r.paper_sheet, r.paper_row, yes if r.raised_by_group else no,
                   *[read(answers.get(survey_id, nothing).get(question_id))
                     for survey_id, question_id, read in readers]]

    return Table(_("Responses"), header, lines(), count=rows.count())


def signups_table(rows: ExportRows) -> Table:
    header = [_("Name"), _("Email"), _("Phone"), _("Postcode"), _("Interests"), _("GP practice"),
              _("GP practice code"), _("Preferred contact"), _("Access needs"), _("Signed up at"),
              _("Consent given"), _("Consent given on (UTC)"), _("Privacy notice"), _("Privacy notice version")]

    def line(s: SignupRow) -> list[Cell]:
        return [s.name, s.email, s.phone, s.postcode, MULTIPLE_JOIN.join(i.label for i in s.interests),
                s.practice_name, s.practice_code, s.contact_method.label, s.access_needs, rows.event.name,
                s.consent_method.label, s.consent_given_at.strftime("%Y-%m-%d"), s.notice_id, s.notice_version]

    return Table(_("Sign-ups"), header, (line(s) for s in rows.signups), count=len(rows.signups))


def actions_table(actions: Sequence[ActionRecord], surveys: Mapping[str, Survey]) -> Table:
    """The actions agreed, in the order they are listed (open ones first); dates as YYYY-MM-DD."""
    header = [_("Event"), _("Event date"), _("Topic"), _("You said"), _("We will"), _("Owner"), _("Due"),
              _("Status"), _("What was done"), _("Done on")]
    topics = topic_labels(surveys, DEFAULT_LANGUAGE)

    def line(a: ActionRecord) -> list[Cell]:
        d = a.details
        topic = topics.get(d.topic, d.topic) if d.topic else ""
        return [a.event_name, _iso(a.event_date), topic, d.you_said, d.we_will, d.owner, _iso(d.due_date),
                d.status.label, d.what_done, _iso(d.done_on)]

    return Table(_("Actions"), header, (line(a) for a in actions), count=len(actions))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


def tables_for(rows: ExportRows, surveys: Mapping[str, Survey], what: Sequence[ExportWhat],
               actions: Sequence[ActionRecord] = (), summary: Sequence[Table] = ()) -> list[Table]:
    """The tables asked for, in order; ``summary`` stands for :attr:`ExportWhat.SUMMARY`."""
    makers = {ExportWhat.RESPONSES: lambda: [responses_table(rows, surveys)],
              ExportWhat.SIGNUPS: lambda: [signups_table(rows)],
              ExportWhat.ACTIONS: lambda: [actions_table(actions, surveys)],
              ExportWhat.SUMMARY: lambda: list(summary)}
    return [table for w in what for table in makers[w]()]


def write_export(path: Path, rows: ExportRows, surveys: Mapping[str, Survey], fmt: ExportFormat,
                 what: Sequence[ExportWhat], actions: Sequence[ActionRecord] = (),
                 summary: Sequence[Table] = (), *, progress: Progress | None = None) -> dict[str, int]:
    """Write the tables asked for; returns data rows per table name. CSV holds exactly one table.

    ``actions`` are the event's actions (read with :func:`app.store.actions.list_actions`);
    ``summary`` the report's tables (:func:`app.documents.report_tables.summary_tables`), whose
    small numbers are already hidden as in the report. ``progress(done, total)`` hears of the
    rows written every few hundred rows and once all are (before the file is finished);
    whatever it raises stops the export and nothing is written.
    """
    tables = tables_for(rows, surveys, what, actions, summary)
    if fmt is ExportFormat.CSV and len(tables) != 1:
        raise ValueError(_("A CSV file holds one table; choose responses, sign-ups or actions, or save the "
                           "summary as an Excel workbook."))
    total = sum(t.size() for t in tables)
    tick = (lambda done: progress(done, total)) if progress is not None else None
    if fmt is ExportFormat.CSV:
        counts = {tables[0].name: write_csv(path, tables[0], private=True, tick=tick)}
    else:
        # Owner-only: an export can hold names, contact details, comments and equality answers.
        counts = write_xlsx(path, tables, private=True, tick=tick)
    return counts


def _mode_label(mode: str) -> str:
    try:
        return ResponseMode(mode).label
    except ValueError:
        return mode
