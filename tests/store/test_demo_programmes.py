"""Sample programmes and decisions: the same seed gives the same ones, each linked to sample events
held and actions agreed at them, so the Programmes window and the evidence pack have something real."""

from __future__ import annotations

import datetime as dt
import random

from app.core.programmes import Duty
from app.store.demo import seed_demo
from app.store.demo_programmes import PLANS, seed_programmes
from app.store.evidence_input import read_evidence
from app.store.paths import DataPaths
from app.store.programmes import list_programmes, programme_actions, programme_events
from app.store.store import Store
from app.store.survey_library import load_library

TODAY = dt.date(2026, 6, 15)


def _seeded(folder) -> tuple[list[tuple], object]:
    store = Store.open(DataPaths(folder))
    try:
        summary = seed_demo(store, load_library(store.paths.surveys).surveys, events=30, responses=1500, seed=4,
                            today=TODAY)
        made = seed_programmes(store, random.Random(7), summary.event_ids, TODAY)
        with store.session() as s:
            found = []
            for p in sorted(list_programmes(s), key=lambda p: p.details.name):
                events = programme_events(s, p.id)
                actions = programme_actions(s, p.id)
                assert all(e.event_date < TODAY for e in events)
                found.append((p.details, tuple((e.name, e.event_date) for e in events),
                              tuple((a.you_said, a.we_will, a.status.value, a.done_on) for a in actions)))
            assert (made.programmes, made.events_linked, made.actions) == (
                len(found), sum(len(f[1]) for f in found), sum(len(f[2]) for f in found))
            evidence = read_evidence(s, dt.date(2026, 4, 1), dt.date(2027, 3, 31))
        return found, evidence
    finally:
        store.close()


def test_the_same_seed_gives_the_same_programmes_linked_to_events_and_actions(tmp_path) -> None:
    first, evidence = _seeded(tmp_path / "a")
    assert first == _seeded(tmp_path / "b")[0]
    assert len(first) >= 3
    duties = {details.duty for details, _events, _actions in first}
    assert {Duty.YES, Duty.NO} <= duties
    for details, events, actions in first:
        assert details.decision and events and actions
        if details.duty is not Duty.UNDECIDED:  # a reason for the answer, what changed, what people were told
            assert details.duty_notes and details.what_changed and details.feedback_given
    statuses = {status for _d, _e, actions in first for _s, _w, status, _on in actions}
    assert {"done", "not_possible"} <= statuses and statuses - {"done", "not_possible"}
    # What each action answers is what its programme is about: "you said" and "we did" belong together.
    plans = {plan.name: plan for plan in PLANS}
    for details, _events, actions in first:
        plan = plans[details.name]
        assert {said for said, _w, _s, _on in actions} <= {plan.you_said, *plan.answers}, details.name
    # The evidence pack for the year shows them, with the actions done.
    assert {p.details.name for p in evidence.programmes} == {d.name for d, _e, _a in first}
    assert sum(p.actions_done for p in evidence.programmes) > 0 and evidence.actions_done
