"""The annual evidence pack's figures, ready to print: what the PDF and the XLSX both draw.

Counts of people are shown as the reports show them (app.core.suppression): 1 to 4 people is
"<5". The pack counts people in these places: members who took part (in all, per kind of
activity and per rung of the ladder) and the attendances on PPG meeting registers. A member can
take part in several kinds of activity and at several levels, so those tables are "choose all
that apply" breakdowns (primary suppression only). Counts of events, of activities, of actions
and hours given are counts of occasions and time, not of people, and are shown in full; so are
pieces of feedback and sign-ups, as in the event reports. Feedback and sign-ups are records,
not people (one person may give feedback and sign up too), so they are never added up and
called people.

Only events held by today count as held; those later in the range are planned (``held_to``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.i18n import _, ngettext
from app.core.suppression import THRESHOLD, suppress


@dataclass(frozen=True)
class EventKindLine:
    label: str
    events: int
    responses: int
    signups: int


@dataclass(frozen=True)
class ActivityLine:
    """One kind of activity, or one rung of the ladder."""

    label: str
    activities: int
    people_shown: str  # "12", "0" or "<5"
    hours: float


@dataclass(frozen=True)
class ChangeLine:
    """A "you said, we did" action done in the range."""

    you_said: str
    we_did: str
    done_on: dt.date
    event_name: str


@dataclass(frozen=True)
class ProgrammeLine:
    name: str
    decision: str
    dates: str  # "1 Apr 2026 to 31 Mar 2027", or ""
    duty: str  # the Duty value: yes, no, undecided
    duty_notes: str
    what_changed: str
    feedback_given: str
    events: int
    responses: int  # feedback given at its events held in the range
    signups: int  # sign-ups at those events
    actions_done: int


@dataclass(frozen=True)
class EvidencePack:
    organisation: str
    date_from: dt.date
    date_to: dt.date
    generated_at: dt.datetime
    held_to: dt.date  # events after this day (today) are planned, not held
    events_planned: int  # events in the range after ``held_to``
    # Activities and reach
    events: tuple[EventKindLine, ...]
    attendance_shown: str  # attendances on PPG meeting registers, "<5" when 1 to 4
    people_involved_shown: str  # members with an entry in their involvement log
    organisations_involved: int
    population: int | None  # residents in the population profile; None without one
    area: str
    population_message: str  # why there is no comparison, when there is none
    # Hours and levels
    activities: int
    hours: float
    members_shown: str  # members who gave time
    hours_by_kind: tuple[ActivityLine, ...]
    levels: tuple[ActivityLine, ...]  # every rung, lowest first
    # What changed
    changes: tuple[ChangeLine, ...]
    actions_not_possible: int
    actions_open: int
    programmes: tuple[ProgrammeLine, ...]

    @property
    def title(self) -> str:
        return _("Public involvement evidence pack, {start} to {end}").format(
            start=long_day(self.date_from), end=long_day(self.date_to))

    @property
    def short_title(self) -> str:
        """For the foot of each page, where the whole title and the time it was made must fit."""
        return _("Evidence pack, {start} to {end}").format(start=short_day(self.date_from),
                                                            end=short_day(self.date_to))

    @property
    def event_count(self) -> int:
        return sum(line.events for line in self.events)

    @property
    def responses(self) -> int:
        return sum(line.responses for line in self.events)

    @property
    def signups(self) -> int:
        return sum(line.signups for line in self.events)

    @property
    def reached_per_thousand(self) -> float | None:
        """Responses and sign-ups per 1,000 residents (someone may be counted more than once)."""
        if not self.population:
            return None
        return 1000.0 * (self.responses + self.signups) / self.population

    def programmes_with(self, duty: str) -> tuple[ProgrammeLine, ...]:
        return tuple(p for p in self.programmes if p.duty == duty)

    @property
    def changed_programmes(self) -> tuple[ProgrammeLine, ...]:
        return tuple(p for p in self.programmes if p.what_changed)

    @property
    def any_suppressed(self) -> bool:
        shown = [self.attendance_shown, self.people_involved_shown, self.members_shown]
        shown += [line.people_shown for line in (*self.hours_by_kind, *self.levels)]
        return any(s.startswith("<") for s in shown)

    @property
    def is_empty(self) -> bool:
        """Nothing was recorded in these dates: no event, activity or action (programmes that run
        through them may still be listed, with the duty)."""
        return not (self.event_count or self.events_planned or self.activities or self.changes
                    or self.actions_not_possible or self.actions_open or self.attendance_shown != "0"
                    or self.organisations_involved or self.people_involved_shown != "0")

    def nothing_recorded(self) -> str:
        return _("Nothing was recorded on this laptop between {start} and {end}: no events, no activities in "
                 "members' logs and no “you said, we did” actions.").format(
            start=long_day(self.date_from), end=long_day(self.date_to))

    def coverage_note(self) -> str:
        """When the dates run past today: what the pack covers, and the events still to come; else ""."""
        if self.held_to >= self.date_to:
            return ""
        text = _("These dates run past today, so the pack covers up to today, {today}.").format(
            today=long_day(self.held_to))
        if self.events_planned:
            text += " " + ngettext("{n} event planned after today is not counted as held.",
                                   "{n} events planned after today are not counted as held.",
                                   self.events_planned).format(n=f"{self.events_planned:,}")
        return text

    def summary(self) -> list[str]:
        """The pack in a few plain sentences, for an annual report to lift."""
        if self.is_empty:
            return [self.nothing_recorded(), *([self.coverage_note()] if self.coverage_note() else [])]
        span = _("Between {start} and {end}").format(start=long_day(self.date_from), end=long_day(self.held_to))
        who = self.organisation or _("we")
        lines = [ngettext("{span}, {who} held {n} engagement event", "{span}, {who} held {n} engagement events",
                          self.event_count).format(span=span, who=who, n=f"{self.event_count:,}")
                 + ngettext(", with {r} piece of feedback", ", with {r} pieces of feedback", self.responses).format(
                     r=f"{self.responses:,}")
                 + ngettext(" and {s} sign-up.", " and {s} sign-ups.", self.signups).format(s=f"{self.signups:,}")]
        if self.coverage_note():
            lines.append(self.coverage_note())
        per = self.reached_per_thousand
        if per is not None:
            lines.append(_("That is {per} pieces of feedback and sign-ups for every 1,000 people living in {area} "
                           "({population} residents).").format(per=f"{per:.1f}", area=self.area or _("the area"),
                                                               population=f"{self.population:,}"))
        lines.append(_("Members of our network gave {hours} hours in {n} activities ({members} members took part).")
                     .format(hours=format_hours(self.hours), n=f"{self.activities:,}", members=self.members_shown))
        top = [line for line in self.levels if line.activities][-1:] if self.activities else []
        if top:
            lines.append(_("The highest level reached on the ladder of participation was “{level}”.").format(
                level=top[0].label))
        lines.append(ngettext("{n} “you said, we did” action was completed",
                              "{n} “you said, we did” actions were completed", len(self.changes)).format(
            n=len(self.changes)) + ngettext(", and {m} programme or decision records what changed as a result.",
                                            ", and {m} programmes or decisions record what changed as a result.",
                                            len(self.changed_programmes)).format(m=len(self.changed_programmes)))
        applied = self.programmes_with("yes")
        lines.append(ngettext("The public involvement duty applied to {n} programme or decision.",
                              "The public involvement duty applied to {n} programmes or decisions.",
                              len(applied)).format(n=len(applied)))
        return lines


def long_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_day(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {day:%b %Y}"


def format_hours(hours: float) -> str:
    """'12.5', '1,204' (whole hours without a decimal)."""
    return f"{hours:,.0f}" if float(hours).is_integer() else f"{hours:,.1f}"


def hours_of(minutes: int) -> float:
    return round(minutes / 60.0, 1)


def people_shown(count: int) -> str:
    """One count of people as the reports show it: 1 to 4 is "<5"."""
    return suppress({"n": count}, partition=False).cells[0].shown


def count_value(shown: str) -> int | str:
    """A count as shown, for a spreadsheet or JSON: a number where it is one, "<5" kept as text."""
    digits = shown.replace(",", "")
    return int(digits) if digits.isdigit() else shown


def suppression_note() -> str:
    return _("<{n} means from 1 to {m} people: small numbers of people are not shown, so that nobody can be "
             "recognised. Counts of events, activities, actions, hours, feedback and sign-ups are shown in "
             "full.").format(n=THRESHOLD, m=THRESHOLD - 1)
