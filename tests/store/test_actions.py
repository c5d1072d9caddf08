""""You said, we did": the rules for an action, and storing, listing, linking and deleting them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from app.core.actions import ActionStatus, topic_labels, validate_action
from app.core.events import validate_event
from app.core.responses import ResponseMode
from app.core.validation import ValidationError
from app.store import actions
from app.store.errors import NotFound
from app.store.events import StaleEdit, add_event
from app.store.models import Action, Response, utcnow
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library

TODAY = dt.date(2026, 5, 20)
TOPICS = ("gp_access", "pharmacy", "other")


def check(**values) -> object:
    return validate_action({"you_said": "The wait was long", "we_will": "Add a second receptionist"} | values,
                           today=TODAY, topics=TOPICS)


def errors(**values) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        check(**values)
    return caught.value.errors


def test_text_is_trimmed_and_the_plain_case_is_agreed_with_no_date() -> None:
    details = check(you_said="  Parking is hard \n", we_will="\tAsk the council ", owner=" Sam ")
    assert (details.you_said, details.we_will, details.owner) == ("Parking is hard", "Ask the council", "Sam")
    assert details.status is ActionStatus.AGREED and details.due_date is None and details.done_on is None


def test_what_people_said_and_what_was_agreed_are_required() -> None:
    assert errors(you_said="  ", we_will="") == {
        "you_said": "Say what people told us, in their words or a short summary.",
        "we_will": "Say what was agreed in answer."}


def test_lengths_dates_topics_and_statuses_are_checked_in_plain_words() -> None:
    found = errors(you_said="x" * 4001, owner="o" * 201, due_date="2026-02-30", topic="parking", status="finished")
    assert found["you_said"] == "Keep this to 4000 characters or fewer."
    assert found["owner"] == "Keep this to 200 characters or fewer."
    assert found["due_date"].startswith("'2026-02-30' is not a real date")
    assert found["topic"].startswith("'parking' is not one of the feedback topics; choose one of gp_access")
    assert found["status"] == "'finished' is not a status; choose one of agreed, in_progress, done, not_possible."
    assert errors(due_date="2062-01-01")["due_date"] == "2062-01-01 is more than 10 years away; check the year."


def test_done_needs_what_was_done_and_gets_today_when_no_day_is_given() -> None:
    assert errors(status="done") == {"what_done": "Say what was done; the public summary prints it as “We did”."}
    assert errors(status="not_possible")["what_done"].startswith("Say why it could not be done")
    details = check(status="Done", what_done=" A second receptionist started in May ")
    assert details.status is ActionStatus.DONE and details.done_on == TODAY
    assert details.what_done == "A second receptionist started in May"
    assert check(status="done", what_done="x", done_on="2026-05-01").done_on == dt.date(2026, 5, 1)
    assert errors(status="done", what_done="x", done_on="2026-06-01") == {
        "done_on": "The day it was done cannot be in the future."}
    assert "Only a finished action" in errors(status="in_progress", done_on="2026-05-01")["done_on"]


def test_topic_labels_come_from_the_topics_survey() -> None:
    labels = topic_labels(load_library(None).surveys)
    assert labels["gp_access"] == "Getting a GP appointment"
    assert topic_labels({}) == {}


# ----- the store

@pytest.fixture
def seeded(store: Store) -> dict:
    fft = load_library(store.paths.surveys).surveys["fft"]
    with store.session() as session:
        fair = add_event(session, store.device_id, validate_event(
            {"name": "Spring fair", "kind": "community-event", "event_date": "2026-04-14"}))
        other = add_event(session, store.device_id, validate_event(
            {"name": "PPG meeting", "kind": "ppg-meeting", "event_date": "2026-03-02"}))
    ids = []
    for n, (rating, comment) in enumerate([("poor", "Waited 40 minutes; call me on 07911 123456"),
                                           ("good", ""), ("very_good", "x" * 300)]):
        rid = str(uuid.uuid4())
        with store.session() as session:
            answers = {"fft_rating": rating} | ({"fft_comment": comment} if comment else {})
            submit_response(session, response_id=rid, device_id=store.device_id, event_id=fair.id,
                            surveys={"fft": fft}, answers={"fft": answers}, mode=ResponseMode.STAFF,
                            language="en", submitted_at=dt.datetime(2026, 4, 14, 10, n, tzinfo=dt.UTC))
        ids.append(rid)
    return {"fair": fair, "other": other, "responses": ids}


def test_add_list_and_link_a_comment(store: Store, seeded: dict) -> None:
    fair = seeded["fair"]
    with store.session() as session:
        choices = actions.linkable_comments(session, fair.id)
    assert [c.response_id for c in choices] == [seeded["responses"][0], seeded["responses"][2]]
    assert choices[0].fft_answer == "poor" and choices[0].text.startswith("Waited 40 minutes")
    assert len(choices[1].text) == 200, "the picker shows the first 200 characters"

    with store.session() as session:
        added = actions.add_action(session, store.device_id, check(
            event_id=fair.id, response_id=choices[0].response_id, topic="gp_access", due_date="2026-06-30"),
            topics=TOPICS)
    assert added.event_name == "Spring fair" and added.event_date == dt.date(2026, 4, 14)
    assert added.comment == "Waited 40 minutes; call me on 07911 123456", "staff see the comment as typed"
    with store.session() as session:
        row = session.get(Action, added.id)
        assert (row.device_id, row.status, row.version) == (store.device_id, "agreed", 1)
        assert actions.list_actions(session, fair.id) == [added]
        assert actions.list_actions(session, seeded["other"].id) == []
        assert actions.resolve_action(session, added.id[:6]) == added == actions.get_action(session, added.id)


def test_an_issue_the_ppg_raised_can_be_linked_like_a_comment(store: Store, seeded: dict) -> None:
    from app.store.attendance import record_group_issue

    meeting = seeded["other"]
    with store.session() as session:
        issue = record_group_issue(session, store.device_id, meeting.id, "Phones busy at 8am")
    with store.session() as session:
        [choice] = actions.linkable_comments(session, meeting.id)
    assert (choice.response_id, choice.text, choice.raised_by_group) == (issue, "Phones busy at 8am", True)
    with store.session() as session:
        added = actions.add_action(session, store.device_id, check(event_id=meeting.id, response_id=issue))
    assert added.comment == "Phones busy at 8am"


def test_a_comment_from_another_event_or_a_deleted_one_is_refused(store: Store, seeded: dict) -> None:
    with store.session() as session:
        with pytest.raises(ValidationError) as caught:
            actions.add_action(session, store.device_id,
                               check(event_id=seeded["other"].id, response_id=seeded["responses"][0]))
        assert caught.value.errors == {"response_id": "That comment is not one of this event's; choose one from "
                                                      "the list."}
        with pytest.raises(ValidationError):
            actions.add_action(session, store.device_id, check(response_id=seeded["responses"][0]))
        session.get(Response, seeded["responses"][2]).deleted_at = utcnow()
        with pytest.raises(ValidationError):
            actions.add_action(session, store.device_id,
                               check(event_id=seeded["fair"].id, response_id=seeded["responses"][2]))
        with pytest.raises(ValidationError) as caught:
            actions.add_action(session, store.device_id, validate_action(
                {"you_said": "a", "we_will": "b", "topic": "parking"}, today=TODAY), topics=TOPICS)
        assert list(caught.value.errors) == ["topic"]
        with pytest.raises(NotFound):
            actions.add_action(session, store.device_id, check(event_id=str(uuid.uuid4())))
        assert actions.list_actions(session) == []


def test_update_touches_refuses_a_stale_edit_and_saves_nothing_unchanged(store: Store, seeded: dict) -> None:
    with store.session() as session:
        added = actions.add_action(session, store.device_id, check(event_id=seeded["fair"].id))
    done = check(event_id=seeded["fair"].id, status="done", what_done="Done in May", done_on="2026-05-10")
    with store.session() as session:
        saved = actions.update_action(session, added.id, done, expected_version=added.version)
    assert saved.version == 2 and saved.status is ActionStatus.DONE and saved.details.what_done == "Done in May"
    with store.session() as session:
        with pytest.raises(StaleEdit, match="changed elsewhere"):
            actions.update_action(session, added.id, check(), expected_version=added.version)
        assert actions.update_action(session, added.id, done, expected_version=2).version == 2


def test_delete_is_a_tombstone_that_can_be_undone(store: Store, seeded: dict) -> None:
    with store.session() as session:
        added = actions.add_action(session, store.device_id, check(event_id=seeded["fair"].id))
    with store.session() as session:
        actions.delete_action(session, added.id)
        row = session.get(Action, added.id)
        assert row.deleted_at is not None and row.version == 2, "the sync sends the deletion"
        assert actions.list_actions(session) == []
        with pytest.raises(NotFound):
            actions.get_action(session, added.id)
    with store.session() as session:
        assert actions.restore_action(session, added.id).version == 3
        assert [a.id for a in actions.list_actions(session)] == [added.id]


def test_listing_puts_open_actions_first_by_due_date_then_finished_latest_first(store: Store, seeded: dict) -> None:
    fair, other = seeded["fair"].id, seeded["other"].id
    plan = [("no date", dict(event_id=fair)),
            ("late", dict(event_id=other, due_date="2026-09-01")),
            ("soon", dict(event_id=fair, due_date="2026-05-01", status="in_progress")),
            ("done early", dict(event_id=fair, status="done", what_done="x", done_on="2026-04-20")),
            ("done later", dict(status="not_possible", what_done="No budget", done_on="2026-05-02"))]
    with store.session() as session:
        for said, values in plan:
            actions.add_action(session, store.device_id, check(you_said=said, **values))
    with store.session() as session:
        everything = actions.list_actions(session)
        assert [a.details.you_said for a in everything] == ["soon", "late", "no date", "done later", "done early"]
        assert [a.event_name for a in everything] == ["Spring fair", "PPG meeting", "Spring fair", "", "Spring fair"]
        assert [a.overdue(TODAY) for a in everything] == [True, False, False, False, False]
        assert [a.details.you_said for a in actions.list_actions(session, fair, include_finished=False)] == [
            "soon", "no date"]
        march = actions.list_actions(session, date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))
        assert [a.details.you_said for a in march] == ["late"]
