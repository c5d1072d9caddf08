"""``involve report``: the PDF for an event or a date range, and a one-line refusal of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store.paths import DataPaths
from app.store.store import Store
from tests.cli.test_cli import run
from tests.documents.test_report import Seeded, flat, pdf_text, seed_report_events


@pytest.fixture
def seeded_dir(tmp_path: Path) -> tuple[Path, Seeded]:
    data = tmp_path / "data"
    store = Store.open(DataPaths(data))
    try:
        seeded = seed_report_events(store)
    finally:
        store.close()
    return data, seeded


def test_report_for_one_event(capsys, seeded_dir: tuple[Path, Seeded], tmp_path: Path) -> None:
    data, seeded = seeded_dir
    out = tmp_path / "spring.pdf"
    code, printed, err = run(capsys, "--data-dir", str(data), "report", seeded.main[:8], "--out", str(out), "--json")
    assert code == 0, err
    result = json.loads(printed)
    pages, text = pdf_text(out)
    assert result == {"out": str(out), "pages": pages, "responses": 10, "events": [seeded.main]}
    assert "70% positive (7 of 10 answers)" in flat(text)

    code, printed, err = run(capsys, "--data-dir", str(data), "report", seeded.main, "--out", str(out))
    assert code == 0, err
    assert printed.strip() == f"Wrote {out} ({pages} pages, 10 responses)."


def test_report_across_a_date_range(capsys, seeded_dir: tuple[Path, Seeded], tmp_path: Path) -> None:
    data, seeded = seeded_dir
    out = tmp_path / "april.pdf"
    code, printed, err = run(capsys, "--data-dir", str(data), "report", "--from", "2026-04-01", "--to", "2026-04-30",
                             "--out", str(out), "--json")
    assert code == 0, err
    assert json.loads(printed)["responses"] == 15
    words = flat(pdf_text(out)[1])
    assert "Responses in all 15" in words and "Summer fair" not in words

    # Chosen events, limited to the dates: the June event falls outside.
    code, printed, err = run(capsys, "--data-dir", str(data), "report", "--from", "2026-04-01", "--to", "2026-05-31",
                             "--event", seeded.second, "--event", seeded.outside, "--out", str(out), "--json")
    assert code == 0, err
    assert json.loads(printed)["events"] == [seeded.second]
    assert json.loads(printed)["responses"] == 5


@pytest.mark.parametrize(("args", "code", "message"), [
    (["nosuchevent", "--out", "{dir}/r.pdf"], 1, "involve: No event has an id starting 'nosuchevent'."),
    (["{event}", "--out", "{dir}/r.txt"], 2, "involve report: --out must name a .pdf file."),
    (["{event}", "--out", "{dir}/missing/r.pdf"], 2, "involve report: the folder {dir}/missing does not exist."),
    (["--from", "2026-05-01", "--to", "2026-04-01", "--out", "{dir}/r.pdf"], 2,
     "involve report: --from 2026-05-01 is after --to 2026-04-01."),
    (["--from", "2026-13-01", "--out", "{dir}/r.pdf"], 2,
     "involve report: --from: '2026-13-01' is not a real date; write it as YYYY-MM-DD or DD/MM/YYYY, for "
     "example 2026-03-14 or 14/03/2026."),
    (["--out", "{dir}/r.pdf"], 2, "involve report: give an event, or a date range with --from and --to."),
    (["--from", "2020-01-01", "--to", "2020-01-31", "--out", "{dir}/r.pdf"], 1,
     "involve: No event is held from 2020-01-01 to 2020-01-31, so there is nothing to report."),
    (["--from", "2027-01-01", "--out", "{dir}/r.pdf"], 1,
     "involve: No event is held on or after 2027-01-01, so there is nothing to report."),
    (["--from", "2026-01-01", "--to", "9999-12-31", "--out", "{dir}/r.pdf"], 2,
     "involve report: --to: 9999-12-31 is not a date Involve can use; check the year (dates run from 1900-01-01 to "
     "2999-12-31)."),
    (["--from", "0001-01-01", "--out", "{dir}/r.pdf"], 2,
     "involve report: --from: 0001-01-01 is not a date Involve can use; check the year (dates run from 1900-01-01 to "
     "2999-12-31)."),
])
def test_bad_input_gets_one_line_and_writes_nothing(capsys, seeded_dir: tuple[Path, Seeded], tmp_path: Path,
                                                    args: list[str], code: int, message: str) -> None:
    data, seeded = seeded_dir
    folder = tmp_path / "out"
    folder.mkdir()
    filled = [a.format(dir=folder, event=seeded.main) for a in args]
    got, printed, err = run(capsys, "--data-dir", str(data), "report", *filled)
    assert got == code
    assert printed == ""
    assert err.strip() == message.format(dir=folder)
    assert len(err.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []
