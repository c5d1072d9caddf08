"""``involve pin``: change the staff PIN that guards leaving kiosk mode, or reset a forgotten one.

PINs are read from the terminal without echo (or one a line from standard input, for a
script), never from the command line, where other users could read them in the process list.

A reset needs no old PIN: this command opens the store only with its key (this account's
keyring, or INVOLVE_STORE_KEY), and whoever holds that key can read everything the PIN
guards already. The public, kept inside the kiosk window, can reach neither.
"""

from __future__ import annotations

import argparse
import getpass
import math
import sys

from app.cli.common import UsageError, open_store
from app.core.i18n import _, ngettext


def add_commands(commands: argparse._SubParsersAction) -> None:
    pin = commands.add_parser("pin", help=_("change or reset the staff PIN that is needed to leave kiosk mode"))
    pin_commands = pin.add_subparsers(dest="pin_command", metavar="ACTION", required=True)
    pin_commands.add_parser("change", help=_("change the staff PIN (asks for the current PIN, then the new one twice)"))
    pin_commands.add_parser("reset", help=_(
        "set a new staff PIN without the old one, for a forgotten PIN (needs this laptop's store key)"))


def _read_pin(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise UsageError("involve pin: " + _("no PIN was given (type it when asked, or one a line on standard input)"))
    return line.rstrip("\r\n")


def _read_new_pin() -> str:
    from app.core.pin import validate_new_pin
    from app.core.validation import ValidationError

    pin = _read_pin(_("New PIN: "))
    confirm = _read_pin(_("New PIN again: "))
    try:
        return validate_new_pin(pin, confirm)
    except ValidationError as error:
        raise UsageError("involve pin: " + " ".join(error.errors.values())) from None


def _pin_change(args: argparse.Namespace) -> int:
    from app.store.kiosk_pin import PinVerdict, change_pin

    current = _read_pin(_("Current PIN: "))
    new = _read_new_pin()  # every answer is checked before the store is opened
    store = open_store(args)
    try:
        with store.session() as session:
            result = change_pin(session, current, new)
    finally:
        store.close()
    if result.verdict is PinVerdict.WAIT and result.wait_until is not None:
        from app.store.models import utcnow

        seconds = max(math.ceil((result.wait_until - utcnow()).total_seconds()), 1)
        print("involve pin: " + ngettext("too many wrong tries; wait {seconds} second, then try again.",
                                         "too many wrong tries; wait {seconds} seconds, then try again.",
                                         seconds).format(
            seconds=seconds), file=sys.stderr)
        return 1
    if result.verdict is PinVerdict.WRONG:
        print("involve pin: " + _("that is not the current PIN, so it was not changed. "
                                  "If it is forgotten: involve pin reset"), file=sys.stderr)
        return 1
    if result.verdict is PinVerdict.NOT_SET:
        print(_("There was no staff PIN yet; the new one is set."))
    else:
        print(_("The staff PIN was changed."))
    return 0


def _pin_reset(args: argparse.Namespace) -> int:
    from app.store.kiosk_pin import set_pin

    new = _read_new_pin()
    store = open_store(args)
    try:
        with store.session() as session:
            set_pin(session, new)
    finally:
        store.close()
    print(_("The staff PIN was reset. Tell your team the new one."))
    return 0


HANDLERS = {
    ("pin", "change"): _pin_change,
    ("pin", "reset"): _pin_reset,
}
