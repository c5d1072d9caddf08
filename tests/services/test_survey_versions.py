"""Answers keep the survey version they were given with, after a newer version is added.

Topics version 2 renames "Urgent or emergency care", drops "Mental health" and adds
"Maternity". An event answered with version 1 still reads in version 1's words everywhere:
the export, the event report, the public summary; its report lists no "Maternity" with 0; an
action can still be about mental health.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import openpyxl
import pytest

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.report import ReportSelection
from app.core.responses import ResponseMode
from app.documents.exports import ExportFormat, ExportWhat
from app.services.exports import export_event
from app.services.public_summary import write_public_summary
from app.services.reports import draw_report
from app.store.actions import add_action
from app.store.events import add_event
from app.store.reports import local_report
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library
from tests.cli.test_cli import run
from tests.documents_helpers import page_texts

ROOT = Path(__file__).resolve().parents[2]
OLD_WORDS = ("Urgent or emergency care", "Mental health")
RAW_CODES = ("urgent_care", "mental_health")


def topics_v2() -> dict:
    data = json.loads((ROOT / "resources" / "surveys" / "topics.json").read_text(encoding="utf-8"))
    data["version"] = 2
    options = data["questions"][0]["options"]
    for option in options:
        if option["value"] == "urgent_care":
            option["text"] = {"en": "Urgent treatment centre", "pl": "Centrum pilnej pomocy"}
    options[:] = [o for o in options if o["value"] != "mental_health"]
    options.insert(-1, {"value": "maternity", "text": {"en": "Maternity", "pl": "Opieka okołoporodowa"}})
    return data


def write_json(path: Path, data: dict, **dump) -> Path:
    path.write_text(json.dumps(data, **dump), encoding="utf-8")
    return path


def event_answered(store: Store, name: str, topics: list[str], count: int) -> str:
    """A new event asking the FFT and topics, with ``count`` responses choosing ``topics`` in the surveys in use."""
    surveys = load_library(store.paths.surveys).surveys
    asked = {sid: surveys[sid] for sid in ("fft", "topics")}
    with store.session() as session:
        event = add_event(session, store.device_id, validate_event(
            {"name": name, "kind": "community-event", "event_date": "2026-04-14", "survey_ids": list(asked)}))
        for n in range(count):
            submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=event.id,
                            surveys=asked, answers={"fft": {"fft_rating": "good"}, "topics": {"topics": topics}},
                            mode=ResponseMode.STAFF, language="en",
                            submitted_at=dt.datetime(2026, 4, 14, 10, n, tzinfo=dt.UTC))
    return event.id


@pytest.fixture
def old_event(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """An event whose six responses chose urgent care and mental health with topics v1; then v2 is added."""
    event_id = event_answered(store, "Spring fair", ["urgent_care", "mental_health"], 6)
    code, _out, err = run(capsys, "--data-dir", str(store.paths.root), "survey", "add",
                          str(write_json(tmp_path / "topics-v2.json", topics_v2())))
    assert code == 0, err
    assert load_library(store.paths.surveys).surveys["topics"].version == 2
    return event_id


def test_the_export_reads_old_answers_by_their_own_version(store: Store, old_event: str, tmp_path: Path) -> None:
    out = tmp_path / "event.xlsx"
    export_event(store, old_event, out, ExportFormat.XLSX, [ExportWhat.RESPONSES, ExportWhat.SUMMARY])
    book = openpyxl.load_workbook(out)
    sheet = book["Responses"]
    header = [c.value for c in sheet[1]]
    column = next(n for n, h in enumerate(header) if str(h).endswith("[topics.topics]"))
    cells = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == ["Urgent or emergency care; Mental health"] * 6
    topics = {row[0]: row[1] for row in book["Topics"].iter_rows(min_row=2, values_only=True)}
    assert topics["Urgent or emergency care"] == topics["Mental health"] == "6"
    everything = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert not [v for v in everything if any(code in v for code in RAW_CODES)]
    assert "Maternity" not in everything and "Urgent treatment centre" not in everything


def test_the_old_events_report_lists_its_own_options_in_their_words(store: Store, old_event: str,
                                                                    tmp_path: Path) -> None:
    report = local_report(store, ReportSelection(event_ids=(old_event,)))
    assert report.topics is not None
    rows = {row.key: (row.label, row.shown) for row in report.topics.rows}
    assert "maternity" not in rows, "an option version 2 added is not listed with 0 for an event asked version 1"
    assert rows["urgent_care"] == ("Urgent or emergency care", "6")
    assert rows["mental_health"] == ("Mental health", "6")

    pdf = tmp_path / "report.pdf"
    draw_report(report, pdf)
    text = " ".join(page_texts(pdf.read_bytes()))
    assert all(words in text for words in OLD_WORDS)
    assert not any(code in text for code in RAW_CODES) and "Maternity" not in text
    assert "Urgent treatment centre" not in text


def test_an_action_on_a_dropped_topic_is_taken(store: Store, old_event: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--data-dir", str(store.paths.root), "actions", "add", old_event,
                          "--you-said", "Hard to find mental health support", "--we-will", "Print a leaflet",
                          "--topic", "mental_health")
    assert code == 0, err


def test_the_public_summary_names_old_topics_in_the_words_the_event_was_asked_with(
        store: Store, old_event: str, tmp_path: Path) -> None:
    with store.session() as session:
        for topic, said in (("mental_health", "Hard to find mental health support"),
                            ("urgent_care", "A long wait at A&E")):
            add_action(session, store.device_id, validate_action(
                {"event_id": old_event, "you_said": said, "we_will": "Ask the trust", "topic": topic},
                today=dt.date(2026, 5, 1)))

    out = tmp_path / "summary.pdf"
    write_public_summary(store, out, event=old_event)
    text = " ".join(page_texts(out.read_bytes()))
    assert "About: Mental health" in text and "About: Urgent or emergency care" in text
    assert not any(code in text for code in RAW_CODES) and "Urgent treatment centre" not in text


def test_a_reused_version_with_other_content_or_an_older_one_is_refused(
        store: Store, old_event: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = store.paths.surveys
    before = {p.name: p.read_bytes() for p in folder.rglob("*.json")}
    changed = topics_v2()
    changed["questions"][0]["options"][0]["text"]["en"] = "Seeing a GP"
    older = json.loads((ROOT / "resources" / "surveys" / "topics.json").read_text(encoding="utf-8"))  # v1 again
    for data, words in ((changed, "version 2 of survey topics is already in use with other content"),
                        (older, "version 1 of survey topics is older than version 2")):
        code, out, err = run(capsys, "--data-dir", str(store.paths.root), "survey", "add",
                             str(write_json(tmp_path / "ours.json", data)))
        assert code == 2 and out == ""
        assert words in err and len(err.strip().splitlines()) == 1, err
    assert {p.name: p.read_bytes() for p in folder.rglob("*.json")} == before, "nothing was saved"

    # The version in use, given again (laid out differently), is taken quietly and changes nothing.
    same = write_json(tmp_path / "same.json", dict(reversed(topics_v2().items())), indent=4)
    code, _out, err = run(capsys, "--data-dir", str(store.paths.root), "survey", "add", str(same))
    assert code == 0 and err == ""
    assert {p.name: p.read_bytes() for p in folder.rglob("*.json")} == before
