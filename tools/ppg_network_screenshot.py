"""A picture of the PPG network window for the documentation, made the same way each time.

    python tools/ppg_network_screenshot.py [OUT_DIR] [--all]

Writes ``ppg-network.png`` to ``docs`` by default: the window at 1366x768 with the sample data
``involve demo`` makes (events, sign-ups, GP practices and their PPG meetings), to which it adds
what demo does not make yet: who came to each meeting held, the issues each group raised and
the actions agreed. One practice is chosen, its issues showing. With ``--all`` it also writes,
for checking by eye, each tab at 1366x768 and 1024x768 at normal and the largest text size.

It runs offscreen against a throwaway store of made-up people: nobody's data is involved.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# A throwaway key for the throwaway store below; never a real one.
os.environ.setdefault("INVOLVE_STORE_KEY", "746573742d73746f72652d6b65792d6e6f742d73656372657400000000000000")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.core.actions import validate_action  # noqa: E402
from app.core.events import EventKind, validate_event  # noqa: E402
from app.core.i18n import install  # noqa: E402
from app.store.actions import add_action  # noqa: E402
from app.store.attendance import add_guest, record_group_issue, set_present  # noqa: E402
from app.store.demo import seed_demo  # noqa: E402
from app.store.demo_people import seed_signups  # noqa: E402
from app.store.events import add_event, get_event  # noqa: E402
from app.store.paths import DataPaths  # noqa: E402
from app.store.people import ppg_members, withdraw_consent  # noqa: E402
from app.store.store import Store  # noqa: E402
from app.store.survey_library import load_library  # noqa: E402
from app.ui.common.tasks import TaskPool  # noqa: E402
from app.ui.common.text_size import apply_text_size  # noqa: E402
from app.ui.ppg_network.window import PpgNetworkWindow  # noqa: E402
from app.ui.shell.application import make_application  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1366, 768), (1024, 768))
SEED = 18
ISSUES = (
    ("Patients cannot get through on the phone at 8am", "Add a call-back option to the phone system"),
    ("The online booking form is hard to use on a phone", "Test the form with members and feed back to the "
                                                          "supplier"),
    ("No step-free way in at the side entrance", "Ask the landlord for a ramp at the side door"),
    ("Repeat prescriptions take more than a week", "Explain the 72-hour target on the website and in the "
                                                   "waiting room"),
    ("Too few appointments in the evening for working people", "Share the extended-hours rota with the PCN"),
    ("Nobody explains what happens to complaints", "Publish a yearly summary of complaints and changes"),
    ("The waiting room screen is too small to read", "Replace the screen with a larger one"),
    ("Patients want to see the same GP for long-term conditions", "Pilot named GPs for patients with diabetes"),
)
STATUSES = ("done", "done", "in_progress", "agreed", "not_possible", None, None)


def seed(store: Store) -> None:
    """``involve demo --events 80 --responses 800 --signups 500``, then who came and what was raised."""
    surveys = load_library(store.paths.surveys).surveys
    today = dt.date.today()
    summary = seed_demo(store, surveys, events=80, responses=800, seed=SEED, today=today)
    seed_signups(store, random.Random(SEED + 1), summary.event_ids, 500, today)
    rng = random.Random(SEED + 2)
    d = store.device_id
    with store.session() as session:
        meetings = [e for e in (get_event(session, i) for i in summary.event_ids)
                    if e.details.kind is EventKind.PPG_MEETING and e.details.practice_id]
        for meeting in meetings:
            if meeting.details.event_date > today:
                continue
            members = ppg_members(session, meeting.details.practice_id or "")
            for member in rng.sample(members, k=min(len(members), rng.randint(3, 9))):
                set_present(session, d, meeting.id, member.id, True)
            for _guest in range(rng.choice((0, 0, 1, 2))):
                add_guest(session, d, meeting.id, rng.choice(("Practice manager", "PCN care coordinator",
                                                              "Healthwatch volunteer")))
            for said, will in rng.sample(ISSUES, k=rng.randint(1, 3)):
                issue = record_group_issue(session, d, meeting.id, said)
                status = rng.choice(STATUSES)
                if status is None:
                    continue
                done = {"done": "Done, and told the group at the next meeting",
                        "not_possible": "The building's owner said no; we are looking at other ways in"}
                add_action(session, d, validate_action(
                    {"event_id": meeting.id, "response_id": issue, "you_said": said, "we_will": will,
                     "status": status, "what_done": done.get(status, "")}, today=today))
        # The next meeting planned, for most groups (demo plans only a few weeks ahead).
        for n, (practice_id, name) in enumerate(sorted({(m.details.practice_id, m.details.name) for m in meetings})):
            if n % 4 != 3:
                add_event(session, d, validate_event({
                    "name": name, "kind": "ppg-meeting", "practice_id": practice_id,
                    "event_date": (today + dt.timedelta(days=rng.randint(10, 60))).isoformat()}))
        # Someone withdraws: they leave the counts and the lists.
        first = next((m for m in meetings if ppg_members(session, m.details.practice_id or "")), None)
        if first is not None:
            withdraw_consent(session, ppg_members(session, first.details.practice_id or "")[0].id)


def settle(tasks: TaskPool) -> None:
    for _round in range(8):
        tasks.wait()
        QApplication.processEvents()


def picture(store: Store, tasks: TaskPool, size: tuple[int, int], path: Path, tab: int = 2) -> None:
    window = PpgNetworkWindow(None, store=store, tasks=tasks)
    window.resize(size[0], size[1] - 72)  # a title bar and a taskbar take the rest of the screen
    window.show()
    settle(tasks)
    busiest = max(range(window.table.rowCount()), key=lambda r: int(window.table.item(r, 4).text()))
    window.table.selectRow(busiest)
    settle(tasks)
    window.detail.tabs.setCurrentIndex(tab)
    settle(tasks)  # scroll bars are set a moment after the columns
    window.grab().save(str(path), "PNG", 9)
    window.close()
    window.deleteLater()
    settle(tasks)


def main(argv: list[str]) -> int:
    out = Path(next((a for a in argv if not a.startswith("--")), ROOT / "docs"))
    out.mkdir(parents=True, exist_ok=True)
    install(ROOT / "resources" / "translations")
    make_application()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(DataPaths(Path(folder)))
        tasks = TaskPool()
        try:
            seed(store)
            picture(store, tasks, SIZES[0], out / "ppg-network.png")
            if "--all" in argv:
                for text_size in ("normal", "larger"):
                    apply_text_size(text_size)
                    for size in SIZES:
                        for tab, name in enumerate(("members", "meetings", "issues")):
                            picture(store, tasks, size, out / f"ppg-network-{name}-{text_size}-{size[0]}x{size[1]}.png",
                                    tab)
                apply_text_size("normal")
        finally:
            tasks.wait()
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
