"""Who should we involve? A search over 20,000 people and 2,000 organisations.

The store holds 20,000 sign-ups as ``involve demo --signups 20000`` makes them (6 postcode
districts, the health network, surveys and focus groups among their interests), each given 0 to
3 topics, one in 20 withdrawn; 2,000 organisations with topics, areas and communities, and
3,000 contacts named at them. Involve's side is ``find_who_to_involve`` as the window and
``involve find`` run it: consent filtered in SQL, only the columns shown read, every candidate
scored and explained, people and organisations ranked. The baseline, in the same run and on the
same store, is the bare SQL a search cannot do without: the active people whose interests and
topic or postcode match, and the organisations whose topic matches, fetched as plain rows with
no consent check, no scoring and no ranking. The window is timed too, as staff use it: from
Search to the ranked results painted. The target is under 100 ms for every search, to results
on screen.
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
    """Each search ``rounds`` times: the bare SQL, ``find_who_to_involve`` alone, and the window
    from Search to the results painted. Python's collector runs as in the desktop app: not in
    the middle of work, but on the GUI thread's timer (app.ui.common.gc_guard)."""
    import gc

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.core.matching import validate_search
    from app.store.paths import DataPaths
    from app.store.store import Store
    from app.store.who_to_involve import find_who_to_involve
    from app.ui.common.tasks import TaskPool
    from app.ui.finding.window import WhoToInvolveWindow

    data = folder / "network-data"
    seed(data, key)
    app = QApplication.instance() or QApplication([])
    store = Store.open(DataPaths(data), backup="never", key=key, check=False)
    tasks = TaskPool()
    window = WhoToInvolveWindow(None, store=store, tasks=tasks)
    window.resize(1200, 640)
    window.show()

    def on_screen(values: dict[str, str]) -> float:
        window.topic.setCurrentIndex(max(window.topic.findData(values.get("topic")), 0))
        window.area.setText(values.get("area", ""))
        window.community.setCurrentIndex(max(window.community.findData(values.get("community")), 0))
        loop = QEventLoop()
        window.sig_found.connect(loop.quit)
        began = time.perf_counter()
        QTimer.singleShot(0, window.search)
        loop.exec()
        window.table.viewport().repaint()  # painted, as a person would see it
        elapsed = time.perf_counter() - began
        window.sig_found.disconnect(loop.quit)
        return elapsed

    times: dict[str, list[float]] = {"bare": [], "search": [], "window": [], "first": []}
    for values in SEARCHES:  # each search's own figures, in this order
        described = validate_search(values).describe()
        times[described], times["window " + described] = [], []
    sizes: dict[str, int] = {}
    gc.collect()
    gc.disable()
    try:
        for round_ in range(rounds):
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
                if round_ == 0 and not times["first"]:
                    times["first"].append(elapsed)  # the first search since the store opened
                else:
                    times["search"].append(elapsed)
                    times[search.describe()].append(elapsed)
                sizes[search.describe()] = len(found.people) + len(found.organisations)
                times["window"].append(on_screen(values))
                times["window " + search.describe()].append(times["window"][-1])
                gc.collect()  # between searches, as the app's timer would
    finally:
        gc.enable()
        window.close()
        tasks.wait()
        store.close()
        app.processEvents()
    times["sizes"] = [float(sizes[k]) for k in sizes]
    return times


def print_results(folder: Path, key, row, ratio) -> None:
    t = run(folder, key)
    sizes = t.pop("sizes")
    print()
    print(f"Who should we involve? {PEOPLE:,} people, {ORGANISATIONS:,} organisations, {CONTACTS:,} contacts "
          f"({len(t['window'])} searches, medians; target under {TARGET_MS:.0f} ms each, to results on screen)")
    bare, everything, window = t.pop("bare"), t.pop("search"), t.pop("window")
    first = t.pop("first")
    print(row("bare SQL: the rows alone", bare))
    print(row("find_who_to_involve, every search", everything))
    print(row("window: Search to results painted", window))
    print(f"  the first search since the store opened: {first[0] * 1000:.1f} ms")
    print(ratio("who to involve    search / bare SQL", everything, bare))
    print(ratio("who to involve    window / search", window, everything))
    on_screen = {label[len("window "):]: values for label, values in t.items() if label.startswith("window ")}
    for (label, values), found in zip(((k, v) for k, v in t.items() if not k.startswith("window ")), sizes,
                                      strict=True):
        shown = on_screen[label]
        worst = max(shown) * 1000
        verdict = "met" if statistics.median(shown) * 1000 < TARGET_MS else "NOT MET"
        print(f"  {label[:44]:<44} {int(found):>5} found  search {statistics.median(values) * 1000:6.1f} ms  "
              f"on screen {statistics.median(shown) * 1000:6.1f} ms (worst {worst:6.1f})  {verdict}")
