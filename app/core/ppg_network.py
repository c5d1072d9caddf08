"""The PPG network view's words and rules: the period a view covers, and what an issue's status is.

An issue is something a practice's Patient Participation Group raised at one of its meetings
(recorded as feedback from the group), or a "you said, we did" action agreed at one of them.
It is closed once its action is finished: done, or found not possible.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from app.core.actions import ActionStatus
from app.core.i18n import _
from app.core.validation import parse_date


@dataclass(frozen=True)
class Period:
    """Meetings held from ``start`` to ``end`` (each included); None: no limit that side."""

    start: dt.date | None = None
    end: dt.date | None = None

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def parse_period(date_from: object, date_to: object) -> Period:
    """A period from two optional YYYY-MM-DD texts; raises ``ValueError`` in plain words."""
    start = parse_date(date_from) if date_from not in (None, "") else None
    end = parse_date(date_to) if date_to not in (None, "") else None
    if start is not None and end is not None and end < start:
        raise ValueError(_("The end of the period ({end}) is before its start ({start}).").format(
            end=end.isoformat(), start=start.isoformat()))
    return Period(start, end)


def financial_year(today: dt.date, back: int = 0) -> Period:
    """The NHS financial year (1 April to 31 March) holding ``today``, or ``back`` years before it."""
    first = today.year if today.month >= 4 else today.year - 1
    first -= back
    return Period(dt.date(first, 4, 1), dt.date(first + 1, 3, 31))


class IssueStatus(enum.StrEnum):
    NO_ACTION = "no_action"  # raised, nothing agreed yet
    AGREED = ActionStatus.AGREED.value
    IN_PROGRESS = ActionStatus.IN_PROGRESS.value
    DONE = ActionStatus.DONE.value
    NOT_POSSIBLE = ActionStatus.NOT_POSSIBLE.value

    @property
    def label(self) -> str:
        if self is IssueStatus.NO_ACTION:
            return _("No action agreed yet")
        return ActionStatus(self.value).label

    @property
    def closed(self) -> bool:
        return self in (IssueStatus.DONE, IssueStatus.NOT_POSSIBLE)


def issue_status(action_statuses: list[ActionStatus]) -> IssueStatus:
    """An issue's status from the statuses of the actions agreed for it.

    Open while any action is open (the furthest on of those); once all are finished, done if
    any was done, else not possible.
    """
    if not action_statuses:
        return IssueStatus.NO_ACTION
    open_ones = [s for s in action_statuses if not s.finished]
    if open_ones:
        return IssueStatus.IN_PROGRESS if ActionStatus.IN_PROGRESS in open_ones else IssueStatus.AGREED
    return IssueStatus.DONE if ActionStatus.DONE in action_statuses else IssueStatus.NOT_POSSIBLE
