"""``involve population``: load the local population profile and show it.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from app.cli.common import UsageError
from app.core.i18n import _, ngettext
from app.store.paths import user_path

if TYPE_CHECKING:
    from app.store.paths import DataPaths


def add_commands(commands: argparse._SubParsersAction) -> None:
    population = commands.add_parser("population", help=_(
        "the Census 2021 figures for your area, to compare who was heard with who lives there"))
    actions = population.add_subparsers(dest="population_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_(
        "check a population profile CSV and use it, in place of any profile loaded before"))
    add.add_argument("file", metavar="FILE.csv")
    show = actions.add_parser("show", help=_("the population profile in use"))
    show.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _paths(args: argparse.Namespace) -> DataPaths:
    from app.store.paths import resolve_data_dir

    return resolve_data_dir(args.data_dir)


def _add(args: argparse.Namespace) -> int:
    from app.core.population import PopulationError
    from app.store.population_file import install_profile, profile_path

    paths = _paths(args)
    try:
        profile = install_profile(user_path(args.file), paths)
    except PopulationError as error:
        raise UsageError(_("involve population add: {file}: {reason}").format(file=args.file, reason=error)) from None
    area = profile.area_name or profile.area_code or _("your area")
    print(_("Loaded the population profile for {area} into {file}.").format(area=area, file=profile_path(paths)))
    for table, counts in sorted(profile.tables.items()):
        total = sum(counts.values())
        print("  " + ngettext("{table}: {n} person", "{table}: {n} people", total).format(table=table, n=f"{total:,}"))
    return 0


def _show(args: argparse.Namespace) -> int:
    from app.core.population import PopulationError, dimensions
    from app.store.population_file import load_profile, profile_path, template_path

    paths = _paths(args)
    try:
        profile = load_profile(paths)
    except PopulationError as error:
        raise UsageError(f"involve population show: {error}") from None
    if profile is None:
        if args.json:
            print(json.dumps({"profile": None, "template": str(template_path())}, indent=2))
            return 0
        print(_("No population profile yet. Fill in the template {template} with the Census 2021 figures for "
                "your area, then run: involve population add FILE.csv").format(template=template_path()))
        return 0
    shown: list[dict[str, Any]] = []
    for dimension in dimensions().values():
        population = profile.population(dimension)
        if population is None:
            continue
        total = sum(population.values())
        shown.append({
            "id": dimension.id, "title": dimension.title, "table": dimension.table, "total": total,
            "categories": [{"key": c.key, "label": c.label, "people": population[c.key],
                            "percent": round(100.0 * population[c.key] / total, 1) if total else 0.0}
                           for c in dimension.categories]})
    if args.json:
        print(json.dumps({"profile": str(profile_path(paths)), "area_code": profile.area_code,
                          "area_name": profile.area_name, "dimensions": shown}, indent=2, ensure_ascii=False))
        return 0
    area = " ".join(part for part in (profile.area_name, f"({profile.area_code})" if profile.area_code else "") if part)
    print(_("Population profile for {area}, from {file}:").format(area=area or _("your area"),
                                                                 file=profile_path(paths)))
    for table in shown:
        print("")
        print(ngettext("{title} ({table}, {n} person):", "{title} ({table}, {n} people):", table["total"]).format(
            title=table["title"], table=table["table"], n=f"{table['total']:,}"))
        for category in table["categories"]:
            print(f"  {category['label']}: {category['people']:,} ({category['percent']:.1f}%)")
    return 0


HANDLERS = {("population", "add"): _add, ("population", "show"): _show}
