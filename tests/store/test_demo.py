"""Sample data for training: realistic, checked like real feedback, repeatable, and anonymous."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli.command import main
from app.core import fft
from app.core.responses import check_response
from app.core.surveys import Survey, parse_survey
from app.store.demo import seed_demo
from app.store.events import EventRecord, list_events
from app.store.paths import DataPaths
from app.store.responses import response_answers
from app.store.store import Store
from app.store.survey_library import built_in_folder, load_library

TODAY = dt.date(2026, 6, 15)
EVENTS, RESPONSES = 14, 2500


@pytest.fixture(scope="module")
def surveys() -> dict[str, Survey]:
    return load_library().surveys


def seeded(folder: Path, surveys: dict[str, Survey], *, seed: int, events: int = EVENTS,
           responses: int = RESPONSES) -> tuple[list[EventRecord], dict[str, list[dict[str, Any]]]]:
    store = Store.open(DataPaths(folder))
    try:
        seed_demo(store, surveys, events=events, responses=responses, seed=seed, today=TODAY, batch=700)
        with store.session() as session:
            records = list_events(session)
            return records, {e.id: response_answers(session, e.id) for e in records}
    finally:
        store.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, surveys) -> tuple[list[EventRecord], dict[str, list[dict]]]:
    return seeded(tmp_path_factory.mktemp("demo"), surveys, seed=7)


def all_responses(demo) -> Iterator[dict[str, Any]]:
    for rows in demo[1].values():
        yield from rows


def test_it_adds_the_events_and_responses_asked_for(demo) -> None:
    events, responses = demo
    assert len(events) == EVENTS
    assert sum(len(rows) for rows in responses.values()) == RESPONSES
    assert len({r["id"] for r in all_responses(demo)}) == RESPONSES


def test_events_are_varied_around_kent_past_and_coming_up(demo) -> None:
    events, responses = demo
    assert len({e.details.kind for e in events}) >= 3
    assert len({e.details.locality for e in events}) >= 5
    assert len({e.name for e in events}) >= EVENTS - 2
    assert all(e.details.venue and e.details.start_time and e.details.end_time for e in events)
    held = [e for e in events if e.details.event_date < TODAY]
    coming = [e for e in events if e.details.event_date >= TODAY]
    assert held and coming
    assert min(e.details.event_date for e in events) < TODAY - dt.timedelta(days=30)
    assert max(e.details.event_date for e in events) <= TODAY + dt.timedelta(days=21)
    assert all(not responses[e.id] for e in coming), "nobody has answered at an event still to come"
    assert sum(1 for e in held if responses[e.id]) >= len(held) // 2
    assert all(e.details.survey_ids[0] == "fft" for e in events)
    assert Counter(e.details.survey_ids for e in events).most_common(1)[0][0] == ("fft", "topics", "equality")


def test_each_response_was_given_during_its_event(demo) -> None:
    events, responses = demo
    for event in events:
        d = event.details
        for row in responses[event.id]:
            local = row["submitted_at"].astimezone()
            assert local.date() == d.event_date
            assert d.start_time <= local.time().replace(tzinfo=None) <= d.end_time


def test_every_response_is_valid_for_its_events_surveys(demo, surveys) -> None:
    events, responses = demo
    for event in events:
        chosen = {sid: surveys[sid] for sid in event.details.survey_ids}
        for row in responses[event.id]:
            assert set(row["answers"]) == set(chosen)
            assert check_response(chosen, row["answers"]) == row["answers"]
            assert row["answers"]["fft"]["fft_rating"] in fft.ANSWERS


def test_answers_look_like_real_feedback(demo) -> None:
    rows = list(all_responses(demo))
    ratings = Counter(r["answers"]["fft"]["fft_rating"] for r in rows)
    assert set(ratings) == set(fft.ANSWERS)
    score = fft.score(ratings.elements())
    assert 65 <= score.percent_positive <= 92 and 3 <= score.percent_negative <= 15
    modes = Counter(r["mode"] for r in rows)
    assert modes["kiosk"] > len(rows) / 2 and modes["staff"] > 0
    assert 0.3 < sum(1 for r in rows if r["answers"]["fft"].get("fft_comment")) / len(rows) < 0.8
    equality = [r["answers"]["equality"] for r in rows if "equality" in r["answers"]]
    skipped = sum(1 for a in equality if not a)
    private = sum(1 for a in equality if "prefer_not_to_say" in a.values())
    answered = sum(1 for a in equality if a.get("age_band") not in (None, "prefer_not_to_say"))
    assert all(n > len(equality) / 10 for n in (skipped, private, answered))
    topics = [r["answers"]["topics"].get("topics") for r in rows if "topics" in r["answers"]]
    assert sum(1 for t in topics if t) > len(topics) / 2 and any(t and len(t) > 1 for t in topics)


def test_about_one_in_ten_answer_in_polish_and_comment_in_polish(demo) -> None:
    rows = list(all_responses(demo))
    polish = [r for r in rows if r["language"] == "pl"]
    assert 0.05 < len(polish) / len(rows) < 0.15
    comments = {lang: {r["answers"]["fft"]["fft_comment"] for r in rows
                       if r["language"] == lang and r["answers"]["fft"].get("fft_comment")} for lang in ("en", "pl")}
    assert comments["pl"] and comments["en"] and not comments["pl"] & comments["en"]
    assert any(re.search("[ąćęłńóśźż]", c) for c in comments["pl"])


CONTACT = {
    "email": re.compile(r"\S+@\S+"),
    "phone number": re.compile(r"\d[\d ]{6,}"),
    "full postcode": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE),
    "title and name": re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Pan|Pani)\.? [A-Z]"),
    "web address": re.compile(r"https?://|www\."),
}


def texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, str):
        yield value


def test_no_names_or_contact_details_anywhere_in_the_answers(demo) -> None:
    for row in all_responses(demo):
        for text in texts(row["answers"]):
            found = [what for what, pattern in CONTACT.items() if pattern.search(text)]
            assert not found, f"{found} in {text!r}"
        district = row["answers"].get("equality", {}).get("postcode_district")
        assert district is None or re.fullmatch(r"(CT|ME|TN|DA)\d{1,2}", district)


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(tmp_path: Path, surveys) -> None:
    def content(result) -> tuple[list, list]:
        events, responses = result
        return ([e.details for e in events],
                [[(r["mode"], r["language"], r["answers"], r["submitted_at"]) for r in responses[e.id]]
                 for e in events])

    first = content(seeded(tmp_path / "a", surveys, seed=42, events=6, responses=300))
    again = content(seeded(tmp_path / "b", surveys, seed=42, events=6, responses=300))
    other = content(seeded(tmp_path / "c", surveys, seed=43, events=6, responses=300))
    assert first == again
    assert first != other


def test_an_organisations_own_topics_are_answered_from_its_own_options(tmp_path: Path) -> None:
    data = json.loads((built_in_folder() / "topics.json").read_text(encoding="utf-8"))
    data["version"] = 2
    data["questions"][0]["options"] = [
        {"value": "maternity", "text": {"en": "Maternity", "pl": "Opieka położnicza"}},
        {"value": "childrens_services", "text": {"en": "Children's services", "pl": "Usługi dla dzieci"}},
        {"value": "screening", "text": {"en": "Screening", "pl": "Badania przesiewowe"}},
    ]
    surveys = load_library().surveys | {"topics": parse_survey(data)}
    events, responses = seeded(tmp_path, surveys, seed=5, events=4, responses=200)
    chosen = [t for rows in responses.values() for r in rows for t in r["answers"].get("topics", {}).get("topics", [])]
    assert chosen and set(chosen) <= {"maternity", "childrens_services", "screening"}


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_involve_demo_prints_counts_and_json(capsys, tmp_path: Path) -> None:
    code, out, err = cli(capsys, "--data-dir", str(tmp_path), "demo", "--events", "5", "--responses", "120",
                         "--seed", "3")
    assert code == 0, err
    assert "5 events" in out and "120 responses" in out and "--seed 3" in out
    assert "  Programmes and decisions: 4, linked to " in out
    code, out, _ = cli(capsys, "--data-dir", str(tmp_path), "demo", "--events", "2", "--responses", "30", "--json")
    report = json.loads(out)
    assert (report["events"], report["responses"], sum(report["fft"].values())) == (2, 30, 30)
    assert isinstance(report["seed"], int)
    assert report["programmes"] == 4 and report["programme_events"] >= 2 and report["actions"] >= 4
    _, out, _ = cli(capsys, "--data-dir", str(tmp_path), "event", "list", "--json")
    assert len(json.loads(out)) == 7


@pytest.mark.parametrize("args, says", [
    (["--events", "-1", "--responses", "10"], "--events"),
    (["--events", "3", "--responses", "ten"], "--responses"),
    (["--events", "3", "--responses", "2.5"], "--responses"),
    (["--events", "3", "--responses", "100001"], "100000"),
    (["--events", "10000000", "--responses", "1"], "--events"),
    (["--events", "0", "--responses", "10"], "--events 1"),
    (["--events", "3", "--responses", "10", "--seed", "abc"], "--seed"),
    (["--events", "3"], "--responses"),
])
def test_bad_demo_input_is_one_line_and_writes_nothing(capsys, tmp_path: Path, args, says) -> None:
    cli(capsys, "--data-dir", str(tmp_path), "demo", "--events", "1", "--responses", "5", "--seed", "1")
    before = snapshot(tmp_path)
    code, out, err = cli(capsys, "--data-dir", str(tmp_path), "demo", *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and says in err
    assert snapshot(tmp_path) == before
    fresh = tmp_path / "never-made"
    code, _, _ = cli(capsys, "--data-dir", str(fresh), "demo", *args)
    assert code == 2 and not fresh.exists()
