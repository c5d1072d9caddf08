"""The sync's fault tests, through the central service: nothing lost, nothing twice.

The same faults as the direct-path tests (``tests/sync/test_fault_injection.py``,
``test_kill_sync.py``, ``test_multi_device.py``), now with the laptop talking HTTP to the
real service process (``involve central serve``) in front of the central database:

- a proxy between the laptop and the service resets the connection after a random number of
  bytes, over and over, while the laptop keeps working in between; and likewise a proxy between
  the service and its database, so that the service's own connection fails mid-batch, mid-commit
  or just after it;
- (``test_service_processes.py``) ``involve sync`` killed with SIGKILL at random moments, and
  eight laptops syncing at once through two worker processes.

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
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import make_url

from app.store.store import Store
from app.store.sync_history import SyncRecord
from sync.runner import run_sync
from sync.service_client import ServiceTarget
from sync.upload import pending_count
from tests.sync.checks import (
    assert_exact,
    assert_marked_rows_at_centre,
    seed_store,
)
from tests.sync.conftest import make_central
from tests.sync.service_process import CentralService, assert_service_well, service_port, start_service
from tests.sync.tcp_proxy import TcpProxy
from tests.sync.test_fault_injection import BATCH_SIZES, change_between, choose_cut, run_sync_guarded

# What a cut connection may leave a laptop saying: one of the service client's plain sentences,
# or, for a cut between the service and its database, the service's own.
LOST = ("The connection to the central service was lost part-way through.",
        "Could not reach the central service at", "127.0.0.1 was found, but nothing is answering at")
DATABASE_LOST = "The central service cannot reach its database just now."


def through(proxy: TcpProxy, target: ServiceTarget) -> ServiceTarget:
    """The same laptop's target, reaching the service through ``proxy``."""
    return ServiceTarget(proxy.url(target.url), target.token)


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
