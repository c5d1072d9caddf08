"""Survey versions only go up, at the centre and on the way down; the centre keeps every version.

A version published again as it is changes nothing; the same version with other content, or
an older one, is refused at the centre and by a laptop it reaches. The centre's report reads
each answer by the version it was given with, even one the laptop asking never saw.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from app.core.report import ReportSelection
from app.store.store import Store
from app.store.survey_library import install_survey, load_library
from sync import central_schema as schema
from sync.central import CENTRAL_HEAD, _config, init_central, publish_survey
from sync.central_report import central_report
from sync.connection import make_central_engine, target_from
from sync.download import apply_download
from sync.errors import SyncError
from sync.runner import run_sync
from tests.services.test_survey_versions import event_answered
from tests.sync.conftest import _fresh_database, make_central

ROOT = Path(__file__).resolve().parents[2]


def shipped_topics() -> dict:
    return json.loads((ROOT / "resources" / "surveys" / "topics.json").read_text(encoding="utf-8"))


def topics(version: int, *, maternity: bool = True, gp_words: str = "Getting a GP appointment") -> dict:
    data = shipped_topics() | {"version": version}
    options = data["questions"][0]["options"]
    options[0]["text"] = {"en": gp_words, "pl": "Wizyta u lekarza"}
    if maternity:
        options.insert(-1, {"value": "maternity", "text": {"en": "Maternity", "pl": "Opieka okołoporodowa"}})
    return data


def _at_centre(url: str, work):
    engine = make_central_engine(target_from(url))
    try:
        with engine.begin() as conn:
            return work(conn)
    finally:
        engine.dispose()


def test_a_laptop_refuses_a_reused_version_or_an_older_one_from_the_centre(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "topics.json"
    source.write_text(json.dumps(topics(2)), encoding="utf-8")
    install_survey(source, store.paths.surveys)
    before = {p.name: p.read_bytes() for p in store.paths.surveys.rglob("*.json")}
    now = dt.datetime.now(dt.UTC)

    def arriving(*definitions: dict) -> dict:
        rows = [{"id": "topics", "version": d["version"], "definition": json.dumps(d, indent=n), "deleted_at": None,
                 "changed_at": now} for n, d in enumerate(definitions)]
        return {"devices": [], "gp_practices": [], "events": [], "people": [], "consents": [], "surveys": rows}

    result = apply_download(store, arriving(topics(2, gp_words="Seeing a GP"), shipped_topics()), "centre")

    assert result.surveys == 0
    assert [p.split(": ", 1)[1] for p in result.problems] == [
        "topics: version 2 of survey topics is already in use with other content; give the changed survey a "
        "higher version",
        "topics: version 1 of survey topics is older than version 2, already in use; a survey's version only "
        "goes up"]
    assert {p.name: p.read_bytes() for p in store.paths.surveys.rglob("*.json")} == before

    again = apply_download(store, arriving(topics(2)), "centre")  # the one in use, laid out otherwise
    assert (again.surveys, again.problems) == (0, [])
    assert {p.name: p.read_bytes() for p in store.paths.surveys.rglob("*.json")} == before


def test_the_centre_publishes_versions_upward_only_and_keeps_each(central_url: str) -> None:
    first = _at_centre(central_url, lambda c: publish_survey(c, json.dumps(topics(2)), "data team"))
    assert first == ("topics", 2, True)
    # The same again, laid out otherwise: taken quietly, nothing written.
    again = _at_centre(central_url, lambda c: publish_survey(c, json.dumps(topics(2), indent=2), "x"))
    assert again == ("topics", 2, False)
    refusals = [
        (topics(2, gp_words="Seeing a GP"), "version 2 of survey topics is already in use with other content"),
        (topics(1), "version 1 of survey topics is already in use with other content"),  # not as shipped
        (shipped_topics(), "version 1 of survey topics is older than version 2"),
    ]
    for data, words in refusals:
        with pytest.raises(SyncError, match=words):
            _at_centre(central_url, lambda c, d=data: publish_survey(c, json.dumps(d), "data team"))
    assert _at_centre(central_url, lambda c: publish_survey(c, json.dumps(topics(3, maternity=False)), "x")) \
        == ("topics", 3, True)

    def read(conn):
        history = conn.execute(select(schema.survey_history.c.id, schema.survey_history.c.version)
                               .order_by(schema.survey_history.c.version)).all()
        published = conn.execute(select(schema.audit_log.c.id).where(schema.audit_log.c.action == "publish-survey"))
        return [tuple(r) for r in history], len(published.all())

    assert _at_centre(central_url, read) == ([("topics", 2), ("topics", 3)], 2)


def test_the_centres_report_reads_answers_by_a_version_the_asking_laptop_never_saw(
        tmp_path: Path, make_store) -> None:
    url, _drop = make_central("sqlite", tmp_path)
    _at_centre(url, lambda c: publish_survey(c, json.dumps(topics(2)), "data team"))
    stall = make_store("stall")
    assert run_sync(stall, target_from(url)).outcome == "ok"  # takes up topics v2, with maternity
    assert load_library(stall.paths.surveys).surveys["topics"].version == 2
    event_id = event_answered(stall, "Baby clinic", ["maternity"], 5)
    assert run_sync(stall, target_from(url)).outcome == "ok"
    _at_centre(url, lambda c: publish_survey(c, json.dumps(topics(3, maternity=False)), "data team"))
    office = make_store("office")
    assert run_sync(office, target_from(url)).outcome == "ok"  # sees only v1 (shipped) and v3

    report = central_report(url, ReportSelection(event_ids=(event_id,)), store=office)

    assert report.topics is not None
    assert {r.key: (r.label, r.shown) for r in report.topics.rows}["maternity"] == ("Maternity", "5")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "mariadb"])
def test_a_centre_at_c0005_keeps_its_published_surveys_as_the_first_versions(kind: str, tmp_path: Path) -> None:
    url, drop = (f"sqlite:///{tmp_path / 'old.db'}", lambda: None) if kind == "sqlite" else _fresh_database(kind)
    engine = make_central_engine(target_from(url))
    try:
        with engine.connect() as connection:
            command.upgrade(_config(connection), "c0005")
            connection.execute(schema.survey_definitions.insert().values(
                id="topics", version=2, definition=json.dumps(topics(2)), published_by="data team",
                changed_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC)))
            connection.commit()

        assert init_central(engine).revision == CENTRAL_HEAD

        with engine.begin() as connection:
            kept = connection.execute(select(schema.survey_history)).all()
            assert [(r.id, r.version, json.loads(r.definition), r.published_by) for r in kept] == [
                ("topics", 2, topics(2), "data team")]
            with pytest.raises(SyncError, match="already in use with other content"):
                publish_survey(connection, json.dumps(topics(2, gp_words="Seeing a GP")), "data team")
    finally:
        engine.dispose()
        drop()
