"""What every ``involve`` command shares: the one-line usage error, counting, opening the store."""

from __future__ import annotations

import argparse
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
        raise UsageError(f"{self.prog}: {message}")


def count(text: str) -> int:
    from app.store.demo import parse_count

    try:
        return parse_count(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def open_store(args: argparse.Namespace) -> Store:
    from app.logs import start_logging
    from app.store.paths import resolve_data_dir
    from app.store.settings_file import SettingsFile
    from app.store.store import Store

    paths = resolve_data_dir(args.data_dir)
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
