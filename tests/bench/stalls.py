"""Kiosk saves while long work runs on a year's store: no save may wait on a read.

The store is a year's, as ``involve demo --events 50 --responses 100000 --signups 20000`` makes
it (fixed seed and date). A kiosk submission (``submits.py``'s: the FFT, topics and every
equality question, until the commit returns) is timed ``submissions`` times in each of three
states, and the p99 of each compared with the idle p99, measured in the same run:

- idle: nothing else running;
- while a report of the whole year is made, over and over, from another thread, as the Reports
  window makes it: in the store's side process (``app.store.side_process``);
- while the laptop sends its year through the central service (``involve central serve``, 2
  workers, on the loopback) to a throwaway PostgreSQL centre, on another thread, as the app's
  Sync does. Skipped, in one line, without a PostgreSQL server.

Submissions are paced (one every ``PACE_S``), as people at a stall are, so that they land
all through the long work rather than in its first second. Python runs as in the desktop app:
threads switch every millisecond, and garbage is collected every half second rather than
whenever a thread happens to allocate. The service and PostgreSQL share the machine's cores
with the laptop here, as they would not in use, so the sync figure is a pessimistic one.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path

from app.core.report_model import ReportSelection
from app.store.keys import StoreKey
from app.store.paths import DataPaths
from app.store.reports import local_report
from app.store.side_process import Cancelled
from app.store.store import Store
from tests.bench.service_sync import _service
from tests.bench.submits import _store_writer
from tests.bench.sync import Skipped, _throwaway_central

YEAR = {"events": 50, "responses": 100_000, "signups": 20_000}
PACE_S = 0.02
TARGET = 3.0


def seed_year(data_dir: Path, key: StoreKey) -> None:
    import random

    from app.store.demo import seed_demo
    from app.store.demo_people import seed_signups
    from app.store.survey_library import load_library

    paths = DataPaths(data_dir)
    store = Store.open(paths, backup="never", key=key)
    try:
        today = dt.date(2026, 6, 1)
        made = seed_demo(store, load_library(paths.surveys).surveys, events=YEAR["events"],
                         responses=YEAR["responses"], seed=2026, today=today)
        seed_signups(store, random.Random(2027), made.event_ids, YEAR["signups"], today)
        store.flush_log()
    finally:
        store.close()


def _timed(submit: Callable[[], None], count: int, busy: Callable[[], bool] = lambda: True) -> list[float]:
    times = []
    for _n in range(count):
        if not busy():
            break
        began = time.perf_counter()
        submit()
        times.append(time.perf_counter() - began)
        time.sleep(PACE_S)
    return times


def _alongside(work: Callable[[threading.Event], None], submit: Callable[[], None], count: int) -> list[float]:
    """Submissions timed while ``work`` runs on another thread (until it ends, or ``count`` are made)."""
    stop, started = threading.Event(), threading.Event()
    problems: list[BaseException] = []

    def run() -> None:
        from app.ui.common.gc_guard import deferring

        started.set()
        try:
            with deferring():  # as the app's side pools run their work
                work(stop)
        except BaseException as error:  # noqa: BLE001 (said after the timing)
            problems.append(error)
        finally:
            stop.set()

    worker = threading.Thread(target=run, name="long-work")
    worker.start()
    started.wait()
    try:
        times = _timed(submit, count, busy=lambda: not stop.is_set())
    finally:
        stop.set()
        worker.join()
    if problems:
        raise problems[0]
    return times


def run(folder: Path, key: StoreKey, *, submissions: int = 300) -> dict[str, list[float] | str]:
    import sys

    from app.ui.shell.application import SWITCH_INTERVAL_S

    previous = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)  # as the desktop app runs
    collecting = _AppCollector()
    try:
        return _run(folder, key, submissions)
    finally:
        collecting.stop()
        sys.setswitchinterval(previous)


class _AppCollector:
    """The desktop app's garbage collection (``app/ui/common/gc_guard.py``): automatic collection
    off, and every half second the generations that are due collected, on one thread, except
    while long work runs (as the app's report, export and sync pools mark theirs)."""

    def __init__(self) -> None:
        import gc

        gc.disable()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="collector", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from app.ui.common.gc_guard import INTERVAL_MS, collect_if_due

        while not self._stop.wait(INTERVAL_MS / 1000):
            collect_if_due()

    def stop(self) -> None:
        import gc

        self._stop.set()
        self._thread.join()
        gc.enable()


def _run(folder: Path, key: StoreKey, submissions: int) -> dict[str, list[float] | str]:
    data = folder / "year-store"
    seed_year(data, key)
    store = Store.open(DataPaths(data), backup="never", key=key)
    results: dict[str, list[float] | str] = {}
    try:
        submit = _store_writer(store)
        _timed(submit, 20)  # first-use costs untimed
        results["idle"] = _timed(submit, submissions)

        def reports(stop: threading.Event) -> None:
            while not stop.is_set():
                try:
                    local_report(store, ReportSelection(), own_process=True, cancelled=stop.is_set)
                except Cancelled:  # the submissions are all made
                    return

        results["report"] = _alongside(reports, submit, submissions)
        try:
            with _throwaway_central() as central, _service(central, folder) as service:
                from sync.runner import run_sync

                target = service.enrol(store)

                def sync(_stop: threading.Event) -> None:
                    record = run_sync(store, target)
                    if record.outcome != "ok":
                        raise RuntimeError(f"the sync did not succeed: {record.message}")

                results["sync"] = _alongside(sync, submit, submissions)
        except Skipped as reason:
            results["sync"] = str(reason)
    finally:
        store.close()
    return results
