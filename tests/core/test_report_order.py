"""A report reads its comments oldest first, as a single sort would give them, but sorts in
pieces: one sort of a year's responses held Python's lock for 100 to 150 ms, and a kiosk's save
on another thread waited that long (tests/bench/stalls.py)."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.report_model import ResponseInfo
from app.core.report_parts import SORT_PIECE, in_time_order

START = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)


def responses(minutes: list[int]) -> list[ResponseInfo]:
    return [ResponseInfo(id=f"r{n:05d}", event_id="e1", mode="kiosk", submitted_at=START + dt.timedelta(minutes=m),
                         answers={}) for n, m in enumerate(minutes)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=60), st.integers(1, 7))
def test_the_order_is_a_single_sorts_whatever_the_pieces(minutes: list[int], piece: int) -> None:
    given_ = responses(minutes)
    random.Random(len(minutes)).shuffle(given_)
    assert list(in_time_order(given_, piece)) == sorted(given_, key=lambda r: (r.submitted_at, r.id))


def test_a_years_responses_are_sorted_in_pieces_of_a_few_thousand() -> None:
    year = responses([random.Random(1).randrange(525_600) for _n in range(3 * SORT_PIECE + 5)])
    assert SORT_PIECE <= 5_000
    ordered = list(in_time_order(year))
    assert ordered == sorted(year, key=lambda r: (r.submitted_at, r.id)) and len(ordered) == len(year)
