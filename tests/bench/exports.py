"""Exporting an event with 100,000 responses as XLSX and CSV vs writing the same cells bare.

The Involve side is exactly what ``involve export`` and the event page's Export… run
(``export_event``): read the rows from the encrypted store in a read-only snapshot, turn
answers into English labels, neutralise formula text, stream the rows through
:mod:`app.documents.safe_tables` into a partial file and rename it, with progress and Cancel
asked every few hundred rows. The baselines write the same finished cells with openpyxl's
write-only workbook and with the csv module and nothing else: once with every row already in
a list (as the export was first measured against), once reading them a row at a time from a
pickle stream made beforehand (so that side never holds every row).

Each run is a child process of its own (``python -m tests.bench.exports CHILD ...``), so the
memory figures are that run's alone: the process's peak resident memory, and how much of it
the work added on top of what the process held just before (modules loaded, store open, the
list of rows made). Times are the work alone.
"""

from __future__ import annotations

import csv
import json
import pickle
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

RESPONSES = 100_000
TARGET_TIME, TARGET_MEMORY = 1.5, 2.0  # XLSX: Involve / bare openpyxl
VARIANTS = ("bare xlsx", "bare xlsx streamed", "involve xlsx", "bare csv", "involve csv")


def _memory() -> tuple[int, int]:
    """(resident now, peak resident) in bytes. Linux's /proc is read because the peak getrusage
    gives is carried over from the parent process through exec."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        return peak, peak
    now, high = (int(re.search(rf"^{name}:\s+(\d+) kB", status, re.M).group(1)) * 1024  # type: ignore[union-attr]
                 for name in ("VmRSS", "VmHWM"))
    return now, high


def _cells(path: Path) -> Iterator[list]:
    with path.open("rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


def _bare_xlsx(rows, out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    for row in rows:
        sheet.append(row)
    book.save(out)


def _bare_csv(cells: Path, out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for row in _cells(cells):
            writer.writerow(row)


def _child(variant: str, data_dir: Path, event_id: str, cells: Path, out: Path) -> dict[str, float]:
    """In the child process: one run of ``variant``; its seconds and the peak memory it added."""
    if variant.startswith("bare"):
        import openpyxl  # noqa: F401 - loaded before the baseline's memory is taken, as Involve's modules are

        if variant == "bare xlsx":
            held = list(_cells(cells))
            work = lambda: _bare_xlsx(held, out)  # noqa: E731
        elif variant == "bare xlsx streamed":
            work = lambda: _bare_xlsx(_cells(cells), out)  # noqa: E731
        else:
            work = lambda: _bare_csv(cells, out)  # noqa: E731
        store = None
    else:
        import openpyxl  # noqa: F401

        from app.documents.exports import ExportFormat, ExportWhat
        from app.services import exports
        from app.store.paths import resolve_data_dir
        from app.store.store import Store

        store = Store.open(resolve_data_dir(data_dir), backup="never")
        fmt = ExportFormat.XLSX if variant == "involve xlsx" else ExportFormat.CSV
        progress: list[int] = []

        def work() -> None:
            exports.export_event(store, event_id, out, fmt, [ExportWhat.RESPONSES],
                                 progress=lambda done, _total: progress.append(done), cancelled=lambda: False)
    before, _peak = _memory()
    began = time.perf_counter()
    work()
    seconds = time.perf_counter() - began
    _now, peak = _memory()
    found = {"seconds": seconds, "added": peak - before, "peak": peak}
    if store is not None:
        store.close()
    return found


def _launch(variant: str, env: dict[str, str], *args: Path | str) -> dict[str, float]:
    command = [sys.executable, "-m", "tests.bench.exports", "CHILD", variant, *map(str, args)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600,
                          cwd=Path(__file__).resolve().parents[2])
    if done.returncode != 0:
        raise RuntimeError(f"{variant} export failed ({done.returncode}):\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _write_cells(store, event_id: str, path: Path) -> tuple[int, int]:
    """The finished cells of the Involve export, one pickled row at a time; (rows, columns)."""
    from app.documents.exports import responses_table
    from app.documents.safe_tables import neutralise
    from app.store.export_rows import read_export_rows
    from app.store.survey_library import load_library

    surveys = load_library(store.paths.surveys).surveys
    rows = 0
    with store.reading() as session, path.open("wb") as f:
        table = responses_table(read_export_rows(session, event_id), surveys)
        pickle.dump([neutralise(h) for h in table.header], f)
        for row in table.rows:
            pickle.dump([neutralise(v) if isinstance(v, str) else v for v in row], f)
            rows += 1
    return rows, len(table.header)


def run(folder: Path, key, rounds: int = 3) -> dict[str, object]:
    from tests.bench.big_event import seed_big_event
    from tests.bench.startup import child_env

    store, event_id = seed_big_event(folder / "export-data", key, responses=RESPONSES)
    try:
        cells = folder / "export-cells.pickle"
        rows, columns = _write_cells(store, event_id, cells)
    finally:
        store.close()
    env = child_env(key.secret)
    found: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    for _round in range(rounds):
        for name in VARIANTS:
            out = folder / ("export-" + name.replace(" ", "-") + (".xlsx" if "xlsx" in name else ".csv"))
            found[name].append(_launch(name, env, folder / "export-data", event_id, cells, out))
    return {"runs": found, "rows": rows, "columns": columns, "rounds": rounds}


def print_results(folder: Path, key) -> None:
    x = run(folder, key)
    runs = x["runs"]
    assert isinstance(runs, dict)

    def median(name: str, what: str) -> float:
        return statistics.median(r[what] for r in runs[name])

    print()
    print(f"Export of one event with {x['rows']:,} responses ({x['columns']} columns; {x['rounds']} runs each, "
          "interleaved, each in a process of its own, medians)")
    for name, label in (("bare xlsx", "bare openpyxl write-only, rows in a list"),
                        ("bare xlsx streamed", "bare openpyxl write-only, rows streamed"),
                        ("involve xlsx", "Involve XLSX: store, labels, safety"),
                        ("bare csv", "bare csv module, rows streamed"),
                        ("involve csv", "Involve CSV: store, labels, safety")):
        print(f"  {label:<42}{median(name, 'seconds'):7.2f} s   peak {median(name, 'peak') / 2**20:5.0f} MiB"
              f"   (the work added {median(name, 'added') / 2**20:.0f} MiB)")
    for bare, against in (("bare xlsx", "bare openpyxl"), ("bare xlsx streamed", "bare, streamed")):
        for what, label, target in (("seconds", "time  ", TARGET_TIME), ("peak", "memory", TARGET_MEMORY)):
            ratio = median("involve xlsx", what) / median(bare, what)
            verdict = (f"   target <= {target:.1f}x: " + ("met" if ratio <= target else "NOT MET")
                       if bare == "bare xlsx" else "")
            print(f"  RATIO xlsx {label}    Involve / {against:<28}{ratio:6.2f}x{verdict}")
    print(f"  RATIO csv time      Involve / bare csv{'':<19}"
          f"{median('involve csv', 'seconds') / median('bare csv', 'seconds'):6.2f}x")


if __name__ == "__main__" and len(sys.argv) == 7 and sys.argv[1] == "CHILD":
    _variant, _data, _event, _cells_file, _out = sys.argv[2:]
    print(json.dumps(_child(_variant, Path(_data), _event, Path(_cells_file), Path(_out))))
