"""Saving feedback responses and counting them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Table, func, insert, select
from sqlalchemy.orm import Session

from app.core import fft
from app.core.responses import ResponseMode, check_response, fft_rating_of
from app.core.survey_versions import versions_of
from app.core.surveys import Survey
from app.store.models import Event, Response, utcnow

# Built once: the kiosk's save is on the critical path before "Thank you", and compiling a
# fresh ORM insert for every response costs more than the commit itself.
_INSERT_ONCE = insert(cast(Table, Response.__table__)).prefix_with("OR IGNORE")


@dataclass(frozen=True)
class EventFeedbackCounts:
    responses_today: int
    responses_total: int
    fft: fft.FftScore


def submit_response(
    session: Session,
    *,
    response_id: str,
    device_id: str,
    event_id: str,
    surveys: Mapping[str, Survey],
    answers: Mapping[str, Mapping[str, Any]],
    mode: ResponseMode,
    language: str,
    submitted_at: dt.datetime | None = None,
    paper: tuple[str, int] | None = None,
    raised_by_group: bool = False,
) -> bool:
    """Check and save one response; True if it was new.

    ``response_id`` is made when the person starts, so sending the same response twice (a
    retry after a crash, a double tap) saves it once.
    """
    clean = check_response(surveys, answers)
    now = utcnow()
    values = {
        "id": response_id, "device_id": device_id, "event_id": event_id, "created_at": now, "updated_at": now,
        "version": 1, "synced_version": 0, "deleted_at": None, "mode": ResponseMode(mode).value,
        "language": language, "survey_versions": json.dumps({sid: s.version for sid, s in surveys.items()}),
        "answers": json.dumps(clean, ensure_ascii=False, sort_keys=True), "fft_rating": fft_rating_of(clean),
        "submitted_at": submitted_at or now, "paper_sheet": paper[0] if paper else None,
        "paper_row": paper[1] if paper else None, "raised_by_group": raised_by_group,
    }
    result = cast(CursorResult[Any], session.execute(_INSERT_ONCE, values))  # an INSERT's result
    return result.rowcount == 1


def event_feedback_counts(session: Session, event_id: str, *, today: dt.date | None = None) -> EventFeedbackCounts:
    """Responses today (local day) and in all, and the FFT score so far, for one event."""
    live = (Response.event_id == event_id, Response.deleted_at.is_(None))
    today = today or dt.date.today()
    start = dt.datetime.combine(today, dt.time.min).astimezone(dt.UTC)
    end = start + dt.timedelta(days=1)
    total = session.scalar(select(func.count()).select_from(Response).where(*live)) or 0
    on_day = session.scalar(select(func.count()).select_from(Response).where(
        *live, Response.submitted_at >= start, Response.submitted_at < end)) or 0
    ratings = session.execute(select(Response.fft_rating, func.count()).where(*live).group_by(Response.fft_rating))
    counts = {rating: n for rating, n in ratings if rating in fft.ANSWERS}
    return EventFeedbackCounts(on_day, total, fft.FftScore({a: counts.get(a, 0) for a in fft.ANSWERS}))


def response_answers(session: Session, event_id: str) -> list[dict[str, Any]]:
    """Every live response to an event, decoded, oldest first."""
    rows = session.execute(select(Response.id, Response.mode, Response.language, Response.answers,
                                  Response.submitted_at)
                           .where(Response.event_id == event_id, Response.deleted_at.is_(None))
                           .order_by(Response.submitted_at))
    return [{"id": rid, "mode": mode, "language": lang, "answers": json.loads(answers), "submitted_at": at}
            for rid, mode, lang, answers, at in rows]


def event_exists(session: Session, event_id: str) -> bool:
    return session.get(Event, event_id) is not None


def survey_versions_used(session: Session, event_id: str, survey_id: str) -> set[int]:
    """The versions of ``survey_id`` the event's responses were answered with."""
    query = (select(Response.survey_versions).where(Response.event_id == event_id, Response.deleted_at.is_(None))
             .distinct())
    return {v for text in session.scalars(query) if (v := versions_of(text).get(survey_id)) is not None}
