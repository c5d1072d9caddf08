"""Small-number suppression for equality and topic breakdowns in reports and exports.

A breakdown is a list of categories with a total shown beside them (for example the answers
to "What is your ethnic group?" at one event). Following NHS England and ONS practice:

- A count from 1 to 4 is shown as "<5" (primary suppression): a handful of people could be
  recognised from it. A count of 0 is shown as 0: it describes nobody, and hiding zeros
  would make every table look sparser than it is.
- If fewer than 5 answered in all, no count is shown, not even the zeros: which answers
  were 0 would say what those few people answered.
- Secondary suppression: in a breakdown whose categories split the people who answered (one
  answer each), a hidden count must not be recoverable from the total. So whenever any
  count is hidden, the total is hidden too: "<5" if it is itself under 5, "*" otherwise.

Why the total and not another cell. The usual alternative, hiding the next smallest count
and keeping the total, cannot be made safe: the hidden cells' bounds and the exact total pin
them at the edges (two hidden "<5" cells that leave 8 between them are both 4; a "<5" and a
hidden cell of at least 5 that leave 6 are 1 and 5), and every rule that then hides more
only in those cases tells a reader who knows the rule that the case arose. Hiding the total
whenever a count is hidden depends only on what is printed, so it gives nothing away: with no
total, nothing ties the hidden counts together and each stays anywhere from 1 to 4.

Breakdowns where a person can be in several categories (topics, "choose all that apply")
are not split by their total, so only primary suppression applies to them (``partition=False``).
A caller may name cells to hide as well (``also_hide``), shown as "*", so that two tables of
the same people (an equality table and the population comparison) hide the same things.

Only one-way breakdowns are handled. Two-way tables (rows by columns with both sets of
totals) are not supported: report them as separate one-way breakdowns. Reports that overlap
(one event's, and the same event's within a report across events) can still be set against
each other; that is why reports across events use the same rules on their own totals.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from app.core.i18n import _

THRESHOLD = 5
SECONDARY_MARK = "*"


@dataclass(frozen=True)
class SuppressedCell:
    label: str
    shown: str            # what the report or export prints: "12", "0", "<5" or "*"
    value: int | None     # the count when shown, None when hidden
    suppressed: bool
    secondary: bool       # hidden though not small, to match another table ("*")


@dataclass(frozen=True)
class SuppressedBreakdown:
    cells: tuple[SuppressedCell, ...]
    total_shown: str
    total_value: int | None
    total_suppressed: bool
    threshold: int

    @property
    def hidden(self) -> frozenset[str]:
        return frozenset(c.label for c in self.cells if c.suppressed)

    def shown(self) -> dict[str, str]:
        """Each category's printed value, in the order given."""
        return {c.label: c.shown for c in self.cells}

    @property
    def any_suppressed(self) -> bool:
        return self.total_suppressed or any(c.suppressed for c in self.cells)

    def note(self) -> str:
        """The footnote a table with hidden numbers needs; empty when nothing is hidden."""
        if not self.any_suppressed:
            return ""
        if self.total_shown == f"<{self.threshold}":
            return _("Fewer than {n} people answered, so no counts are shown, so that nobody can be recognised."
                     ).format(n=self.threshold)
        text = _("<{n} means from 1 to {m} people: small numbers are not shown, so that nobody can be "
                 "recognised.").format(n=self.threshold, m=self.threshold - 1)
        if any(c.secondary for c in self.cells):
            text += " " + _("* is hidden because another table of the same people hides it.")
        if self.total_suppressed and self.total_shown == SECONDARY_MARK:
            text += " " + _("The total is not shown either (*), so that a small number cannot be worked out "
                            "from it.")
        return text


def suppress(counts: Mapping[str, int], *, threshold: int = THRESHOLD, also_hide: Collection[str] = (),
             partition: bool = True) -> SuppressedBreakdown:
    """Suppress one breakdown; ``also_hide`` names cells to hide as well (a 0 is never hidden).

    ``partition`` says each person is counted in one category, so the total could give a
    hidden count away; for "choose all that apply" breakdowns pass False and the total (a
    count of choices, not of people) is shown as it is.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    values = {label: int(counts[label]) for label in counts}
    if any(v < 0 for v in values.values()):
        raise ValueError("counts cannot be negative")
    total = sum(values.values())
    if partition and 0 < total < threshold:
        # A handful answered in all: even which answers are 0 would say what they answered.
        cells = [SuppressedCell(label, f"<{threshold}", None, True, False) for label in values]
        return SuppressedBreakdown(tuple(cells), f"<{threshold}", None, True, threshold)
    cells = []
    for label, value in values.items():
        if 0 < value < threshold:
            cells.append(SuppressedCell(label, f"<{threshold}", None, True, False))
        elif value and label in also_hide:
            cells.append(SuppressedCell(label, SECONDARY_MARK, None, True, True))
        else:
            cells.append(SuppressedCell(label, str(value), value, False, False))
    if partition and (0 < total < threshold or any(c.suppressed for c in cells)):
        shown_total = f"<{threshold}" if total < threshold else SECONDARY_MARK
        return SuppressedBreakdown(tuple(cells), shown_total, None, True, threshold)
    return SuppressedBreakdown(tuple(cells), str(total), total, False, threshold)
