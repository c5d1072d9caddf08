"""Reading FFT answers per UK calendar month and per service from the local store, for the monthly return."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.fft_return import Month, ReturnCounts, count_answers
from app.store.models import Event, Response


def fft_counts_by_month(session: Session, months: Sequence[Month]) -> ReturnCounts:
    """Counts of each FFT answer and mode per month and per event's service, for live responses to live events.

    Only the rows of the months asked for are read: the UTC bounds are the UK month
    boundaries, and each row's month is decided in UK time, so a clock change falls right.
    """
    if not months:
        return {}
    start, end = min(months).start_utc(), max(months).next().start_utc()
    query = (select(Response.submitted_at, Event.service, Response.fft_rating, Response.mode)
             .join(Event, Event.id == Response.event_id)
             .where(Response.deleted_at.is_(None), Event.deleted_at.is_(None), Response.fft_rating.is_not(None),
                    Response.submitted_at >= start, Response.submitted_at < end))
    return count_answers(session.execute(query), months)
