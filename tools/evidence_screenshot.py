"""A picture of a page of the annual evidence pack for the documentation, made the same way each time.

    python tools/evidence_screenshot.py [OUT_DIR]

Writes ``evidence-pack.png`` to ``docs`` by default: the first page of the pack for the
financial year 2026/27, drawn with ``pdftoppm -png -r 70``. Every page is also written beside
the PDF in a temporary folder (its path is printed) for checking by eye.

It runs against a throwaway store filled with the demo events, sign-ups and made-up
programmes and activities: nobody's data is involved.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# A throwaway key for the throwaway store below; never a real one.
os.environ.setdefault("INVOLVE_STORE_KEY", "746573742d73746f72652d6b65792d6e6f742d73656372657400000000000000")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.actions import validate_action  # noqa: E402
from app.core.programmes import validate_programme  # noqa: E402
from app.services.evidence_pack import read_evidence_pack, write_evidence_pack  # noqa: E402
from app.store import actions, demo, demo_people, programmes  # noqa: E402
from app.store.events import list_events  # noqa: E402
from app.store.models import Activity, Organisation, Person  # noqa: E402
from app.store.paths import DataPaths  # noqa: E402
from app.store.population_file import profile_path  # noqa: E402
from app.store.store import Store  # noqa: E402
from app.store.survey_library import load_library  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FROM, TO = dt.date(2026, 4, 1), dt.date(2027, 3, 31)
TODAY = dt.date(2027, 3, 20)  # the demo's events fall in the months before
SEED = 18
POPULATION = ("area_code,area_name,table,category,observation\n"
              "E06000099,Maidstone and Malling,TS008,Female,121480\n"
              "E06000099,Maidstone and Malling,TS008,Male,116240\n")
# (kind, level, title, minutes, how many members)
ACTIVITIES = (
    ("panel", "co-produce", "Urgent care redesign panel", 150, 6),
    ("reading-group", "collaborate", "Reading group: the new leaflets", 90, 9),
    ("meeting", "involve", "Patient voice meeting", 120, 14),
    ("review", "consult", "Website review", 60, 3),
    ("event", "inform", "Health fair volunteer", 240, 11),
)
PROGRAMMES = (
    {"name": "Urgent care redesign", "decision": "Where the new urgent treatment centre goes and its opening hours",
     "duty": "yes", "duty_notes": "A substantial change to how people reach urgent care in the district",
     "what_changed": "The centre stays in the town centre, on two bus routes, and opens until 10pm after people "
                     "told us evening access mattered most.",
     "feedback_given": "A letter to everyone who took part, a public meeting in June and a “You said, we did” "
                       "poster in every surgery.", "start_date": "2026-04-01", "end_date": "2027-01-31"},
    {"name": "Community pharmacy hours", "decision": "Which pharmacies open late on weekdays", "duty": "yes",
     "duty_notes": "Changes opening hours people rely on", "what_changed": "Two pharmacies now open until 8pm.",
     "feedback_given": "Shared through the PPG network and the newsletter.", "start_date": "2026-09-01"},
    {"name": "Community health contract renewal", "duty": "no",
     "duty_notes": "A like-for-like renewal: nothing changes for patients", "start_date": "2026-06-01"},
    {"name": "Dental access plan", "duty": "undecided", "start_date": "2027-02-01"},
)


def fill(store: Store) -> None:
    surveys = load_library(store.paths.surveys).surveys
    demo.seed_demo(store, surveys, events=14, responses=700, seed=SEED, today=TODAY)
    rng = random.Random(SEED)
    with store.session() as session:
        held = [e for e in list_events(session) if e.details.event_date < TODAY]
    demo_people.seed_signups(store, rng, [e.id for e in held], 60, TODAY)
    with store.session() as session:
        people = [p.id for p in session.query(Person).filter(Person.deleted_at.is_(None)).limit(30)]
        groups = []
        for name in ("Maidstone Carers Network", "Kent Deaf Forum", "Age UK Maidstone"):
            group = Organisation(device_id=store.device_id, name=name, kind="vcs")
            session.add(group)
            session.flush()
            groups.append(group.id)
        for kind, level, title, minutes, count in ACTIVITIES:
            for n in range(count):
                day = FROM + dt.timedelta(days=rng.randint(0, 330))
                session.add(Activity(device_id=store.device_id, person_id=people[(n * 3 + len(title)) % len(people)],
                                     kind=kind, title=title, activity_date=day, minutes=minutes, level=level))
        for group in groups:
            session.add(Activity(device_id=store.device_id, organisation_id=group, kind="meeting",
                                 title="Partners' forum", activity_date=dt.date(2026, 10, 14), minutes=120,
                                 level="involve"))
        made = [programmes.add_programme(session, store.device_id, validate_programme(p)).id for p in PROGRAMMES]
        done = [("Phones are engaged at 8am", "Offer call-backs", "Call-backs started in May for every surgery"),
                ("The signs to the pharmacy are hard to read", "New signs", "Larger signs put up in July"),
                ("Evening appointments are hard to get", "Ask for later clinics",
                 "Two surgeries now open until 8pm on Thursdays")]
        for n, (said, will, did) in enumerate(done):
            action = actions.add_action(session, store.device_id, validate_action(
                {"you_said": said, "we_will": will, "status": "done", "what_done": did,
                 "done_on": (dt.date(2026, 5, 20) + dt.timedelta(days=70 * n)).isoformat(),
                 "event_id": held[n].id}, today=TODAY))
            programmes.link_action(session, store.device_id, made[0] if n != 1 else made[1], action.id)
        for event in held[:4]:
            programmes.link_event(session, store.device_id, made[0], event.id)
        programmes.link_event(session, store.device_id, made[1], held[4].id)
    profile_path(store.paths).write_text(POPULATION, encoding="utf-8")


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else ROOT / "docs"
    work = Path(tempfile.mkdtemp(prefix="involve-evidence-"))
    store = Store.open(DataPaths(work / "data"))
    try:
        fill(store)
        pack = read_evidence_pack(store, FROM, TO, organisation="Kent and Medway Engagement Team",
                                  now=dt.datetime(2027, 4, 20, 9, 30, tzinfo=dt.UTC))
    finally:
        store.close()
    pdf = work / "evidence-pack.pdf"
    pages = write_evidence_pack(pack, pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(work / "page")], check=True)
    first = sorted(work.glob("page-*.png"))[0]
    shutil.copyfile(first, out_dir / "evidence-pack.png")
    print(f"{pages} pages in {work}; wrote {out_dir / 'evidence-pack.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
