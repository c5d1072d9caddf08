"""Small numbers in breakdowns: shown as "<5" and never recoverable from the total.

The property tests play the reader who tries to recover a hidden count: from the printed
table alone (and knowing the published rules) they list every set of hidden counts that
fits, and no hidden cell may have only one possible value.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.suppression import SECONDARY_MARK, SuppressedBreakdown, suppress

MANY = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Small counts are the interesting ones: most cells 0 to 12, with the odd large one.
count = st.one_of(st.integers(0, 12), st.integers(0, 12), st.integers(0, 60))
breakdown = st.dictionaries(st.text("abcdefgh", min_size=1, max_size=2), count, max_size=6)


def possible_values(table: SuppressedBreakdown, threshold: int = 5) -> dict[str, set[int]]:
    """Every value each hidden cell could take, given only what is printed and the rules."""
    hidden = [c for c in table.cells if c.suppressed]
    shown_big = [c.value for c in table.cells if not c.suppressed and c.value is not None and c.value >= threshold]
    ceiling = min(shown_big) if shown_big else None
    if table.total_suppressed:
        # Without the total nothing ties the hidden cells together: each is free within its range.
        return {c.label: ({1, 2} if not c.secondary else {threshold, threshold + 1}) for c in hidden}
    remainder = table.total_value - sum(c.value for c in table.cells if not c.suppressed)
    ranges = []
    for c in hidden:
        if c.secondary:
            top = remainder if ceiling is None else min(ceiling, remainder)
            ranges.append(range(threshold, top + 1))
        else:
            ranges.append(range(1, threshold))
    found: dict[str, set[int]] = {c.label: set() for c in hidden}
    for combo in itertools.product(*ranges):
        if sum(combo) == remainder:
            for c, v in zip(hidden, combo, strict=True):
                found[c.label].add(v)
    return found


def test_the_examples_people_will_see() -> None:
    table = suppress({"Asian": 3, "Black": 12, "Mixed": 0, "White": 40})
    assert table.shown() == {"Asian": "<5", "Black": SECONDARY_MARK, "Mixed": "0", "White": "40"}
    assert table.total_shown == "55"
    assert "<5 means from 1 to 4 people" in table.note()

    assert suppress({"a": 10, "b": 20}).shown() == {"a": "10", "b": "20"}
    assert not suppress({"a": 10, "b": 20}).any_suppressed

    tiny = suppress({"a": 3, "b": 0})
    assert tiny.shown() == {"a": "<5", "b": "0"} and tiny.total_shown == "<5"

    # Two hidden 4s beside a total that leaves 8 for them would give both away.
    fours = suppress({"a": 4, "b": 4, "c": 30, "d": 50})
    assert fours.shown() == {"a": "<5", "b": "<5", "c": SECONDARY_MARK, "d": "50"}

    # A hidden 2 and 9 leave 11 between them: 1 to 4 and 7 to 10, nothing given away.
    assert suppress({"a": 2, "b": 9}).total_shown == "11"
    # A hidden 1 and 5 leave 6, which only 1 + 5 makes, and nothing else is left to hide: the total goes.
    lone = suppress({"a": 1, "b": 5})
    assert lone.shown() == {"a": "<5", "b": SECONDARY_MARK} and lone.total_shown == SECONDARY_MARK


def test_empty_and_all_zero() -> None:
    empty = suppress({})
    assert empty.cells == () and empty.total_shown == "0" and empty.note() == ""
    zeros = suppress({"a": 0, "b": 0})
    assert zeros.shown() == {"a": "0", "b": "0"} and zeros.total_shown == "0"


def test_negative_counts_are_refused() -> None:
    import pytest

    with pytest.raises(ValueError):
        suppress({"a": -1})


@MANY
@given(breakdown)
def test_no_small_number_is_shown(counts: dict[str, int]) -> None:
    table = suppress(counts)
    for cell in table.cells:
        if not cell.suppressed:
            assert cell.value == counts[cell.label]
            assert cell.value == 0 or cell.value >= 5
        else:
            assert cell.shown in ("<5", SECONDARY_MARK)
            assert (cell.shown == "<5") == (0 < counts[cell.label] < 5)
    total = sum(counts.values())
    if table.total_suppressed:
        assert table.total_value is None
    else:
        assert table.total_value == total and (total == 0 or total >= 5)


@MANY
@given(breakdown)
def test_no_hidden_cell_can_be_worked_out(counts: dict[str, int]) -> None:
    table = suppress(counts)
    hidden = [c for c in table.cells if c.suppressed]
    if hidden and not table.total_suppressed:
        assert len(hidden) >= 2
    for label, values in possible_values(table).items():
        assert counts[label] in values or table.total_suppressed
        assert len(values) >= 2, (counts, table.shown(), table.total_shown, label, values)


@MANY
@given(breakdown)
def test_suppressing_again_changes_nothing(counts: dict[str, int]) -> None:
    first = suppress(counts)
    assert suppress(counts, also_hide=first.hidden) == first
    assert suppress(counts) == first
