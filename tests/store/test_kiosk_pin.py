"""The staff PIN: wrong tries slow guessing but never shut staff out; change and reset."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.pin import MAX_WAIT, validate_new_pin
from app.store.kiosk_pin import PinVerdict, change_pin, check_pin, has_pin, set_pin
from app.store.models import LocalState
from app.store.store import Store

PIN, NEW_PIN = "4821", "7350"
START = dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def pinned(store: Store) -> Store:
    with store.session() as session:
        set_pin(session, validate_new_pin(PIN, PIN))
    return store


def try_pin(store: Store, pin: str, now: dt.datetime):
    with store.session() as session:
        return check_pin(session, pin, now)


def test_no_pin_is_set_at_first(store: Store) -> None:
    with store.session() as session:
        assert not has_pin(session)
        assert check_pin(session, PIN, START).verdict is PinVerdict.NOT_SET


def test_a_few_typos_cost_nothing_and_the_right_pin_clears_them(pinned: Store) -> None:
    assert [try_pin(pinned, "0000", START).verdict for _ in range(3)] == [PinVerdict.WRONG] * 3
    assert try_pin(pinned, PIN, START).verdict is PinVerdict.RIGHT  # straight away: no wait after three
    assert try_pin(pinned, "0000", START).failures == 1  # the count started again


def test_the_public_cannot_lock_staff_out(pinned: Store) -> None:
    now = START
    for _ in range(40):  # someone at the kiosk pressing keys for half an hour, as fast as they are let
        tried_at = now
        result = try_pin(pinned, "0000", now)
        assert result.verdict is PinVerdict.WRONG
        if result.wait_until is not None:
            assert result.wait_until - now <= MAX_WAIT
            now = result.wait_until
    # Staff arrive straight after the last wrong try: the right PIN works once the short wait is over.
    result = try_pin(pinned, PIN, tried_at)
    assert result.verdict is PinVerdict.WAIT and result.wait_until is not None
    assert result.wait_until - tried_at <= MAX_WAIT
    assert try_pin(pinned, PIN, result.wait_until).verdict is PinVerdict.RIGHT


def test_guessing_stays_slow(pinned: Store) -> None:
    now, checked = START, 0
    while now < START + dt.timedelta(hours=1):  # a guesser trying every second for an hour
        result = try_pin(pinned, "0000", now)
        checked += result.verdict is PinVerdict.WRONG
        if checked > 70:
            break
        now += dt.timedelta(seconds=1)
    assert checked <= 70, f"{checked} guesses were checked in an hour"
    # During a wait nothing is checked, not even the right PIN, so a wait tells a guesser nothing.
    waiting = try_pin(pinned, PIN, now)
    assert waiting.verdict is PinVerdict.WAIT
    assert try_pin(pinned, "1111", now).failures == waiting.failures  # not counted either


def test_waits_grow_with_each_wrong_try(pinned: Store) -> None:
    waits = []
    now = START
    for _ in range(9):
        result = try_pin(pinned, "0000", now)
        waits.append(int((result.wait_until - now).total_seconds()) if result.wait_until else 0)
        now = result.wait_until or now
    assert waits == [0, 0, 0, 5, 10, 20, 40, 60, 60]


def test_changing_the_pin_needs_the_current_one(pinned: Store) -> None:
    with pinned.session() as session:
        assert change_pin(session, "0000", NEW_PIN, START).verdict is PinVerdict.WRONG
    assert try_pin(pinned, NEW_PIN, START).verdict is PinVerdict.WRONG  # unchanged
    with pinned.session() as session:
        assert change_pin(session, PIN, NEW_PIN, START).verdict is PinVerdict.RIGHT
    assert try_pin(pinned, PIN, START).verdict is PinVerdict.WRONG
    assert try_pin(pinned, NEW_PIN, START).verdict is PinVerdict.RIGHT


def test_changing_the_pin_is_no_way_round_the_wait(pinned: Store) -> None:
    now = START
    for _ in range(4):
        result = try_pin(pinned, "0000", now)
    assert result.wait_until is not None
    with pinned.session() as session:
        assert change_pin(session, PIN, NEW_PIN, now).verdict is PinVerdict.WAIT
    assert try_pin(pinned, PIN, result.wait_until).verdict is PinVerdict.RIGHT  # the old PIN still stands


def test_a_reset_sets_a_new_pin_without_the_old_one_and_ends_any_wait(pinned: Store) -> None:
    now = START
    for _ in range(6):
        now = try_pin(pinned, "0000", now).wait_until or now
    with pinned.session() as session:
        set_pin(session, validate_new_pin(NEW_PIN, NEW_PIN))
    assert try_pin(pinned, NEW_PIN, START).verdict is PinVerdict.RIGHT  # no wait left over
    assert try_pin(pinned, PIN, START).verdict is PinVerdict.WRONG


def test_the_hard_lock_of_earlier_versions_no_longer_keeps_staff_out(pinned: Store) -> None:
    with pinned.session() as session:
        session.add(LocalState(key="kiosk_pin_locked_until", value=(START + dt.timedelta(minutes=5)).isoformat()))
    assert try_pin(pinned, PIN, START).verdict is PinVerdict.RIGHT


def test_a_clock_put_back_does_not_stretch_a_wait(pinned: Store) -> None:
    for _ in range(5):
        try_pin(pinned, "0000", START)
    assert try_pin(pinned, PIN, START).verdict is PinVerdict.WAIT
    put_back = START - dt.timedelta(days=1)  # the laptop's clock corrected, a day earlier
    assert try_pin(pinned, PIN, put_back).verdict is PinVerdict.RIGHT


def test_a_wait_that_cannot_be_read_never_keeps_staff_out(pinned: Store) -> None:
    with pinned.session() as session:
        session.merge(LocalState(key="kiosk_pin_wait_until", value="not a time"))
    assert try_pin(pinned, PIN, START).verdict is PinVerdict.RIGHT
