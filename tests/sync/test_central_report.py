"""The report from the central database: every laptop's events and responses, counted once.

Two laptops sync into one centre (PostgreSQL, MariaDB and a SQLite file in turn); the report
read from the centre covers both laptops' events and equals the two laptops' own figures
added up, and ``involve report --central`` writes it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.core import fft
from app.core.report import ReportSelection
from app.store.demo import seed_demo
from app.store.errors import NotFound
from app.store.reports import local_report
from app.store.survey_library import load_library
from sync.central_report import central_report
from sync.connection import target_from
from sync.errors import SyncError
from sync.runner import run_sync
from tests.cli.test_cli import run
from tests.documents.test_report import flat, pdf_text

SURVEYS = load_library(None).surveys
TODAY = dt.date(2026, 11, 20)
SPAN = ReportSelection(date_from=dt.date(2026, 1, 1), date_to=TODAY)


def _two_laptops(make_store, central_url: str):
    laptops = []
    for n, name in enumerate(("laptop-a", "laptop-b")):
        store = make_store(name)
        seed_demo(store, SURVEYS, events=3, responses=150 + 40 * n, seed=11 + n, today=TODAY)
        record = run_sync(store, target_from(central_url))
        assert record.outcome == "ok" and record.mismatches == 0, record.message
        laptops.append(store)
    return laptops


def test_the_centres_report_adds_up_every_laptops_events(central_url: str, make_store, tmp_path: Path,
                                                         capsys) -> None:
    a, b = _two_laptops(make_store, central_url)
    here = [local_report(store, SPAN) for store in (a, b)]

    report = central_report(central_url, SPAN, store=a)

    assert {e.info.id for e in report.events} == {e.info.id for r in here for e in r.events}
    assert report.reach.responses == sum(r.reach.responses for r in here) > 300
    for answer in fft.ANSWERS:
        assert report.fft.counts[answer] == sum(r.fft.counts[answer] for r in here)
    assert "central database" in report.source

    out = tmp_path / "all-laptops.pdf"
    code, printed, err = run(capsys, "--data-dir", str(a.paths.root), "report", "--from", "2026-01-01",
                             "--to", "2026-11-20", "--central", central_url, "--out", str(out), "--json")
    assert code == 0, err
    result = json.loads(printed)
    assert result["responses"] == report.reach.responses and len(result["events"]) == len(report.events)
    _pages, text = pdf_text(out)
    assert "central database" in flat(text)


def test_an_event_only_another_laptop_holds_is_reported_from_the_centre(pg_central: str, make_store) -> None:
    a, b = _two_laptops(make_store, pg_central)
    theirs = local_report(b, SPAN).events[-1].info
    with pytest.raises(NotFound):
        local_report(a, ReportSelection(event_ids=(theirs.id,)))
    report = central_report(pg_central, ReportSelection(event_ids=(theirs.id,)), store=a)
    assert [e.info.id for e in report.events] == [theirs.id]
    assert report.reach.responses == local_report(b, ReportSelection(event_ids=(theirs.id,))).reach.responses


def test_an_unreachable_centre_is_one_plain_line_and_no_file(make_store, tmp_path: Path, capsys) -> None:
    store = make_store("laptop")
    seed_demo(store, SURVEYS, events=1, responses=5, seed=3, today=TODAY)
    url = "postgresql+psycopg://postgres@127.0.0.1:9/test"  # nothing listens on port 9
    with pytest.raises(SyncError, match="nothing is answering at 127.0.0.1:9"):
        central_report(url, SPAN, store=store)

    out = tmp_path / "never.pdf"
    code, printed, err = run(capsys, "--data-dir", str(store.paths.root), "report", "--from", "2026-01-01",
                             "--to", "2026-11-20", "--central", url, "--out", str(out))
    assert code != 0 and printed == ""
    assert err.count("\n") == 1 and "nothing is answering at 127.0.0.1:9" in err
    assert not out.exists()


def test_report_central_without_an_address_says_who_holds_it(make_store, tmp_path: Path, capsys) -> None:
    store = make_store("laptop")
    code, _out, err = run(capsys, "--data-dir", str(store.paths.root), "report", "--from", "2026-01-01",
                          "--central", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "needs its address and a password, which only the data team holds" in err
    assert "--central URL" in err and len(err.strip().splitlines()) == 1
