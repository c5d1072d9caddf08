"""Run Involve's benchmarks and print ratios against baselines measured in the same run.

    python -m tests.bench [--runs 7] [--commits 1000] [--submits 1000] [--dir FOLDER]
                          [--only startup|startup-year|commits|submits|stalls|sheets|sync|service|exports|report|people|
                                 who-to-involve]
                          [--sync-runs 5]
                          [--profile]

Nothing here passes or fails on a time: the numbers are for comparing one change with the
next on the same machine. See README.md in this folder for what each ratio means.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python tests/bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import commits, exports, service_sync, sheets, stalls, startup, submits, sync

SEED_EVENTS = 40
DEMO_EVENTS, DEMO_RESPONSES = 50, 5000
SYNC_PROXIED = 3  # syncs through the slow proxy: the median and the worst are reported


def _seed_store(data_dir: Path, key) -> None:
    """A store with a realistic handful of events, made before anything is timed."""
    import datetime as dt

    from app.core.events import EventKind, validate_event
    from app.store.events import add_event
    from app.store.paths import resolve_data_dir
    from app.store.store import Store

    store = Store.open(resolve_data_dir(data_dir), backup="never", key=key)
    kinds = list(EventKind)
    try:
        with store.session() as session:
            for i in range(SEED_EVENTS):
                add_event(session, store.device_id, validate_event({
                    "name": f"Event {i + 1}", "kind": kinds[i % len(kinds)].value,
                    "event_date": (dt.date(2026, 1, 5) + dt.timedelta(days=7 * i)).isoformat(),
                    "venue": "Community Centre", "notes": "Seeded by the benchmark.",
                }))
    finally:
        store.close()


def _seed_demo_store(data_dir: Path, key) -> None:
    """A busier store, as ``involve demo`` makes it: many events with feedback on them."""
    import datetime as dt

    from app.store.demo import seed_demo
    from app.store.paths import resolve_data_dir
    from app.store.store import Store
    from app.store.survey_library import load_library

    paths = resolve_data_dir(data_dir)
    store = Store.open(paths, backup="never", key=key)
    try:
        seed_demo(store, load_library(paths.surveys).surveys, events=DEMO_EVENTS, responses=DEMO_RESPONSES,
                  seed=2026, today=dt.date(2026, 6, 1))
    finally:
        store.close()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f} ms"


def _row(label: str, values: list[float]) -> str:
    return f"  {label:<40}{_ms(statistics.median(values))}   (min {min(values) * 1000:.2f}, n={len(values)})"


def _ratio(label: str, top: list[float], bottom: list[float]) -> str:
    return f"  RATIO {label:<48}{statistics.median(top) / statistics.median(bottom):6.2f}x"


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank ``p``th percentile: the value that ``p`` per cent of the others do not exceed."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _tail_row(label: str, values: list[float]) -> str:
    return (f"  {label:<40}p50 {percentile(values, 50) * 1000:7.2f} ms   p99 {percentile(values, 99) * 1000:7.2f} ms"
            f"   (max {max(values) * 1000:.2f}, n={len(values)})")


def _tail_ratio(label: str, top: list[float], bottom: list[float], p: float, target: float | None = None) -> str:
    ratio = percentile(top, p) / percentile(bottom, p)
    goal = ""
    if target is not None:
        goal = f"   target <= {target:.0f}x: " + ("met" if ratio <= target else "NOT MET")
    return f"  RATIO {label:<48}{ratio:6.2f}x{goal}"


def _print_stalls(found: dict[str, list[float] | str]) -> None:
    year = stalls.YEAR
    print(f"Kiosk submit while long work runs, on a year's store ({year['events']} events, "
          f"{year['responses']:,} responses, {year['signups']:,} sign-ups); one submit every "
          f"{stalls.PACE_S * 1000:.0f} ms")
    idle = found["idle"]
    assert isinstance(idle, list)
    print(_tail_row("idle", idle))
    for name, label in (("report", "while a year report is read"), ("sync", "while the year syncs (central service)")):
        times = found[name]
        if isinstance(times, str):
            print(f"  {label}: skipped ({times})")
            continue
        print(_tail_row(label, times))
        print(_tail_ratio(f"submit p99        {name} / idle", times, idle, 99, target=stalls.TARGET))


def _print_year_startup(folder: Path, key, secret: str, runs: int) -> None:
    """Start-up to events listed on a year's store against an empty one (about 2 minutes)."""
    from app.store.paths import DataPaths
    from app.store.store import Store

    empty, year = folder / "empty-store", folder / "year-store"
    Store.open(DataPaths(empty), backup="never", key=key).close()
    stalls.seed_year(year, key)
    t = startup.run(empty, secret, runs=runs, demo_dir=year)
    print()
    print(f"Cold start to events listed, a year's store ({stalls.YEAR['events']} events, "
          f"{stalls.YEAR['responses']:,} responses, {stalls.YEAR['signups']:,} sign-ups) against an empty one "
          f"({runs} runs each, interleaved, medians)")
    print(_row("empty store, events listed", t["involve ready"]))
    print(_row("year store, events listed", t["demo ready"]))
    print(_ratio("events listed     year / empty (target <= 1.5)", t["demo ready"], t["involve ready"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold starts of each window (default 7)")
    parser.add_argument("--commits", type=int, default=1000, help="commits of each kind (default 1000)")
    parser.add_argument("--submits", type=int, default=1000, help="kiosk submissions of each kind (default 1000)")
    parser.add_argument("--rounds", type=int, default=20, help="blocks the commits are interleaved in")
    parser.add_argument("--dir", type=Path, help="folder for the temporary files (default: the system's temp folder)")
    parser.add_argument("--only", choices=("startup", "startup-year", "commits", "submits", "stalls", "sheets", "sync",
                                           "service", "exports", "report", "people", "who-to-involve"),
                        help="run one benchmark only")
    parser.add_argument("--sync-runs", type=int, default=5, help=(
        "loopback syncs and raw upserts of each kind (default 5); 3 more syncs go through the slow proxy; "
        "the service benchmark takes as many of each of its loopback and nothing-new syncs"))
    parser.add_argument("--no-demo", action="store_true", help=(
        f"skip the cold start on a demo store ({DEMO_EVENTS} events, {DEMO_RESPONSES:,} responses)"))
    parser.add_argument("--profile", action="store_true",
                        help="also print where a kiosk submission's (and a sync's) time goes (cProfile)")
    args = parser.parse_args(argv)

    import sqlite3

    import PySide6
    import sqlcipher3

    from app.store.keys import StoreKey

    began = time.perf_counter()
    secret = secrets.token_hex(32)
    key = StoreKey(secret, "environment")
    env = startup.child_env(secret)
    os.environ.setdefault("QT_QPA_PLATFORM", env["QT_QPA_PLATFORM"])  # the windows timed in this process too
    print("Involve benchmarks: ratios against baselines measured in this run (lower is better)")
    print(f"  Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
          f"SQLite {sqlite3.sqlite_version} (stdlib), {sqlcipher3.sqlite_version} (sqlcipher3), "
          f"Qt platform {env['QT_QPA_PLATFORM']}, {platform.system()} {platform.machine()}")

    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="involve-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        print(f"  temporary files in {folder.parent}")
        if args.only in (None, "startup"):
            data_dir = folder / "gui-data"
            _seed_store(data_dir, key)
            demo_dir = None if args.no_demo else folder / "demo-data"
            if demo_dir is not None:
                _seed_demo_store(demo_dir, key)
            t = startup.run(data_dir, secret, runs=args.runs, demo_dir=demo_dir)
            print()
            print(f"Cold start to first painted main window ({args.runs} runs each, interleaved, medians; "
                  f"store holds {SEED_EVENTS} events)")
            print(_row("bare PySide6 QMainWindow, first paint", t["bare painted"]))
            print(_row("Involve main window, first paint", t["involve painted"]))
            print(_row("Involve events listed (sig_store_ready)", t["involve ready"]))
            print(_ratio("first window      Involve / bare", t["involve painted"], t["bare painted"]))
            print(_ratio("events listed     Involve / bare", t["involve ready"], t["bare painted"]))
            if demo_dir is not None:
                print(f"  on a demo store ({DEMO_EVENTS} events, {DEMO_RESPONSES:,} responses, "
                      "as involve demo makes it):")
                print(_row("Involve main window, first paint", t["demo painted"]))
                print(_row("Involve events listed (sig_store_ready)", t["demo ready"]))
                print(_ratio("events listed     demo store / bare", t["demo ready"], t["bare painted"]))
                print(_ratio("events listed     demo / 40 events", t["demo ready"], t["involve ready"]))
        if args.only == "startup-year":
            _print_year_startup(folder, key, secret, args.runs)
        if args.only in (None, "commits"):
            c = commits.run(folder, key, commits=args.commits, rounds=args.rounds)
            print()
            print(f"One event insert+commit, WAL + synchronous=FULL ({len(c['store'])} commits each, "
                  f"interleaved in {args.rounds} blocks, medians)")
            print(_row("raw sqlite3 (stdlib), plain file", c["sqlite3"]))
            print(_row("raw sqlcipher3, encrypted file", c["sqlcipher3"]))
            print(_row("Involve store: add_event in session()", c["store"]))
            print(_ratio("commit            store / raw sqlite3", c["store"], c["sqlite3"]))
            print(_ratio("  of which        sqlcipher3 / sqlite3", c["sqlcipher3"], c["sqlite3"]))
            print(_ratio("  and             store / sqlcipher3", c["store"], c["sqlcipher3"]))
        if args.only in (None, "submits"):
            s = submits.run(folder, key, submissions=args.submits, rounds=args.rounds)
            print()
            print(f"Submit to durable: one kiosk response (FFT, topics, equality) until its commit returns "
                  f"({len(s['store'])} each, interleaved in {args.rounds} blocks)")
            print(_tail_row("raw sqlite3 (stdlib), plain file", s["sqlite3"]))
            print(_tail_row("raw sqlcipher3, encrypted file", s["sqlcipher3"]))
            print(_tail_row("Involve store: submit_response", s["store"]))
            print(_tail_ratio("submit p50        store / raw sqlite3", s["store"], s["sqlite3"], 50))
            print(_tail_ratio("submit p99        store / raw sqlite3", s["store"], s["sqlite3"], 99, target=3))
            print(_tail_ratio("  p99 of which    sqlcipher3 / sqlite3", s["sqlcipher3"], s["sqlite3"], 99))
            print(_tail_ratio("  and             store / sqlcipher3", s["store"], s["sqlcipher3"], 99))
            if args.profile:
                print()
                print(f"Where a kiosk submission's time goes ({args.submits} submissions under cProfile)")
                print(submits.profile(folder, key, submissions=args.submits))
        if args.only in (None, "stalls"):
            print()
            _print_stalls(stalls.run(folder, key))
        if args.only in (None, "sheets"):
            p = sheets.run()
            print()
            print(f"{sheets.SHEETS} printed sign-up sheets into memory ({len(p['involve'])} runs each, interleaved, "
                  "medians)")
            print(_row("bare reportlab: boxes and text, Helvetica", p["baseline"]))
            print(_row("Involve signup_sheets (codes, QR, notice)", p["involve"]))
            print(_ratio("sheets            Involve / bare reportlab", p["involve"], p["baseline"]))
        if args.only in (None, "exports"):
            exports.print_results(folder, key)
        if args.only in (None, "people"):
            from tests.bench import people_search

            people_search.print_results(folder, key, _row, _ratio)
        if args.only in (None, "who-to-involve"):
            from tests.bench import who_to_involve

            who_to_involve.print_results(folder, key, _row, _ratio)
        if args.only in (None, "report"):
            from tests.bench import report
            report.print_results(folder, key, _row, _ratio)
        if args.only in (None, "sync"):
            print()
            sync.run_and_report(folder, key, repeats=args.sync_runs, proxied=SYNC_PROXIED)
            if args.profile:
                print()
                print("Where a loopback sync's time goes (one sync under cProfile, the thread running run_sync)")
                try:
                    print(sync.profile(folder, key))
                except sync.Skipped as reason:
                    print(f"Sync profile skipped: {reason}")
        if args.only in (None, "service"):
            print()
            service_sync.run_and_report(folder, key, repeats=args.sync_runs, proxied=SYNC_PROXIED)
    print()
    print(f"(benchmark took {time.perf_counter() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
