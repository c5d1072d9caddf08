"""``involve export``: an event's data as CSV or XLSX, and a one-line refusal of bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from app.cli.export import FORMATS, TABLES
from app.documents.exports import ExportFormat, ExportWhat
from tests.cli.test_cli import run


def _add_event_with_data(capsys, data: Path) -> list[dict]:
    code, out, err = run(capsys, "--data-dir", str(data), "demo", "--events", "3", "--responses", "40",
                         "--signups", "12", "--seed", "7")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data), "event", "list", "--json", "--all")
    return json.loads(out)


def test_the_choices_match_what_the_exports_module_knows() -> None:
    assert FORMATS == tuple(f.value for f in ExportFormat)
    assert TABLES == tuple(w.value for w in ExportWhat)


def test_export_csv_and_xlsx(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = _add_event_with_data(capsys, data)
    counts = {}
    for event in listed:
        out = tmp_path / f"{event['id'][:8]}.csv"
        code, printed, err = run(capsys, "--data-dir", str(data), "export", event["id"][:8], "--format", "csv",
                                 "--out", str(out), "--json")
        assert code == 0, err
        report = json.loads(printed)
        with out.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert report["rows"] == {"Responses": len(rows) - 1}
        counts[event["id"]] = len(rows) - 1
    assert sum(counts.values()) == 40

    busiest = max(counts, key=counts.get)
    book_path = tmp_path / "event.xlsx"
    code, printed, err = run(capsys, "--data-dir", str(data), "export", busiest, "--format", "xlsx",
                             "--out", str(book_path))
    assert code == 0, err
    assert printed.startswith(f"Wrote {book_path} (Responses: {counts[busiest]} row")
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["Responses", "Sign-ups", "Actions"]
    assert book["Responses"].max_row == counts[busiest] + 1
    actions = book["Actions"].max_row - 1  # the demo's programmes agree actions at some events
    assert "Sign-ups:" in printed and f"Actions: {actions} row" in printed

    signups = tmp_path / "signups.csv"
    code, printed, err = run(capsys, "--data-dir", str(data), "export", busiest, "--format", "csv",
                             "--out", str(signups), "--what", "signups")
    assert code == 0, err
    assert printed.startswith(f"Wrote {signups} (Sign-ups: ")
    with signups.open(encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f))[0] == "Name"

    only = tmp_path / "only.xlsx"
    code, printed, err = run(capsys, "--data-dir", str(data), "export", busiest, "--format", "xlsx",
                             "--out", str(only), "--what", "responses")
    assert code == 0, err
    assert openpyxl.load_workbook(only).sheetnames == ["Responses"]


def test_export_an_events_actions_as_csv(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    event = _add_event_with_data(capsys, data)[0]["id"]
    out = tmp_path / "actions.csv"

    def exported() -> tuple[str, list[list[str]]]:
        code, printed, err = run(capsys, "--data-dir", str(data), "export", event, "--format", "csv", "--what",
                                 "actions", "--out", str(out))
        assert code == 0, err
        with out.open(encoding="utf-8-sig", newline="") as f:
            return printed, list(csv.reader(f))

    _printed, before = exported()  # the demo's programmes may have agreed some already
    code, _out, err = run(capsys, "--data-dir", str(data), "actions", "add", event, "--you-said", "=1+1 parking",
                          "--we-will", "Ask the council, \"nicely\"", "--owner", "Sam", "--topic", "transport")
    assert code == 0, err
    printed, after = exported()
    rows = len(after) - 1
    assert rows == len(before) and printed == f"Wrote {out} (Actions: {rows} row{'s' if rows != 1 else ''}).\n"
    header = after[0]
    [row] = [r for r in after[1:] if r not in before[1:]]
    assert dict(zip(header, row, strict=True)) | {"Event": "", "Event date": ""} == {
        "Event": "", "Event date": "", "Topic": "Transport to appointments", "You said": "'=1+1 parking",
        "We will": 'Ask the council, "nicely"', "Owner": "Sam", "Due": "", "Status": "Agreed", "What was done": "",
        "Done on": ""}


@pytest.mark.parametrize("fmt, name, message", [
    ("csv", "out.xlsx", "--out must name a .csv file for --format csv"),
    ("xlsx", "out.csv", "--out must name a .xlsx file for --format xlsx"),
    ("xlsx", "out", "--out must name a .xlsx file"),
    ("csv", "missing/out.csv", "does not exist"),
])
def test_bad_output_is_refused_in_one_line(capsys, tmp_path: Path, fmt: str, name: str, message: str) -> None:
    data = tmp_path / "data"
    code, _out, err = run(capsys, "--data-dir", str(data), "export", "abcd1234", "--format", fmt,
                          "--out", str(tmp_path / name))
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert not data.exists(), "input is checked before the store is opened"
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf", "--out", "x.pdf"], "invalid choice: 'pdf'"),
    (["--format", "csv", "--out", "x.csv", "--what", "people"], "invalid choice: 'people'"),
    (["--format", "csv"], "--out"),
])
def test_bad_options_are_refused_in_one_line(capsys, tmp_path: Path, args: list[str], message: str) -> None:
    code, _out, err = run(capsys, "--data-dir", str(tmp_path / "data"), "export", "abcd1234", *args)
    assert code == 2 and message in err and err.count("\n") == 1


def test_an_unknown_event_is_refused_and_nothing_is_written(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    _add_event_with_data(capsys, data)
    out = tmp_path / "out.csv"
    code, _printed, err = run(capsys, "--data-dir", str(data), "export", "ffffffff", "--format", "csv",
                              "--out", str(out))
    assert code == 1
    assert err == "involve: No event has an id starting 'ffffffff'.\n"
    assert not out.exists()


def test_the_summary_hides_small_numbers_as_the_report_does(capsys, tmp_path: Path) -> None:
    from app.store.paths import DataPaths
    from app.store.store import Store
    from tests.documents.test_report import seed_report_events

    data = tmp_path / "data"
    store = Store.open(DataPaths(data))
    try:
        main = seed_report_events(store).main
    finally:
        store.close()
    out = tmp_path / "summary.xlsx"
    code, printed, err = run(capsys, "--data-dir", str(data), "export", main, "--format", "xlsx", "--what", "summary",
                             "--out", str(out), "--json")
    assert code == 0, err
    assert {"Reach", "FFT", "Topics", "Equality"} <= set(json.loads(printed)["rows"])
    book = openpyxl.load_workbook(out)
    topics = {row[0]: row[1] for row in book["Topics"].iter_rows(min_row=2, values_only=True)}
    assert (topics["Getting a GP appointment"], topics["Pharmacy"], topics["Hospital"]) == ("6", "<5", "5")
    ages = {row[1]: row[2] for row in book["Equality"].iter_rows(min_row=2, values_only=True) if row[0] == "Age"}
    assert (ages["25 to 34"], ages["65 to 74"], ages["Answered"]) == ("<5", "6", "*")
    fft = {row[0]: row[1] for row in book["FFT"].iter_rows(min_row=2, values_only=True)}
    assert fft["Percentage positive"] == "70%" and fft["All answers"] == 10  # FFT counts are published whole

    code, _printed, err = run(capsys, "--data-dir", str(data), "export", main, "--format", "csv", "--what", "summary",
                              "--out", str(tmp_path / "summary.csv"))
    assert code == 2 and "the summary has several tables; use --format xlsx" in err
    assert not (tmp_path / "summary.csv").exists()
