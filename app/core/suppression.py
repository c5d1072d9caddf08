"""Small-number suppression for equality and topic breakdowns in reports and exports.

A breakdown is a list of categories with a total shown beside them (for example the answers
to "What is your ethnic group?" at one event). Following NHS England and ONS practice:

- A count from 1 to 4 is shown as "<5" (primary suppression): a handful of people could be
  recognised from it. A count of 0 is shown as 0: it describes nobody, and hiding zeros
  would make every table look sparser than it is.
- If the total itself is from 1 to 4, every count that is not 0 and the total are shown as
  "<5": the table says only that a handful of people answered.
- Secondary suppression: a hidden count must not be recoverable by subtracting the shown
  counts from the shown total. So while any hidden count could still be worked out exactly,
  the next smallest shown count (other than 0) is hidden too, shown as "*"; if none is left,
  the total is hidden as well. "Worked out exactly" is judged as someone who knows these
  rules would: a "<5" cell is 1 to 4, a "*" cell is at least 5 and no larger than the
  smallest count still shown, and all hidden cells add up to the total minus the shown cells.
  This is stricter than "at least two cells hidden": two hidden cells of 4 and 4 beside a
  total that leaves 8 for them would give both away, so a third is hidden.

Only one-way breakdowns (categories and their total) are handled. Two-way tables (rows by
columns with both sets of totals) need suppression across rows and columns at once and are
not supported: report them as separate one-way breakdowns.
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
    secondary: bool       # hidden only so that a small count cannot be worked out


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
        text = _("<{n} means from 1 to {m} people: small numbers are not shown, so that nobody can be "
                 "recognised.").format(n=self.threshold, m=self.threshold - 1)
        if any(c.secondary for c in self.cells):
            text += " " + _("* is hidden too, so that a small number cannot be worked out from the total.")
        return text


def suppress(counts: Mapping[str, int], *, threshold: int = THRESHOLD,
             also_hide: Collection[str] = ()) -> SuppressedBreakdown:
    """Suppress one breakdown; ``also_hide`` names cells to hide as well (a 0 is never hidden).

    ``also_hide`` lets a caller keep a cell hidden that another table hid, and makes this
    idempotent: suppressing again with the cells already hidden gives the same result.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    labels = list(counts)
    values = {label: int(counts[label]) for label in labels}
    if any(v < 0 for v in values.values()):
        raise ValueError("counts cannot be negative")
    total = sum(values.values())
    primary = {k for k, v in values.items() if 0 < v < threshold}
    secondary = {k for k in also_hide if k in values and values[k] >= threshold}
    hide_total = 0 < total < threshold
    if not hide_total:
        while _exposed(values, primary, secondary, total, threshold):
            candidates = [k for k in labels if values[k] >= threshold and k not in secondary]
            if not candidates:
                hide_total = True
                break
            secondary.add(min(candidates, key=lambda k: values[k]))  # min keeps the first of equals
    cells = []
    for label in labels:
        value = values[label]
        if label in primary:
            cells.append(SuppressedCell(label, f"<{threshold}", None, True, False))
        elif label in secondary:
            cells.append(SuppressedCell(label, SECONDARY_MARK, None, True, True))
        else:
            cells.append(SuppressedCell(label, str(value), value, False, False))
    if hide_total:
        shown_total = f"<{threshold}" if total < threshold else SECONDARY_MARK
        return SuppressedBreakdown(tuple(cells), shown_total, None, True, threshold)
    return SuppressedBreakdown(tuple(cells), str(total), total, False, threshold)


def _exposed(values: Mapping[str, int], primary: set[str], secondary: set[str], total: int,
             threshold: int) -> bool:
    """Whether some hidden cell's count follows exactly from what is shown and the total."""
    hidden = primary | secondary
    if not hidden:
        return False
    bounds = hidden_bounds(values, primary, secondary, threshold)
    remainder = total - sum(v for k, v in values.items() if k not in hidden)
    return any(width == 0 for width in range_widths(bounds, remainder))


def hidden_bounds(values: Mapping[str, int], primary: Collection[str], secondary: Collection[str],
                  threshold: int) -> list[tuple[int, int | None]]:
    """What a reader who knows these rules can say about each hidden cell: (lowest, highest or None)."""
    shown_big = [v for k, v in values.items() if k not in primary and k not in secondary and v >= threshold]
    ceiling = min(shown_big) if shown_big else None
    return [(1, threshold - 1) for _k in primary] + [(threshold, ceiling) for _k in secondary]


def range_widths(bounds: list[tuple[int, int | None]], remainder: int) -> list[int | None]:
    """For each hidden cell, how far its possible values spread given the hidden cells sum to ``remainder``.

    0 means the cell is given away; None means no upper limit.
    """
    lows = sum(low for low, _high in bounds)
    unbounded = sum(1 for _low, high in bounds if high is None)
    highs = sum(high for _low, high in bounds if high is not None)
    widths: list[int | None] = []
    for low, high in bounds:
        others_low = lows - low
        top = remainder - others_low if high is None else min(high, remainder - others_low)
        others_unbounded = unbounded - (1 if high is None else 0)
        if others_unbounded:
            bottom = low
        else:
            bottom = max(low, remainder - (highs - (high if high is not None else 0)))
        widths.append(top - bottom)
    return widths
