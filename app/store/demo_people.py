"""Sample sign-ups for training: people, their consent, GP practices and PPG members.

Every sign-up goes through ``validate_signup`` and ``save_signup`` like real ones. Contact
details are made so they can never reach a real person: email addresses on the reserved
example domains, phone numbers in Ofcom's range kept for drama (020 7946 0xxx), and GP
practice codes starting Z9, which the NHS does not issue.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.events import EventKind
from app.core.practices import PracticeDetails
from app.core.redaction import fold
from app.core.sheet_codes import SheetKind, format_code
from app.core.signups import ConsentMethod, Interest, validate_signup
from app.store.events import EventRecord, get_event
from app.store.models import Event, GpPractice, SheetPrint
from app.store.notices import load_notice
from app.store.paper import sheet_series
from app.store.people import ConsentGiven, save_signup
from app.store.practices import save_practice
from app.store.store import Store

SAMPLE_PRACTICE_PREFIX = "Z9"
ROWS_PER_SHEET = 8
FIRST_NAMES = ("Ann", "Barbara", "Chloe", "David", "Emma", "Fatima", "George", "Hannah", "Ian", "Jasmine", "Kwame",
               "Linda", "Mohammed", "Nadia", "Oliver", "Priya", "Rachel", "Sam", "Tom", "Zoë", "Łukasz", "Agnieszka",
               "Krzysztof", "Siobhan", "Dylan", "Grace", "Adebayo", "Margaret", "Peter", "Sunita")
LAST_NAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Khan",
              "Robinson", "Wright", "Thompson", "Evans", "Walker", "Okafor", "Kowalski", "Nowak", "Wiśniewska",
              "O'Brien", "Hughes", "Green", "Hall", "Clarke", "Begum", "Ahmed", "Mensah", "Lewis")
DOMAINS = ("example.com", "example.org", "example.net")
INTEREST_WEIGHTS = {Interest.HEALTH_NETWORK: 40, Interest.PPG: 20, Interest.NEWSLETTER: 55, Interest.SURVEYS: 35,
                    Interest.FOCUS_GROUPS: 15, Interest.VOLUNTEERING: 10}
METHOD_WEIGHTS = {ConsentMethod.KIOSK: 45, ConsentMethod.STAFF: 30, ConsentMethod.PAPER: 25}
NEEDS = ("", "", "", "", "", "Large print, please", "I use a hearing aid; email is best",
         "Easy read information", "Polish interpreter, please", "Step-free access")
REPEAT_SHARE = 0.04  # people who sign up again at another event: flagged as duplicates to merge


@dataclass(frozen=True)
class SignupSummary:
    signups: int
    methods: dict[str, int]
    practices: int
    repeats: int


def seed_signups(store: Store, rng: random.Random, event_ids: Sequence[str], count: int,
                 today: dt.date) -> SignupSummary:
    """Add ``count`` sign-ups spread over the events already held."""
    notice = load_notice()
    with store.session() as session:
        events = [get_event(session, event_id) for event_id in event_ids]
        practice_ids = _sample_practices(session, store.device_id)
        _link_ppg_meetings(session, events, practice_ids)
    held = [e for e in events if e.details.event_date < today] or events
    if count and not held:
        raise ValueError("sign-ups need at least one event")
    methods: Counter[str] = Counter()
    next_row: dict[str, int] = {}
    made_before: list[dict[str, object]] = []
    repeats = 0
    with store.session() as session:
        series = sheet_series(session, store.device_id)
        for _n in range(count):
            event = rng.choice(held)
            if made_before and rng.random() < REPEAT_SHARE:
                values = {**rng.choice(made_before), "interests": [Interest.SURVEYS.value], "practice_id": None}
                repeats += 1
            else:
                values = _person(rng, practice_ids, event)
                made_before.append(values)
            method = rng.choices(list(METHOD_WEIGHTS), list(METHOD_WEIGHTS.values()))[0]
            sheet = row = None
            if method is ConsentMethod.PAPER:
                position = next_row.get(event.id, 0)
                next_row[event.id] = position + 1
                sheet = format_code(SheetKind.SIGNUP, event.id, position // ROWS_PER_SHEET + 1, series)
                row = position % ROWS_PER_SHEET + 1
            when = dt.datetime.combine(event.details.event_date, dt.time(10), dt.UTC) + dt.timedelta(
                minutes=rng.randrange(0, 300))
            consent = ConsentGiven(notice.id, notice.version, method, event_id=event.id, paper_sheet=sheet,
                                   paper_row=row)
            save_signup(session, store.device_id, validate_signup(values), consent, event_id=event.id, now=when)
            methods[method.value] += 1
        for event_id, rows in next_row.items():
            sheets = (rows - 1) // ROWS_PER_SHEET + 1
            session.add(SheetPrint(device_id=store.device_id, event_id=event_id, kind=SheetKind.SIGNUP.value,
                                   first_number=1, last_number=sheets, large_print=False))
    return SignupSummary(count, {m.value: methods[m.value] for m in ConsentMethod if methods[m.value]},
                         len(practice_ids), repeats)


def _sample_practices(session: Session, device_id: str) -> dict[str, str]:
    """Sample GP practices (name -> id), added once; their codes start Z9, never a real practice's."""
    from app.store.demo import SURGERIES

    found = {p.name: p.id for p in session.scalars(select(GpPractice).where(
        GpPractice.code.like(SAMPLE_PRACTICE_PREFIX + "%"), GpPractice.deleted_at.is_(None)))}
    for n, name in enumerate(SURGERIES, start=1):
        if name not in found:
            details = PracticeDetails(name, f"{SAMPLE_PRACTICE_PREFIX}{n:04d}")
            found[name] = save_practice(session, device_id, details).id
    return found


def _link_ppg_meetings(session: Session, events: list[EventRecord], practice_ids: dict[str, str]) -> None:
    """Sample PPG meetings are at a surgery; they belong to that practice's group."""
    for record in events:
        if record.details.kind is not EventKind.PPG_MEETING or record.details.practice_id:
            continue
        surgery = next((name for name in practice_ids if record.details.name.startswith(name)), None)
        if surgery is not None:
            event = session.get(Event, record.id)
            assert event is not None  # saved a moment ago, in this session
            event.practice_id = practice_ids[surgery]
    session.flush()


def _person(rng: random.Random, practice_ids: dict[str, str], event: EventRecord) -> dict[str, object]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    local = "".join(ch for ch in fold(f"{first}.{last}") if ch.isascii() and (ch.isalnum() or ch == "."))  # Zoë: zoe
    email = f"{local}{rng.randrange(1, 999)}@{rng.choice(DOMAINS)}" if rng.random() < 0.85 else ""
    phone = f"020 7946 0{rng.randrange(0, 1000):03d}" if not email or rng.random() < 0.4 else ""
    k = rng.choice((1, 1, 2, 2, 3))
    interests = set(rng.choices(list(INTEREST_WEIGHTS), list(INTEREST_WEIGHTS.values()), k=k))
    practice = None
    if event.details.kind is EventKind.PPG_MEETING and event.details.practice_id:
        interests.add(Interest.PPG)
        practice = event.details.practice_id
    elif Interest.PPG in interests:
        practice = rng.choice(list(practice_ids.values()))
    district = rng.choice(("CT1", "ME14", "TN23", "DA1", "CT9", "ME10"))
    letters = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's last part uses
    postcode = f"{district} {rng.randrange(1, 10)}{rng.choice(letters)}{rng.choice(letters)}"
    return {"name": f"{first} {last}", "email": email, "phone": phone,
            "postcode": postcode if rng.random() < 0.7 else "", "interests": [i.value for i in interests],
            "practice_id": practice, "contact_method": "email" if email else "phone",
            "access_needs": rng.choice(NEEDS)}
