"""The annual evidence pack as an XLSX workbook: the PDF's figures, one sheet per section, for
teams who lift the numbers into an annual report.

Small numbers of people are hidden exactly as in the PDF ("<5"); other figures are numbers.
Text is neutralised against formula injection (app.documents.safe_tables); the file is written
whole or not at all, readable by this user only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.core.evidence import ActivityLine, EvidencePack, ProgrammeLine, count_value, suppression_note
from app.core.i18n import _
from app.documents.safe_tables import Cell, Table, write_xlsx


def _count(shown: str) -> Cell:
    return count_value(shown)


def evidence_tables(pack: EvidencePack) -> list[Table]:
    summary: list[Sequence[Cell]] = [[_("Evidence pack"), pack.title], [_("Organisation"), pack.organisation],
                                     [_("From (included)"), pack.date_from], [_("To (included)"), pack.date_to],
                                     [_("Generated"), pack.generated_at.astimezone().replace(tzinfo=None)]]
    summary += [[_("Summary"), line] for line in pack.summary()]
    summary += [[_("Events planned after today, not counted"), pack.events_planned]]
    summary += [[_("Actions completed"), len(pack.changes)],
                [_("Actions that could not be done"), pack.actions_not_possible],
                [_("Actions agreed at these dates' events and still open"), pack.actions_open],
                [_("Small numbers"), suppression_note()]]

    reach: list[Sequence[Cell]] = [[e.label, e.events, e.responses, e.signups] for e in pack.events]
    reach.append([_("All events"), pack.event_count, pack.responses, pack.signups])
    others: list[Sequence[Cell]] = [
        [_("Attendances on PPG meeting registers"), _count(pack.attendance_shown)],
        [_("Members of the network who took part in activities"), _count(pack.people_involved_shown)],
        [_("Organisations that took part in activities"), pack.organisations_involved],
        [_("People living in the area ({area})").format(area=pack.area or "–"), pack.population],
        [_("Pieces of feedback and sign-ups per 1,000 residents"),
         None if pack.reached_per_thousand is None else round(pack.reached_per_thousand, 1)],
    ]
    if not pack.population:
        others.append([_("Population"), pack.population_message])

    def activity_rows(lines: Sequence[ActivityLine]) -> list[Sequence[Cell]]:
        return [[line.label, line.activities, _count(line.people_shown), line.hours] for line in lines]

    hours = activity_rows(pack.hours_by_kind) + activity_rows(
        [ActivityLine(_("All activities"), pack.activities, pack.members_shown, pack.hours)])
    changes: list[Sequence[Cell]] = [[c.you_said, c.we_did, c.done_on, c.event_name] for c in pack.changes]

    def programme_row(p: ProgrammeLine) -> list[Cell]:
        duty = {"yes": _("Applied"), "no": _("Did not apply"), "undecided": _("Not decided yet")}[p.duty]
        return [p.name, p.decision, p.dates, duty, p.duty_notes, p.what_changed, p.feedback_given, p.events,
                p.responses, p.signups, p.actions_done]

    return [
        Table(_("Summary"), [_("Item"), _("Value")], summary),
        Table(_("Activities and reach"), [_("Kind of event"), _("Events held"), _("Feedback"), _("Sign-ups")],
              reach),
        Table(_("Reach and population"), [_("Measure"), _("Value")], others),
        Table(_("Hours"), [_("Kind of activity"), _("Activities"), _("Members"), _("Hours")], hours),
        Table(_("Levels"), [_("Level"), _("Activities"), _("Members"), _("Hours")], activity_rows(pack.levels)),
        Table(_("What changed"), [_("You said"), _("We did"), _("Done on"), _("Event")], changes),
        Table(_("Programmes"), [_("Programme or decision"), _("Decision"), _("Dates"), _("Involvement duty"),
                                _("Why (duty notes)"), _("What changed"), _("Feedback to participants"),
                                _("Events held in range"), _("Feedback"), _("Sign-ups"), _("Actions done")],
              [programme_row(p) for p in pack.programmes]),
    ]


def write_evidence_xlsx(out: Path, pack: EvidencePack) -> int:
    """Write the workbook; returns the number of sheets."""
    tables = evidence_tables(pack)
    write_xlsx(out, tables, private=True)
    return len(tables)
