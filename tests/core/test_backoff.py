"""Waiting before an automatic sync tries again: growing, jittered, capped, reset by a success."""

from __future__ import annotations

import random

import pytest

from app.core.backoff import Backoff


def test_the_longest_wait_doubles_from_the_base_up_to_the_cap() -> None:
    backoff = Backoff(base=30, factor=2, cap=1800, floor=0, random=lambda: 0.999999)
    waits = [backoff.next_delay() for _ in range(9)]
    assert [round(w) for w in waits] == [30, 60, 120, 240, 480, 960, 1800, 1800, 1800]


def test_full_jitter_can_pick_anything_from_the_floor_to_the_ceiling() -> None:
    low = Backoff(base=30, cap=1800, floor=5, random=lambda: 0.0)
    assert low.next_delay() == 5
    middle = Backoff(base=30, cap=1800, floor=0, random=lambda: 0.5)
    middle.next_delay()
    assert middle.next_delay() == 30  # half of the second ceiling, 60


def test_many_draws_stay_within_bounds_and_spread_out() -> None:
    rng = random.Random(7)
    for failures in range(1, 40):
        backoff = Backoff(random=rng.random)
        waits = []
        for _ in range(failures):
            waits.append(backoff.next_delay())
        assert backoff.floor <= waits[-1] <= min(backoff.cap, backoff.base * 2 ** (failures - 1))
    spread = Backoff(random=rng.random)
    spread.failures = 10
    draws = {round(spread.next_delay()) for _ in range(50)}
    assert len(draws) > 40, "jitter must spread laptops' retries out"


def test_a_success_resets_the_wait() -> None:
    backoff = Backoff(base=30, floor=0, random=lambda: 0.999999)
    for _ in range(5):
        backoff.next_delay()
    assert backoff.ceiling() == 480
    backoff.reset()
    assert backoff.failures == 0
    assert round(backoff.next_delay()) == 30


def test_a_very_long_outage_never_overflows() -> None:
    backoff = Backoff(random=lambda: 0.999999)
    backoff.failures = 100_000
    assert backoff.next_delay() <= backoff.cap
    assert backoff.ceiling(0) == 0


def test_a_random_source_out_of_range_is_held_to_the_bounds() -> None:
    assert Backoff(floor=5, random=lambda: -3.0).next_delay() == 5
    assert Backoff(base=30, random=lambda: 7.0).next_delay() == 30


@pytest.mark.parametrize("kwargs", [{"floor": 60, "base": 30}, {"base": 4000, "cap": 1800}, {"factor": 0.5}])
def test_nonsense_settings_are_refused(kwargs) -> None:
    with pytest.raises(ValueError):
        Backoff(**kwargs)
