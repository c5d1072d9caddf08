"""The PPG network's figures: members (never anyone who withdrew), meetings held in a period,
how many came, and the issues raised and closed, per practice, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.ppg_network import IssueStatus, Period, financial_year, issue_status, parse_period
from app.core.practices import validate_practice
from app.core.signups import ConsentMethod, validate_signup
from app.store.actions import add_action
from app.store.attendance import add_guest, record_group_issue, set_present
from app.store.events import add_event
from app.store.models import Event, Person, utcnow
from app.store.people import ConsentGiven, save_signup, withdraw_consent
from app.store.ppg_network import network_figures, practice_view
from app.store.practices import save_practice
from app.store.store import Store

TODAY = dt.date(2026, 6, 1)


def _member(store: Store, session, name: str, practice_id: str | None, interests=("ppg",)) -> str:
    return save_signup(session, store.device_id, validate_signup(
        {"name": name, "email": f"{name.split()[0].lower()}@example.org", "interests": list(interests),
         "practice_id": practice_id, "contact_method": "email"}), ConsentGiven("privacy", 1, ConsentMethod.STAFF)).id


def _meeting(store: Store, session, practice_id: str, day: str, name: str = "PPG meeting") -> str:
    return add_event(session, store.device_id, validate_event(
        {"name": name, "kind": "ppg-meeting", "event_date": day, "practice_id": practice_id})).id


def _action(store: Store, session, event_id: str, said: str, status: str = "agreed",
            response_id: str | None = None) -> None:
    values = {"event_id": event_id, "you_said": said, "we_will": f"Look into: {said}", "status": status}
    if status in ("done", "not_possible"):
        values["what_done"] = "What happened"
    if response_id:
        values["response_id"] = response_id
    add_action(session, store.device_id, validate_action(values, today=TODAY))


@pytest.fixture
def network(store: Store) -> dict[str, str]:
    d = store.device_id
    with store.session() as s:
        larkspur = save_practice(s, d, validate_practice("Larkspur Surgery", "G82001")).id
        hill = save_practice(s, d, validate_practice("Hill Street Medical Centre", "G82002")).id
        quiet = save_practice(s, d, validate_practice("Quiet Lane Practice", "G82003")).id
        ann = _member(store, s, "Ann Adams", larkspur)
        bob = _member(store, s, "Bob Brown", larkspur, ("ppg", "newsletter"))
        gone = _member(store, s, "Gail Gone", larkspur)
        nina = _member(store, s, "Nina Newsletter", larkspur, ("ppg", "newsletter"))
        s.get(Person, nina).interests = '["newsletter"]'  # left the group, her practice still on record
        _member(store, s, "Hal Hill", hill)
        march = _meeting(store, s, larkspur, "2026-03-10", "Larkspur PPG, March")
        may = _meeting(store, s, larkspur, "2026-05-12", "Larkspur PPG, May")
        _meeting(store, s, larkspur, "2026-07-14")  # planned
        _meeting(store, s, larkspur, "2026-09-08")  # planned, later
        dropped = _meeting(store, s, larkspur, "2026-04-14")
        hill_april = _meeting(store, s, hill, "2026-04-02")
    with store.session() as s:
        s.get(Event, dropped).deleted_at = utcnow()  # deleted on another laptop, say
        for person in (ann, bob, gone):
            set_present(s, d, march, person, True)
        add_guest(s, d, march, "Practice manager")
        set_present(s, d, may, ann, True)
        parking = record_group_issue(s, d, march, "Parking is hard")
        record_group_issue(s, d, march, "Phones busy at 8am")
        record_group_issue(s, d, may, "Repeat prescriptions slow")
        _action(store, s, march, "Parking is hard", "done", response_id=parking)
        _action(store, s, may, "Signs to the pharmacy", "not_possible")
        _action(store, s, hill_april, "Waiting room too cold", "in_progress")
        withdraw_consent(s, gone)
    return {"larkspur": larkspur, "hill": hill, "quiet": quiet, "march": march, "may": may}


def test_each_practice_has_its_figures(store: Store, network: dict[str, str]) -> None:
    with store.session() as s:
        rows = {r.name: r for r in network_figures(s, today=TODAY)}
    assert list(rows) == ["Hill Street Medical Centre", "Larkspur Surgery", "Quiet Lane Practice"]
    lark = rows["Larkspur Surgery"]
    assert (lark.members, lark.meetings, lark.registers, lark.attended) == (2, 2, 2, 5)
    assert lark.average_attendance == 2.5
    # three raised, one more agreed at a meeting with nothing raised; the parking one done, the signs not possible
    assert (lark.issues_raised, lark.issues_done, lark.issues_not_possible, lark.issues_closed) == (4, 1, 1, 2)
    assert {k: lark.as_json()[k] for k in ("issues_done", "issues_could_not_be_done", "issues_closed")} == {
        "issues_done": 1, "issues_could_not_be_done": 1, "issues_closed": 2}
    assert (lark.last_meeting, lark.next_meeting) == (dt.date(2026, 5, 12), dt.date(2026, 7, 14))
    hill = rows["Hill Street Medical Centre"]
    assert (hill.members, hill.meetings, hill.registers, hill.average_attendance) == (1, 1, 0, None)
    assert (hill.issues_raised, hill.issues_done, hill.issues_not_possible, hill.next_meeting) == (1, 0, 0, None)
    quiet = rows["Quiet Lane Practice"]
    assert (quiet.members, quiet.meetings, quiet.issues_raised, quiet.last_meeting) == (0, 0, 0, None)
    assert quiet.as_json()["average_attendance"] is None


def test_a_period_counts_only_the_meetings_held_in_it(store: Store, network: dict[str, str]) -> None:
    with store.session() as s:
        rows = {r.name: r for r in network_figures(s, parse_period("2026-04-01", "2026-12-31"), today=TODAY)}
    lark = rows["Larkspur Surgery"]
    assert (lark.meetings, lark.attended, lark.issues_raised, lark.issues_closed) == (1, 1, 2, 1)
    assert (lark.last_meeting, lark.next_meeting) == (dt.date(2026, 5, 12), dt.date(2026, 7, 14))
    assert lark.members == 2  # members are members whatever the period


def test_one_practice_in_full_never_shows_who_withdrew(store: Store, network: dict[str, str]) -> None:
    with store.session() as s:
        view = practice_view(s, network["larkspur"], today=TODAY)
        row = next(r for r in network_figures(s, today=TODAY) if r.practice_id == network["larkspur"])
    assert view.figures == row
    assert [m.name for m in view.members] == ["Ann Adams", "Bob Brown"]
    assert [(m.name, m.day, m.attended, m.issues) for m in view.meetings] == [
        ("Larkspur PPG, May", dt.date(2026, 5, 12), 1, 2), ("Larkspur PPG, March", dt.date(2026, 3, 10), 4, 2)]
    assert [(i.text, i.status) for i in view.issues] == [
        ("Repeat prescriptions slow", IssueStatus.NO_ACTION), ("Signs to the pharmacy", IssueStatus.NOT_POSSIBLE),
        ("Parking is hard", IssueStatus.DONE), ("Phones busy at 8am", IssueStatus.NO_ACTION)]
    assert view.issues[2].agreed == "Look into: Parking is hard"


def test_an_action_typed_for_a_raised_issue_without_a_link_is_the_same_issue(store: Store,
                                                                             network: dict[str, str]) -> None:
    with store.session() as s:
        # Agreed at the March meeting for "Phones busy at 8am", in the words the group used, not linked.
        _action(store, s, network["march"], "  phones busy at 8am.", "not_possible")
        # Agreed in May with other words: an issue of its own.
        _action(store, s, network["may"], "Phones busy at 8am", "done")
    with store.session() as s:
        lark = next(r for r in network_figures(s, today=TODAY) if r.practice_id == network["larkspur"])
        view = practice_view(s, network["larkspur"], today=TODAY)
    assert (lark.issues_raised, lark.issues_done, lark.issues_not_possible) == (5, 2, 2)
    assert [(i.text, i.status) for i in view.issues if i.meeting_day == dt.date(2026, 3, 10)] == [
        ("Parking is hard", IssueStatus.DONE), ("Phones busy at 8am", IssueStatus.NOT_POSSIBLE)]
    assert view.issues[-1].agreed == "Look into:   phones busy at 8am."
    assert sum(m.issues for m in view.meetings) == lark.issues_raised == len(view.issues)


def test_several_actions_for_one_thing_said_at_a_meeting_are_one_issue(store: Store,
                                                                         network: dict[str, str]) -> None:
    with store.session() as s:
        # Two actions agreed in May for "Signs to the pharmacy" besides the one there already: one issue.
        _action(store, s, network["may"], "signs to the pharmacy.", "done")
        # Two agreed at Hill Street for "Waiting room too cold": one issue, still in progress.
        hill_meeting = s.scalar(select(Event.id).where(Event.practice_id == network["hill"]))
        _action(store, s, hill_meeting, "Waiting room too cold", "done")
    with store.session() as s:
        figures = {r.practice_id: r for r in network_figures(s, today=TODAY)}
        view = practice_view(s, network["larkspur"], today=TODAY)
    lark, hill = figures[network["larkspur"]], figures[network["hill"]]
    assert (lark.issues_raised, lark.issues_done, lark.issues_not_possible) == (4, 2, 0)
    assert (hill.issues_raised, hill.issues_done) == (1, 0)
    [signs] = [i for i in view.issues if i.text == "Signs to the pharmacy"]
    assert signs.agreed == "Look into: Signs to the pharmacy\nLook into: signs to the pharmacy."
    assert signs.status is IssueStatus.DONE  # one of its actions was done


def test_the_average_leaves_out_meetings_with_no_register(store: Store, network: dict[str, str]) -> None:
    with store.session() as s:
        _meeting(store, s, network["larkspur"], "2026-05-20")  # held, nobody marked present
        lark = next(r for r in network_figures(s, today=TODAY) if r.practice_id == network["larkspur"])
    assert (lark.meetings, lark.registers, lark.attended, lark.average_attendance) == (3, 2, 5, 2.5)


def test_figures_take_the_same_queries_for_many_practices(store: Store, network: dict[str, str]) -> None:
    def count_queries() -> int:
        seen: list[str] = []
        engine = store.engine
        listen = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listen)
        try:
            with store.session() as s:
                network_figures(s, today=TODAY)
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        return len(seen)

    few = count_queries()
    with store.session() as s:
        for n in range(40):
            practice = save_practice(s, store.device_id, validate_practice(f"Practice {n}", f"G9{n:04d}")).id
            _member(store, s, f"Person{n} Smith", practice)
            _meeting(store, s, practice, "2026-02-02")
    assert count_queries() == few


def test_periods_and_statuses() -> None:
    assert financial_year(dt.date(2026, 3, 31)) == Period(dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert financial_year(dt.date(2026, 4, 1), back=1) == Period(dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert parse_period("", None) == Period()
    with pytest.raises(ValueError, match="before its start"):
        parse_period("2026-05-01", "2026-04-01")
    with pytest.raises(ValueError, match="not a real date"):
        parse_period("2026-02-30", "")
    from app.core.actions import ActionStatus as A
    assert issue_status([A.DONE, A.AGREED]) is IssueStatus.AGREED
    assert issue_status([A.NOT_POSSIBLE, A.DONE]) is IssueStatus.DONE
