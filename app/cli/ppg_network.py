"""``involve ppg-network``: each GP practice's Patient Participation Group at a glance: members,
meetings held, how many came, issues raised and closed, the last meeting and the next.

The dates are checked before the store is opened.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.cli.common import UsageError, open_store
from app.core.i18n import _, ngettext

if TYPE_CHECKING:
    from app.core.ppg_network import Period
    from app.store.ppg_network import PracticeFigures

COMMAND = "ppg-network"
NAME_WIDTH = 30  # a longer practice name is cut in the table (its code kept); --json has it whole


def add_commands(commands: argparse._SubParsersAction) -> None:
    network = commands.add_parser(COMMAND, help=_(
        "each GP practice's PPG: members, meetings held, attendance, issues raised and closed"))
    network.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=_("meetings held on or after this day"))
    network.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=_("meetings held on or before this day"))
    network.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _period(args: argparse.Namespace) -> Period:
    from app.core.ppg_network import parse_period

    try:
        return parse_period(args.date_from, args.date_to)
    except ValueError as error:
        raise UsageError(f"involve {COMMAND}: {error}") from None


def _network(args: argparse.Namespace) -> int:
    from app.store.ppg_network import network_figures

    period = _period(args)
    store = open_store(args)
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
    return 0


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def table(rows: list[PracticeFigures]) -> list[str]:
    """The practices as a plain-text table, one line each under a heading."""
    heading = [_("Practice"), _("Members"), _("Meetings held"), _("Average attended"), _("Issues raised"),
               _("Issues closed"), _("Last meeting"), _("Next meeting")]
    lines = [[f"{_cut(r.name)} ({r.code})", str(r.members), str(r.meetings), _number(r.average_attendance),
              str(r.issues_raised), str(r.issues_closed), r.last_meeting.isoformat() if r.last_meeting else "-",
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


HANDLERS = {(COMMAND, None): _network}
