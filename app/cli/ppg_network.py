"""``involve ppg-network``: each GP practice's Patient Participation Group at a glance: members
signed up in Involve, meetings held, how many came (at the meetings with a register), issues
raised, done and could not be done, the last meeting and the next. Notes under the table say
what the counts leave out.

The dates are checked before the store is opened.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.cli.common import date_range, open_store
from app.core.i18n import _, ngettext

if TYPE_CHECKING:
    from app.core.ppg_network import Period
    from app.store.ppg_network import PracticeFigures

COMMAND = "ppg-network"
NAME_WIDTH = 30  # a longer practice name is cut in the table (its code kept); --json has it whole


def add_commands(commands: argparse._SubParsersAction) -> None:
    network = commands.add_parser(COMMAND, help=_(
        "each GP practice's PPG: members in Involve, meetings held, attendance, issues raised, done and "
        "could not be done"))
    network.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=_("meetings held on or after this day"))
    network.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=_("meetings held on or before this day"))
    network.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _period(args: argparse.Namespace) -> Period:
    from app.core.ppg_network import Period

    return Period(*date_range(COMMAND, args.date_from, args.date_to))


def _network(args: argparse.Namespace) -> int:
    from app.store.ppg_network import network_figures

    period = _period(args)
    store = open_store(args, reading=True)
    try:
        with store.session() as session:
            rows = network_figures(session, period)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"from": period.start.isoformat() if period.start else None,
                          "to": period.end.isoformat() if period.end else None,
                          "practices": [row.as_json() for row in rows]}, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print(_("No GP practices are on the list yet. Add them with: involve practice add"))
        return 0
    for line in table(rows):
        print(line.rstrip())
    print(summary(rows, period))
    for line in notes(rows):
        print(line)
    return 0


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def table(rows: list[PracticeFigures]) -> list[str]:
    """The practices as a plain-text table, one line each under a heading."""
    heading = [_("Practice"), _("Members in Involve"), _("Meetings held"), _("Average attended (with register)"),
               _("Issues raised"), _("Issues done"), _("Could not be done"), _("Last meeting"), _("Next meeting")]
    lines = [[f"{_cut(r.name)} ({r.code})", str(r.members), str(r.meetings), _number(r.average_attendance),
              str(r.issues_raised), str(r.issues_done), str(r.issues_not_possible),
              r.last_meeting.isoformat() if r.last_meeting else "-",
              r.next_meeting.isoformat() if r.next_meeting else "-"] for r in rows]
    widths = [max(len(cells[n]) for cells in [heading, *lines]) for n in range(len(heading))]

    def joined(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(cell.rjust(widths[n]) for n, cell in enumerate(cells) if n)])

    return [joined(heading), *(joined(cells) for cells in lines)]


def _cut(text: str) -> str:
    return text if len(text) <= NAME_WIDTH else text[:NAME_WIDTH - 1] + "…"


def summary(rows: list[PracticeFigures], period: Period) -> str:
    groups = sum(1 for r in rows if r.members or r.meetings)
    meetings = sum(r.meetings for r in rows)
    text = ngettext("{n} practice", "{n} practices", len(rows)).format(n=len(rows))
    text += ", " + ngettext("{n} with a PPG", "{n} with a PPG", groups).format(n=groups)
    text += ", " + ngettext("{n} meeting held", "{n} meetings held", meetings).format(n=meetings)
    if period.start or period.end:
        text += " " + _("from {start} to {end}").format(
            start=period.start.isoformat() if period.start else _("the start"),
            end=period.end.isoformat() if period.end else _("today"))
    return text + "."


def notes(rows: list[PracticeFigures]) -> list[str]:
    """What the counts leave out, said under the table."""
    meetings = sum(r.meetings for r in rows)
    unregistered = meetings - sum(r.registers for r in rows)
    lines = [_("Members in Involve: people signed up in Involve who asked to join the practice's PPG and have "
               "not withdrawn; guests on a register are not counted."),
             _("Issues raised: actions agreed at a meeting for an issue raised there, or for the same comment "
               "or words, count as that one issue.")]
    if unregistered:
        lines.insert(1, ngettext(
            "Average attended: over the meetings with a register taken; {n} meeting held had none and is left out.",
            "Average attended: over the meetings with a register taken; {n} meetings held had none and are left out.",
            unregistered).format(n=unregistered))
    else:
        lines.insert(1, _("Average attended: over the meetings with a register taken."))
    return lines


HANDLERS = {(COMMAND, None): _network}
