"""The sync's process faults, through the central service: nothing lost, nothing twice.

``involve sync``, as a process syncing through the real service, is killed with SIGKILL at
random moments; and eight laptops sync 5,000 rows each at once through a service with two
worker processes. After each, one clean sync leaves the centre holding exactly the laptops'
records, none twice. The kills are seeded: ``INVOLVE_KILL_SEED=N`` repeats a run. Connections
cut at random points are in ``test_service_faults.py``.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.store.paths import DataPaths
from app.store.settings_file import SettingsFile
from app.store.store import Store
from app.store.sync_history import SyncRecord
from sync import central_schema as schema
from sync.connection import autocommit_connection, make_central_engine, target_from
from sync.runner import run_sync
from sync.service_client import ServiceTarget
from sync.upload import pending_count
from tests.sync.checks import (
    add_responses,
    assert_exact,
    seed_demo_events,
    seed_store,
)
from tests.sync.conftest import make_central
from tests.sync.service_process import CentralService, assert_service_well, service_port, start_service
from tests.sync.tcp_proxy import TcpProxy
from tests.sync.test_kill_sync import ANYWHERE_SHARE, KILLS, REPO, examine_after_kill

# ---------------------------------------------------------------- involve sync killed with SIGKILL

def involve_sync(folder: Path, token: str) -> subprocess.Popen:
    """``involve sync`` as staff run it on an enrolled laptop: the service from the data folder's
    settings, the credential from the environment (there is no keyring in the tests)."""
    return subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(folder), "sync", "--batch-size", "50"],
                            cwd=REPO, env=dict(os.environ, INVOLVE_DEVICE_TOKEN=token),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def enrol_with_the_cli(folder: Path, service: CentralService, address: str, name: str) -> str:
    """``involve enrol ADDRESS CODE --print-token``: remembers the service in the data folder's
    settings and prints the credential."""
    done = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(folder), "enrol", address,
                           service.add_device(name), "--print-token"], cwd=REPO, env=dict(os.environ),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert SettingsFile(DataPaths(folder).settings).get("central_service") == address
    return done.stdout.strip()


def seed_laptop(folder: Path, rng: random.Random) -> tuple[list[str], int]:
    """A laptop with a day's worth of events, responses and sign-ups: its event ids, and rows waiting."""
    store = Store.open(DataPaths(folder))
    try:
        return seed_store(store, rng, events=10, responses=1000, signups=250), pending_count(store)
    finally:
        store.close()


def wait_until_connected(proxy: TcpProxy, seen: int, process: subprocess.Popen, limit: float = 60) -> float | None:
    """Seconds until the process opened a connection to the service (the proxy's ``seen``-th and
    later), or None if it ended first."""
    start = time.perf_counter()
    while process.poll() is None:
        if proxy.stats.connections > seen:
            return time.perf_counter() - start
        if time.perf_counter() - start > limit:
            raise AssertionError(f"involve sync did not reach the service within {limit} s")
        time.sleep(0.005)  # polling the proxy's count: the process gives no signal when it connects
    return None


def measure_whole_sync(folder: Path, token: str, proxy: TcpProxy) -> tuple[float, float]:
    """How long a whole ``involve sync`` of a laptop like the one under test takes, and how much of
    it is spent connected to the service."""
    started = time.perf_counter()
    seen = proxy.stats.connections
    process = involve_sync(folder, token)
    until_connected = wait_until_connected(proxy, seen, process)
    _out, err = process.communicate(timeout=300)
    whole = time.perf_counter() - started
    assert process.returncode == 0 and until_connected is not None, err.decode()
    return whole, whole - until_connected


@pytest.mark.timeout(600)  # 25 real syncs started and killed: about 30 s on a quiet machine
def test_involve_sync_through_the_service_killed_at_random_moments_loses_and_duplicates_nothing(
        tmp_path: Path) -> None:
    seed = int(os.environ.get("INVOLVE_KILL_SEED") or random.randrange(1_000_000))
    why = f"seed {seed}; repeat with INVOLVE_KILL_SEED={seed}"
    rng = random.Random(seed)
    url, drop = make_central("postgresql", tmp_path)
    service = start_service(url, tmp_path)
    folder, probe_folder = tmp_path / "laptop", tmp_path / "probe"
    started = time.perf_counter()
    try:
        # A proxy that cuts nothing, only to see when the laptop first reaches the service.
        with TcpProxy("127.0.0.1", service_port(service)) as proxy:
            address = proxy.url(service.url)
            event_ids, first_waiting = seed_laptop(folder, rng)
            seed_laptop(probe_folder, rng)
            token = enrol_with_the_cli(folder, service, address, "Laptop")
            # A second laptop just like it, synced whole, shows how long a sync takes here.
            whole, window = measure_whole_sync(probe_folder, enrol_with_the_cli(probe_folder, service, address,
                                                                                "Probe"), proxy)

            before = first_waiting
            kinds: Counter[str] = Counter()
            left_unmarked = 0  # kills after which the centre held rows not yet marked here
            n = 0
            while n - kinds["finished before the kill"] < KILLS and n < 2 * KILLS:
                # A smaller backlog is sent sooner: aim the kill inside its own sync, not past its end.
                connected_for = window * max(0.2, before / first_waiting) * 1.2
                seen = proxy.stats.connections
                process = involve_sync(folder, token)
                if rng.random() < ANYWHERE_SHARE:
                    delay = rng.uniform(0.3, whole - window + connected_for)
                    time.sleep(delay)  # the moment of the kill is the point of the test: nothing to wait on
                    where = f"kill {n}: {delay:.2f} s after start"
                else:
                    after_connecting = wait_until_connected(proxy, seen, process)
                    delay = rng.uniform(0, connected_for)
                    time.sleep(delay)  # as above
                    where = f"kill {n}: {delay:.2f} s after reaching the service at {after_connecting}"
                finished = process.poll() is not None
                process.kill()
                _out, err = process.communicate(timeout=60)
                if finished:
                    assert process.returncode == 0, f"{where}: involve sync failed: {err.decode()} ({why})"

                before, unmarked = examine_after_kill(folder, url, rng, event_ids, before=before, finished=finished,
                                                      where=where, why=why, kinds=kinds)
                left_unmarked += unmarked
                n += 1
            killing = time.perf_counter() - started

            process = involve_sync(folder, token)  # the last sync, left to finish
            _out, err = process.communicate(timeout=300)
            assert process.returncode == 0, f"the clean sync after the kills failed: {err.decode()} ({why})"
        stores = [Store.open(DataPaths(folder)), Store.open(DataPaths(probe_folder))]
        try:
            assert_exact(url, stores, why)
        finally:
            for store in stores:
                store.close()
        assert_service_well(service, why)
        print(f"\nkill -9 through the service: seed {seed}, a whole sync {whole:.1f} s ({window:.1f} s connected); "
              f"{n} runs: {dict(kinds)}; {left_unmarked} left rows at the centre not yet marked here; "
              f"{time.perf_counter() - started:.1f} s ({killing:.1f} s killing)")
        assert n - kinds["finished before the kill"] >= KILLS, f"{dict(kinds)} ({why})"
        assert kinds["killed part-way through sending"] >= 3, f"{dict(kinds)} ({why})"
    finally:
        service.stop()
        drop()


# ---------------------------------------------------------------- many laptops at once, two workers

LAPTOPS = 8
ROWS_EACH = 5_000
BATCHES = (None, 250, 500, 1000)  # None: the service's own batch, 5,000 rows a request


def sync_together(stores: list[Store], targets: list[ServiceTarget],
                  batches: list[int | None]) -> list[SyncRecord]:
    """All the laptops press Sync at the same moment, each on its own thread with its own store."""
    start = threading.Barrier(len(stores))
    records: list[SyncRecord | BaseException | None] = [None] * len(stores)

    def work(n: int) -> None:
        try:
            start.wait()
            records[n] = run_sync(stores[n], targets[n], batch_size=batches[n])
        except BaseException as error:  # noqa: BLE001 (reported below, on the test's thread)
            records[n] = error

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
        assert not thread.is_alive(), "a laptop's sync did not return within 300 s"
    for store, record in zip(stores, records, strict=True):
        assert isinstance(record, SyncRecord), f"{store.paths.root.name}: run_sync gave {record!r}"
    return records  # type: ignore[return-value]


def centre_responses(url: str) -> tuple[Counter[str], Counter[str]]:
    """Responses at the centre per laptop that made them, and per event."""
    table = schema.SYNCED_TABLES["responses"]
    engine = make_central_engine(target_from(url))
    try:
        with autocommit_connection(engine) as conn:
            by_device = Counter(dict(conn.execute(select(table.c.device_id, func.count()).group_by(
                table.c.device_id)).all()))
            by_event = Counter(dict(conn.execute(select(table.c.event_id, func.count()).group_by(
                table.c.event_id)).all()))
    finally:
        engine.dispose()
    return by_device, by_event


@pytest.mark.timeout(600)  # about 30 s on a quiet machine
def test_eight_laptops_syncing_at_once_through_two_workers_land_every_row_once(tmp_path: Path, make_store) -> None:
    rng = random.Random(20261201)
    url, drop = make_central("postgresql", tmp_path)
    service = start_service(url, tmp_path, workers=2)
    try:
        laptops = [make_store(f"laptop-{n + 1}") for n in range(LAPTOPS)]
        targets = [service.enrol(store, f"Laptop {n + 1}") for n, store in enumerate(laptops)]
        # The first laptop plans the events; the others receive them, all at once.
        planned = seed_demo_events(laptops[0], rng, events=6, responses=0)
        first = run_sync(laptops[0], targets[0])
        assert first.outcome == "ok", first.message
        received = sync_together(laptops[1:], targets[1:], [None] * (LAPTOPS - 1))
        for store, record in zip(laptops[1:], received, strict=True):
            assert record.outcome == "ok", f"{store.paths.root.name}: {record.message}"
            assert record.details["received"]["events"] == len(planned), store.paths.root.name

        made: Counter[str] = Counter()
        for store in laptops:
            made.update(add_responses(store, rng, planned, ROWS_EACH))
            assert pending_count(store) == ROWS_EACH, store.paths.root.name
        batches = [BATCHES[n % len(BATCHES)] for n in range(LAPTOPS)]
        started = time.perf_counter()
        records = sync_together(laptops, targets, batches)
        took = time.perf_counter() - started

        for store, record, batch in zip(laptops, records, batches, strict=True):
            name = f"{store.paths.root.name} (batches of {batch or 'the service default'})"
            assert record.outcome == "ok", f"{name}: {record.message}"
            assert record.mismatches == 0, f"{name}: counts differ: {record.details['counts']}"
            assert not record.details["refused"], f"{name}: refused {record.details['refused'][:3]}"
            assert (record.sent, record.new, record.updated, record.already, record.conflicts) == (
                ROWS_EACH, ROWS_EACH, 0, 0, 0), (
                f"{name}: the receipt says {record.sent} sent, {record.new} new, {record.updated} updated, "
                f"{record.already} already there, {record.conflicts} conflicts; the laptop made {ROWS_EACH} new rows")
        by_device, by_event = centre_responses(url)
        assert by_device == {store.device_id: ROWS_EACH for store in laptops}, (
            f"responses at the centre per laptop: {sorted(by_device.values())}")
        assert sum(by_device.values()) == LAPTOPS * ROWS_EACH == 40_000
        assert by_event == made, "the centre's responses per event are not the sum of the laptops'"
        assert_exact(url, laptops, "eight laptops at once")
        assert_service_well(service, "eight laptops at once")
        workers = service.log.read_text().count("Started server process")
        assert workers == 2, f"the service ran {workers} worker processes, not 2"
        print(f"\n{LAPTOPS} laptops x {ROWS_EACH} rows through 2 workers: {sum(by_device.values())} at the centre; "
              f"the syncs at once took {took:.1f} s")
    finally:
        service.stop()
        drop()
