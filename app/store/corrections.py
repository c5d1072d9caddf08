"""Finding, correcting and deleting single feedback responses, with an audit of each change.

A deletion is a tombstone (``deleted_at``) that syncs like any change; every reader of
responses leaves tombstones out. What a member of the public typed at the kiosk is their own
words: it may be deleted, never edited. Each correction adds a row to ``corrections``, kept on
this laptop: who (the laptop's name and the person signed in to it), when, why, and the answers
as they were before.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import fft
from app.core.i18n import _
from app.core.responses import ResponseMode, check_response, fft_rating_of
from app.core.surveys import Survey
from app.store.errors import NotFound, StoreError
from app.store.models import Correction, Response, utcnow

MIN_PREFIX = 4
EDITED, DELETED = "edited", "deleted"
REASON_LIMIT = 500


class CorrectionRefused(StoreError):
    """The correction cannot be made (a kiosk response edited, a deletion without a reason...)."""


@dataclass(frozen=True)
class CorrectedBy:
    """Who makes a correction: the laptop's name and the person signed in to it."""

    laptop: str
    user_name: str

    def __str__(self) -> str:
        return f"{self.user_name} on {self.laptop}" if self.user_name else self.laptop


@dataclass(frozen=True)
class CorrectionRecord:
    at: dt.datetime
    action: str  # edited or deleted
    reason: str
    laptop: str
    user_name: str


@dataclass(frozen=True)
class ResponseFilter:
    """Which of an event's responses to list; the defaults list every live one."""

    mode: ResponseMode | None = None
    fft_rating: str | None = None  # an FFT answer value, or "" for responses without one
    include_deleted: bool = False
    text: str = ""  # words in any written answer, or a paper card's code


@dataclass(frozen=True)
class ResponseView:
    id: str
    event_id: str
    mode: str
    language: str
    submitted_at: dt.datetime
    updated_at: dt.datetime
    version: int
    fft_rating: str | None
    answers: dict[str, dict[str, Any]]
    paper_sheet: str | None
    paper_row: int | None
    raised_by_group: bool
    deleted_at: dt.datetime | None
    deleted_note: str | None = None  # the reason the tombstone carries
    deleted_by: str | None = None
    corrections: tuple[CorrectionRecord, ...] = ()

    @property
    def comment(self) -> str:
        value = self.answers.get(fft.SURVEY_ID, {}).get(fft.COMMENT_QUESTION)
        return value.strip() if isinstance(value, str) else ""

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def editable(self) -> bool:
        """Staff and paper responses may be corrected; the kiosk's are the public's own words."""
        return not self.deleted and self.mode != ResponseMode.KIOSK.value

    @property
    def deleted_reason(self) -> str:
        return self.deleted_note or next((c.reason for c in reversed(self.corrections) if c.action == DELETED), "")

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "event_id": self.event_id, "mode": self.mode, "language": self.language,
                "submitted_at": self.submitted_at.isoformat(), "fft_rating": self.fft_rating,
                "comment": self.comment, "paper_card": self.paper_sheet, "raised_by_group": self.raised_by_group,
                "deleted_at": self.deleted_at.isoformat() if self.deleted_at else None,
                "deleted_reason": self.deleted_reason or None, "deleted_by": self.deleted_by,
                "answers": self.answers}


def _answers(text: str) -> dict[str, dict[str, Any]]:
    try:
        value = json.loads(text)
    except ValueError:  # a damaged row is still listed, so it can be deleted
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, dict)} if isinstance(value, dict) else {}


def _view(row: Response, corrections: tuple[CorrectionRecord, ...] = ()) -> ResponseView:
    return ResponseView(row.id, row.event_id, row.mode, row.language, row.submitted_at, row.updated_at, row.version,
                        row.fft_rating, _answers(row.answers), row.paper_sheet, row.paper_row,
                        bool(row.raised_by_group), row.deleted_at, row.deleted_reason, row.deleted_by, corrections)


def _written(answers: Mapping[str, Mapping[str, Any]]) -> str:
    """Every written answer (not a choice's value), for searching."""
    words = []
    for survey_id, given in answers.items():
        for question_id, value in given.items():
            if isinstance(value, str) and (survey_id, question_id) != (fft.SURVEY_ID, fft.RATING_QUESTION):
                words.append(value)
    return "\n".join(words).casefold()


def _matches(view: ResponseView, sheet: str | None, wanted: str) -> bool:
    return wanted in _written(view.answers) or (sheet is not None and wanted in sheet.casefold())


def list_responses(session: Session, event_id: str, filters: ResponseFilter | None = None) -> list[ResponseView]:
    """An event's responses that pass ``filters``, newest first."""
    filters = filters or ResponseFilter()
    query = select(Response).where(Response.event_id == event_id)
    if not filters.include_deleted:
        query = query.where(Response.deleted_at.is_(None))
    if filters.mode is not None:
        query = query.where(Response.mode == filters.mode.value)
    if filters.fft_rating == "":
        query = query.where(Response.fft_rating.is_(None))
    elif filters.fft_rating is not None:
        query = query.where(Response.fft_rating == filters.fft_rating)
    rows = session.scalars(query.order_by(Response.submitted_at.desc(), Response.id))
    wanted = " ".join(filters.text.split()).casefold()
    views = []
    for row in rows:
        view = _view(row)
        if not wanted or _matches(view, row.paper_sheet, wanted):
            views.append(view)
    return views


def corrections_of(session: Session, response_id: str) -> list[CorrectionRecord]:
    """Every correction made to one response on this laptop, oldest first."""
    rows = session.scalars(select(Correction).where(Correction.response_id == response_id)
                           .order_by(Correction.at, Correction.id))
    return [CorrectionRecord(c.at, c.action, c.reason, c.laptop, c.user_name) for c in rows]


def get_response(session: Session, response_id: str) -> ResponseView:
    """One response, deleted or not, with its corrections."""
    row = session.get(Response, response_id)
    if row is None:
        raise NotFound(_("No response has the id {id}.").format(id=response_id))
    return _view(row, tuple(corrections_of(session, response_id)))


def resolve_response(session: Session, ref: str) -> ResponseView:
    """The one response whose id is ``ref`` or starts with it."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFound(_("Give at least {n} characters of the response's id.").format(n=MIN_PREFIX))
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    ids = session.scalars(select(Response.id).where(Response.id.like(escaped + "%", escape="\\")).limit(2)).all()
    if not ids:
        raise NotFound(_("No response has an id starting '{ref}'.").format(ref=ref))
    if len(ids) > 1:
        raise NotFound(_("More than one response has an id starting '{ref}'; give more of it.").format(ref=ref))
    return get_response(session, ids[0])


def check_reason(reason: str) -> str:
    """The reason for a correction, tidied; refused if missing or too long."""
    reason = " ".join(reason.split())
    if not reason:
        raise CorrectionRefused(_("Give a reason, so others can see why this was changed."))
    if len(reason) > REASON_LIMIT:
        raise CorrectionRefused(_("Keep the reason to {n} characters or fewer.").format(n=REASON_LIMIT))
    return reason


def _live(session: Session, response_id: str) -> Response:
    row = session.get(Response, response_id)
    if row is None:
        raise NotFound(_("No response has the id {id}.").format(id=response_id))
    if row.deleted_at is not None:
        raise CorrectionRefused(_("This response has already been deleted."))
    return row


def _audit(session: Session, row: Response, action: str, reason: str, by: CorrectedBy, before: str,
           *, paper: tuple[str | None, int | None] = (None, None)) -> None:
    session.add(Correction(at=utcnow(), response_id=row.id, action=action, reason=reason, laptop=by.laptop[:200],
                           user_name=by.user_name[:200], before=before, paper_sheet=paper[0], paper_row=paper[1]))


def edit_response(session: Session, response_id: str, surveys: Mapping[str, Survey],
                  answers: Mapping[str, Mapping[str, Any]], by: CorrectedBy, *, reason: str) -> ResponseView:
    """Replace the answers to ``surveys`` of a staff or paper response, checked as a new one is, with
    the reason why.

    Answers to surveys not given (say one this laptop no longer has) are kept as they were.
    """
    row = _live(session, response_id)
    if row.mode == ResponseMode.KIOSK.value:
        raise CorrectionRefused(_("Kiosk feedback is the person's own words: it can be deleted, not changed."))
    reason = check_reason(reason)
    clean = check_response(surveys, answers)
    before = row.answers
    merged = _answers(before) | clean
    versions = _answers_versions(row.survey_versions) | {sid: s.version for sid, s in surveys.items()}
    row.answers = json.dumps(merged, ensure_ascii=False, sort_keys=True)
    row.survey_versions = json.dumps(versions)
    row.fft_rating = fft_rating_of(merged)
    session.flush()
    if row.answers != before:
        _audit(session, row, EDITED, reason, by, before)
    return get_response(session, response_id)


def _answers_versions(text: str) -> dict[str, int]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int)} if isinstance(value, dict) else {}


def delete_response(session: Session, response_id: str, reason: str, by: CorrectedBy) -> ResponseView:
    """Delete one response, of any kind, with the reason why.

    The row stays as a tombstone so the deletion reaches the centre. A paper card gives up its
    row number, so the card can be typed in again; its code is kept in the audit.
    """
    reason = check_reason(reason)
    row = _live(session, response_id)
    paper = (row.paper_sheet, row.paper_row)
    row.deleted_at = utcnow()
    row.deleted_reason = reason
    row.deleted_by = str(by)[:200]
    row.paper_row = None
    session.flush()
    _audit(session, row, DELETED, reason, by, row.answers, paper=paper)
    return get_response(session, response_id)
