"""The printable "you said, we did" for the public: the actions of one event, or of every event in some dates.

``involve actions print`` and the actions window's Print… both make it here. It carries no
owners and no comments, and personal details quoted in an action are masked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from app.core.i18n import _

if TYPE_CHECKING:
    from app.store.store import Store


@dataclass(frozen=True)
class PublicSummary:
    title: str
    actions: int
    pages: int


def write_public_summary(store: Store, out: Path | BinaryIO, *, event: str | None = None,
                         date_from: dt.date | None = None, date_to: dt.date | None = None,
                         organisation: str = "", topics: Mapping[str, str] | None = None) -> PublicSummary:
    """Write the summary of ``event`` (an id or a unique start of one), or of every event in the dates.

    ``topics`` are the topics' public words (read from this laptop's surveys when not given).
    """
    from app.core.actions import TOPICS_SURVEY, date_range_words, public_when, topic_labels
    from app.documents.you_said_we_did import write_you_said_we_did
    from app.store.actions import list_actions
    from app.store.events import resolve_event
    from app.store.known_names import known_names
    from app.store.responses import survey_versions_used
    from app.store.survey_library import load_library

    surveys = load_library(store.paths.surveys).surveys if topics is None else None
    with store.session() as session:
        names = known_names(session)
        if event is not None:
            record = resolve_event(session, event)
            found = list_actions(session, record.id)
            if surveys is not None:  # in the words of the versions the event was answered with
                topics = topic_labels(surveys, used=survey_versions_used(session, record.id, TOPICS_SURVEY))
            title, subtitle = record.name, public_when(record.details.event_date, record.details.venue)
        else:
            found = list_actions(session, date_from=date_from, date_to=date_to)
            title = _("Across our events")
            subtitle = date_range_words(date_from, date_to) if date_from or date_to else ""
    if topics is None:
        topics = topic_labels(surveys or {})
    pages = write_you_said_we_did(out, title, [a.details for a in found], subtitle=subtitle,
                                  organisation=organisation, topics=topics, known_names=names)
    return PublicSummary(title, len(found), pages)
