"""The FFT monthly return: each answer counted per UK calendar month, written as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import update

from app.cli.command import main
from app.core.events import validate_event
from app.core.fft_return import HEADER, Month, check_org_code, months_between, parse_month
from app.core.responses import ResponseMode
from app.store.events import add_event
from app.store.models import Event, Response
from app.store.paths import DataPaths
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def add(store: Store, event_id: str, rating: str | None, when: str, mode: ResponseMode = ResponseMode.KIOSK) -> str:
    # No rating: a response to an event that asks only about topics, with no FFT answer.
    survey_id = "fft" if rating else "topics"
    answers = {"fft": {"fft_rating": rating}} if rating else {"topics": {"topics": ["pharmacy"]}}
    response_id = str(uuid.uuid4())
    with store.session() as session:
        assert submit_response(session, response_id=response_id, device_id=store.device_id, event_id=event_id,
                               surveys={survey_id: load_library().surveys[survey_id]}, answers=answers, mode=mode,
                               language="en", submitted_at=at(when))
    return response_id


def new_event(store: Store, name: str, service: str = "") -> str:
    with store.session() as session:
        return add_event(session, store.device_id, validate_event(
            {"name": name, "kind": "outreach-stall", "event_date": "2026-03-01", "service": service})).id


@pytest.fixture
def seeded(store: Store) -> Store:
    event = new_event(store, "Market stall")
    # March (GMT until 29 March 2026)
    add(store, event, "very_good", "2026-03-01T00:30:00")
    add(store, event, "good", "2026-03-15T12:00:00", ResponseMode.PAPER)
    add(store, event, "very_good", "2026-02-28T23:59:00")            # February: before the range
    # April: 23:30 UTC on 31 March is 00:30 BST on 1 April
    add(store, event, "very_poor", "2026-03-31T23:30:00")
    add(store, event, "good", "2026-04-30T22:30:00", ResponseMode.STAFF)  # 23:30 BST, still April
    add(store, event, "neither", "2026-04-10T09:00:00")
    add(store, event, "dont_know", "2026-04-11T09:00:00")
    add(store, event, None, "2026-04-13T09:00:00")                   # no FFT answer: not counted
    deleted = add(store, event, "poor", "2026-04-12T09:00:00")       # deleted: not counted
    # May: 23:30 UTC on the last day of April (a BST month) is 00:30 on 1 May in London
    add(store, event, "very_good", "2026-04-30T23:30:00")
    add(store, event, "poor", "2026-05-20T10:00:00", ResponseMode.PAPER)
    # October: the clocks went back on 25 October, so 23:30 UTC on the 31st is still October
    add(store, event, "good", "2026-10-31T23:30:00")
    for day in (5, 6, 7):
        add(store, event, "very_good", f"2026-10-{day:02d}T10:00:00")
    # November, and December after the range
    add(store, event, "good", "2026-11-30T23:59:00")
    add(store, event, "good", "2026-12-01T00:00:00")
    gone = new_event(store, "Deleted event")
    add(store, gone, "very_poor", "2026-04-15T10:00:00")
    with store.session() as session:
        now = dt.datetime.now(UTC)
        session.execute(update(Response).where(Response.id == deleted).values(deleted_at=now))
        session.execute(update(Event).where(Event.id == gone).values(deleted_at=now))
    return store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def read_back(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == HEADER
        return list(reader)


#            very good, good, neither, poor, very poor, don't know, total, % pos, % neg, kiosk, paper, other
EXPECTED = {
    "2026-03": ["1", "1", "0", "0", "0", "0", "2", "100", "0", "1", "1", "0"],
    "2026-04": ["0", "1", "1", "0", "1", "1", "4", "25", "25", "3", "0", "1"],
    "2026-05": ["1", "0", "0", "1", "0", "0", "2", "50", "50", "1", "1", "0"],
    "2026-06": ["0", "0", "0", "0", "0", "0", "0", "", "", "0", "0", "0"],
    "2026-10": ["3", "1", "0", "0", "0", "0", "4", "100", "0", "4", "0", "0"],
    "2026-11": ["0", "1", "0", "0", "0", "0", "1", "100", "0", "1", "0", "0"],
}


def test_the_return_counts_each_answer_in_its_uk_month(capsys, seeded: Store, data_paths: DataPaths,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "fft.csv"
    code, printed, err = run(capsys, "--data-dir", str(data_paths.root), "fft-return", "--from", "2026-03",
                             "--to", "2026-11", "--org-code", "rxx", "--out", str(out))
    assert code == 0, err
    rows = read_back(out)
    assert [r["Period"] for r in rows] == [str(m) for m in months_between(Month(2026, 3), Month(2026, 11))]
    assert {r["Organisation code"] for r in rows} == {"RXX"}
    assert {r["Service"] for r in rows} == {""}  # no event names a service: one row a month, as before
    by_month = {r["Period"]: [r[h] for h in HEADER[3:]] for r in rows}
    for month, expected in EXPECTED.items():
        assert by_month[month] == expected, month
    assert sum(int(r["Total responses"]) for r in rows) == 13
    assert "Wrote 9 months to" in printed
    assert "2026-04: 4 FFT answers" in printed and "2026-11: 1 FFT answer\n" in printed
    assert "service" not in printed


#                    very good, good, neither, poor, very poor, don't know, total, % pos, % neg, kiosk, paper, other
BY_SERVICE = {
    ("2026-03", ""): ["0", "1", "1", "0", "0", "0", "2", "50", "0", "2", "0", "0"],
    ("2026-03", "Riverside Surgery"): ["1", "1", "0", "1", "0", "0", "3", "67", "33", "1", "1", "1"],
    ("2026-03", "Y02960"): ["0", "0", "0", "0", "1", "0", "1", "0", "100", "1", "0", "0"],
    ("2026-04", ""): ["0", "0", "0", "0", "0", "1", "1", "0", "0", "1", "0", "0"],
    ("2026-04", "Riverside Surgery"): ["0", "0", "0", "0", "0", "0", "0", "", "", "0", "0", "0"],
    ("2026-04", "Y02960"): ["0", "2", "0", "0", "0", "0", "2", "100", "0", "2", "0", "0"],
}


def test_events_naming_a_service_get_rows_of_their_own(capsys, store: Store, data_paths: DataPaths,
                                                       tmp_path: Path) -> None:
    surgery = new_event(store, "Surgery open day", "Riverside Surgery")
    same = new_event(store, "Surgery PPG stall", "riverside  surgery")  # the same service, typed differently
    site = new_event(store, "Hospital foyer", "Y02960")
    general = new_event(store, "Market stall")
    add(store, surgery, "very_good", "2026-03-03T10:00:00")
    add(store, surgery, "good", "2026-03-03T11:00:00", ResponseMode.PAPER)
    add(store, same, "poor", "2026-03-20T15:00:00", ResponseMode.STAFF)
    add(store, site, "very_poor", "2026-03-09T09:00:00")
    add(store, general, "good", "2026-03-12T10:00:00")
    add(store, general, "neither", "2026-03-12T10:05:00")
    add(store, site, "good", "2026-03-31T23:30:00")  # 00:30 BST on 1 April
    add(store, site, "good", "2026-04-15T12:00:00")
    add(store, general, "dont_know", "2026-04-20T12:00:00")
    add(store, surgery, "very_good", "2026-05-01T09:00:00")  # after the range
    out = tmp_path / "by-service.csv"
    code, printed, err = run(capsys, "--data-dir", str(data_paths.root), "fft-return", "--from", "2026-03",
                             "--to", "2026-04", "--org-code", "RXX", "--out", str(out))
    assert code == 0, err
    rows = read_back(out)
    # Per month: the organisation as a whole (blank service) first, then each service, every month.
    assert [(r["Period"], r["Service"]) for r in rows] == list(BY_SERVICE)
    for row in rows:
        assert [row[h] for h in HEADER[3:]] == BY_SERVICE[row["Period"], row["Service"]], row
        answers = sum(int(row[h]) for h in HEADER[3:9])
        modes = sum(int(row[h]) for h in HEADER[-3:])
        assert int(row["Total responses"]) == answers == modes
    # Each answer is in exactly one row, so a month's rows add up to the organisation's total.
    assert {m: sum(int(r["Total responses"]) for r in rows if r["Period"] == m) for m in ("2026-03", "2026-04")} == {
        "2026-03": 6, "2026-04": 3}
    assert "Wrote 2 months to" in printed
    assert "2026-03: 2 FFT answers" in printed and "2026-03, Riverside Surgery: 3 FFT answers" in printed
    assert "2026-04, Riverside Surgery: 0 FFT answers" in printed
    assert "one for each of the 2 services named" in printed

    code, printed, err = run(capsys, "--data-dir", str(data_paths.root), "fft-return", "--from", "2026-04",
                             "--to", "2026-04", "--org-code", "RXX", "--out", str(out), "--json")
    assert code == 0, err
    report = json.loads(printed)
    assert report["services"] == ["Y02960"]  # the surgery had no answers in April alone
    assert [(r["Service"], r["Total responses"]) for r in report["months"]] == [("", 1), ("Y02960", 2)]


def test_json_for_scripts(capsys, seeded: Store, data_paths: DataPaths, tmp_path: Path) -> None:
    out = tmp_path / "may.csv"
    code, printed, err = run(capsys, "--data-dir", str(data_paths.root), "fft-return", "--from", "2026-05",
                             "--to", "2026-05", "--org-code", "G82001", "--out", str(out), "--json")
    assert code == 0, err
    report = json.loads(printed)
    assert report["org_code"] == "G82001"
    [may] = report["months"]
    assert may["Period"] == "2026-05" and may["Very good"] == 1 and may["Poor"] == 1
    assert may["Total responses"] == 2 and may["Percentage positive"] == 50
    assert len(read_back(out)) == 1


@pytest.mark.parametrize(("args", "message"), [
    (("--from", "2026-13", "--to", "2026-12"), "--from must be a month written YYYY-MM"),
    (("--from", "April", "--to", "2026-12"), "--from must be a month written YYYY-MM"),
    (("--from", "2026-05", "--to", "2026-04"), "--from 2026-05 is after --to 2026-04."),
    (("--from", "2026-01", "--to", "2026-02", "--org-code", "R-X"), "--org-code must be your organisation's ODS code"),
    (("--from", "2026-01", "--to", "2026-02", "--org-code", "RX"), "3 to 10 letters and digits"),
    (("--from", "2026-01", "--to", "2026-02", "--out", "return.xlsx"), "--out must name a .csv file."),
    (("--from", "2026-01", "--to", "2026-02", "--out", "missing/return.csv"), "does not exist"),
])
def test_bad_requests_get_one_line_and_write_nothing(capsys, tmp_path: Path, args, message) -> None:
    given = dict(zip(args[::2], args[1::2], strict=True))
    given.setdefault("--org-code", "RXX")
    out = given.pop("--out", "return.csv")
    argv = ["--data-dir", str(tmp_path / "data"), "fft-return"]
    for option, value in given.items():
        argv += [option, value]
    code, printed, err = run(capsys, *argv, "--out", str(tmp_path / out))
    assert code == 2 and printed == ""
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "data").exists()  # refused before the store was opened
    assert list(tmp_path.iterdir()) == []


def test_months_and_codes() -> None:
    assert Month.of(at("2026-04-30T23:30:00")) == Month(2026, 5)
    assert Month.of(at("2026-10-31T23:30:00")) == Month(2026, 10)
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2026, 4).start_utc() == at("2026-03-31T23:00:00")
    assert [str(m) for m in months_between(parse_month("2025-11"), parse_month("2026-02"))] == [
        "2025-11", "2025-12", "2026-01", "2026-02"]
    assert check_org_code(" rxx ") == "RXX"
    with pytest.raises(ValueError):
        Month.of(dt.datetime(2026, 4, 30, 23, 30))  # a time without its zone is refused
    with pytest.raises(ValueError):
        check_org_code("ABCDEFGHIJK")
