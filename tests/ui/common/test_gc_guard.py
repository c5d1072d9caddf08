"""Garbage is collected on the GUI thread, and not while long work runs: each collection holds
Python's lock while it walks every new object, and a kiosk save would wait behind it."""

from __future__ import annotations

import gc

import pytest

from app.ui.common import gc_guard
from app.ui.common.tasks import TaskPool


@pytest.fixture
def collector_off():
    was = gc.isenabled()
    gc.disable()
    yield
    if was:
        gc.enable()


def _make_garbage() -> list[list[int]]:
    return [[n] for n in range(gc.get_threshold()[0] * 3)]


def test_nothing_is_collected_while_long_work_runs_and_is_after(collector_off) -> None:
    kept = _make_garbage()
    with gc_guard.deferring():
        assert gc_guard.collect_if_due() == -1, "a collection would hold up a save meanwhile"
    assert gc_guard.collect_if_due() >= 0
    del kept


def test_past_the_limit_collection_goes_ahead_anyway(collector_off, monkeypatch) -> None:
    monkeypatch.setattr(gc_guard, "DEFERRED_LIMIT", gc.get_threshold()[0])
    kept = _make_garbage()
    with gc_guard.deferring():
        assert gc_guard.collect_if_due() >= 0, "memory must stay bounded"
    del kept


def test_jobs_on_a_pool_of_long_work_defer_collection_and_others_do_not(qtbot, collector_off) -> None:
    seen: list[bool] = []
    for long_work in (True, False):
        pool = TaskPool(long_work=long_work)
        with qtbot.waitSignal(pool.sig_busy_changed, check_params_cb=lambda busy: not busy, timeout=10_000):
            pool.run(lambda: seen.append(gc_guard.collection_deferred()))
    assert seen == [True, False]
