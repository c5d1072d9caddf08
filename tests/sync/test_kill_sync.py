"""``involve sync`` killed with SIGKILL at any moment loses nothing and duplicates nothing.

The real command runs as its own process against PostgreSQL and is killed, over and over:
during start-up, while it sends, between a batch committing and being marked, while it
receives. The laptop keeps working in between. After each kill the store must open and pass
SQLite's own check, and every row marked sent must be at the centre; after one clean sync the
centre holds exactly the laptop's records.

The run is seeded: a failure names its seed, and ``INVOLVE_KILL_SEED=N`` repeats it.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from app.store.paths import DataPaths
from app.store.store import Store
from sync.connection import target_from
from sync.runner import run_sync
from sync.upload import pending_count
from tests.sync.checks import (
    add_responses,
    add_signups,
    assert_exact,
    assert_marked_rows_at_centre,
    change_some,
    seed_store,
)
from tests.sync.conftest import make_central, server_url

KILLS = 25
REPO = Path(__file__).resolve().parents[2]
ANYWHERE_SHARE = 0.3  # kills at any moment from start-up on; the rest land once it has connected


def involve_sync(folder: Path, url: str) -> subprocess.Popen:
    # The environment carries INVOLVE_STORE_KEY and the null keyring, as the tests set them.
    return subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(folder), "sync", "--central", url,
                             "--batch-size", "50"], cwd=REPO, env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def connected(admin: Engine, url: str) -> bool:
    """True once the sync process holds a connection to this central database."""
    with admin.connect() as conn:
        return bool(conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND "
                                      "application_name = 'Involve'"), {"db": make_url(url).database}).scalar())


def wait_until_connected(admin: Engine, url: str, process: subprocess.Popen, limit: float = 60) -> float | None:
    """Seconds until the process connected, or None if it ended first."""
    start = time.perf_counter()
    while process.poll() is None:
        if connected(admin, url):
            return time.perf_counter() - start
        if time.perf_counter() - start > limit:
            raise AssertionError(f"involve sync did not connect within {limit} s")
        time.sleep(0.01)
    return None


def measure_whole_sync(folder: Path, tmp_path: Path, admin: Engine) -> tuple[float, float]:
    """How long a whole ``involve sync`` of this store takes, and how much of it is connected:
    measured on a copy, against a throwaway central database."""
    copy = tmp_path / "measure"
    shutil.copytree(folder, copy)
    scratch, drop = make_central("postgresql", tmp_path)
    try:
        started = time.perf_counter()
        process = involve_sync(copy, scratch)
        until_connected = wait_until_connected(admin, scratch, process)
        _out, err = process.communicate(timeout=300)
        whole = time.perf_counter() - started
    finally:
        drop()
        shutil.rmtree(copy, ignore_errors=True)
    assert process.returncode == 0 and until_connected is not None, err.decode()
    return whole, whole - until_connected


def examine_after_kill(folder: Path, url: str, rng: random.Random, event_ids: list[str], *, before: int,
                       finished: bool, where: str, why: str, kinds: Counter[str]) -> tuple[int, bool]:
    """After one killed sync: the store opens and is whole, every row marked synced is at the
    centre, the laptop goes on working, and the kill is counted by where it landed.

    ``before`` is what waited before this sync. Returns what waits now, and whether the centre
    held rows not yet marked here.
    """
    store = Store.open(DataPaths(folder))  # refuses a damaged store
    try:
        assert store.quick_check() == "ok", f"{where} ({why})"
        after = pending_count(store)
        state = assert_marked_rows_at_centre(url, store, f"{where}; {why}")
        # The laptop goes on working before the next sync.
        add_responses(store, rng, event_ids, rng.randint(30, 200))
        if rng.random() < 0.5:
            add_signups(store, rng, event_ids, rng.randint(5, 30))
        if rng.random() < 0.3:
            change_some(store, rng, event_ids)
        waiting = pending_count(store)
    finally:
        store.close()
    if finished:
        kinds["finished before the kill"] += 1
    elif after == before and not state["confirmed_not_marked"]:
        kinds["killed before any row was confirmed"] += 1
    elif after:
        kinds["killed part-way through sending"] += 1
    else:
        kinds["killed after sending, while receiving or counting"] += 1
    return waiting, state["confirmed_not_marked"] > 0


@pytest.mark.timeout(900)  # 25 real syncs started and killed: about 25 s on a quiet machine
def test_involve_sync_killed_at_random_moments_loses_and_duplicates_nothing(
        pg_central: str, tmp_path: Path) -> None:
    url = pg_central
    seed = int(os.environ.get("INVOLVE_KILL_SEED") or random.randrange(1_000_000))
    why = f"seed {seed}; repeat with INVOLVE_KILL_SEED={seed}"
    rng = random.Random(seed)
    folder = tmp_path / "laptop"
    admin = create_engine(server_url("postgresql"), isolation_level="AUTOCOMMIT")
    started = time.perf_counter()
    try:
        store = Store.open(DataPaths(folder))
        try:
            event_ids = seed_store(store, rng, events=10, responses=1000, signups=250)
            first_waiting = before = pending_count(store)
        finally:
            store.close()
        whole, window = measure_whole_sync(folder, tmp_path, admin)

        kinds: Counter[str] = Counter()
        left_unmarked = 0  # kills after which the centre held rows not yet marked here
        for n in range(KILLS):
            # A smaller backlog is sent sooner: aim the kill inside its own sync, not past its end.
            connected_for = window * max(0.2, before / first_waiting) * 1.2
            process = involve_sync(folder, url)
            if rng.random() < ANYWHERE_SHARE:
                delay = rng.uniform(0.3, whole - window + connected_for)
                time.sleep(delay)
                where = f"kill {n}: {delay:.2f} s after start"
            else:
                after_connecting = wait_until_connected(admin, url, process)
                delay = rng.uniform(0, connected_for)
                time.sleep(delay)
                where = f"kill {n}: {delay:.2f} s after connecting at {after_connecting}"
            finished = process.poll() is not None
            process.kill()
            _out, err = process.communicate(timeout=60)
            if finished:
                assert process.returncode == 0, f"{where}: involve sync failed: {err.decode()} ({why})"

            before, unmarked = examine_after_kill(folder, url, rng, event_ids, before=before, finished=finished,
                                                  where=where, why=why, kinds=kinds)
            left_unmarked += unmarked
        killing = time.perf_counter() - started

        store = Store.open(DataPaths(folder))
        try:
            final = run_sync(store, target_from(url), batch_size=50)
            assert final.outcome == "ok", f"the clean sync after the kills failed: {final.message} ({why})"
            assert_exact(url, [store], why)
        finally:
            store.close()
        print(f"\nkill -9: seed {seed}, a whole sync {whole:.1f} s ({window:.1f} s connected); {KILLS} kills: "
              f"{dict(kinds)}; {left_unmarked} left rows at the centre not yet marked here; "
              f"{time.perf_counter() - started:.1f} s ({killing:.1f} s killing)")
        assert kinds["killed part-way through sending"] >= 3, f"{dict(kinds)} ({why})"
    finally:
        admin.dispose()
