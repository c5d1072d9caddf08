"""The "Who should we involve?" window on a realistic network, looked at by eye; with
INVOLVE_SCREENSHOTS=docs it is saved as docs/who-to-involve.png."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QSize

from app.core.signups import ConsentMethod, validate_signup
from app.store import people
from app.store.models import Organisation, OrganisationContact
from app.store.store import Store
from app.ui.shell.main_window import MainWindow
from tests.ui.finding.test_who_to_involve_window import open_finding, search

DOCS = Path(__file__).resolve().parents[3] / "docs"
PEOPLE = (  # name, postcode, topics, interests, contact by
    ("Aisha Rahman", "ME14 2LN", ["mental_health", "children"], ["health-network", "focus-groups"], "email"),
    ("Gareth Price", "ME14 5QT", ["mental_health"], ["surveys"], "text"),
    ("Joan Whitfield", "ME15 7RA", ["mental_health", "dementia"], ["health-network"], "phone"),
    ("Tomasz Nowak", "ME14 1BD", ["gp_access"], ["focus-groups"], "email"),
    ("Priya Sharma", "TN23 4PG", ["mental_health", "maternity"], ["health-network"], "email"),
    ("Daniel Okafor", "ME14 3HW", [], ["surveys", "newsletter"], "email"),
    ("Ruth Ellis", "CT1 2EH", ["mental_health"], ["newsletter"], "email"),  # newsletter only: not found
)
ORGANISATIONS = (  # name, kind, topics, areas, communities, email, phone
    ("Maidstone Mind", "charity", ["mental_health"], ["Maidstone", "ME14", "ME15"], ["young_people"],
     "hello@maidstonemind.example", "01622 692383"),
    ("Kent Refugee Action Network", "vcs", ["mental_health", "gp_access"], ["ME14", "Canterbury"], ["refugees"],
     "info@kran.example", ""),
    ("Carers First Maidstone", "charity", ["social_care"], ["ME14"], ["carers"], "maidstone@carersfirst.example",
     "0300 303 1555"),
    ("Healthwatch Kent", "healthwatch", ["mental_health", "gp_access", "hospital"], ["Kent"], [],
     "info@healthwatchkent.example", "0808 801 0102"),
)


def realistic_network(store: Store) -> None:
    ids: dict[str, str] = {}
    with store.session() as session:
        for name, postcode, topics, interests, method in PEOPLE:
            first, last = name.lower().split()
            details = validate_signup({"name": name, "email": f"{first}.{last}@example.org",
                                       "phone": "07911 123456" if method == "text" else "020 7946 0321",
                                       "postcode": postcode, "topics": topics, "interests": interests,
                                       "contact_method": method})
            ids[name] = people.save_signup(session, store.device_id, details, people.ConsentGiven(
                "privacy-notice", 1, ConsentMethod.STAFF)).id
        for name, kind, topics, areas, communities, email, phone in ORGANISATIONS:
            org = Organisation(device_id=store.device_id, name=name, kind=kind, topics=json.dumps(topics),
                               areas=json.dumps(areas), communities=json.dumps(communities), email=email, phone=phone)
            session.add(org)
            session.flush()
            ids[name] = org.id
        session.add(OrganisationContact(device_id=store.device_id, organisation_id=ids["Maidstone Mind"],
                                        person_id=ids["Joan Whitfield"], role="Peer support lead"))


def test_screenshot_of_a_search(window: MainWindow, qtbot, tmp_path: Path) -> None:
    realistic_network(window.store)
    finding = open_finding(window)
    finding.resize(QSize(1280, 700))
    search(finding, qtbot, topic="Mental health", area="ME14")
    assert [finding.table.model().index(r, 0).data().split("\n")[0] for r in range(4)] == [
        "Aisha Rahman", "Gareth Price", "Kent Refugee Action Network", "Maidstone Mind"]
    picture = finding.grab()
    assert picture.save(str(tmp_path / "who-to-involve.png"))
    if os.environ.get("INVOLVE_SCREENSHOTS") == "docs":
        assert picture.save(str(DOCS / "who-to-involve.png"))
