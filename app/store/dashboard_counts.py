"""The figures the event page's live dashboard shows, read in two queries.

The dashboard refreshes every few seconds on the store's one worker, which also saves the
kiosk's answers, so the read must stay short at 10,000 responses: the FFT answers come from
the ``fft_rating`` column kept beside the answers, and the topics from the answers' JSON,
unpacked by SQLite (``json_each``) rather than decoded in Python row by row. Equality
answers are never read here: they are not for a screen at the stall.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnClause, case, func, literal_column, select
from sqlalchemy.orm import Session

from app.core import fft
from app.store.models import Response

TOPICS_SURVEY = "topics"
TOPICS_QUESTION = "topics"
TOPICS_PATH = f"$.{TOPICS_SURVEY}.{TOPICS_QUESTION}"


@dataclass(frozen=True)
class DashboardCounts:
    """One event's feedback so far. Has the fields of ``EventFeedbackCounts`` and more."""

    responses_today: int
    responses_total: int
    fft: fft.FftScore
    topics: dict[str, int] = field(default_factory=dict)
    """Topic answer value -> how many responses chose it (a response may choose several)."""
    topic_responses: int = 0
    """How many responses chose at least one topic."""


def dashboard_counts(session: Session, event_id: str, *, today: dt.date | None = None) -> DashboardCounts:
    """Responses today (local day) and in all, the six FFT answers, and the topics chosen, for one event."""
    today = today or dt.date.today()
    start = dt.datetime.combine(today, dt.time.min).astimezone(dt.UTC)
    end = start + dt.timedelta(days=1)
    live = (Response.event_id == event_id, Response.deleted_at.is_(None))
    on_day = case(((Response.submitted_at >= start) & (Response.submitted_at < end), 1), else_=0)
    chose_topic = case((func.coalesce(func.json_array_length(Response.answers, TOPICS_PATH), 0) > 0, 1), else_=0)
    rows = session.execute(
        select(Response.fft_rating, func.count(), func.sum(on_day), func.sum(chose_topic))
        .where(*live).group_by(Response.fft_rating))
    total = today_n = topic_responses = 0
    ratings: dict[str, int] = {}
    for rating, n, n_today, n_topics in rows:
        total += n
        today_n += n_today or 0
        topic_responses += n_topics or 0
        if rating in fft.ANSWERS:
            ratings[rating] = n
    topics: dict[str, int] = {}
    if topic_responses:
        chosen = func.json_each(Response.answers, TOPICS_PATH).table_valued("value", "type").alias("chosen")
        value: ColumnClause[Any] = literal_column("chosen.value")
        query = (select(value, func.count(Response.id.distinct())).select_from(Response)
                 .join(chosen, literal_column("1") == 1).where(*live, literal_column("chosen.type") == "text")
                 .group_by(value))
        topics = {str(v): n for v, n in session.execute(query)}
    return DashboardCounts(today_n, total, fft.FftScore({a: ratings.get(a, 0) for a in fft.ANSWERS}),
                           topics, topic_responses)
