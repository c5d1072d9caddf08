"""Sample involvement logs for training: what some sample members took part in, and their claims.

Members present at the sample PPG meetings are marked on the register, which logs the meeting
for them as the real register does. Other entries and claims go through ``validate_activity``,
``validate_claim``, ``add_activity`` and ``add_claim`` like real ones. The same seed and the
same sample people give the same log.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.involvement import validate_activity, validate_claim
from app.core.payments import RoleLevel, suggested_payment
from app.core.signups import PersonStatus
from app.store.activities import add_activity
from app.store.attendance import set_present
from app.store.claims import add_claim, approve_claim, pay_claim
from app.store.models import Event, Person
from app.store.people import ppg_members
from app.store.store import Store

MEMBERS = 12  # sample members given a log
PAST_DAYS = 300
# (kind, title, role, level, minutes)
ENTRIES = (
    ("reading-group", "Patient leaflet reading group", "Reader", "consult", (60, 90)),
    ("panel", "Urgent care citizens' panel", "Panel member", "involve", (120, 150)),
    ("panel", "Mental health services lived experience panel", "Panel member", "collaborate", (120, 180)),
    ("review", "Review of the GP access survey questions", "Reviewer", "consult", (45, 60, 90)),
    ("meeting", "Community services programme board", "Patient and public voice partner", "co-produce",
     (180, 300, 360)),
    ("event", "Health and wellbeing fair: helping on the stall", "Volunteer", "inform", (180, 240)),
    ("meeting", "Maternity voices partnership", "Member", "collaborate", (90, 120)),
    ("review", "Quality visit to a community hospital", "Lay reviewer", "involve", (240, 300)),
)
LEVEL_OF_ROLE = {"co-produce": RoleLevel.LEVEL_4, "collaborate": RoleLevel.LEVEL_3, "involve": RoleLevel.LEVEL_2,
                 "consult": RoleLevel.LEVEL_2, "inform": RoleLevel.LEVEL_1}
FARES = ("£3.40", "£4.20", "£6.80", "£12.50", "£18.90")


@dataclass(frozen=True)
class ActivitySummary:
    activities: int
    meetings: int  # of which, fed in from PPG meeting registers
    claims: int


def seed_activities(store: Store, rng: random.Random, today: dt.date) -> ActivitySummary:
    """Give some sample members an involvement log, and mark PPG members present at meetings held."""
    with store.session() as session:
        people = list(session.execute(select(Person.id, Person.practice_id).where(
            Person.deleted_at.is_(None), Person.status == PersonStatus.ACTIVE.value)
            .order_by(Person.name, Person.email, Person.id)))
        meetings = list(session.execute(select(Event.id, Event.practice_id).where(
            Event.deleted_at.is_(None), Event.kind == "ppg-meeting", Event.practice_id.is_not(None),
            Event.event_date <= today).order_by(Event.event_date, Event.name)))
    fed = added = claimed = 0
    with store.session() as session:
        for event_id, practice_id in meetings:
            for member in ppg_members(session, practice_id or ""):
                if rng.random() < 0.7:
                    set_present(session, store.device_id, event_id, member.id, True)
                    fed += 1
        chosen = [pid for pid, _practice in people][:MEMBERS]
        for person_id in chosen:
            for _n in range(rng.randint(2, 5)):
                kind, title, role, level, lengths = rng.choice(ENTRIES)
                day = today - dt.timedelta(days=rng.randrange(1, PAST_DAYS))
                minutes = rng.choice(lengths)
                details = validate_activity({"kind": kind, "title": title, "activity_date": day, "minutes": minutes,
                                             "role": role, "level": level}, today=today)
                entry = add_activity(session, store.device_id, details, person_id=person_id)
                added += 1
                claimed += _claims(session, store.device_id, rng, person_id, entry.id, level, minutes, day, today)
    return ActivitySummary(added + fed, fed, claimed)


def _claims(session: Session, device_id: str, rng: random.Random, person_id: str, activity_id: str,
            level: str, minutes: int, day: dt.date, today: dt.date) -> int:
    made = []
    role = LEVEL_OF_ROLE[level]
    pay = suggested_payment(role, minutes)
    if pay is not None:
        made.append(add_claim(session, device_id, person_id, validate_claim(
            {"kind": "payment", "amount_pence": f"{pay / 100:.2f}", "claimed_on": day, "role_level": role,
             "activity_id": activity_id, "description": "Involvement payment"}, today=today)))
    if rng.random() < 0.5:
        made.append(add_claim(session, device_id, person_id, validate_claim(
            {"kind": "expense", "amount_pence": rng.choice(FARES), "claimed_on": day, "role_level": role,
             "activity_id": activity_id, "description": "Bus and train fares"}, today=today)))
    for claim in made:
        if (today - day).days > 60:
            pay_claim(session, claim.id)
        elif (today - day).days > 20:
            approve_claim(session, claim.id)
    return len(made)
