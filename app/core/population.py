"""The local population profile, and who was heard compared with who lives there.

An organisation loads the Census 2021 figures for its area as a CSV (see
docs/population-profile.md). One row per category, long format, so ONS downloads paste in
with little reshaping:

    area_code,area_name,table,category,observation
    E07000000,Example district,TS021,White: Irish,1234

Required columns: ``table``, ``category``, ``observation``. Optional: ``area_code`` and
``area_name`` (the same on every row: one profile is one area) and ``category_code`` (ONS's
code, kept for the reader; categories are matched on their ONS name, which is printed the
same way in every ONS download, while codes differ between them). Other columns are refused,
so that a wrong file is caught rather than half-read.

Tables (named as ONS names them):

- TS021 "Ethnic group": its 19 categories, one for one onto the equality question's
  ethnicity answers; "Does not apply" is accepted and left out (it is 0 for usual residents).
- TS007A "Age by five-year age bands": 18 bands. The equality question asks "Under 16" and
  "16 to 24", which cut ONS's "Aged 15 to 19 years" band in two, so both are compared as one
  band, "Under 25", rather than guessing how the 15 to 19 year olds split. From 25 up, two
  five-year bands make each ten-year band exactly.
- TS008 "Sex": Female and Male.

A table may be left out (its rows deleted), but a table that is given must have every one of
its categories, or the shares would be wrong. The shipped template has every row and no
figures; it is refused with "no figures yet".

This module is pure: it takes the file's bytes and returns a profile or raises
PopulationError with the line number and a plain reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.core.i18n import _
from app.core.suppression import THRESHOLD, suppress

COLUMNS_REQUIRED = ("table", "category", "observation")
COLUMNS_OPTIONAL = ("area_code", "area_name", "category_code")

_ASIAN = "Asian, Asian British or Asian Welsh: "
_BLACK = "Black, Black British, Black Welsh, Caribbean or African: "
_MIXED = "Mixed or Multiple ethnic groups: "

# ONS category name -> the equality question's answer value (None: accepted, left out).
TS021 = {
    _ASIAN + "Bangladeshi": "asian_bangladeshi",
    _ASIAN + "Chinese": "asian_chinese",
    _ASIAN + "Indian": "asian_indian",
    _ASIAN + "Pakistani": "asian_pakistani",
    _ASIAN + "Other Asian": "asian_other",
    _BLACK + "African": "black_african",
    _BLACK + "Caribbean": "black_caribbean",
    _BLACK + "Other Black": "black_other",
    _MIXED + "White and Asian": "mixed_white_asian",
    _MIXED + "White and Black African": "mixed_white_black_african",
    _MIXED + "White and Black Caribbean": "mixed_white_black_caribbean",
    _MIXED + "Other Mixed or Multiple ethnic groups": "mixed_other",
    "White: English, Welsh, Scottish, Northern Irish or British": "white_british",
    "White: Irish": "white_irish",
    "White: Gypsy or Irish Traveller": "white_gypsy_traveller",
    "White: Roma": "white_roma",
    "White: Other White": "white_other",
    "Other ethnic group: Arab": "other_arab",
    "Other ethnic group: Any other ethnic group": "other_any",
    "Does not apply": None,
}


def _five_year_bands() -> dict[str, str]:
    bands = {"Aged 4 years and under": "under_25"}
    for low in range(5, 85, 5):
        if low < 25:
            band = "under_25"
        else:
            ten = low if low % 10 == 5 else low - 5   # 25 and 30 make 25 to 34, and so on
            band = f"{ten}_{ten + 9}"
        bands[f"Aged {low} to {low + 4} years"] = band
    bands["Aged 85 years and over"] = "85_plus"
    return bands


TS007A = _five_year_bands()
TS008 = {"Female": "female", "Male": "male"}

TABLES: dict[str, Mapping[str, str | None]] = {"TS021": TS021, "TS007A": TS007A, "TS008": TS008}
# The prefix ONS's bulk downloads put before each category ("Ethnic group: White: Irish").
_PREFIXES = {"TS021": "Ethnic group: ", "TS007A": "Age: ", "TS008": "Sex: "}


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    answers: tuple[str, ...]   # the equality answer values counted in this category


@dataclass(frozen=True)
class Dimension:
    """One comparison: which equality question, which ONS table, which categories."""
    id: str
    title: str
    question: str
    table: str
    categories: tuple[Category, ...]


def _dimensions() -> dict[str, Dimension]:
    ages = [Category("under_25", _("Under 25"), ("under_16", "16_24"))]
    ages += [Category(f"{low}_{low + 9}", _("{low} to {high}").format(low=low, high=low + 9),
                      (f"{low}_{low + 9}",)) for low in range(25, 85, 10)]
    ages.append(Category("85_plus", _("85 or over"), ("85_plus",)))
    sexes = (Category("female", _("Female"), ("female",)), Category("male", _("Male"), ("male",)))
    detailed = tuple(Category(value, label, (value,)) for label, value in TS021.items() if value)
    groups = []
    for key, label in (("asian", _("Asian, Asian British or Asian Welsh")),
                       ("black", _("Black, Black British, Black Welsh, Caribbean or African")),
                       ("mixed", _("Mixed or Multiple ethnic groups")), ("white", _("White")),
                       ("other", _("Other ethnic group"))):
        groups.append(Category(key, label, tuple(c.key for c in detailed if c.key.startswith(key + "_"))))
    return {d.id: d for d in (
        Dimension("age", _("Age"), "age_band", "TS007A", tuple(ages)),
        Dimension("sex", _("Sex"), "sex", "TS008", sexes),
        Dimension("ethnic_group", _("Ethnic group"), "ethnicity", "TS021", tuple(groups)),
        Dimension("ethnicity", _("Ethnic group (detailed)"), "ethnicity", "TS021", detailed),
    )}


def dimensions() -> dict[str, Dimension]:
    """Built on each call so the labels follow the language in use."""
    return _dimensions()


class PopulationError(ValueError):
    """A profile file that cannot be used; the message names the line and the reason."""


@dataclass(frozen=True)
class Profile:
    area_code: str
    area_name: str
    # table -> equality answer value -> people (the ONS counts, added up per answer)
    tables: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def population(self, dimension: Dimension) -> dict[str, int] | None:
        """People per comparison category, or None when the profile lacks the table."""
        counts = self.tables.get(dimension.table)
        if counts is None:
            return None
        if dimension.table == "TS007A":
            # TS007A is already held per comparison band (see _five_year_bands).
            return {c.key: counts.get(c.key, 0) for c in dimension.categories}
        return {c.key: sum(counts.get(a, 0) for a in c.answers) for c in dimension.categories}


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


_LOOKUP = {table: {_norm(name): name for name in names} for table, names in TABLES.items()}
_WHOLE = re.compile(r"\d+|\d{1,3}(,\d{3})+")


def _line_of(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def _count(text: str) -> int:
    text = text.strip()
    if not text:
        raise ValueError(_("the observation is empty"))
    if _WHOLE.fullmatch(text):
        return int(text.replace(",", ""))
    if re.fullmatch(r"-\s*[\d,.]+", text):
        raise ValueError(_("the observation {value} is negative; a count of people cannot be").format(value=text))
    raise ValueError(_("the observation {value!r} is not a whole number of people").format(value=text))


def parse_profile(data: bytes) -> Profile:
    """Check a profile file and return it; raise PopulationError at the first bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PopulationError(_("line {line}: the file is not UTF-8 text; save it from your spreadsheet as "
                                "\"CSV UTF-8\"").format(line=_line_of(data, error.start))) from None
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(rows, None)
    except csv.Error as error:
        raise PopulationError(_("line 1: {reason}").format(reason=error)) from None
    if header is None or not any(cell.strip() for cell in header):
        raise PopulationError(_("the file is empty; start from the template in resources/population"))
    names = [cell.strip().casefold() for cell in header]
    for column in names:
        if column not in COLUMNS_REQUIRED + COLUMNS_OPTIONAL:
            raise PopulationError(_("line 1: unknown column {name!r}; the columns are {columns}").format(
                name=column, columns=", ".join(COLUMNS_REQUIRED + COLUMNS_OPTIONAL)))
        if names.count(column) > 1:
            raise PopulationError(_("line 1: the column {name!r} is there twice").format(name=column))
    for column in COLUMNS_REQUIRED:
        if column not in names:
            raise PopulationError(_("line 1: the column {name!r} is missing; the file needs {columns}").format(
                name=column, columns=", ".join(COLUMNS_REQUIRED)))
    at = {name: i for i, name in enumerate(names)}

    area: dict[str, tuple[str, int]] = {}
    seen: dict[tuple[str, str], int] = {}
    tables: dict[str, dict[str, int]] = {}
    empty_lines: list[int] = []
    line = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            raise PopulationError(_("line {line}: {reason}").format(line=rows.line_num, reason=error)) from None
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            raise PopulationError(_("line {line}: {n} cells, but the header has {m}").format(
                line=line, n=len(row), m=len(names)))

        def cell(name: str, row: list[str] = row) -> str:
            return row[at[name]].strip() if name in at else ""

        table = cell("table").upper()
        if table not in TABLES:
            raise PopulationError(_("line {line}: unknown table {table!r}; use TS021, TS007A or TS008").format(
                line=line, table=cell("table")))
        category = cell("category")
        prefix = _PREFIXES[table]
        if category.casefold().startswith(prefix.casefold()):
            category = category[len(prefix):]
        name = _LOOKUP[table].get(_norm(category))
        if name is None:
            hint = _(" (leave total rows out: Involve adds up the categories)") if "total" in _norm(category) else ""
            raise PopulationError(_("line {line}: {category!r} is not a category of {table}{hint}").format(
                line=line, category=cell("category"), table=table, hint=hint))
        if (table, name) in seen:
            raise PopulationError(_("line {line}: {category!r} is there twice in {table} (first on line {first})")
                                  .format(line=line, category=name, table=table, first=seen[(table, name)]))
        seen[(table, name)] = line
        for key in ("area_code", "area_name"):
            value = cell(key)
            if key in at and value:
                first = area.setdefault(key, (value, line))
                if _norm(first[0]) != _norm(value):
                    raise PopulationError(_("line {line}: {key} {value!r} differs from {first!r} on line {at}; "
                                            "one profile is for one area").format(
                        line=line, key=key, value=value, first=first[0], at=first[1]))
        observation = cell("observation")
        if not observation:
            empty_lines.append(line)
            continue
        try:
            count = _count(observation)
        except ValueError as error:
            raise PopulationError(_("line {line}: {reason}").format(line=line, reason=error)) from None
        answer = TABLES[table][name]
        if answer is not None:
            counts = tables.setdefault(table, {})
            counts[answer] = counts.get(answer, 0) + count

    if not seen:
        raise PopulationError(_("the file has a header but no categories"))
    if len(empty_lines) == len(seen):
        raise PopulationError(_("no figures yet: fill in the observation column from the ONS Census 2021 "
                                "tables (see docs/population-profile.md)"))
    if empty_lines:
        raise PopulationError(_("line {line}: the observation is empty").format(line=empty_lines[0]))
    present = {table for table, _name in seen}
    for table in sorted(present):
        missing = [n for n, answer in TABLES[table].items() if answer and (table, n) not in seen]
        if missing:
            raise PopulationError(_("{table} is missing {categories}; give every category of a table, or "
                                    "leave the whole table out").format(table=table, categories="; ".join(missing)))
        if not any(tables.get(table, {}).values()):
            raise PopulationError(_("{table} adds up to 0 people").format(table=table))
    return Profile(area_code=area.get("area_code", ("", 0))[0], area_name=area.get("area_name", ("", 0))[0],
                   tables={t: dict(c) for t, c in tables.items()})


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    label: str
    heard: int
    heard_shown: str           # "12", "0", "<5" or "*" (see app.core.suppression)
    heard_share: float | None  # percent of those who answered; None when hidden
    population: int
    population_share: float    # percent of the people living there
    difference: float | None   # heard_share - population_share, in percentage points; None when hidden
    suppressed: bool


@dataclass(frozen=True)
class Comparison:
    dimension: Dimension
    rows: tuple[ComparisonRow, ...]
    heard_total: int
    heard_total_shown: str
    population_total: int
    note: str                  # the footnote for "<5" and "*", empty when nothing is hidden


EQUALITY_SURVEY = "equality"


def count_heard(answers: Iterable[Mapping[str, Mapping[str, object]]], dimension: Dimension) -> dict[str, int]:
    """Count each answer to the dimension's equality question, from responses' answers.

    ``answers`` are responses' answers as stored (survey id -> question id -> value); responses
    that skipped the question or the survey add nothing.
    """
    counts: dict[str, int] = {}
    for response in answers:
        value = (response.get(EQUALITY_SURVEY) or {}).get(dimension.question)
        if isinstance(value, str) and value:
            counts[value] = counts.get(value, 0) + 1
    return counts


def compare(dimension: Dimension, heard: Mapping[str, int], profile: Profile) -> Comparison | None:
    """Who was heard (equality answers counted per value) against who lives there.

    Answers outside the categories ("Prefer not to say", skipped) are left out of both shares.
    Counts under 5, and any count that would give one away, are hidden with their share and
    difference, since either would reveal the count. None when the profile lacks the table.
    """
    population = profile.population(dimension)
    if population is None:
        return None
    counts = {c.key: sum(heard.get(a, 0) for a in c.answers) for c in dimension.categories}
    shown = suppress(counts, threshold=THRESHOLD)
    cells = {c.label: c for c in shown.cells}
    heard_total = sum(counts.values())
    population_total = sum(population.values())
    rows = []
    for category in dimension.categories:
        cell = cells[category.key]
        pop_share = 100.0 * population[category.key] / population_total if population_total else 0.0
        share = 100.0 * counts[category.key] / heard_total if heard_total else None
        hidden = cell.suppressed or shown.total_suppressed
        rows.append(ComparisonRow(
            key=category.key, label=category.label, heard=counts[category.key], heard_shown=cell.shown,
            heard_share=None if hidden or share is None else share,
            population=population[category.key], population_share=pop_share,
            difference=None if hidden or share is None else share - pop_share, suppressed=hidden))
    return Comparison(dimension=dimension, rows=tuple(rows), heard_total=heard_total,
                      heard_total_shown=shown.total_shown, population_total=population_total, note=shown.note())


def format_points(difference: float | None) -> str:
    """A difference in percentage points as a report prints it: "+3.2", "-1.0", "0.0"; "" when hidden."""
    if difference is None:
        return ""
    value = round(difference, 1)
    return f"{value:+.1f}" if value else "0.0"
