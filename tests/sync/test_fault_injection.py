"""A connection cut at any moment of a sync loses nothing and duplicates nothing.

A proxy between the laptop and the central server resets the connection after a random
number of bytes, over and over, while the laptop keeps collecting and changing records in
between. Every attempt must end as "ok" or "failed" (never an exception, never a hang);
after one clean sync the centre holds exactly the laptop's records.

The run is seeded: a failure names its seed, and ``INVOLVE_FAULT_SEED=N`` repeats it.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import make_url

from app.store.store import Store
from app.store.sync_history import SyncRecord
from sync.connection import target_from
from sync.runner import Target, run_sync
from sync.upload import pending_count
from tests.sync.checks import (
    add_responses,
    add_signups,
    assert_exact,
    assert_marked_rows_at_centre,
    change_some,
    seed_demo_events,
    seed_store,
    withdraw_at_centre,
)
from tests.sync.conftest import make_central
from tests.sync.tcp_proxy import TcpProxy

# A sync that has not come back in this long is stuck: a cut is a reset, noticed at once.
HANG_S = int(os.environ.get("INVOLVE_HANG_S", "90"))
BATCH_SIZES = (50, 100, 200)


@dataclass
class Attempt:
    number: int
    cut_after: int
    batch: int
    before: int  # rows waiting before the attempt
    after: int  # rows waiting after it
    record: SyncRecord
    cuts: int

    @property
    def marked(self) -> int:
        return self.before - self.after

    def describe(self) -> str:
        return (f"attempt {self.number}: cut after {self.cut_after} bytes, batch {self.batch}, "
                f"{self.record.outcome}, receipt says {self.record.sent} sent, {self.marked} of {self.before} "
                f"rows marked synced")


def run_sync_guarded(store: Store, target: Target, batch: int, why: str) -> SyncRecord:
    """run_sync, failing the test (not hanging it) if it raises or never returns."""
    result: dict[str, object] = {}

    def work() -> None:
        try:
            result["record"] = run_sync(store, target, batch_size=batch)
        except BaseException as error:  # noqa: BLE001 (any escape is the failure being tested for)
            result["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(HANG_S)
    if worker.is_alive():
        stacks = sys._current_frames()  # where it is stuck, for the failure message
        where = "".join(traceback.format_stack(stacks[worker.ident])) if worker.ident in stacks else "?"
        raise AssertionError(f"run_sync did not return within {HANG_S} s ({why}); it was at:\n{where}")
    if "error" in result:
        error = result["error"]
        raise AssertionError(f"run_sync raised {type(error).__name__}: {error} ({why})") from error
    return result["record"]  # type: ignore[return-value]


def byte_budget(probe: Store, url: str, host: str, port: int) -> tuple[int, float]:
    """Bytes a sync exchanges before sending any row, and per row sent, measured through the proxy
    with a small second laptop (which then stays in the checks like any other)."""
    with TcpProxy(host, port) as proxy:
        first = run_sync(probe, target_from(proxy.url(url)), batch_size=100)
        full = proxy.stats.bytes_up + proxy.stats.bytes_down
    with TcpProxy(host, port) as proxy:
        again = run_sync(probe, target_from(proxy.url(url)), batch_size=100)
        base = proxy.stats.bytes_up + proxy.stats.bytes_down
    assert first.outcome == again.outcome == "ok", (first.message, again.message)
    return base, max(1.0, (full - base) / max(1, first.sent))


def choose_cut(rng: random.Random, base: int, per_row: float, waiting: int, batch: int) -> int:
    """How many bytes to let through: half the time, when more than two batches wait, somewhere
    inside the upload (after about one batch, before the last row); otherwise anywhere from the
    first byte to a little past the end of a whole sync of what waits."""
    upload = per_row * waiting
    if waiting > 2 * batch and rng.random() < 0.5:
        return rng.randint(int(per_row * batch), int(upload))
    return rng.randint(1, int((base + upload) * 1.1) + 1)


def change_between(store: Store, rng: random.Random, event_ids: list[str], url: str,
                   withdrawn: set[str]) -> list[str]:
    """Between some attempts the laptop goes on working (new rows, changes to rows already sent),
    and now and then the data team withdraws someone at the centre."""
    done: list[str] = []
    roll = rng.random()
    if roll < 0.15:
        event_ids += seed_demo_events(store, rng, events=1, responses=rng.randint(10, 60))
        done.append("new event")
    if roll < 0.7:
        done.append(f"{sum(add_responses(store, rng, event_ids, rng.randint(20, 150)).values())} responses")
    if rng.random() < 0.5:
        done.append(f"{sum(add_signups(store, rng, event_ids, rng.randint(5, 40)).values())} sign-ups")
    if rng.random() < 0.6:
        done += change_some(store, rng, event_ids, exclude=withdrawn)
    if rng.random() < 0.2 and (person := withdraw_at_centre(url, store, rng, withdrawn)):
        withdrawn.add(person)
        done.append(f"withdrew {person[:8]} at the centre")
    return done


# MariaDB takes the same rows several times slower, so it gets a smaller store and fewer cuts.
@pytest.mark.parametrize(("kind", "cuts_wanted", "mid_upload_wanted", "responses", "signups"),
                         [("postgresql", 100, 10, 2200, 600), ("mariadb", 30, 3, 700, 150)])
@pytest.mark.timeout(900)  # cut after cut over a slow link: up to about 20 s each on a quiet machine
def test_connections_cut_at_random_points_lose_and_duplicate_nothing(
        kind: str, cuts_wanted: int, mid_upload_wanted: int, responses: int, signups: int, tmp_path: Path,
        make_store) -> None:
    seed = int(os.environ.get("INVOLVE_FAULT_SEED") or random.randrange(1_000_000))
    why = f"seed {seed}; repeat with INVOLVE_FAULT_SEED={seed}"
    rng = random.Random(seed)
    url, drop = make_central(kind, tmp_path)
    started = time.perf_counter()
    try:
        address = make_url(url)
        host, port = address.host, address.port or (5432 if kind == "postgresql" else 3306)
        probe = make_store("probe")
        seed_store(probe, rng, events=2, responses=120, signups=30)
        base, per_row = byte_budget(probe, url, host, port)

        store = make_store("laptop")
        event_ids = seed_store(store, rng, events=15, responses=responses, signups=signups)
        attempts: list[Attempt] = []
        changes: list[str] = []
        withdrawn: set[str] = set()
        unmarked = 0  # attempts after which the centre held rows not yet marked here
        cuts = 0
        while cuts < cuts_wanted and len(attempts) < 2 * cuts_wanted:
            if attempts and rng.random() < 0.3:
                done = change_between(store, rng, event_ids, url, withdrawn)
                changes.append(f"before attempt {len(attempts)}: " + ", ".join(done))
            before = pending_count(store)
            batch = rng.choice(BATCH_SIZES)
            cut_after = choose_cut(rng, base, per_row, before, batch)
            with TcpProxy(host, port, cut_after=cut_after) as proxy:
                record = run_sync_guarded(store, target_from(proxy.url(url)), batch,
                                          f"attempt {len(attempts)}, cut after {cut_after} bytes; {why}")
                made = proxy.stats.cuts
            attempts.append(Attempt(len(attempts), cut_after, batch, before, pending_count(store), record, made))
            cuts += made
            assert record.outcome in ("ok", "failed"), f"{attempts[-1].describe()}: {record.message} ({why})"
            assert record.outcome == "failed" or not made, f"{attempts[-1].describe()}: a cut went unnoticed ({why})"
            assert store.quick_check() == "ok", f"{attempts[-1].describe()} ({why})"
            state = assert_marked_rows_at_centre(url, store, f"{attempts[-1].describe()}; {why}",
                                                 withdrawn_centrally=withdrawn)
            unmarked += state["confirmed_not_marked"] > 0
        cutting = time.perf_counter() - started

        final = run_sync(store, target_from(url), batch_size=rng.choice(BATCH_SIZES))
        assert final.outcome == "ok", f"the clean sync after the cuts failed: {final.message} ({why})"
        assert_exact(url, [store, probe], why)

        outcomes = Counter(a.record.outcome for a in attempts)
        mid_upload = [a for a in attempts if a.record.outcome == "failed" and 0 < a.marked < a.before]
        print(f"\n{kind}: seed {seed}, {len(attempts)} attempts, {cuts} cuts, {dict(outcomes)}, "
              f"{len(mid_upload)} failed part-way through the upload, {unmarked} left rows at the centre not yet "
              f"marked here, {len(changes)} rounds of changes ({len(withdrawn)} withdrawals at the centre), "
              f"{time.perf_counter() - started:.1f} s ({cutting:.1f} s cutting)")
        assert cuts >= cuts_wanted, f"only {cuts} cuts in {len(attempts)} attempts ({why})"
        assert outcomes["failed"] >= cuts_wanted, f"{dict(outcomes)} ({why})"
        assert len(mid_upload) >= mid_upload_wanted, (
            f"only {len(mid_upload)} attempts were cut part-way through sending; the cuts did not land "
            f"inside the upload ({why})")
        # The receipt of a failed sync counts the rows the centre confirmed before the cut: they are
        # marked as sent and will not go again. (Rows a withdrawal from the centre changed here
        # during the sync wait again, so there the receipt may count more than were marked.)
        untold = [a.describe() for a in attempts if a.record.outcome == "failed" and (
            a.record.sent < a.marked or (a.record.sent != a.marked and not a.record.downloaded))]
        assert not untold, (
            f"{len(untold)} of {outcomes['failed']} failed syncs have a receipt that does not count the rows the "
            f"centre confirmed before the cut, e.g.:\n  " + "\n  ".join(untold[:5]) + f"\n({why})")
    finally:
        drop()


def test_a_cancelled_sync_counts_the_rows_the_centre_confirmed(tmp_path: Path, make_store) -> None:
    """Cancel part-way: the progress counts up while sending and the receipt says what was confirmed."""
    url, drop = make_central("sqlite", tmp_path)
    try:
        store = make_store("laptop")
        seed_store(store, random.Random(5), events=3, responses=400, signups=0)
        before = pending_count(store)
        cancel = threading.Event()
        sending: list[int] = []

        def progress(step) -> None:
            if step.stage.startswith("Sending"):
                sending.append(step.done)
                if len(sending) == 5:
                    cancel.set()

        record = run_sync(store, target_from(url), batch_size=50, progress=progress, cancel=cancel)
        marked = before - pending_count(store)
        assert record.outcome == "cancelled"
        assert 0 < marked < before
        assert record.sent == marked, (
            f"the cancelled sync's receipt says {record.sent} rows were sent, but the centre confirmed {marked} "
            f"and they are marked as sent; its message reads: {record.message!r}")
        assert sending[-1] > 0, f"the progress never counted a row while sending: {sending}"
    finally:
        drop()
