"""The event report for one event with 10,000 responses vs reading the rows raw and a bare PDF.

The Involve side is what ``involve report`` runs: ``local_report`` (read the rows from the
encrypted store, count, suppress, choose and mask comments, compare with the population) and
``write_report_pdf`` (platypus, DejaVu fonts, charts, "Page n of m", atomic write). The
baselines are measured in the same run on the same store: reading the same response rows with
one plain SELECT and ``json.loads``, and a bare reportlab document (Helvetica, no styling) with
the same number of paragraphs and table rows as the report, written to memory.
"""

from __future__ import annotations

import dataclasses
import io
import json
import time
from pathlib import Path

from sqlalchemy import text

from app.core.report import Report, ReportSelection
from app.documents.event_report import write_report_pdf
from app.store.reports import local_report
from app.store.store import Store
from tests.bench.big_event import seed_big_event


def _raw_read(store: Store, event_id: str) -> int:
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT answers FROM responses WHERE event_id = :e AND deleted_at IS NULL"),
                                  {"e": event_id}).all()
    return len([json.loads(answers) for (answers,) in rows])


def _shape(report: Report) -> tuple[int, int]:
    """How many paragraphs and table rows the report prints, for the bare baseline."""
    rows = len(report.fft_rows) + 8 + len(report.topics.rows if report.topics else ())
    rows += sum(len(b.rows) + 2 for b in report.equality) + sum(len(c.rows) + 2 for c in report.population.comparisons)
    rows += len(report.comments.shown) + len(report.actions) + len(report.events) + 6
    return 20, rows


def _bare_pdf(paragraphs: int, rows: int, comments: list[str]) -> int:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(f"Paragraph {n}", style) for n in range(paragraphs)]
    cells = [[Paragraph(comments[n % len(comments)] if comments else f"Row {n}", style), str(n)] for n in range(rows)]
    story.append(Table(cells, colWidths=[400, 60]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return len(buffer.getvalue())


# Comments as a community event in a diverse area gets them: Arabic and Hebrew (shaped, right to
# left), Chinese and emoji (fallback faces), Polish, and English with Arabic inside.
OTHER_SCRIPTS = ("مركز صحي ممتاز والموظفون لطفاء جدا", "השירות היה מצוין, תודה רבה", "社区健康中心的服务很好 👍",
                 "Zażółć gęślą jaźń, bardzo dobrze", "The staff at مركز صحي were kind 😀")


def _in_other_scripts(report: Report) -> Report:
    """The same report with each comment written in another script (same count, similar length)."""
    shown = tuple(dataclasses.replace(c, text=f"{OTHER_SCRIPTS[n % len(OTHER_SCRIPTS)]} {n}")
                  for n, c in enumerate(report.comments.shown))
    return dataclasses.replace(report, title=f"{OTHER_SCRIPTS[0]} {report.title}",
                               comments=dataclasses.replace(report.comments, shown=shown))


def run(folder: Path, key, rounds: int = 3) -> dict[str, object]:
    store, event_id = seed_big_event(folder / "report-data", key)
    try:
        selection = ReportSelection(event_ids=(event_id,))
        report = local_report(store, selection)
        paragraphs, rows = _shape(report)
        comments = [c.text for c in report.comments.shown]
        out = folder / "report.pdf"
        pages: list[int] = []
        made: list[Report] = []
        jobs = {
            "involve local_report": lambda: made.append(local_report(store, selection)),
            "involve write_report_pdf": lambda: pages.append(write_report_pdf(out, made[-1])),
            "involve write_report_pdf, other scripts": lambda: write_report_pdf(folder / "scripts.pdf",
                                                                                _in_other_scripts(made[-1])),
            "raw read": lambda: _raw_read(store, event_id),
            "bare pdf": lambda: _bare_pdf(paragraphs, rows, comments),
        }
        times: dict[str, list[float]] = {name: [] for name in jobs}
        for _round in range(rounds):
            for name, job in jobs.items():
                began = time.perf_counter()
                job()
                times[name].append(time.perf_counter() - began)
        return {"times": times, "responses": report.reach.responses, "pages": pages[-1], "rows": rows,
                "comments": report.comments.total, "pdf_bytes": out.stat().st_size}
    finally:
        store.close()


def print_results(folder: Path, key, row, ratio) -> None:
    """Run and print, in the layout of the other benchmarks (``row`` and ``ratio`` from run.py)."""
    x = run(folder, key)
    t = x["times"]
    total = [a + b for a, b in zip(t["involve local_report"], t["involve write_report_pdf"], strict=True)]
    base = [a + b for a, b in zip(t["raw read"], t["bare pdf"], strict=True)]
    print()
    print(f"Event report for one event with {x['responses']:,} responses ({x['comments']:,} comments, "
          f"{x['pages']} pages, {x['pdf_bytes'] // 1024} KB; {len(total)} runs each, interleaved, medians)")
    print(row("raw SELECT of the answers + json.loads", t["raw read"]))
    print(row(f"bare reportlab: {x['rows']} table rows, Helvetica", t["bare pdf"]))
    print(row("Involve local_report: read, count, mask", t["involve local_report"]))
    print(row("Involve write_report_pdf: layout, charts", t["involve write_report_pdf"]))
    print(row("Involve report in all", total))
    print(ratio("report            Involve / (raw read + bare)", total, base))
    print(ratio("  of which        local_report / raw read", t["involve local_report"], t["raw read"]))
    print(ratio("  and             write_report_pdf / bare", t["involve write_report_pdf"], t["bare pdf"]))
    print(row("Involve write_report_pdf, comments in other scripts", t["involve write_report_pdf, other scripts"]))
    print(ratio("  other scripts   write_report_pdf / bare", t["involve write_report_pdf, other scripts"],
                t["bare pdf"]))
