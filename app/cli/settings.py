"""``involve settings``: show the settings, or change one, checked as the Settings dialog checks it.

The settings file needs no store key, so neither command opens the store.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.cli.common import UsageError
from app.core.i18n import _

if TYPE_CHECKING:
    from app.store.settings_file import SettingsFile


def add_commands(commands: argparse._SubParsersAction) -> None:
    settings = commands.add_parser("settings", help=_("show the settings, or change one"))
    actions = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("list every setting with its value"))
    show.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    change = actions.add_parser("set", help=_("change one setting, for example: involve settings set "
                                               "organisation_name \"Kent Health Voices\""))
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")


def _settings_file(args: argparse.Namespace) -> SettingsFile:
    from app.store.paths import resolve_data_dir
    from app.store.settings_file import SettingsFile

    return SettingsFile(resolve_data_dir(args.data_dir).settings)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value) if value != "" else _("(not set)")


def _show(args: argparse.Namespace) -> int:
    from app.core.settings import BY_KEY, editable_keys, signup_missing

    settings = _settings_file(args)
    values = {key: settings.get(key) for key in editable_keys()}
    missing = signup_missing(values)
    if args.json:
        print(json.dumps({"settings": values, "signup_ready": not missing}, indent=2))
        return 0
    width = max(len(key) for key in values) + 2
    for key, value in values.items():
        print(f"{key:<{width}}{_shown(value):<30}  {_(BY_KEY[key].label)}")
    if missing:
        print(_("Sign-up is off until these are set: {keys}.").format(
            keys=", ".join(key for key in values if BY_KEY[key].label in missing)))
    return 0


def _set(args: argparse.Namespace) -> int:
    from app.core.settings import parse_typed

    try:
        value = parse_typed(args.key, args.value)
    except ValueError as error:
        raise UsageError(f"involve settings set: {error}") from None
    settings = _settings_file(args)
    try:
        settings.set(args.key, value)
    except OSError as error:
        raise UsageError(_("involve settings set: the settings could not be saved: {reason}").format(
            reason=error.strerror or error)) from None
    print(_("{key} is now {value}.").format(key=args.key, value=_shown(settings.get(args.key))))
    return 0


HANDLERS = {
    ("settings", "show"): _show,
    ("settings", "set"): _set,
}
