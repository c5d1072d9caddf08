"""Who should we involve? A search over 20,000 people and 2,000 organisations.

The store holds 20,000 sign-ups as ``involve demo --signups 20000`` makes them (6 postcode
districts, the health network, surveys and focus groups among their interests), each given 0 to
3 topics, one in 20 withdrawn; 2,000 organisations with topics, areas and communities, and
3,000 contacts named at them. Involve's side is ``find_who_to_involve`` as the window and
``involve find`` run it: consent filtered in SQL, only the columns shown read, every candidate
scored and explained, people and organisations ranked. The baseline, in the same run and on the
same store, is the bare SQL a search cannot do without: the active people whose interests and
topic or postcode match, and the organisations whose topic matches, fetched as plain rows with
no consent check, no scoring and no ranking. The target is under 100 ms for every search.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import time
from pathlib import Path

from sqlalchemy import text

TARGET_MS = 100.0
PEOPLE, ORGANISATIONS, CONTACTS = 20_000, 2_000, 3_000
SEARCHES = (
    {"topic": "mental_health"},
    {"topic": "mental_health", "area": "ME14"},
    {"area": "ME"},  # a postcode area: a third of everyone, the largest answer
    {"community": "carers"},
    {"topic": "dementia", "area": "Maidstone", "community": "older_people"},
)
AREAS = ("Maidstone", "Swale", "Ashford", "Canterbury", "Dartford", "Thanet", "ME14", "CT1", "TN23", "DA1")


def seed(data_dir: Path, key) -> None:
    from app.core.network import COMMUNITIES, TOPICS
    from app.store.demo import seed_demo
    from app.store.demo_people import seed_signups
    from app.store.models import Organisation, OrganisationContact, utcnow
    from app.store.paths import DataPaths
    from app.store.store import Store
    from app.store.survey_library import load_library

    paths = DataPaths(data_dir)
    store = Store.open(paths, backup="never", key=key)
    rng = random.Random(2028)
    topics, communities = list(TOPICS), list(COMMUNITIES)
    try:
        today = dt.date(2026, 6, 1)
        made = seed_demo(store, load_library(paths.surveys).surveys, events=50, responses=0, seed=2026, today=today)
        seed_signups(store, random.Random(2027), made.event_ids, PEOPLE, today)
        with store.session() as session:
            ids = [row[0] for row in session.execute(text("SELECT id FROM people"))]
            session.execute(text("UPDATE people SET topics = :topics WHERE id = :id"), [
                {"id": person_id, "topics": json.dumps(rng.sample(topics, rng.choice((0, 1, 1, 2, 3))))}
                for person_id in ids])
            session.execute(text("UPDATE consents SET withdrawn_at = :now WHERE person_id = :id"), [
                {"id": person_id, "now": utcnow().replace(tzinfo=None)} for person_id in ids[::20]])
            session.execute(text("UPDATE people SET status = 'withdrawn' WHERE id = :id"),
                            [{"id": person_id} for person_id in ids[::20]])
            orgs = [Organisation(device_id=store.device_id, name=f"Group {n:04d}", kind="vcs",
                                 topics=json.dumps(rng.sample(topics, rng.randint(1, 4))),
                                 areas=json.dumps(rng.sample(AREAS, rng.randint(1, 3))),
                                 communities=json.dumps(rng.sample(communities, rng.randint(0, 3))),
                                 email=f"group{n}@example.org") for n in range(ORGANISATIONS)]
            session.add_all(orgs)
            session.flush()
            session.add_all([OrganisationContact(device_id=store.device_id, organisation_id=rng.choice(orgs).id,
                                                 person_id=rng.choice(ids), role="Contact")
                             for _n in range(CONTACTS)])
    finally:
        store.close()


def _bare(session, search: dict[str, str]) -> int:
    """The rows a search reads, fetched plainly: no consent check, no scoring, no ranking."""
    wanted = search.get("topic") or search.get("area") or search.get("community") or ""
    rows = session.execute(text(
        "SELECT id, name, email, phone, postcode, contact_method, topics, event_id FROM people "
        "WHERE status = 'active' AND interests LIKE '%health-network%' AND (topics LIKE :like OR postcode LIKE :pc)"),
        {"like": f'%"{wanted}"%', "pc": f"{wanted}%"}).all()
    orgs = session.execute(text(
        "SELECT id, name, kind, email, phone, website, topics, areas, communities FROM organisations "
        "WHERE deleted_at IS NULL AND (topics LIKE :like OR communities LIKE :like OR areas LIKE :like)"),
        {"like": f"%{wanted}%"}).all()
    return len(rows) + len(orgs)


def run(folder: Path, key, rounds: int = 7) -> dict[str, list[float]]:
    from app.core.matching import validate_search
    from app.store.paths import DataPaths
    from app.store.store import Store
    from app.store.who_to_involve import find_who_to_involve

    data = folder / "network-data"
    seed(data, key)
    store = Store.open(DataPaths(data), backup="never", key=key, check=False)
    times: dict[str, list[float]] = {"bare": [], "search": []}
    sizes: dict[str, int] = {}
    try:
        for _round in range(rounds):
            for values in SEARCHES:
                search = validate_search(values)
                with store.reading() as session:
                    began = time.perf_counter()
                    _bare(session, values)
                    times["bare"].append(time.perf_counter() - began)
                with store.reading() as session:
                    began = time.perf_counter()
                    found = find_who_to_involve(session, search)
                    elapsed = time.perf_counter() - began
                times["search"].append(elapsed)
                times.setdefault(search.describe(), []).append(elapsed)
                sizes[search.describe()] = len(found.people) + len(found.organisations)
    finally:
        store.close()
    times["sizes"] = [float(sizes[k]) for k in sizes]
    return times


def print_results(folder: Path, key, row, ratio) -> None:
    t = run(folder, key)
    sizes = t.pop("sizes")
    print()
    print(f"Who should we involve? {PEOPLE:,} people, {ORGANISATIONS:,} organisations, {CONTACTS:,} contacts "
          f"({len(t['search'])} searches, medians; target under {TARGET_MS:.0f} ms each)")
    bare = t.pop("bare")
    everything = t.pop("search")
    print(row("bare SQL: the rows alone", bare))
    print(row("find_who_to_involve, every search", everything))
    print(ratio("who to involve    search / bare SQL", everything, bare))
    for (label, values), found in zip(t.items(), sizes, strict=True):
        worst = max(values) * 1000
        verdict = "met" if worst < TARGET_MS else "NOT MET"
        print(f"  {label[:52]:<52} {statistics.median(values) * 1000:7.1f} ms  worst {worst:6.1f} ms  "
              f"{int(found):>5} found  {verdict}")
