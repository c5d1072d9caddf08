"""The sync's fault tests, through the central service: nothing lost, nothing twice.

The same faults as the direct-path tests (``tests/sync/test_fault_injection.py``,
``test_kill_sync.py``, ``test_multi_device.py``), now with the laptop talking HTTP to the
real service process (``involve central serve``) in front of the central database:

- a proxy between the laptop and the service resets the connection after a random number of
  bytes, over and over, while the laptop keeps working in between; and likewise a proxy between
  the service and its database, so that the service's own connection fails mid-batch, mid-commit
  or just after it;
- ``involve sync`` itself, as a process syncing through the service, is killed with SIGKILL
  at random moments;
- eight laptops sync 5,000 rows each at once through a service with two worker processes.

After each, one clean sync leaves the centre holding exactly the laptops' records, none twice.
A cut or a kill while the service works on a batch is the case HTTP adds: the service commits
a batch whose answer never reaches the laptop, which sends it again next time.

The random runs are seeded: a failure names its seed, and ``INVOLVE_FAULT_SEED=N`` /
``INVOLVE_KILL_SEED=N`` repeats it.
"""

from __future__ import annotations

import math
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, make_url, select

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
    add_signups,
    assert_exact,
    assert_marked_rows_at_centre,
    change_some,
    seed_demo_events,
    seed_store,
)
from tests.sync.conftest import make_central
from tests.sync.service_process import CentralService, start_service
from tests.sync.tcp_proxy import TcpProxy
from tests.sync.test_fault_injection import BATCH_SIZES, change_between, choose_cut, run_sync_guarded
from tests.sync.test_kill_sync import ANYWHERE_SHARE, KILLS, REPO

# What a cut connection may leave a laptop saying: one of the service client's plain sentences,
# or, for a cut between the service and its database, the service's own.
LOST = ("The connection to the central service was lost part-way through.",
        "Could not reach the central service at")
DATABASE_LOST = "The central service cannot reach its database just now."


def service_port(service: CentralService) -> int:
    port = urlsplit(service.url).port
    assert port is not None
    return port


def through(proxy: TcpProxy, target: ServiceTarget) -> ServiceTarget:
    """The same laptop's target, reaching the service through ``proxy``."""
    return ServiceTarget(proxy.url(target.url), target.token)


# What uvicorn may say of a request a cut left unfinished; anything else but INFO is a problem.
HARMLESS = ("WARNING:  Invalid HTTP request received.",)
FAILED_REQUEST = re.compile(r'" [45]\d\d ')  # an access-log line for a request answered 4xx or 5xx
UNAVAILABLE = re.compile(r'" 503 ')
DATABASE_ERROR = re.compile(r"^central database error: \w+$")  # the service's own warning, then a 503


def assert_service_well(service: CentralService, context: str, *, database_cut: bool = False) -> None:
    """The service is still running, answered every request it finished with success, and logged
    nothing but its comings and goings: the faults were the laptops', never its own. With
    ``database_cut``, a request whose database connection was cut may be answered 503 (and
    the service says why in a line of its own); nothing else."""
    log = service.log.read_text(errors="replace")
    assert service.process.poll() is None, f"the service stopped ({context}):\n{log[-3000:]}"

    def problem(line: str) -> bool:
        if not line.strip() or line in HARMLESS:
            return False
        if database_cut and (DATABASE_ERROR.match(line) or UNAVAILABLE.search(line)):
            return False
        return not line.startswith("INFO:") or bool(FAILED_REQUEST.search(line))

    problems = [line for line in log.splitlines() if problem(line)]
    assert not problems, f"the service logged problems ({context}):\n  " + "\n  ".join(problems[:10])


# ---------------------------------------------------------------- connections cut at random points

@dataclass
class Cut:
    number: int
    how: str  # where the cut was aimed
    batch: int
    before: int  # rows waiting before the attempt
    after: int  # rows waiting after it
    record: SyncRecord
    cuts: int

    @property
    def marked(self) -> int:
        return self.before - self.after

    def describe(self) -> str:
        return (f"attempt {self.number}: {self.how}, batch {self.batch}, {self.record.outcome}, receipt says "
                f"{self.record.sent} sent, {self.marked} of {self.before} rows marked synced")


# One attempt: given the rows waiting, the batch size and the seed's words, sync with a cut
# aimed somewhere; the receipt, how many cuts happened, and where the cut was aimed.
AttemptFn = Callable[[int, int, str], tuple[SyncRecord, int, str]]


@dataclass(frozen=True)
class Budget:
    """What a sync exchanges over one link, measured with a small second laptop (which then stays
    in the checks like any other): before sending any row, and for each row or batch sent."""

    base_bytes: int
    bytes_per_row: float
    base_turns: int = 0
    turns_per_batch: float = 0.0

    def choose_turn(self, rng: random.Random, waiting: int, batch: int) -> int:
        """A turn of the conversation from the first to a little past the end of a whole sync of
        what waits (a batch of each table besides the full ones)."""
        batches = math.ceil(waiting / batch) + 3
        return rng.randint(1, int((self.base_turns + self.turns_per_batch * batches) * 1.1) + 1)


def measure(probe: Store, target: ServiceTarget, proxy: TcpProxy) -> Budget:
    """The probe laptop's first sync (everything it holds, in batches of 100) and a second (nothing),
    counted on ``proxy``."""

    def counted(why: str) -> tuple[SyncRecord, int, int]:
        with proxy.stats.lock:
            bytes_before, turns_before = proxy.stats.bytes_up + proxy.stats.bytes_down, proxy.stats.turns
        record = run_sync(probe, target, batch_size=100)
        assert record.outcome == "ok", f"{why}: {record.message}"
        with proxy.stats.lock:
            return (record, proxy.stats.bytes_up + proxy.stats.bytes_down - bytes_before,
                    proxy.stats.turns - turns_before)

    first, full_bytes, full_turns = counted("the probe's first sync")
    _again, base_bytes, base_turns = counted("the probe's second sync")
    batches = sum(math.ceil(n / 100) for n in first.details["sent_by_table"].values())
    return Budget(base_bytes, max(1.0, (full_bytes - base_bytes) / max(1, first.sent)), base_turns,
                  max(1.0, (full_turns - base_turns) / max(1, batches)))


def cut_again_and_again(store: Store, target: ServiceTarget, probe: Store, url: str, rng: random.Random,
                        attempt: AttemptFn, event_ids: list[str], why: str, *, cuts_wanted: int,
                        mid_upload_wanted: int, plain: tuple[str, ...]) -> str:
    """Sync ``store`` with a cut each time (``attempt``) until ``cuts_wanted`` cuts have happened,
    the laptop working between attempts, checking after each what must hold at any moment; then
    a clean sync, and the centre must hold exactly what the laptops hold. Every failed attempt
    must say one of the ``plain`` sentences. Returns a summary for the log."""
    started = time.perf_counter()
    attempts: list[Cut] = []
    changes: list[str] = []
    withdrawn: set[str] = set()
    messages: Counter[str] = Counter()
    unmarked = 0  # attempts after which the centre held rows not yet marked here
    cut = 0  # attempts with a cut (on the database link one may cut twice: the service connects again)
    while cut < cuts_wanted and len(attempts) < 2 * cuts_wanted:
        if attempts and rng.random() < 0.3:
            done = change_between(store, rng, event_ids, url, withdrawn)
            changes.append(f"before attempt {len(attempts)}: " + ", ".join(done))
        before = pending_count(store)
        batch = rng.choice(BATCH_SIZES)
        record, made, how = attempt(before, batch, f"attempt {len(attempts)}; {why}")
        attempts.append(Cut(len(attempts), how, batch, before, pending_count(store), record, made))
        cut += made > 0
        described = attempts[-1].describe()
        assert record.outcome in ("ok", "failed"), f"{described}: {record.message} ({why})"
        assert record.outcome == "failed" or not made, f"{described}: a cut went unnoticed ({why})"
        if record.outcome == "failed":
            assert record.message.startswith(plain), (
                f"{described}: a cut connection gave {record.message!r}, not the plain sentence for a lost "
                f"connection ({why})")
            messages[record.message.split(".")[0]] += 1
        assert store.quick_check() == "ok", f"{described} ({why})"
        state = assert_marked_rows_at_centre(url, store, f"{described}; {why}", withdrawn_centrally=withdrawn)
        unmarked += state["confirmed_not_marked"] > 0
    cutting = time.perf_counter() - started

    final = run_sync(store, target, batch_size=rng.choice(BATCH_SIZES))
    assert final.outcome == "ok", f"the clean sync after the cuts failed: {final.message} ({why})"
    assert_exact(url, [store, probe], why)

    outcomes = Counter(a.record.outcome for a in attempts)
    mid_upload = [a for a in attempts if a.record.outcome == "failed" and 0 < a.marked < a.before]
    cuts = sum(a.cuts for a in attempts)
    summary = (f"{len(attempts)} attempts, {cut} of them cut ({cuts} cuts), {dict(outcomes)}, {len(mid_upload)} "
               f"failed part-way through the upload, {unmarked} left rows at the centre not yet marked here, "
               f"{len(changes)} rounds of changes ({len(withdrawn)} withdrawals at the centre), "
               f"{time.perf_counter() - started:.1f} s ({cutting:.1f} s cutting); failures said: {dict(messages)}")
    assert cut >= cuts_wanted, f"only {cut} attempts were cut: {summary} ({why})"
    assert outcomes["failed"] >= cut, f"{summary} ({why})"
    assert len(mid_upload) >= mid_upload_wanted, (
        f"only {len(mid_upload)} attempts were cut part-way through sending; the cuts did not land inside the "
        f"upload: {summary} ({why})")
    # The receipt of a failed sync counts the rows the centre confirmed before the cut (see the
    # direct-path test for why a withdrawal from the centre may make it count more).
    untold = [a.describe() for a in attempts if a.record.outcome == "failed" and (
        a.record.sent < a.marked or (a.record.sent != a.marked and not a.record.downloaded))]
    assert not untold, (
        f"{len(untold)} of {outcomes['failed']} failed syncs have a receipt that does not count the rows the "
        f"centre confirmed before the cut, e.g.:\n  " + "\n  ".join(untold[:5]) + f"\n({why})")
    return summary


def fault_seed() -> int:
    return int(os.environ.get("INVOLVE_FAULT_SEED") or random.randrange(1_000_000))


@pytest.mark.parametrize(("kind", "cuts_wanted", "mid_upload_wanted"), [("postgresql", 100, 10), ("sqlite", 100, 10)])
@pytest.mark.timeout(600)  # about 20 s on a quiet machine; each attempt is bounded by HANG_S besides
def test_connections_from_the_laptop_to_the_service_cut_at_random_points_lose_and_duplicate_nothing(
        kind: str, cuts_wanted: int, mid_upload_wanted: int, tmp_path: Path, make_store) -> None:
    """The proxy sits between the laptop and the service and cuts after a random number of bytes."""
    seed = fault_seed()
    why = f"{kind}, seed {seed}; repeat with INVOLVE_FAULT_SEED={seed}"
    rng = random.Random(seed)
    url, drop = make_central(kind, tmp_path)
    service = start_service(url, tmp_path)
    try:
        port = service_port(service)
        probe = make_store("probe")
        seed_store(probe, rng, events=2, responses=120, signups=30)
        with TcpProxy("127.0.0.1", port) as proxy:
            budget = measure(probe, through(proxy, service.enrol(probe, "Probe")), proxy)
        store = make_store("laptop")
        event_ids = seed_store(store, rng, events=15, responses=2200, signups=600)
        target = service.enrol(store, "Laptop")

        def attempt(before: int, batch: int, context: str) -> tuple[SyncRecord, int, str]:
            cut_after = choose_cut(rng, budget.base_bytes, budget.bytes_per_row, before, batch)
            how = f"cut after {cut_after} bytes"
            with TcpProxy("127.0.0.1", port, cut_after=cut_after) as proxy:
                record = run_sync_guarded(store, through(proxy, target), batch, f"{how}; {context}")
                return record, proxy.stats.cuts, how

        summary = cut_again_and_again(store, target, probe, url, rng, attempt, event_ids, why,
                                      cuts_wanted=cuts_wanted, mid_upload_wanted=mid_upload_wanted, plain=LOST)
        assert_service_well(service, why)
        print(f"\nlaptop to service, {kind}: seed {seed}, {summary}")
    finally:
        service.stop()
        drop()


@pytest.mark.timeout(600)  # about 25 s on a quiet machine; each attempt is bounded by HANG_S besides
def test_connections_from_the_service_to_its_database_cut_at_random_points_lose_and_duplicate_nothing(
        tmp_path: Path, make_store) -> None:
    """The proxy sits between the service and PostgreSQL. Half the cuts come after a random number
    of bytes, half at a random turn of the conversation, so a short message (a COMMIT, or its
    answer) is as likely to be lost as a batch. The service must answer a batch only once it is
    committed: a cut before the commit is a refusal the laptop hears, and a cut of the commit's
    answer leaves rows the laptop sends again."""
    seed = fault_seed()
    why = f"service to database, seed {seed}; repeat with INVOLVE_FAULT_SEED={seed}"
    rng = random.Random(seed)
    url, drop = make_central("postgresql", tmp_path)
    address = make_url(url)
    try:
        with TcpProxy(address.host or "127.0.0.1", address.port or 5432) as database:
            service = start_service(database.url(url), tmp_path)
            try:
                summary = cut_the_database_link(service, database, url, rng, make_store, why)
                assert_service_well(service, why, database_cut=True)
            finally:
                service.stop()
        print(f"\nservice to database, postgresql: seed {seed}, {summary}")
    finally:
        drop()


def cut_the_database_link(service: CentralService, database: TcpProxy, url: str, rng: random.Random,
                          make_store: Callable[[str], Store], why: str) -> str:
    """A probe laptop measures the database link; then the laptop under test syncs, cut after cut."""
    probe = make_store("probe")
    seed_store(probe, rng, events=2, responses=120, signups=30)
    budget = measure(probe, service.enrol(probe, "Probe"), database)
    store = make_store("laptop")
    event_ids = seed_store(store, rng, events=15, responses=2200, signups=600)
    target = service.enrol(store, "Laptop")

    def attempt(before: int, batch: int, context: str) -> tuple[SyncRecord, int, str]:
        with database.stats.lock:
            passed, turns, cuts = (database.stats.bytes_up + database.stats.bytes_down, database.stats.turns,
                                   database.stats.cuts)
        if rng.random() < 0.5:
            n = choose_cut(rng, budget.base_bytes, budget.bytes_per_row, before, batch)
            how, database.cut_after = f"database link cut after {n} bytes", passed + n
        else:
            n = budget.choose_turn(rng, before, batch)
            how, database.cut_at_turn = f"database link cut at turn {n}", turns + n
        try:
            record = run_sync_guarded(store, target, batch, f"{how}; {context}")
        finally:
            database.cut_after = database.cut_at_turn = None
        return record, database.stats.cuts - cuts, how

    return cut_again_and_again(store, target, probe, url, rng, attempt, event_ids, why,
                               cuts_wanted=100, mid_upload_wanted=10, plain=(DATABASE_LOST,))


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
                    waiting_before, before = before, pending_count(store)
                finally:
                    store.close()
                left_unmarked += state["confirmed_not_marked"] > 0
                if finished:
                    kinds["finished before the kill"] += 1
                elif after == waiting_before and not state["confirmed_not_marked"]:
                    kinds["killed before any row was confirmed"] += 1
                elif after:
                    kinds["killed part-way through sending"] += 1
                else:
                    kinds["killed after sending, while receiving or counting"] += 1
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
