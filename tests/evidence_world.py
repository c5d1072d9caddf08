"""A store with a known year of involvement, for the evidence pack's tests: every figure the pack
prints can be worked out by hand from what is made here.

The range is 1 April 2026 to 31 March 2027, both days included. Events on its first and last
days count; events the day before and the day after do not.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.programmes import validate_programme
from app.core.responses import ResponseMode
from app.core.signups import ConsentMethod, validate_signup
from app.store import actions, events, people, programmes, responses
from app.store.models import Activity, Organisation
from app.store.population_file import profile_path
from app.store.store import Store
from app.store.survey_library import load_library

FROM, TO = dt.date(2026, 4, 1), dt.date(2027, 3, 31)
TODAY = dt.date(2027, 6, 1)
STAFF = people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)
POPULATION = "area_code,area_name,table,category,observation\nE06000099,Northshire,TS008,Female,51000\n" \
             "E06000099,Northshire,TS008,Male,49000\n"


@dataclass(frozen=True)
class World:
    first_day: str  # event ids
    last_day: str
    before: str
    after: str
    duty_programme: str
    members: tuple[str, ...]


def _event(store: Store, name: str, kind: str, day: dt.date) -> str:
    with store.session() as session:
        return events.add_event(session, store.device_id, validate_event(
            {"name": name, "kind": kind, "event_date": day.isoformat()})).id


def _responses(store: Store, event_id: str, n: int) -> None:
    fft = load_library(store.paths.surveys).surveys["fft"]
    with store.session() as session:
        for _i in range(n):
            responses.submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id,
                                      event_id=event_id, surveys={"fft": fft},
                                      answers={"fft": {"fft_rating": "good"}}, mode=ResponseMode.KIOSK,
                                      language="en")


def _person(store: Store, name: str, event_id: str | None = None) -> str:
    with store.session() as session:
        return people.save_signup(session, store.device_id, validate_signup(
            {"name": name, "email": f"{name.split()[0].lower()}@example.org", "phone": "", "postcode": "ME14 1XX",
             "interests": ["newsletter"], "contact_method": "email", "access_needs": ""}),
            STAFF, event_id=event_id).id


def _activity(store: Store, *, day: dt.date, minutes: int, level: str, kind: str, person: str | None = None,
              organisation: str | None = None, deleted: bool = False, programme: str | None = None) -> None:
    with store.session() as session:
        session.add(Activity(device_id=store.device_id, person_id=person, organisation_id=organisation, kind=kind,
                             title=f"{kind} on {day}", activity_date=day, minutes=minutes, level=level,
                             programme_id=programme,
                             deleted_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC) if deleted else None))


def _action(store: Store, event_id: str | None, we_will: str, **values: object) -> str:
    with store.session() as session:
        return actions.add_action(session, store.device_id, validate_action(
            {"you_said": f"You said: {we_will}", "we_will": we_will, "event_id": event_id} | values,
            today=TODAY)).id


def build_world(store: Store) -> World:
    first = _event(store, "Spring health fair", "community-event", FROM)
    last = _event(store, "Market stall", "outreach-stall", TO)
    before = _event(store, "The day before", "community-event", FROM - dt.timedelta(days=1))
    after = _event(store, "The day after", "ppg-meeting", TO + dt.timedelta(days=1))
    _responses(store, first, 6)
    _responses(store, last, 3)
    _responses(store, before, 10)
    _responses(store, after, 4)
    _person(store, "Signed Up One", first)
    _person(store, "Signed Up Two", first)
    _person(store, "Signed Before", before)

    members = tuple(_person(store, f"Member {n} Smith") for n in range(6))
    with store.session() as session:
        organisation = Organisation(device_id=store.device_id, name="Northshire Carers", kind="vcs")
        session.add(organisation)
        session.flush()
        org_id = organisation.id
    for member in members:  # six members consulted for an hour each
        _activity(store, day=dt.date(2026, 9, 1), minutes=60, level="consult", kind="meeting", person=member)
    # One member co-produced twice: 2 hours and 1.5 hours.
    _activity(store, day=FROM, minutes=120, level="co-produce", kind="panel", person=members[0])
    _activity(store, day=TO, minutes=90, level="co-produce", kind="panel", person=members[0])
    _activity(store, day=dt.date(2026, 10, 1), minutes=30, level="inform", kind="event", organisation=org_id)
    # Not counted: after the range, before it, and deleted.
    _activity(store, day=TO + dt.timedelta(days=1), minutes=600, level="involve", kind="review", person=members[1])
    _activity(store, day=FROM - dt.timedelta(days=1), minutes=600, level="involve", kind="review", person=members[1])
    _activity(store, day=dt.date(2026, 5, 1), minutes=600, level="collaborate", kind="review", person=members[2],
              deleted=True)

    done = _action(store, first, "Later opening on Thursdays", status="done", what_done="Open till 8pm from June",
                   done_on="2026-06-01")
    _action(store, first, "A hearing loop", status="done", what_done="Fitted", done_on="2027-04-02")  # after
    _action(store, None, "Free parking", status="not_possible", what_done="The council owns the car park",
            done_on="2026-11-11")
    _action(store, first, "Clearer signs")  # still open, agreed at an event in the range

    with store.session() as session:
        duty = programmes.add_programme(session, store.device_id, validate_programme({
            "name": "Urgent care redesign", "decision": "Where the new urgent treatment centre goes", "duty": "yes",
            "duty_notes": "A substantial change to how people reach urgent care",
            "what_changed": "The centre stays in the town centre, on a bus route",
            "feedback_given": "Letters to everyone who took part, and a public meeting", "start_date": "2026-01-01",
            "end_date": "2026-12-31"})).id
        programmes.link_event(session, store.device_id, duty, first)
        programmes.link_event(session, store.device_id, duty, before)  # before the range: not counted here
        programmes.link_action(session, store.device_id, duty, done)
        small = programmes.add_programme(session, store.device_id, validate_programme({
            "name": "Pharmacy hours", "duty": "yes", "duty_notes": "Changes opening hours",
            "start_date": "2027-01-01"})).id
        programmes.link_event(session, store.device_id, small, last)  # 3 pieces of feedback, no sign-ups
        programmes.add_programme(session, store.device_id, validate_programme({
            "name": "Contract renewal", "duty": "no", "duty_notes": "A like-for-like renewal; nothing changes for "
                                                                    "patients"}))
        programmes.add_programme(session, store.device_id, validate_programme({
            "name": "Dental access", "duty": "undecided", "start_date": "2027-03-01"}))
        programmes.add_programme(session, store.device_id, validate_programme({
            "name": "Last year's review", "duty": "yes", "start_date": "2025-01-01", "end_date": "2025-12-31"}))
        gone = programmes.add_programme(session, store.device_id, validate_programme({
            "name": "Deleted programme", "duty": "yes"})).id
        programmes.delete_programme(session, gone)
    profile_path(store.paths).write_text(POPULATION, encoding="utf-8")
    return World(first, last, before, after, duty, members)
