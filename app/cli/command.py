"""The ``involve`` command: the desktop app, or a headless subcommand.

Every subcommand checks all of its input before it opens the store, so a bad argument
exits non-zero with one line on stderr and writes nothing.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.cli import (
    actions,
    activities,
    backup,
    central,
    events,
    evidence,
    export,
    fft,
    find,
    kiosk,
    organisations,
    paper,
    people,
    pin,
    population,
    ppg_network,
    programmes,
    report,
    responses,
    settings,
    status,
    sync,
    typed_rows,
)
from app.cli.common import FIELD_OPTIONS, OneLineParser, UsageError, describe_commands
from app.core.i18n import _
from app.core.validation import ValidationError
from app.store.errors import StoreError, StoreUnreadable, is_damage
from app.store.paths import PathUnusable, check_data_dir, resolve_data_dir

if TYPE_CHECKING:
    from app.services.self_test import Scratch


def build_parser() -> OneLineParser:
    parser = OneLineParser(prog="involve", description=_(
        "Collect public feedback and sign-ups offline, and sync them later."))
    parser.add_argument("--data-dir", metavar="DIR", help=_("folder for Involve's data"))
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--self-test", action="store_true", help=_(
        "check that Involve works on this computer (in a throwaway folder, never touching its data) and exit"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    events.add_commands(commands)
    paper.add_commands(commands)
    people.add_commands(commands)
    sync.add_commands(commands)
    central.add_commands(commands)
    export.add_commands(commands)
    actions.add_commands(commands)
    activities.add_commands(commands)
    responses.add_commands(commands)
    fft.add_commands(commands)
    population.add_commands(commands)
    report.add_commands(commands)
    status.add_commands(commands)
    backup.add_commands(commands)
    pin.add_commands(commands)
    settings.add_commands(commands)
    kiosk.add_commands(commands)
    ppg_network.add_commands(commands)
    programmes.add_commands(commands)
    evidence.add_commands(commands)
    find.add_commands(commands)
    organisations.add_commands(commands)
    describe_commands(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _install_translations()
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        _check_text(argv)
        args = build_parser().parse_args(argv)
        if args.self_test:
            return _self_test()
        check_data_dir(resolve_data_dir(args.data_dir))
        if args.command is None:
            from app.services.screen import screen_problem

            problem = screen_problem()
            if problem is not None:  # said before Qt starts: Qt itself would abort the process
                return _fail(f"involve: {problem}", code=2)
            from app.ui.shell.application import run_gui  # Qt is loaded only for the desktop app

            return run_gui(args.data_dir)
        action = getattr(args, f"{args.command}_command", None)
        return _HANDLERS[(args.command, action)](args)
    except UsageError as error:
        return _fail(str(error), code=2)
    except PathUnusable as error:
        return _fail(f"involve: {error}", code=2)
    except ValidationError as error:
        parts = [f"{FIELD_OPTIONS.get(field, field)}: {msg}" for field, msg in error.errors.items()]
        return _fail("involve: " + " ".join(parts), code=2)
    except StoreUnreadable as error:
        return _unreadable(error)
    except StoreError as error:
        return _fail(f"involve: {error}", code=1)
    except KeyboardInterrupt:
        return _fail("involve: " + _("stopped."), code=130)
    except BrokenPipeError:  # the output went to a program that stopped reading (| head)
        sys.stderr.close()
        return 0
    except OSError as error:  # a file or folder named on the command line that cannot be used
        where = str(error.filename or "")
        where = where if len(where) <= 80 else where[:40] + "…" + where[-20:]
        return _fail("involve: " + _("{file}: {reason}").format(
            file=where or _("a file"), reason=error.strerror or type(error).__name__), code=1)
    except Exception as error:
        if not is_damage(error):
            raise
        # A damaged page met while a command ran (commands open the store without reading every page).
        from app.store.store import damaged

        return _unreadable(damaged(resolve_data_dir(args.data_dir)))


def _unreadable(error: StoreUnreadable) -> int:
    hint = ""
    if error.backup is not None:
        hint = " " + _("A copy that opens was made {when}; put it back with: involve backup restore {file}").format(
            when=backup.backup_when(error.backup), file=shlex.quote(str(error.backup)))
    return _fail(f"involve: {error}{hint}", code=1)


def _self_test() -> int:
    from app.services.self_test import Check, run_self_test

    def kiosk(scratch: Scratch) -> str:  # Qt is loaded only here; without it the other checks still run
        from app.ui.shell.self_test import check_kiosk

        return check_kiosk(scratch)

    return run_self_test(sys.stdout, screen=Check(_("Kiosk screen"), kiosk))


def _check_text(argv: list[str]) -> None:
    """Every argument must be text: bytes that are not UTF-8 (a Latin-1 "é" from an old script)
    would fail much later, part-way through writing."""
    for argument in argv:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise UsageError(_("involve: '{argument}' is not valid text: it holds characters that are not UTF-8. "
                               "Check the character encoding of the terminal or script.").format(
                argument=shown[:60])) from None
        if "\x00" in argument:
            raise UsageError(_("involve: an argument holds a NUL character, which cannot be used."))


def _fail(line: str, *, code: int) -> int:
    print(" ".join(line.split()), file=sys.stderr)
    return code


def _install_translations() -> None:
    from app.core import i18n
    from app.resources_dir import resources_dir

    try:
        i18n.install(resources_dir() / "translations")
    except FileNotFoundError:
        i18n.install(None)


_HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    key: handler
    for area in (events, paper, people, sync, central, export, actions, responses, fft, population, report, status,
                 backup, pin, kiosk, settings, typed_rows, ppg_network, programmes, evidence, find, organisations,
                 activities)
    for key, handler in area.HANDLERS.items()
}

if __name__ == "__main__":
    sys.exit(main())
