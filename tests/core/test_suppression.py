"""Small numbers in breakdowns: shown as "<5" and never recoverable from what is printed.

The reader test plays someone who knows the rules and tries to recover a hidden count: over
every small table, it groups the tables that print the same thing, and within each group no
hidden cell may have only one possible value. It judges the whole procedure, including when
it chooses to hide more, which is where a careful reader learns the most.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.suppression import SECONDARY_MARK, SuppressedBreakdown, suppress

MANY = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Small counts are the interesting ones: most cells 0 to 12, with the odd large one.
count = st.one_of(st.integers(0, 12), st.integers(0, 12), st.integers(0, 60))
breakdown = st.dictionaries(st.text("abcdefgh", min_size=1, max_size=2), count, max_size=6)


def printed(table: SuppressedBreakdown) -> tuple:
    return tuple(table.shown().items()), table.total_shown


def test_the_examples_people_will_see() -> None:
    table = suppress({"Asian": 3, "Black": 12, "Mixed": 0, "White": 40})
    assert table.shown() == {"Asian": "<5", "Black": "12", "Mixed": "0", "White": "40"}
    assert table.total_shown == SECONDARY_MARK and table.total_value is None
    assert "<5 means from 1 to 4 people" in table.note()
    assert "The total is not shown either (*)" in table.note()

    assert suppress({"a": 10, "b": 20}).shown() == {"a": "10", "b": "20"}
    assert suppress({"a": 10, "b": 20}).total_shown == "30" and not suppress({"a": 10, "b": 20}).any_suppressed

    tiny = suppress({"a": 3, "b": 0})  # which answer was 0 would tell what the three said
    assert tiny.shown() == {"a": "<5", "b": "<5"} and tiny.total_shown == "<5"
    assert tiny.note().startswith("Fewer than 5 people answered")

    # The cases a total beside hidden cells would give away: 4 + 4 = 8, and 1 + 5 = 6.
    assert printed(suppress({"a": 4, "b": 4, "c": 0})) == printed(suppress({"a": 2, "b": 3, "c": 0}))
    assert printed(suppress({"a": 1, "b": 5})) == printed(suppress({"a": 4, "b": 5}))


def test_choose_all_that_apply_keeps_its_total_and_hides_only_small_counts() -> None:
    topics = suppress({"GP": 9, "Pharmacy": 2, "Dentist": 0}, partition=False)
    assert topics.shown() == {"GP": "9", "Pharmacy": "<5", "Dentist": "0"}
    assert not topics.total_suppressed and "total" not in topics.note()


def test_a_cell_another_table_hides_is_hidden_here_too() -> None:
    table = suppress({"Under 25": 9, "25 to 34": 20}, also_hide={"Under 25", "missing"})
    assert table.shown() == {"Under 25": SECONDARY_MARK, "25 to 34": "20"}
    assert table.total_shown == SECONDARY_MARK
    assert "another table of the same people" in table.note()
    assert suppress({"a": 0, "b": 7}, also_hide={"a"}).shown() == {"a": "0", "b": "7"}  # a 0 stays 0


def test_empty_and_all_zero() -> None:
    empty = suppress({})
    assert empty.cells == () and empty.total_shown == "0" and empty.note() == ""
    zeros = suppress({"a": 0, "b": 0})
    assert zeros.shown() == {"a": "0", "b": "0"} and zeros.total_shown == "0"


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        suppress({"a": -1})


@pytest.mark.parametrize("cells", [2, 3, 4])
def test_a_reader_who_knows_the_rules_cannot_pin_any_hidden_count(cells: int) -> None:
    """Every table of ``cells`` counts from 0 to 13, grouped by what it prints."""
    values_seen: dict[tuple, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    labels = [f"c{n}" for n in range(cells)]
    for combo in itertools.product(range(14), repeat=cells):
        table = suppress(dict(zip(labels, combo, strict=True)))
        for cell, value in zip(table.cells, combo, strict=True):
            if cell.suppressed:
                values_seen[printed(table)][cell.label].add(value)
    assert values_seen, "some tables must hide something"
    for shown, per_cell in values_seen.items():
        for label, values in per_cell.items():
            assert len(values) >= 2, f"{label} is always {values} when the table prints {shown}"


@MANY
@given(breakdown)
def test_no_small_number_is_shown(counts: dict[str, int]) -> None:
    table = suppress(counts)
    for cell in table.cells:
        if not cell.suppressed:
            assert cell.value == counts[cell.label]
            assert cell.value == 0 or cell.value >= 5
        else:
            assert cell.shown == "<5" and counts[cell.label] < 5
            assert counts[cell.label] > 0 or sum(counts.values()) < 5, "a 0 is hidden only in a tiny table"
    total = sum(counts.values())
    if table.total_suppressed:
        assert table.total_value is None
    else:
        assert table.total_value == total and (total == 0 or total >= 5)
        assert not any(c.suppressed for c in table.cells), "a shown total beside a hidden count"


@MANY
@given(breakdown)
def test_suppressing_again_changes_nothing(counts: dict[str, int]) -> None:
    first = suppress(counts)
    assert suppress(counts, also_hide=first.hidden) == first
    assert suppress(counts) == first
