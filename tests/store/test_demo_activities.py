"""Sample involvement logs: the same seed gives the same log, and PPG registers feed it."""

from __future__ import annotations

import datetime as dt
import random

from app.store.activities import activity_totals, list_activities
from app.store.claims import list_claims
from app.store.demo import seed_demo
from app.store.demo_activities import seed_activities
from app.store.demo_people import seed_signups
from app.store.paths import DataPaths
from app.store.store import Store
from app.store.survey_library import load_library

TODAY = dt.date(2026, 6, 15)


def _seeded(folder) -> tuple[list[tuple], list[tuple], int]:
    store = Store.open(DataPaths(folder))
    try:
        surveys = load_library(store.paths.surveys).surveys
        summary = seed_demo(store, surveys, events=20, responses=10, seed=7, today=TODAY)
        seed_signups(store, random.Random(8), summary.event_ids, 40, TODAY)
        made = seed_activities(store, random.Random(9), TODAY)
        with store.session() as s:
            log = sorted((a.details.title, a.details.activity_date, a.details.minutes, a.details.level.value)
                         for a in list_activities(s))
            claims = sorted((c.person_name, c.details.amount_pence, c.status.value) for c in list_claims(s))
            assert activity_totals(s).count == made.activities == len(log)
            assert len(claims) == made.claims
        return log, claims, made.meetings
    finally:
        store.close()


def test_the_same_seed_gives_the_same_log_with_ppg_meetings_fed_in(tmp_path) -> None:
    first = _seeded(tmp_path / "a")
    assert first == _seeded(tmp_path / "b")
    log, claims, meetings = first
    assert meetings > 0 and sum(1 for entry in log if "PPG" in entry[0]) == meetings
    assert len({entry[0] for entry in log}) > 4 and claims
    assert all(day <= TODAY for _title, day, _m, _l in log)


def test_demo_email_addresses_keep_every_letter_of_accented_names(tmp_path) -> None:
    """Zoë Ahmed is zoe.ahmed…, not zo.ahmed…; St Michael's Church Café is …churchcafe…"""
    from sqlalchemy import select

    from app.store.demo_network import seed_organisations
    from app.store.models import Organisation, Person

    store = Store.open(DataPaths(tmp_path / "data"))
    try:
        made = seed_demo(store, load_library(store.paths.surveys).surveys, events=5, responses=0, seed=3,
                         today=dt.date(2026, 6, 15))
        seed_signups(store, random.Random(3), made.event_ids, 400, dt.date(2026, 6, 15))
        seed_organisations(store, random.Random(3), 60)
        with store.session() as s:
            people = s.execute(select(Person.name, Person.email).where(Person.email != "")).all()
            organisations = s.execute(select(Organisation.name, Organisation.email)
                                      .where(Organisation.email != "")).all()
    finally:
        store.close()

    def letters(text: str) -> int:
        return sum(ch.isalpha() for ch in text)

    accented = [(name, email) for name, email in people if not name.isascii()]
    assert accented, "the demo has names with accents"
    assert all(letters(name) == letters(email.split("@")[0]) for name, email in accented), accented
    cafes = [(name, email) for name, email in organisations if "Café" in name and letters(name) <= 40]
    assert cafes, "the demo has cafés"
    assert all(letters(name) == letters(email.split("@")[1].removesuffix(".example.org"))
               for name, email in cafes), cafes
