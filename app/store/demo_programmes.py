"""Sample programmes and decisions for training: what involvement informed, whether the public
involvement duty applied (and why), what changed and what people were told, each linked to
sample events and to "you said, we did" actions agreed at them.

Programmes and actions go through ``validate_programme``, ``validate_action``, ``add_programme``
and ``add_action`` like real ones. An action answers a poorly rated comment on what its
programme is about, linked to it, where one was given at its event. The same seed and the same
sample events give the same programmes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import fft
from app.core.actions import ActionDetails, validate_action
from app.core.events import EventKind
from app.core.programmes import validate_programme
from app.store.actions import add_action, linkable_comments
from app.store.models import Event
from app.store.programmes import add_programme, link_action, link_event
from app.store.store import Store


@dataclass(frozen=True)
class _Plan:
    name: str
    decision: str
    duty: str
    duty_notes: str
    what_changed: str
    feedback_given: str
    kinds: tuple[EventKind, ...]  # the sample events that informed it
    words: tuple[str, ...]  # in their names, preferred
    agreed: tuple[tuple[str, str, str], ...]  # (what was agreed, its status, what came of it)
    you_said: str  # the "you said" when the event has no comment to answer
    answers: tuple[str, ...] = ()  # comments (as the demo gives them) its actions answer, when given at the event


PLANS = (
    _Plan("Urgent care review", "Where urgent treatment is offered in the evenings, and how people get there",
          "yes", "A change to where and when people can get urgent care, so the public involvement duty applied.",
          "The community hospital's minor injuries unit stays open until 8pm, and a later bus was asked for.",
          "A \"you said, we did\" summary at the follow-up public meeting and on the website.",
          (EventKind.CONSULTATION, EventKind.COMMUNITY_EVENT), ("Urgent care", "Community hospital", "Older"),
          (("Keep the minor injuries unit open until 8pm", "done", "Opening hours kept; posters in the unit"),
           ("Ask the bus company for a later service to the hospital", "not_possible",
            "The bus company could not fund a later bus; a volunteer car scheme is being looked at")),
          "It is hard to get to urgent care in the evening.", ("The bus to the hospital only runs every two hours.",)),
    _Plan("GP access improvement plan", "How practices answer the phone at 8am and offer appointments",
          "yes", "It changes how patients get GP appointments across the area: the duty applied.",
          "Practices added a call-back option and share their extended-hours rota with patients.",
          "Each practice's PPG was told at its next meeting, and the summary went in the practices' newsletters.",
          (EventKind.PPG_MEETING, EventKind.FOCUS_GROUP), ("PPG", "GP appointment"),
          (("Add a call-back option to the phone system", "done", "Call-back running at every practice"),
           ("Publish the extended-hours rota on each practice's website", "in_progress", "")),
          "Can never get through on the phone at 8am.",
          ("Can never get through on the phone at 8am.", "Nie mogę się dodzwonić do przychodni rano.")),
    _Plan("NHS App help sessions", "Whether to run NHS App help at libraries and stalls for another year",
          "no", "Help to use an existing service, with no change to the service itself: the duty did not apply. "
          "People were asked anyway, to shape the sessions.",
          "Sessions moved to Saturday mornings, with a Polish-speaking helper at two of them.",
          "Told at the stalls, and in the library newsletter.",
          (EventKind.OUTREACH_STALL, EventKind.FOCUS_GROUP), ("NHS App",),
          (("Run help sessions on Saturday mornings", "done", "Saturday sessions started"),),
          "I need help setting up the NHS App."),
    _Plan("Community pharmacy leaflets", "How pharmacy services are explained in leaflets",
          "undecided", "", "", "",
          (EventKind.OUTREACH_STALL, EventKind.OTHER), ("Pharmacy",),
          (("Test the new Pharmacy First leaflet with a reading group", "agreed", ""),),
          "Useful information about the Pharmacy First service."),
)
START_DAYS, END_DAYS = 150, 90  # programmes run from before the sample events to after them


@dataclass(frozen=True)
class ProgrammeSummary:
    programmes: int
    events_linked: int
    actions: int


def seed_programmes(store: Store, rng: random.Random, event_ids: Sequence[str], today: dt.date) -> ProgrammeSummary:
    """Add the sample programmes, each linked to a few of ``event_ids`` already held and to actions agreed at them."""
    made = linked = agreed = 0
    with store.session() as session:
        held = _held(session, event_ids, today)
        for plan in PLANS:
            kinds = [e for e in held if e[1] in plan.kinds]
            named = [e for e in kinds if any(w.casefold() in e[3].casefold() for w in plan.words)]
            events = (named + [e for e in kinds if e not in named])[:4] or held[:3]
            if not events:
                continue
            chosen = rng.sample(events, k=min(len(events), rng.randint(2, 3)))
            chosen.sort(key=lambda e: (e[2], e[3]))  # by day and name: the ids differ each run
            start = today - dt.timedelta(days=START_DAYS + rng.randint(0, 20))
            programme = add_programme(session, store.device_id, validate_programme({
                "name": plan.name, "decision": plan.decision, "duty": plan.duty, "duty_notes": plan.duty_notes,
                "what_changed": plan.what_changed, "feedback_given": plan.feedback_given,
                "start_date": start, "end_date": today + dt.timedelta(days=END_DAYS)}))
            made += 1
            for event_id, _kind, _day, _name in chosen:
                link_event(session, store.device_id, programme.id, event_id)
                linked += 1
            for n, (we_will, status, what_done) in enumerate(plan.agreed):
                event_id, _kind, day, _name = chosen[n % len(chosen)]
                action = add_action(session, store.device_id, _action(session, event_id, day, today, plan, we_will,
                                                                      status, what_done, rng))
                link_action(session, store.device_id, programme.id, action.id)
                agreed += 1
    return ProgrammeSummary(made, linked, agreed)


def _held(session: Session, event_ids: Sequence[str],
          today: dt.date) -> list[tuple[str, EventKind, dt.date, str]]:
    """The sample events already held, in the order they were made (which the seed fixes)."""
    rows = {row.id: row for row in session.execute(select(Event.id, Event.kind, Event.event_date, Event.name).where(
        Event.id.in_(list(event_ids)), Event.deleted_at.is_(None), Event.event_date < today))}
    return [(rows[i].id, EventKind(rows[i].kind), rows[i].event_date, rows[i].name) for i in event_ids if i in rows]


def _action(session: Session, event_id: str, day: dt.date, today: dt.date, plan: _Plan, we_will: str,
            status: str, what_done: str, rng: random.Random) -> ActionDetails:
    # A poor rating's comment on what the plan is about is what an action answers; when none was
    # given at the event, the action says what people said in the plan's own words.
    comment = next((c for c in linkable_comments(session, event_id)
                    if c.fft_answer in fft.NEGATIVE and c.text in plan.answers), None)
    values: dict[str, object] = {
        "event_id": event_id, "you_said": comment.text if comment else plan.you_said, "we_will": we_will,
        "status": status, "what_done": what_done, "owner": "Engagement team",
        "due_date": (day + dt.timedelta(days=90)).isoformat()}
    if comment is not None:
        values["response_id"] = comment.response_id
    if status in ("done", "not_possible"):
        values["done_on"] = min(today, day + dt.timedelta(days=rng.randint(14, 60))).isoformat()
    return validate_action(values, today=today)
