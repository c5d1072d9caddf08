"""The PPG network: for each GP practice, its Patient Participation Group's members signed up in
Involve, the meetings it held, how many came, and the issues it raised and how many of them were
done or could not be done.

Each figure is one query over every practice (a network may have a hundred practices or more),
grouped here; the view of one practice runs the same queries narrowed to it, so its lists
always add up to its row. A meeting is held once its day has come; later ones are planned.
Counts of who attended include guests and people who have since withdrawn (a number, never a
name); the members listed are only those still active who asked to join the group. A guest on a
register is not a member: a name typed at one meeting, never matched to anyone.

An action agreed at a meeting for an issue raised there is the same issue, not another: linked
to it, or (typed before it could be linked) saying the same words at the same meeting. Several
actions agreed at one meeting for the same comment, or in the same words, are one issue too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.core.actions import ActionStatus
from app.core.events import EventKind
from app.core.meeting_issues import ISSUE_QUESTION, ISSUE_SURVEY
from app.core.ppg_network import IssueStatus, Period, issue_status
from app.core.signups import Interest, PersonStatus
from app.store.models import Action, Attendance, Event, GpPractice, Person, Response
from app.store.people import PersonRecord, ppg_members
from app.store.practices import get_practice

_PPG = EventKind.PPG_MEETING.value
ANY_TIME = Period()


@dataclass(frozen=True)
class PracticeFigures:
    """One practice's row in the network view."""

    practice_id: str
    name: str
    code: str
    members: int  # signed up in Involve to the practice's PPG, still active
    meetings: int  # held in the period
    registers: int  # of those, meetings with anyone marked present
    attended: int  # people present across those meetings, guests included
    issues_raised: int
    issues_done: int
    issues_not_possible: int  # every action for it finished, none of them done
    last_meeting: dt.date | None  # the latest held in the period
    next_meeting: dt.date | None  # the first after today, whatever the period

    @property
    def average_attendance(self) -> float | None:
        """People present per meeting, over the meetings whose register was taken."""
        return self.attended / self.registers if self.registers else None

    @property
    def issues_closed(self) -> int:
        """Done or could not be done."""
        return self.issues_done + self.issues_not_possible

    def as_json(self) -> dict[str, object]:
        average = self.average_attendance
        return {"practice_id": self.practice_id, "practice": self.name, "code": self.code,
                "members": self.members, "meetings": self.meetings, "meetings_with_register": self.registers,
                "attended": self.attended, "average_attendance": None if average is None else round(average, 1),
                "issues_raised": self.issues_raised, "issues_done": self.issues_done,
                "issues_could_not_be_done": self.issues_not_possible, "issues_closed": self.issues_closed,
                "last_meeting": _iso(self.last_meeting), "next_meeting": _iso(self.next_meeting)}


@dataclass(frozen=True)
class MeetingLine:
    event_id: str
    name: str
    day: dt.date
    attended: int  # members and guests marked present
    issues: int


@dataclass(frozen=True)
class IssueLine:
    """An issue the group raised at a meeting, or an action agreed there, and how far it has got."""

    id: str  # the response's id, or the action's for an action not linked to a raised issue
    meeting_day: dt.date
    meeting: str
    text: str
    agreed: str  # what was agreed ("we will"), the actions' words joined; "" when nothing yet
    status: IssueStatus


@dataclass(frozen=True)
class PracticeView:
    figures: PracticeFigures
    members: tuple[PersonRecord, ...]
    meetings: tuple[MeetingLine, ...]  # latest first
    issues: tuple[IssueLine, ...]  # latest meeting first


def network_figures(session: Session, period: Period = ANY_TIME, *,
                    today: dt.date | None = None) -> list[PracticeFigures]:
    """Every practice on the list (by name), with its group's figures for meetings held in ``period``."""
    today = today or dt.date.today()
    practices = session.execute(select(GpPractice.id, GpPractice.name, GpPractice.code)
                                .where(GpPractice.deleted_at.is_(None)).order_by(GpPractice.name)).all()
    return _figures(session, [(p.id, p.name, p.code) for p in practices], period, today)


def practice_view(session: Session, practice_id: str, period: Period = ANY_TIME, *,
                  today: dt.date | None = None) -> PracticeView:
    """One practice's row, with its members (how to reach them), its meetings and its issues.

    Raises ``NotFound`` when the practice is not on the list.
    """
    today = today or dt.date.today()
    practice = get_practice(session, practice_id)
    [figures] = _figures(session, [(practice.id, practice.name, practice.code)], period, today)
    meetings = _meetings(session, today, period, practice.id)
    held = meetings.held.get(practice.id, [])
    attended = _attended(session, practice.id)
    issues = _issues(session, held, practice.id)
    counts: dict[str, int] = defaultdict(int)
    for issue in issues:
        counts[issue.event_id] += 1
    lines = tuple(MeetingLine(event_id, name, day, attended.get(event_id, 0), counts[event_id])
                  for event_id, name, day in sorted(held, key=lambda m: (m[2], m[1]), reverse=True))
    issue_lines = tuple(IssueLine(i.id, i.day, i.meeting, i.text, i.agreed, i.status)
                        for i in sorted(issues, key=lambda i: (-i.day.toordinal(), i.meeting, i.order)))
    return PracticeView(figures, tuple(ppg_members(session, practice.id)), lines, issue_lines)


# ----- inside

def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class _Meetings:
    held: dict[str, list[tuple[str, str, dt.date]]]  # practice -> (event id, name, day), in the period
    next: dict[str, dt.date]


@dataclass(frozen=True)
class _Issue:
    id: str
    event_id: str
    day: dt.date
    meeting: str
    text: str
    agreed: str
    status: IssueStatus
    order: tuple[int, str]  # raised before agreed actions, then by time, within a meeting


def _figures(session: Session, practices: list[tuple[str, str, str]], period: Period,
             today: dt.date) -> list[PracticeFigures]:
    only = practices[0][0] if len(practices) == 1 else None
    members = _member_counts(session, only)
    meetings = _meetings(session, today, period, only)
    attended = _attended(session, only)
    raised: dict[str, int] = defaultdict(int)
    done: dict[str, int] = defaultdict(int)
    not_possible: dict[str, int] = defaultdict(int)
    practice_of = {m[0]: practice for practice, rows in meetings.held.items() for m in rows}
    for issue in _issues(session, [m for rows in meetings.held.values() for m in rows], only):
        practice = practice_of[issue.event_id]
        raised[practice] += 1
        done[practice] += issue.status is IssueStatus.DONE
        not_possible[practice] += issue.status is IssueStatus.NOT_POSSIBLE
    found = []
    for practice_id, name, code in practices:
        held = meetings.held.get(practice_id, [])
        present = [attended[m[0]] for m in held if attended.get(m[0])]
        found.append(PracticeFigures(
            practice_id, name, code, members.get(practice_id, 0), len(held), len(present), sum(present),
            raised[practice_id], done[practice_id], not_possible[practice_id], max((m[2] for m in held), default=None),
            meetings.next.get(practice_id)))
    return found


def _member_counts(session: Session, practice_id: str | None) -> dict[str, int]:
    """Active people who asked to join each practice's group (as ``ppg_members`` lists them)."""
    query = select(Person.practice_id, Person.interests).where(
        Person.practice_id.is_not(None), Person.deleted_at.is_(None), Person.status == PersonStatus.ACTIVE.value,
        Person.interests.like(f'%"{Interest.PPG.value}"%'))  # narrows; the JSON is read to be sure
    if practice_id is not None:
        query = query.where(Person.practice_id == practice_id)
    counts: dict[str, int] = defaultdict(int)
    for practice, interests in session.execute(query):
        practice = str(practice)  # never None: kept to people with a practice
        try:
            chosen = json.loads(interests)
        except ValueError:
            continue
        if isinstance(chosen, list) and Interest.PPG.value in chosen:
            counts[practice] += 1
    return counts


def _meetings(session: Session, today: dt.date, period: Period, practice_id: str | None) -> _Meetings:
    query = select(Event.id, Event.name, Event.event_date, Event.practice_id).where(*_ppg_event(practice_id))
    found = _Meetings(defaultdict(list), {})
    for event_id, name, day, practice in session.execute(query):
        practice = str(practice)  # never None: kept to meetings with a practice
        if day > today:
            if practice not in found.next or day < found.next[practice]:
                found.next[practice] = day
        elif period.holds(day):
            found.held[practice].append((event_id, name, day))
    return found


def _ppg_event(practice_id: str | None) -> list[ColumnElement[bool]]:
    """What keeps a joined event to a live PPG meeting (of ``practice_id``, when given)."""
    clauses = [Event.kind == _PPG, Event.practice_id.is_not(None), Event.deleted_at.is_(None)]
    return clauses if practice_id is None else [*clauses, Event.practice_id == practice_id]


def _attended(session: Session, practice_id: str | None) -> dict[str, int]:
    """People marked present at each PPG meeting, members and guests."""
    query = (select(Attendance.event_id, func.count()).join(Event, Event.id == Attendance.event_id)
             .where(Attendance.deleted_at.is_(None), *_ppg_event(practice_id)).group_by(Attendance.event_id))
    return {event_id: n for event_id, n in session.execute(query)}


def _issues(session: Session, held: list[tuple[str, str, dt.date]], practice_id: str | None) -> list[_Issue]:
    """The issues raised at these meetings, each with the actions agreed for it, and the actions
    agreed at them that answer no raised issue (each an issue of its own)."""
    if not held:
        return []
    meeting = {event_id: (name, day) for event_id, name, day in held}
    raised = [row for row in session.execute(
        select(Response.id, Response.event_id, Response.answers, Response.submitted_at)
        .join(Event, Event.id == Response.event_id)
        .where(Response.raised_by_group.is_(True), Response.deleted_at.is_(None), *_ppg_event(practice_id)))
        if row.event_id in meeting]
    actions = [row for row in session.execute(
        select(Action.id, Action.event_id, Action.response_id, Action.you_said, Action.we_will, Action.status,
               Action.created_at)
        .join(Event, Event.id == Action.event_id)
        .where(Action.deleted_at.is_(None), *_ppg_event(practice_id)))
        if row.event_id in meeting]
    answered: dict[str, list[tuple[str, ActionStatus]]] = defaultdict(list)
    raised_ids = {row.id for row in raised}
    # An action typed for a raised issue without linking it (the picker once offered only comments).
    same_words = {(row.event_id, _words(_issue_text(row.answers))): row.id for row in raised}
    # Actions that answer no raised issue: those for the same comment, or in the same words, at one
    # meeting are one issue with several actions, not several issues.
    unraised: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for action in sorted(actions, key=lambda a: a.created_at):
        status = _action_status(action.status)
        issue_id = action.response_id if action.response_id in raised_ids else \
            same_words.get((action.event_id, _words(action.you_said)))
        if issue_id is not None:
            answered[issue_id].append((action.we_will, status))
            continue
        unraised[action.event_id, action.response_id or _words(action.you_said)].append(action)
    found = []
    for (event_id, _said), group in unraised.items():
        name, day = meeting[event_id]
        first = group[0]
        found.append(_Issue(first.id, event_id, day, name, first.you_said, "\n".join(a.we_will for a in group),
                            issue_status([_action_status(a.status) for a in group]),
                            (1, first.created_at.isoformat())))
    for row in raised:
        name, day = meeting[row.event_id]
        agreed = answered.get(row.id, [])
        found.append(_Issue(row.id, row.event_id, day, name, _issue_text(row.answers),
                            "\n".join(words for words, _s in agreed), issue_status([s for _w, s in agreed]),
                            (0, row.submitted_at.isoformat())))
    return found


def _action_status(value: str) -> ActionStatus:
    try:
        return ActionStatus(value)
    except ValueError:  # a status from a newer version of the app: still open, as the actions window shows it
        return ActionStatus.IN_PROGRESS


def _words(text: str) -> str:
    """Text as compared: case, spacing and a closing full stop left out."""
    return " ".join(text.casefold().split()).rstrip(".")


def _issue_text(answers: str) -> str:
    try:
        text = json.loads(answers).get(ISSUE_SURVEY.id, {}).get(ISSUE_QUESTION, "")
    except (ValueError, AttributeError):
        return ""
    return text if isinstance(text, str) else ""
