"""The FFT monthly return: how many of each Friends and Family Test answer, per calendar month
and per service.

What this follows (checked against NHS Digital's service page for the GP FFT collection):
providers send NHS England one return a month giving the number of responses in each of the
six answer categories and the number collected through each collection mode. NHS England
then publishes the percentage positive and negative, computed as ``app.core.fft`` does.

What is assumed, and could not be checked against the collection template itself:
- the column headings and their order (``HEADER``); they follow the wording of the answers
  and the published FFT data, and are kept in English whatever language the app is in,
  because the return is read by NHS England's systems, not by the person exporting it;
- ``Period`` written as YYYY-MM, one row per month, every month in the range included (a
  month with no answers gets a row of zeros, so a missing month is never mistaken for one
  that was not exported);
- the modes: a kiosk response counts as "Tablet/kiosk", a paper card as "Paper/postcard",
  and answers staff recorded for someone as "Other".

Per service: an event may name the NHS service or site its feedback is about (``Event.service``,
e.g. "Riverside Surgery" or an ODS site code); an event's kind (community event, outreach
stall...) is the kind of occasion, not a service. Each month has:
- one row with a blank ``Service``, always, zeros included: the organisation as a whole, that
  is every answer given at an event that names no service;
- then one row per named service, in alphabetical order, for every service that has at least
  one answer anywhere in the range, in every month of the range (zeros included), so each
  service's months are as complete as the organisation's.
Every answer is counted in exactly one row, so a month's rows add up to the organisation's
total and NHS England can add them up without counting anything twice. Services are matched
ignoring case and repeated spaces ("Riverside surgery" is "Riverside Surgery"), shown as most
answers spelt them. When no event in the range names a service, the return is one row per
month, exactly as it was before services were recorded, with the ``Service`` column empty.

Months are calendar months in UK time (Europe/London), as NHS England counts them: an answer
given at 00:30 BST on 1 May (23:30 UTC on 30 April) is May's. Counts are never suppressed
here: the return goes to NHS England, which suppresses what it publishes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from app.core import fft
from app.core.i18n import _

UK = ZoneInfo("Europe/London")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ORG_CODE = re.compile(r"[A-Z0-9]{3,10}")
FIRST_YEAR, LAST_YEAR = 2000, 2999

ANSWER_HEADINGS = {
    fft.VERY_GOOD: "Very good", fft.GOOD: "Good", fft.NEITHER: "Neither good nor poor",
    fft.POOR: "Poor", fft.VERY_POOR: "Very poor", fft.DONT_KNOW: "Don't know",
}
MODE_HEADINGS = {"kiosk": "Mode: tablet/kiosk", "paper": "Mode: paper/postcard", "staff": "Mode: other"}
HEADER = ("Period", "Organisation code", "Service", *ANSWER_HEADINGS.values(), "Total responses",
          "Percentage positive", "Percentage negative", *MODE_HEADINGS.values())


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def start_utc(self) -> dt.datetime:
        """The first instant of this month in UK time, as UTC."""
        return dt.datetime(self.year, self.month, 1, tzinfo=UK).astimezone(dt.UTC)

    @classmethod
    def of(cls, when: dt.datetime) -> Month:
        """The UK calendar month an aware time falls in."""
        if when.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        local = when.astimezone(UK)
        return cls(local.year, local.month)


@dataclass
class MonthCounts:
    answers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(fft.ANSWERS, 0))
    modes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MODE_HEADINGS, 0))

    def add(self, rating: str, mode: str) -> None:
        if rating not in self.answers:
            return  # not an FFT answer: the question was skipped
        self.answers[rating] += 1
        # A mode from a newer app version still counts, as "Other".
        self.modes[mode if mode in self.modes else "staff"] += 1

    @property
    def score(self) -> fft.FftScore:
        return fft.FftScore(dict(self.answers))


def parse_month(text: str, option: str = "") -> Month:
    """``YYYY-MM`` to a Month; a ValueError in plain words otherwise."""
    found = _MONTH.fullmatch(text.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(_("{option} must be a month written YYYY-MM, for example 2026-04; not {text!r}.").format(
            option=option or _("the month"), text=text))
    year = int(found.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(_("{option}: {text} is not a month Involve could hold answers for.").format(
            option=option or _("the month"), text=text))
    return Month(year, int(found.group(2)))


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from ``first`` to ``last``, both included."""
    if first > last:
        raise ValueError(_("--from {first} is after --to {last}.").format(first=first, last=last))
    months = [first]
    while months[-1] < last:
        months.append(months[-1].next())
    return months


def check_org_code(text: str) -> str:
    """An ODS-style organisation code: 3 to 10 letters and digits, returned in capitals."""
    code = text.strip().upper()
    if not _ORG_CODE.fullmatch(code):
        raise ValueError(_("--org-code must be your organisation's ODS code: 3 to 10 letters and digits, "
                           "for example RXX or G82001; not {text!r}.").format(text=text))
    return code


def whole_percent(value: float | None) -> int | None:
    """Whole percentages, halves rounded up, as ``fft.format_percent`` shows them; None when no answers."""
    if value is None:
        return None
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# The ``Service`` of the organisation-wide row: answers at events that name no service.
WHOLE_ORGANISATION = ""

# What the return counts: the months asked for, each mapping a service (or WHOLE_ORGANISATION)
# to its counts.
ReturnCounts = dict[Month, dict[str, MonthCounts]]


def service_key(service: str) -> str:
    """What two spellings of one service share: case and repeated spaces do not matter."""
    return " ".join(service.split()).casefold()


def count_answers(answers: Iterable[tuple[dt.datetime, str | None, str | None, str]],
                  months: Sequence[Month]) -> ReturnCounts:
    """Count ``(submitted_at, service, fft_rating, mode)`` answers falling in ``months``.

    A service spelt several ways is shown as most of its answers spelt it (ties: first in
    alphabetical order), so the same return comes out whatever order the rows are read in.
    """
    wanted = set(months)
    by_key: dict[tuple[Month, str], MonthCounts] = {}
    spellings: dict[str, Counter[str]] = {}
    for submitted_at, service, rating, mode in answers:
        month = Month.of(submitted_at)
        if month not in wanted or rating not in fft.ANSWERS:
            continue
        text = " ".join((service or "").split())
        key = service_key(text)
        if key:
            spellings.setdefault(key, Counter())[text] += 1
        by_key.setdefault((month, key), MonthCounts()).add(rating, mode)
    label = {key: min(seen, key=lambda s: (-seen[s], s)) for key, seen in spellings.items()}
    counts: ReturnCounts = {}
    for (month, key), found in by_key.items():
        counts.setdefault(month, {})[label.get(key, WHOLE_ORGANISATION)] = found
    return counts


def return_rows(counts: Mapping[Month, Mapping[str, MonthCounts]], months: Sequence[Month],
                org_code: str) -> list[list[str | int | None]]:
    """Rows in ``HEADER``'s order: per month, the organisation-wide row, then each service's.

    Every month gets the organisation-wide row, and every service with an answer in ``counts``
    a row in every month; those without answers get zeros.
    """
    services = sorted({s for per in counts.values() for s in per if s != WHOLE_ORGANISATION},
                      key=lambda s: (service_key(s), s))
    rows: list[list[str | int | None]] = []
    for month in months:
        for service in (WHOLE_ORGANISATION, *services):
            found = counts.get(month, {}).get(service, MonthCounts())
            score = found.score
            rows.append([str(month), org_code, service, *(found.answers[a] for a in fft.ANSWERS), score.total,
                         whole_percent(score.percent_positive), whole_percent(score.percent_negative),
                         *(found.modes[m] for m in MODE_HEADINGS)])
    return rows


def rows_as_json(rows: Sequence[Sequence[str | int | None]]) -> list[dict[str, str | int | None]]:
    return [dict(zip(HEADER, row, strict=True)) for row in rows]
