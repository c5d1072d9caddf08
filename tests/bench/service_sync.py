"""Syncing through the central service (``involve central serve``) in front of PostgreSQL.

The service runs as it does in production: its own process under uvicorn, here with 2
workers, on the loopback. Laptops sync with ``run_sync`` and a ``ServiceTarget``; the
baseline is the same ``run_sync`` straight to the database (``CentralTarget``), timed in the
same run.

(a) 10,000 rows on the loopback, through the service and straight to the database, taking
    turns, each from a fresh copy of a store that has never synced into emptied central
    tables: rows per second through the service as a ratio of the direct path's.
(b) The same sync through a TCP proxy adding 50 ms each way in front of the service: wall
    time, HTTP requests and round trips.
(c) A sync with nothing new, on laptops holding 1,000, 10,000 and 100,000 rows that are all
    at the centre already: requests and time, and how the time grows with what is held.
(d) 50 laptops, each in its own process with its own store of 2,000 rows, syncing at once:
    rows per second across all of them, and the sync times' p50 and p99.

The central database is a throwaway one on the server in ``INVOLVE_TEST_PG_URL``, dropped at
the end whatever happens. Without a reachable server the benchmark is skipped.
"""

from __future__ import annotations

import multiprocessing
import queue
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.i18n import _
from app.store.keys import StoreKey
from app.store.paths import DataPaths
from app.store.store import Store
from tests.bench.sync import Skipped, _Central, _empty, _fresh_copy, _seed, _throwaway_central

DELAY_S = 0.05  # each way, through the proxy
WORKERS = 2
EVENTS = 10  # every laptop here holds 10 events; the rest of its rows are responses and its device
HELD = (1_000, 10_000, 100_000)  # (c): rows in the laptop's store, all at the centre already
LAPTOPS, LAPTOP_ROWS = 50, 2_000  # (d)
TARGET_RATIO, TARGET_ROUND_TRIPS, TARGET_SECONDS, TARGET_IDLE_TRIPS = 0.7, 15, 3.0, 2
START_LIMIT_S = 600  # (d): seeding and enrolling 50 laptops, before any is timed


@dataclass
class Run:
    seconds: float
    sent: int
    requests: int  # HTTP requests the sync made (ServiceLink.round_trips); 0 for the direct path
    phases: list[tuple[str, float, int]]  # stage, seconds in it, proxy round trips in it
    round_trips: int = 0  # as the proxy saw them: each time the client spoke after hearing back
    connections: int = 0
    bytes_up: int = 0
    bytes_down: int = 0


@dataclass
class Crowd:
    """(d): each laptop's sync as (started, finished, rows sent, requests), on one monotonic clock."""

    syncs: list[tuple[float, float, int, int]]
    failed: list[str]

    @property
    def seconds(self) -> list[float]:
        return [end - start for start, end, _sent, _requests in self.syncs]

    @property
    def rows_per_second(self) -> float:
        span = max(end for _s, end, _n, _r in self.syncs) - min(start for start, _e, _n, _r in self.syncs)
        return sum(sent for _s, _e, sent, _r in self.syncs) / span


@dataclass
class Result:
    server: str
    rows: int
    direct: list[Run] = field(default_factory=list)
    service: list[Run] = field(default_factory=list)
    proxied: list[Run] = field(default_factory=list)
    idle: dict[int, list[Run]] = field(default_factory=dict)  # (c) by rows held
    crowd: Crowd | None = None


def _phase_names() -> dict[str, str]:
    return {_("Connecting to the central database…"): "connect", _("Connecting to the central service…"): "connect",
            _("Sending…"): "upload", _("Receiving…"): "download", _("Checking the counts…"): "count check"}


@contextmanager
def _counting_requests() -> Iterator[list[int]]:
    """The HTTP requests of each service sync made while inside, as ``ServiceLink.round_trips`` counted them."""
    from sync.service_client import ServiceLink

    counted: list[int] = []
    original = ServiceLink.close

    def close(self: ServiceLink) -> None:
        counted.append(self.round_trips)
        original(self)

    ServiceLink.close = close  # type: ignore[method-assign]
    try:
        yield counted
    finally:
        ServiceLink.close = original  # type: ignore[method-assign]


def _timed_sync(store: Store, target: Any, proxy: Any = None) -> Run:
    """One whole ``run_sync``, timed, with its time split by the stages it reports."""
    from sync.runner import Progress, run_sync

    marks: list[tuple[str, float, int]] = []

    def trips() -> int:
        return proxy.stats.round_trips if proxy is not None else 0

    def progress(p: Progress) -> None:
        marks.append((p.stage, time.perf_counter(), trips()))

    def totals() -> tuple[int, int, int, int]:
        if proxy is None:
            return 0, 0, 0, 0
        s = proxy.stats
        return s.round_trips, s.connections, s.bytes_up, s.bytes_down

    before = totals()
    with _counting_requests() as requests:
        began = time.perf_counter()
        record = run_sync(store, target, progress=progress)
        seconds = time.perf_counter() - began
    after = totals()
    if record.outcome != "ok":
        raise Skipped(f"a sync did not succeed ({record.outcome}: {record.message})")
    if record.mismatches:
        raise Skipped(f"a sync's count check found {record.mismatches} mismatches")
    names = _phase_names()
    marks = [("connect" if not marks else names.get(marks[0][0], marks[0][0]), began, before[0])] + [
        (names.get(stage, stage), at, t) for stage, at, t in marks] + [("done", began + seconds, after[0])]
    phases: list[tuple[str, float, int]] = []
    for (stage, at, t), (_next, then, t_then) in zip(marks, marks[1:], strict=False):
        if phases and phases[-1][0] == stage:  # a batch sent: the same stage goes on
            phases[-1] = (stage, phases[-1][1] + then - at, phases[-1][2] + t_then - t)
        else:
            phases.append((stage, then - at, t_then - t))
    return Run(seconds, record.sent, requests[0] if requests else 0, [p for p in phases if p[1] > 0 or p[2]],
               *(a - b for a, b in zip(after, before, strict=True)))


# ----- the laptops


def _seed_rows(data_dir: Path, key: StoreKey, rows: int, seed: int) -> None:
    """A store holding ``rows`` unsent rows: its device, 10 events and responses, as ``involve demo`` makes them."""
    import datetime as dt

    from app.store.demo import seed_demo
    from app.store.survey_library import load_library

    paths = DataPaths(data_dir)
    store = Store.open(paths, backup="never", key=key)
    try:
        seed_demo(store, load_library(paths.surveys).surveys, events=EVENTS, responses=rows - EVENTS - 1,
                  seed=seed, today=dt.date(2026, 6, 1))
        store.flush_log()
    finally:
        store.close()


@contextmanager
def _service(central: _Central, folder: Path) -> Iterator[Any]:
    from tests.sync.service_process import start_service

    url = central.url.set(password=central.password).render_as_string(hide_password=False)
    try:
        running = start_service(url, folder, workers=WORKERS)
    except RuntimeError as error:
        raise Skipped(f"the central service would not start ({str(error)[:200]})") from None
    try:
        yield running
    finally:
        running.stop()


def _loopback_and_proxy(result: Result, central: _Central, service: Any, seeded: Path, key: StoreKey, *,
                        repeats: int, proxied: int) -> None:
    """(a) and (b)."""
    from sync.service_client import ServiceTarget
    from tests.sync.tcp_proxy import TcpProxy

    with _fresh_copy(seeded, key) as store:
        target = service.enrol(store)  # every copy is the same laptop: one credential serves them all

    def once(direct: bool, proxy: Any = None) -> Run:
        _empty(central)
        with _fresh_copy(seeded, key) as store:
            if direct:
                return _timed_sync(store, central.target())
            chosen = ServiceTarget(f"http://127.0.0.1:{proxy.port}", target.token) if proxy else target
            return _timed_sync(store, chosen, proxy)

    once(True), once(False)  # first-use costs (imports, compiled statements, the workers' pools) untimed
    for _round in range(repeats):
        result.direct.append(once(True))
        result.service.append(once(False))
    result.rows = result.service[0].sent
    host, port = "127.0.0.1", int(service.url.rsplit(":", 1)[1])
    for _round in range(proxied):
        with TcpProxy(host, port, delay=DELAY_S) as proxy:
            result.proxied.append(once(False, proxy))


def _nothing_new(result: Result, central: _Central, service: Any, folder: Path, key: StoreKey, *,
                 repeats: int) -> None:
    """(c): laptops already in step with the centre sync again."""
    _empty(central)
    stores: dict[int, Store] = {}
    copies: list[Path] = []
    try:
        for held in HELD:
            place = folder / f"idle-{held}"
            _seed_rows(place, key, held, seed=held)
            copies.append(place)
            stores[held] = Store.open(DataPaths(place), backup="never", key=key)
        targets = {held: service.enrol(store) for held, store in stores.items()}
        for held, store in stores.items():  # everything to the centre, then one sync each to hear of the others
            _timed_sync(store, targets[held])
        for held, store in stores.items():
            _timed_sync(store, targets[held])
        _maintained(central)
        for _round in range(repeats):
            for held, store in stores.items():
                result.idle.setdefault(held, []).append(_timed_sync(store, targets[held]))
    finally:
        for store in stores.values():
            store.close()
        for place in copies:
            shutil.rmtree(place, ignore_errors=True)


def _maintained(central: _Central) -> None:
    """The centre as it is between syncs in use: PostgreSQL's autovacuum has seen the rows just
    added, so counting one laptop's rows reads only the index. Run now rather than waited for."""
    import psycopg

    with psycopg.connect(central.conninfo(), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _laptop(index: int, folder: str, secret: str, url: str, code: str, barrier: Any, results: Any) -> None:
    """(d), in a process of its own: seed a store, enrol it, wait for the others, then sync once."""
    from sync.runner import run_sync
    from sync.service_client import ServiceTarget, enrol_laptop

    key = StoreKey(secret, "environment")
    place = Path(folder) / f"laptop-{index:02d}"
    try:
        _seed_rows(place, key, LAPTOP_ROWS, seed=5000 + index)
        store = Store.open(DataPaths(place), backup="never", key=key)
    except BaseException as error:
        barrier.abort()
        results.put((index, None, f"seeding failed: {type(error).__name__}: {error}"))
        raise
    try:
        _enrolled, token = enrol_laptop(url, code, store.device_id, keep=False)
        target = ServiceTarget(url, token)
        barrier.wait()
        with _counting_requests() as requests:
            began = time.monotonic()
            record = run_sync(store, target)
            ended = time.monotonic()
        if record.outcome != "ok" or record.mismatches:
            results.put((index, None, f"{record.outcome}: {record.message}"))
        else:
            results.put((index, (began, ended, record.sent, requests[0]), ""))
    except BaseException as error:
        barrier.abort()
        results.put((index, None, f"{type(error).__name__}: {error}"))
        raise
    finally:
        store.close()


def _context() -> Any:
    """Processes started cheaply where the system allows (a server process that has imported Involve)."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _crowd(central: _Central, service: Any, folder: Path, key: StoreKey) -> Crowd:
    """(d): ``LAPTOPS`` laptops, each its own process and store, sync ``LAPTOP_ROWS`` rows each at once."""
    context = _context()
    barrier = context.Barrier(LAPTOPS + 1)
    results = context.Queue()
    place = folder / "crowd"
    place.mkdir()
    processes = [context.Process(target=_laptop, daemon=True, args=(
        i, str(place), key.secret, service.url, service.add_device(f"Crowd laptop {i + 1}"), barrier, results))
        for i in range(LAPTOPS)]
    syncs: list[tuple[float, float, int, int]] = []
    failed: list[str] = []
    try:
        for process in processes:
            process.start()
        try:
            barrier.wait(timeout=START_LIMIT_S)
        except Exception:  # noqa: BLE001 (broken: a laptop failed before syncing; its message follows)
            pass
        for _laptop_result in range(LAPTOPS):
            try:
                index, times, problem = results.get(timeout=START_LIMIT_S)
            except queue.Empty:
                failed.append("a laptop process gave no answer")
                break
            if times is None:
                failed.append(f"laptop {index + 1}: {problem}")
            else:
                syncs.append(times)
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join()
        shutil.rmtree(place, ignore_errors=True)
    if failed:
        raise Skipped(f"{len(failed)} of {LAPTOPS} laptops could not sync: {failed[0][:300]}")
    return Crowd(syncs, failed)


def run(folder: Path, key: StoreKey, *, repeats: int = 5, proxied: int = 3, crowd: bool = True) -> Result:
    """(a) to (d), in that order, against one throwaway central database and one service.

    Raises :class:`Skipped` when there is no PostgreSQL server, or the service cannot be run.
    """
    with _throwaway_central() as central:
        seeded = folder / "service-sync-store"
        _seed(seeded, key)
        result = Result(central.url.render_as_string(), 0)
        with _service(central, folder) as service:
            _loopback_and_proxy(result, central, service, seeded, key, repeats=repeats, proxied=proxied)
            _nothing_new(result, central, service, folder, key, repeats=repeats)
            if crowd:
                _empty(central)
                result.crowd = _crowd(central, service, folder, key)
    return result


# ----- the report


def _met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank ``p``th percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _phases(run: Run, *, seconds: bool = False) -> str:
    if seconds:
        return ", ".join(f"{stage} {s:.2f} s / {t} round trips" for stage, s, t in run.phases)
    return ", ".join(f"{stage} {s * 1000:.0f} ms" for stage, s, _t in run.phases)


def report(result: Result, *, repeats: int, proxied: int) -> list[str]:
    """The lines run.py prints."""
    rows = result.rows
    direct = statistics.median(r.seconds for r in result.direct)
    ours = statistics.median(r.seconds for r in result.service)
    ratio = direct / ours  # rows/s through the service over rows/s direct
    lines = [f"Sync through the central service (uvicorn, {WORKERS} workers, loopback) to PostgreSQL at "
             f"{result.server}",
             f"  (a) {rows:,} rows: {repeats} runs each, taking turns, medians; empty central tables each time"]

    def row(label: str, seconds: list[float], n: int) -> str:
        med = statistics.median(seconds)
        return (f"  {label:<44}{med * 1000:9.1f} ms   {n / med:9,.0f} rows/s   "
                f"(min {min(seconds) * 1000:.1f}, n={len(seconds)})")

    lines.append(row("direct to the database (CentralTarget)", [r.seconds for r in result.direct], rows))
    lines.append(row("through the service (ServiceTarget)", [r.seconds for r in result.service], rows))
    lines.append(f"  RATIO {'sync rows/s      service / direct':<48}{ratio:6.2f}x   "
                 f"target >= {TARGET_RATIO}x: {_met(ratio >= TARGET_RATIO)}   (higher is better)")
    middle = sorted(result.service, key=lambda r: r.seconds)[len(result.service) // 2]
    direct_mid = sorted(result.direct, key=lambda r: r.seconds)[len(result.direct) // 2]
    lines.append(f"    median service run: {middle.requests} requests; by phase {_phases(middle)}")
    lines.append(f"    median direct run: by phase {_phases(direct_mid)}")
    if result.proxied:
        worst = max(result.proxied, key=lambda r: r.seconds)
        seconds = [r.seconds for r in result.proxied]
        trips = [max(r.round_trips, r.requests) for r in result.proxied]
        lines.append(f"  (b) through a proxy adding {DELAY_S * 1000:.0f} ms each way in front of the service: "
                     f"{proxied} runs, median and worst")
        lines.append(f"  {'wall time':<44}{statistics.median(seconds):9.2f} s    worst {max(seconds):.2f} s   "
                     f"target <= {TARGET_SECONDS:.0f} s: {_met(max(seconds) <= TARGET_SECONDS)}")
        lines.append(f"  {'round trips (as the proxy saw them)':<44}{statistics.median(trips):9.0f}      "
                     f"worst {max(trips)}       target <= {TARGET_ROUND_TRIPS}: "
                     f"{_met(max(trips) <= TARGET_ROUND_TRIPS)}")
        lines.append(f"  {'HTTP requests':<44}{statistics.median(r.requests for r in result.proxied):9.0f}")
        lines.append(f"  {'connections, bytes up / down':<44}{worst.connections:9d}      "
                     f"{worst.bytes_up / 1e6:.2f} MB / {worst.bytes_down / 1e6:.2f} MB (worst run)")
        lines.append(f"    worst run by phase: {_phases(worst, seconds=True)}")
    if result.idle:
        lines.append(f"  (c) a sync with nothing new, the laptop already in step with the centre: {repeats} runs "
                     "each, taking turns, medians")
        medians = {held: statistics.median(r.seconds for r in runs) for held, runs in result.idle.items()}
        most_requests = max(r.requests for runs in result.idle.values() for r in runs)
        for held, runs in result.idle.items():
            middle = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
            lines.append(f"  {f'{held:,} rows held':<44}{medians[held] * 1000:9.1f} ms   "
                         f"{middle.requests} requests   ({_phases(middle)})")
        small, large = min(medians), max(medians)
        lines.append(f"  RATIO {f'nothing new      {large:,} / {small:,} rows':<48}"
                     f"{medians[large] / medians[small]:6.2f}x   (1.00x would be constant)")
        lines.append(f"  {'requests, most in any run':<44}{most_requests:9d}      target <= {TARGET_IDLE_TRIPS}: "
                     f"{_met(most_requests <= TARGET_IDLE_TRIPS)}")
    if result.crowd is not None:
        crowd = result.crowd
        times = crowd.seconds
        alone = rows / ours
        lines.append(f"  (d) {LAPTOPS} laptops syncing {LAPTOP_ROWS:,} rows each at once, each its own process "
                     f"and store ({WORKERS} service workers)")
        lines.append(f"  {'throughput, all laptops together':<44}{crowd.rows_per_second:9,.0f} rows/s   "
                     f"({sum(s[2] for s in crowd.syncs):,} rows in "
                     f"{sum(s[2] for s in crowd.syncs) / crowd.rows_per_second:.1f} s)")
        lines.append(f"  {'sync time per laptop':<44}p50 {percentile(times, 50):6.2f} s   "
                     f"p99 {percentile(times, 99):6.2f} s   (min {min(times):.2f}, n={len(times)})")
        lines.append(f"  RATIO {'throughput       50 at once / one alone (a)':<48}"
                     f"{crowd.rows_per_second / alone:6.2f}x   (higher is better)")
    return lines


def run_and_report(folder: Path, key: StoreKey, *, repeats: int, proxied: int,
                   say: Callable[[str], None] = print) -> None:
    """For run.py: the report, or one plain line saying why the service benchmark was skipped."""
    began = time.perf_counter()
    try:
        result = run(folder, key, repeats=repeats, proxied=proxied)
    except Skipped as reason:
        say(f"Service sync benchmark skipped: {reason}")
        return
    for line in report(result, repeats=repeats, proxied=proxied):
        say(line)
    say(f"  (took {time.perf_counter() - began:.0f} s, seeding the laptops included)")
