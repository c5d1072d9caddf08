"""What every ``involve`` command shares: the one-line usage error, counting, opening the store."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from app.core.i18n import _

if TYPE_CHECKING:
    from app.store.restore import Recovered
    from app.store.store import Store

# Command-line option for each event field, so messages name what the person typed.
EVENT_OPTIONS = {
    "name": "--name", "kind": "--kind", "event_date": "--date", "start_time": "--start",
    "end_time": "--end", "venue": "--venue", "locality": "--locality",
    "organiser": "--organiser", "partners": "--partners", "notes": "--notes",
    "survey_ids": "--surveys", "service": "--service", "easy_read": "--easy-read",
}
# What a checked field is called on the command line, for every command.
FIELD_OPTIONS = EVENT_OPTIONS | {"code": "--code"}


class UsageError(Exception):
    """Bad command-line input; the message is one line."""


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        for action in self._actions:
            # A command given without its action: say which actions there are, not only "ACTION".
            if isinstance(action, argparse._SubParsersAction) and action.metavar and action.choices \
                    and "required" in message and str(action.metavar) in message:
                message += "; " + _("choose one of: {actions} (see {prog} --help)").format(
                    actions=", ".join(action.choices), prog=self.prog)
                break
        raise UsageError(f"{self.prog}: {message}")


def describe_commands(parser: argparse.ArgumentParser) -> None:
    """Give every subcommand without a description its one-line help as one, for its ``--help``."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, child in action.choices.items():
            text = helps.get(name)
            if child.description is None and text:
                child.description = str(text)[:1].upper() + str(text)[1:] + "."
            describe_commands(child)


def count(text: str) -> int:
    from app.store.demo import parse_count

    try:
        return parse_count(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def date_range(command: str, date_from: str | None, date_to: str | None) -> tuple[dt.date | None, dt.date | None]:
    """``--from`` and ``--to`` checked, the same way and in the same words for every command:
    each a real date, and the range running forwards. A ``UsageError`` naming the option if not."""
    from app.core.validation import parse_date

    days: list[dt.date | None] = []
    for option, text in (("--from", date_from), ("--to", date_to)):
        try:
            days.append(None if text is None else parse_date(text))
        except ValueError as error:
            raise UsageError(f"involve {command}: {option}: {error}") from None
    start, end = days
    if start is not None and end is not None and end < start:
        raise UsageError(f"involve {command}: " + _("--from {start} is after --to {end}.").format(
            start=start.isoformat(), end=end.isoformat()))
    return start, end


def open_store(args: argparse.Namespace, *, reading: bool = False) -> Store:
    """The store in ``--data-dir``, made there if it is new; with ``reading``, a command that only
    reads refuses a folder holding no store (a mistyped ``--data-dir``), making nothing."""
    from app.logs import start_logging
    from app.store.paths import resolve_data_dir
    from app.store.settings_file import SettingsFile
    from app.store.store import Store

    paths = resolve_data_dir(args.data_dir)
    if reading and not paths.store.exists():
        raise UsageError("involve: " + _("No Involve data in {folder}. Check --data-dir, or run involve demo / "
                                         "start the app to make one.").format(folder=paths.root))
    paths.ensure()
    start_logging(paths.logs)
    keep = SettingsFile(paths.settings).get("backups_to_keep")
    # Without the check of every page, which takes seconds on a year's data: SQLite still
    # refuses a damaged page when a command reads it (see command.main), and `status` checks.
    store = Store.open(paths, backup="if-upgrading", backups_to_keep=keep, check=False)
    if store.recovered is not None:
        print(recovered_text(store.recovered), file=sys.stderr)
    return store


def recovered_text(recovered: Recovered) -> str:
    from app.core.i18n import _

    if recovered.outcome == "finished":
        return _("involve: a restore that was interrupted has been finished; the data it replaced is kept as "
                 "{file}").format(file=recovered.aside)
    return _("involve: a restore that was interrupted before its copy was whole has been undone; the data is as "
             "it was.")


def confirm(question: str) -> None:
    """Ask on the terminal; without one, refuse rather than act unasked."""
    if not sys.stdin.isatty():
        raise UsageError(_("{question} Add --yes to go ahead without being asked.").format(question=question))
    answer = input(f"{question} [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise UsageError(_("Nothing was changed."))
