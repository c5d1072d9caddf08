"""Syncing 10,000 rows to PostgreSQL: Involve's whole sync vs a raw psycopg bulk upsert of the same rows.

(a) On the loopback: ``run_sync`` from start to finish (connect, check the centre, upload,
download, count check, keep the receipt) from a laptop store holding 10,000 unsent rows (its
device, 10 events and 9,989 responses, as ``involve demo`` makes them) to an empty central
database, against the baseline: one psycopg 3 connection (no SQLAlchemy) upserting the very
same rows, read from the store beforehand so reading them is not timed, into the same central
tables (same columns, indexes and foreign keys) with ``executemany`` of ``INSERT ... ON
CONFLICT (id) DO UPDATE ... WHERE version < EXCLUDED.version`` in one transaction, which
psycopg pipelines. Both sides start from emptied central tables and take turns.

(b) Through a TCP proxy adding 50 ms each way (a laptop on a slow link): the wall time and
the number of round trips of the same whole sync.

The central database is a throwaway one made on the server in ``INVOLVE_TEST_PG_URL`` and
dropped at the end, whatever happens. Without a reachable server the benchmark is skipped.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.i18n import _
from app.store.keys import StoreKey
from app.store.paths import DataPaths
from app.store.store import Store

URL_ENV = "INVOLVE_TEST_PG_URL"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
EVENTS, RESPONSES = 10, 9_989  # with the laptop's own device row: 10,000 rows to send
DELAY_S = 0.05  # each way, through the proxy
TARGET_RATIO, TARGET_ROUND_TRIPS, TARGET_SECONDS = 0.5, 30, 5.0


def _phase_names() -> dict[str, str]:
    """The sync's progress stages (as it reports them, in this language), by a short name for the report."""
    return {_("Connecting to the central database…"): "connect", _("Sending…"): "upload",
            _("Receiving…"): "download", _("Checking the counts…"): "count check and receipt"}


class Skipped(Exception):
    """The sync benchmark cannot run here; the message says why, in a line."""


@dataclass
class SyncRun:
    seconds: float
    sent: int
    batches: int
    mismatches: int
    phases: list[tuple[str, float, int]]  # stage, seconds spent in it, round trips in it (proxy only)
    round_trips: int = 0
    connections: int = 0
    bytes_up: int = 0
    bytes_down: int = 0


@dataclass
class Result:
    server: str
    rows: int  # what the sync reported sending (record.sent)
    sent_by_table: dict[str, int]
    ours: list[SyncRun] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    proxied: list[SyncRun] = field(default_factory=list)


# ----- the central database


@dataclass(frozen=True)
class _Central:
    url: Any  # sqlalchemy URL of the throwaway database, without the password
    password: str | None

    def conninfo(self, **changes: Any) -> str:
        """The address for a raw psycopg connection, with the sslmode the sync itself would use."""
        from sync.connection import is_local

        url = self.url.set(drivername="postgresql", password=self.password, **changes)
        if "sslmode" not in url.query:
            url = url.update_query_dict({"sslmode": "disable" if is_local(self.url) else "require"})
        return url.render_as_string(hide_password=False)

    def target(self, **changes: Any):
        from sync.connection import CentralTarget

        # Built directly, not with target_from: the benchmark never looks in the keyring.
        return CentralTarget(self.url.set(**changes), self.password)


@contextmanager
def _throwaway_central() -> Iterator[_Central]:
    """A set-up central database of its own on the test server, dropped at the end even on failure."""
    try:
        import psycopg
    except ImportError:
        raise Skipped("psycopg is not installed") from None
    from sqlalchemy.engine import make_url

    from sync.central import init_central
    from sync.connection import make_central_engine

    text = os.environ.get(URL_ENV) or DEFAULT_URL
    try:
        base = make_url(text)
    except Exception:  # noqa: BLE001 (any unusable address is a reason to skip)
        raise Skipped(f"{URL_ENV} is not a database address") from None
    if base.get_backend_name() != "postgresql":
        raise Skipped(f"{URL_ENV} is not a PostgreSQL address")
    base = base.set(drivername="postgresql+psycopg", port=base.port or 5432)
    admin_info = _Central(base.set(password=None), base.password).conninfo()
    shown = base.set(password=None).render_as_string()
    try:
        admin = psycopg.connect(admin_info, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise Skipped(f"no PostgreSQL server at {shown} ({reason})") from None
    name = f"involve_bench_{uuid.uuid4().hex[:12]}"
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            central = _Central(base.set(database=name, password=None), base.password)
            engine = make_central_engine(central.target())
            try:
                init_central(engine)
            finally:
                engine.dispose()
            yield central
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def _empty(central: _Central) -> None:
    """Every table a laptop sends to, emptied, so each sync or upsert starts from the same empty centre."""
    import psycopg

    from sync import central_schema as schema

    names = ", ".join(f'"{t.name}"' for t in (schema.devices, *schema.SYNCED_TABLES.values()))
    with psycopg.connect(central.conninfo(), autocommit=True) as conn:
        conn.execute(f"TRUNCATE {names}")  # noqa: S608 (the schema's own table names)


def _held(central: _Central) -> int:
    import psycopg

    from sync import central_schema as schema

    with psycopg.connect(central.conninfo(), autocommit=True) as conn:
        return sum(conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]  # noqa: S608
                   for t in (schema.devices, *schema.SYNCED_TABLES.values()))


# ----- the laptop


def _seed(data_dir: Path, key: StoreKey) -> None:
    """A store holding 10,000 unsent rows, made as ``involve demo`` makes them (fixed seed and date)."""
    import datetime as dt

    from app.store.demo import seed_demo
    from app.store.survey_library import load_library

    paths = DataPaths(data_dir)
    store = Store.open(paths, backup="never", key=key)
    try:
        seed_demo(store, load_library(paths.surveys).surveys, events=EVENTS, responses=RESPONSES, seed=2026,
                  today=dt.date(2026, 6, 1))
        store.flush_log()  # everything in the one file, so a copy of the folder is the whole store
    finally:
        store.close()


@contextmanager
def _fresh_copy(seeded: Path, key: StoreKey) -> Iterator[Store]:
    """A copy of the seeded store that has never synced, so every run sends the same 10,000 rows."""
    copy = seeded.with_name(f"{seeded.name}-{uuid.uuid4().hex[:8]}")
    shutil.copytree(seeded, copy)
    store = Store.open(DataPaths(copy), backup="never", key=key)
    try:
        yield store
    finally:
        store.close()
        shutil.rmtree(copy, ignore_errors=True)


def _rows_for_raw(store: Store) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Each table's unsent rows as the sync reads them (times as stored), parents first."""
    from sync.central_schema import shared_columns
    from sync.upload import UPLOAD_ORDER, central_table, pending_batches

    tables = []
    for model in UPLOAD_ORDER:
        table = central_table(model)
        names = shared_columns(table)
        rows = [tuple(row[n] for n in names) for batch in pending_batches(store, model, 100_000, as_stored=True)
                for row in batch]
        if rows:
            tables.append((table.name, names, rows))
    return tables


# ----- the two sides


def _raw_upsert(central: _Central, tables: list[tuple[str, list[str], list[tuple[Any, ...]]]],
                device_id: str) -> None:
    """The baseline: a psycopg bulk upsert of the rows, version-guarded like the sync's, one transaction."""
    import psycopg
    from psycopg import sql

    batch = str(uuid.uuid4())
    stamps = (device_id, batch, batch)
    now = sql.SQL("(now() AT TIME ZONE 'UTC')")
    with psycopg.connect(central.conninfo()) as conn, conn.cursor() as cursor:
        for name, names, rows in tables:
            table = sql.Identifier(name)
            columns = [sql.Identifier(n) for n in (*names, "received_from", "first_batch", "last_batch",
                                                   "received_at", "changed_at")]
            changed = [n for n in names if n != "id"] + ["received_from", "last_batch"]
            statement = sql.SQL(
                "INSERT INTO {table} ({columns}) VALUES ({values}, {now}, {now}) ON CONFLICT (id) DO UPDATE SET "
                "{changes}, changed_at = {now} WHERE {table}.version < EXCLUDED.version").format(
                table=table, columns=sql.SQL(", ").join(columns), now=now,
                values=sql.SQL(", ").join(sql.Placeholder() * (len(names) + len(stamps))),
                changes=sql.SQL(", ").join(sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(n))
                                          for n in changed))
            cursor.executemany(statement, [row + stamps for row in rows])
    # leaving the connection's block commits the one transaction


@contextmanager
def _profiled(profiler: cProfile.Profile | None) -> Iterator[None]:
    if profiler is None:
        yield
        return
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()


def _sync_once(seeded: Path, key: StoreKey, central: _Central, proxy: Any = None,
               profiler: cProfile.Profile | None = None) -> SyncRun:
    """One whole ``run_sync`` of a fresh copy of the store into the centre (emptied first, untimed), timed."""
    from sync.runner import Progress, run_sync

    _empty(central)
    target = central.target(host="127.0.0.1", port=proxy.port) if proxy is not None else central.target()
    with _fresh_copy(seeded, key) as store, _profiled(profiler):
        marks: list[tuple[str, int, float, int]] = []

        def progress(p: Progress) -> None:
            marks.append((p.stage, p.done, time.perf_counter(), proxy.stats.round_trips if proxy else 0))

        before = (proxy.stats.round_trips, proxy.stats.connections, proxy.stats.bytes_up,
                  proxy.stats.bytes_down) if proxy else (0, 0, 0, 0)
        began = time.perf_counter()
        record = run_sync(store, target, progress=progress)
        seconds = time.perf_counter() - began
        after = (proxy.stats.round_trips, proxy.stats.connections, proxy.stats.bytes_up,
                 proxy.stats.bytes_down) if proxy else (0, 0, 0, 0)
    if record.outcome != "ok":
        raise Skipped(f"the sync did not succeed ({record.outcome}: {record.message})")
    marks.append(("done", record.sent, began + seconds, after[0]))
    names = _phase_names()
    marks = [(names.get(stage, stage), done, at, trips) for stage, done, at, trips in marks]
    phases: list[tuple[str, float, int]] = []
    for (stage, _done, at, trips), (_next, _d, then, trips_then) in zip(marks, marks[1:], strict=False):
        if phases and phases[-1][0] == stage:  # a batch sent: the same stage goes on
            phases[-1] = (stage, phases[-1][1] + then - at, phases[-1][2] + trips_then - trips)
        else:
            phases.append((stage, then - at, trips_then - trips))
    if phases:  # before the first report: counting what is waiting
        phases[0] = (phases[0][0], phases[0][1] + marks[0][2] - began, phases[0][2] + marks[0][3] - before[0])
    # an upload reports once as it starts, then once after each batch the centre committed
    batches = sum(1 for before_, after_ in zip(marks, marks[1:], strict=False)
                  if before_[0] == after_[0] == "upload")
    return SyncRun(seconds, record.sent, batches, record.mismatches, phases,
                   *(a - b for a, b in zip(after, before, strict=True)))


def run(folder: Path, key: StoreKey, *, repeats: int = 5, proxied: int = 3) -> Result:
    """Both sides ``repeats`` times on the loopback, taking turns, then ``proxied`` syncs through the proxy.

    Raises :class:`Skipped` when there is no PostgreSQL server to measure against.
    """
    from tests.sync.tcp_proxy import TcpProxy

    with _throwaway_central() as central:  # first, so a missing server is said before any seeding
        seeded = folder / "sync-store"
        _seed(seeded, key)
        with _fresh_copy(seeded, key) as store:
            tables = _rows_for_raw(store)
            device_id = store.device_id
        shown = central.url.render_as_string()
        warm = _sync_once(seeded, key, central)  # first-use costs (imports, compiled statements) untimed
        result = Result(shown, warm.sent, {})
        _empty(central)
        _raw_upsert(central, tables, device_id)
        if _held(central) != warm.sent:
            raise Skipped(f"the raw upsert left {_held(central)} rows at the centre, not {warm.sent}")
        for _round in range(repeats):
            result.ours.append(_sync_once(seeded, key, central))
            _empty(central)
            began = time.perf_counter()
            _raw_upsert(central, tables, device_id)
            result.raw.append(time.perf_counter() - began)
        result.sent_by_table = _sent_by_table(tables)
        host, port = central.url.host or "127.0.0.1", central.url.port or 5432
        for _round in range(proxied):
            with TcpProxy(host, port, delay=DELAY_S) as proxy:
                result.proxied.append(_sync_once(seeded, key, central, proxy))
    return result


def _sent_by_table(tables: list[tuple[str, list[str], list[tuple[Any, ...]]]]) -> dict[str, int]:
    return {name: len(rows) for name, _names, rows in tables}


def profile(folder: Path, key: StoreKey, *, top: int = 25) -> str:
    """Where one loopback sync's time goes: cProfile of the thread running ``run_sync``.

    The store is read and marked on two helper threads while the centre works; their own
    time is not in this profile, only the main thread's waits for them.
    """
    with _throwaway_central() as central:
        seeded = folder / "sync-profile-store"
        _seed(seeded, key)
        _sync_once(seeded, key, central)
        profiler = cProfile.Profile()
        _sync_once(seeded, key, central, profiler=profiler)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ----- the report


def _met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def report(result: Result, *, repeats: int, proxied: int) -> list[str]:
    """The lines run.py prints."""
    rows = result.rows
    ours = statistics.median(r.seconds for r in result.ours)
    raw = statistics.median(result.raw)
    ratio = (rows / ours) / (rows / raw)
    tables = ", ".join(f"{name} {n:,}" for name, n in result.sent_by_table.items())
    lines = [f"Sync of {rows:,} rows ({tables}) to PostgreSQL at {result.server}",
             f"  (a) loopback: {repeats} runs each, taking turns, medians; empty central tables each time"]

    def row(label: str, seconds: list[float]) -> str:
        med = statistics.median(seconds)
        return (f"  {label:<40}{med * 1000:9.1f} ms   {rows / med:9,.0f} rows/s   "
                f"(min {min(seconds) * 1000:.1f}, n={len(seconds)})")

    lines.append(row("raw psycopg executemany upsert", result.raw))
    lines.append(row("Involve run_sync, whole sync", [r.seconds for r in result.ours]))
    lines.append(f"  RATIO {'sync rows/s      Involve / raw psycopg':<48}{ratio:6.2f}x   "
                 f"target >= {TARGET_RATIO}x: {_met(ratio >= TARGET_RATIO)}   (higher is better)")
    middle = sorted(result.ours, key=lambda r: r.seconds)[len(result.ours) // 2]
    lines.append(f"    median run: {middle.batches} batches sent, count check "
                 f"{'matched' if not middle.mismatches else f'{middle.mismatches} MISMATCHES'}; by phase "
                 + ", ".join(f"{stage} {s * 1000:.0f} ms" for stage, s, _t in middle.phases))
    if result.proxied:
        worst = max(result.proxied, key=lambda r: r.seconds)
        seconds = [r.seconds for r in result.proxied]
        trips = [r.round_trips for r in result.proxied]
        med_s, med_trips = statistics.median(seconds), statistics.median(trips)
        lines.append(f"  (b) through a proxy adding {DELAY_S * 1000:.0f} ms each way: {proxied} runs, median and worst")
        lines.append(f"  {'wall time':<40}{med_s:9.2f} s    worst {max(seconds):.2f} s   "
                     f"target <= {TARGET_SECONDS:.0f} s: {_met(max(seconds) <= TARGET_SECONDS)}")
        lines.append(f"  {'round trips':<40}{med_trips:9.0f}      worst {max(trips)}       "
                     f"target <= {TARGET_ROUND_TRIPS}: {_met(max(trips) <= TARGET_ROUND_TRIPS)}")
        lines.append(f"  {'connections, bytes up / down':<40}{worst.connections:9d}      "
                     f"{worst.bytes_up / 1e6:.1f} MB / {worst.bytes_down / 1e6:.2f} MB (worst run)")
        lines.append("    worst run by phase: " + ", ".join(
            f"{stage} {s:.2f} s / {t} round trips" for stage, s, t in worst.phases))
    return lines


def run_and_report(folder: Path, key: StoreKey, *, repeats: int, proxied: int,
                   say: Callable[[str], None] = print) -> None:
    """For run.py: the report, or one plain line saying why the sync benchmark was skipped."""
    try:
        result = run(folder, key, repeats=repeats, proxied=proxied)
    except Skipped as reason:
        say(f"Sync benchmark skipped: {reason}")
        return
    for line in report(result, repeats=repeats, proxied=proxied):
        say(line)
