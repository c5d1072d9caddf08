"""Every way the store writes a synced row makes the next upload send it.

Each public store function that writes synced rows is run against a store whose rows are all
marked synced, and the upload's own "what is waiting" query must then hold what it changed, at
a higher version and a later ``updated_at`` than before. The health network's writers are in
:mod:`tests.store.test_version_bump_network`. A new public store function fails
:func:`test_every_store_function_is_accounted_for` until it is given a scenario in either module
or listed here as one that writes no synced row.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import random
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import select

import app.store
from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.responses import ResponseMode
from app.core.sheet_codes import SheetKind, format_code, parse_sheet_code
from app.core.signups import validate_signup
from app.core.transcription import parse_card, parse_signup_row
from app.store import (
    actions,
    attendance,
    corrections,
    demo,
    demo_people,
    events,
    paper,
    people,
    practices,
    responses,
    typed_rows,
)
from app.store.models import Attendance, Consent
from app.store.store import Store
from tests.store import test_version_bump_network as network
from tests.store.version_bump_helpers import (
    ANN,
    NEW,
    STAFF,
    TODAY,
    Expected,
    Scenario,
    action_details,
    assert_left_for_upload,
    in_session,
    mark_all_synced,
    meeting_entry,
)

# ----- one scenario per way of writing; each returns the rows it must leave waiting

def add_event(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: events.add_event(s, store.device_id, validate_event(
        {"name": "Stall", "kind": "outreach-stall", "event_date": "2026-05-01"})))
    return {"events": {NEW}}


def update_event(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: events.update_event(s, w.fair.id, dataclasses.replace(w.fair.details,
                                                                                       venue="Town Hall")))
    return {"events": {w.fair.id}}


def update_event_settings(store: Store, w: SimpleNamespace) -> Expected:
    """The event's settings (surveys asked, the service for the FFT return) are event columns too."""
    in_session(store, lambda s: events.update_event(s, w.fair.id, dataclasses.replace(
        w.fair.details, survey_ids=("fft", "topics"), service="Riverside Surgery")))
    return {"events": {w.fair.id}}


def set_archived(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: events.set_archived(s, w.fair.id, True))
    return {"events": {w.fair.id}}


def add_action(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: actions.add_action(s, store.device_id, action_details(we_will="Open earlier")))
    return {"actions": {NEW}}


def update_action(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: actions.update_action(s, w.action.id, action_details(
        event_id=w.fair.id, status="done", what_done="Two receptionists from May"), w.action.version))
    return {"actions": {w.action.id}}


def reopen_action(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: actions.reopen_action(s, w.done_action.id))
    return {"actions": {w.done_action.id}}


def delete_action(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: actions.delete_action(s, w.action.id))
    return {"actions": {w.action.id}}


def restore_action(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: actions.restore_action(s, w.deleted_action.id))
    return {"actions": {w.deleted_action.id}}


def add_guest(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: attendance.add_guest(s, store.device_id, w.ppg.id, "Dan Guest"))
    return {"attendance": {NEW}}


def remove_guest(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: attendance.remove_guest(s, w.guest.id))
    return {"attendance": {w.guest.id}}


def set_present_new(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: attendance.set_present(s, store.device_id, w.ppg.id, w.ann.id, True))
    return {"attendance": {NEW}}


def _attendance_id(store: Store, w: SimpleNamespace) -> str:
    with store.session() as session:
        return session.scalars(select(Attendance.id).where(Attendance.person_id == w.ann_again.id)).one()


def set_present_absent(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: attendance.set_present(s, store.device_id, w.ppg.id, w.ann_again.id, False))
    return {"attendance": {_attendance_id(store, w)}}


def set_present_again(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: attendance.set_present(s, store.device_id, w.ppg.id, w.ann_again.id, False))
    mark_all_synced(store)
    in_session(store, lambda s: attendance.set_present(s, store.device_id, w.ppg.id, w.ann_again.id, True))
    return {"attendance": {_attendance_id(store, w)}}


def record_group_issue(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: attendance.record_group_issue(s, store.device_id, w.ppg.id, "Parking is hard"))
    return {"responses": {NEW}}


def submit_response(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: responses.submit_response(
        s, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=w.fair.id, surveys={"fft": w.fft},
        answers={"fft": {"fft_rating": "good"}}, mode=ResponseMode.KIOSK, language="en"))
    return {"responses": {NEW}}


BY = corrections.CorrectedBy("Stall laptop", "akhan")


def edit_response(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: corrections.edit_response(s, w.response_id, {"fft": w.fft},
                                                          {"fft": {"fft_rating": "good"}}, BY, reason="Misheard"))
    return {"responses": {w.response_id}}


def delete_response(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: corrections.delete_response(s, w.response_id, "Wrong event", BY))
    return {"responses": {w.response_id}}


def record_print_run(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: paper.record_print_run(s, store.device_id, w.fair.id, SheetKind.SIGNUP, 5,
                                                       notice=("privacy-notice", 1)))
    return {"sheet_prints": {NEW}}


def enter_signup_row(store: Store, w: SimpleNamespace) -> Expected:
    row = parse_signup_row({"row": "2", "name": "Eve Brown", "email": "eve@example.org", "ticks": "N",
                            "consent": "Y"}, rows=8)
    code = parse_sheet_code(format_code(SheetKind.SIGNUP, w.fair.id, 1))
    in_session(store, lambda s: paper.enter_signup_row(s, store.device_id, w.fair.id, code, row,
                                                       notice_id="privacy-notice", notice_version=1))
    return {"people": {NEW}, "consents": {NEW}}


def enter_card(store: Store, w: SimpleNamespace) -> Expected:
    code = parse_sheet_code(format_code(SheetKind.FEEDBACK, w.fair.id, 3))
    in_session(store, lambda s: paper.enter_card(s, store.device_id, w.fair.id, code, {"fft": w.fft},
                                                 parse_card({"rating": "2", "comment": "Friendly"})))
    return {"responses": {NEW}}


def save_signup(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: people.save_signup(s, store.device_id, validate_signup(
        {**ANN, "name": "Fay Green", "email": "fay@example.org", "interests": ["surveys"]}), STAFF))
    return {"people": {NEW}, "consents": {NEW}}


def _consents_of(store: Store, *person_ids: str) -> set[str]:
    with store.session() as session:
        return set(session.scalars(select(Consent.id).where(Consent.person_id.in_(person_ids))))


def merge_people(store: Store, w: SimpleNamespace) -> Expected:
    consents = _consents_of(store, w.ann_again.id)  # move to the person kept
    moved = _attendance_id(store, w)
    entry = meeting_entry(store, w)  # their log moves with them
    in_session(store, lambda s: people.merge_people(s, w.ann.id, w.ann_again.id))
    return {"people": {w.ann.id, w.ann_again.id}, "consents": consents, "attendance": {moved},
            "activities": {entry}}


def merge_withdrawn(store: Store, w: SimpleNamespace) -> Expected:
    """Merging a withdrawn duplicate withdraws the person kept, consents and all."""
    in_session(store, lambda s: people.withdraw_consent(s, w.ann_again.id))
    mark_all_synced(store)
    consents = _consents_of(store, w.ann.id, w.ann_again.id)
    in_session(store, lambda s: people.merge_people(s, w.ann.id, w.ann_again.id))
    return {"people": {w.ann.id, w.ann_again.id}, "consents": consents}


def edit_person(store: Store, w: SimpleNamespace) -> Expected:
    """A correction sends the person again, and only the person: their consents are not rewritten."""
    in_session(store, lambda s: people.edit_person(s, w.bob.id, validate_signup(
        {**ANN, "name": "Robert Jones", "email": "robert@example.org", "interests": ["surveys"]})))
    return {"people": {w.bob.id}}


def withdraw_consent(store: Store, w: SimpleNamespace) -> Expected:
    consents = _consents_of(store, w.bob.id)
    in_session(store, lambda s: people.withdraw_consent(s, w.bob.id))
    return {"people": {w.bob.id}, "consents": consents}


def erase_person(store: Store, w: SimpleNamespace) -> Expected:
    consents = _consents_of(store, w.bob.id)
    in_session(store, lambda s: people.erase_person(s, w.bob.id))
    return {"people": {w.bob.id}, "consents": consents, "activities": {w.panel.id}, "claims": {w.claim.id}}


def erase_withdrawn(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: people.withdraw_consent(s, w.bob.id))
    mark_all_synced(store)
    consents = _consents_of(store, w.bob.id)
    in_session(store, lambda s: people.erase_person(s, w.bob.id))
    return {"people": {w.bob.id}, "consents": consents}


def remove_typed_row(store: Store, w: SimpleNamespace) -> Expected:
    row = parse_signup_row({"row": "2", "name": "Dan Typo", "email": "dan@example.org", "ticks": "N",
                            "consent": "Y"}, rows=8)
    code = parse_sheet_code(format_code(SheetKind.SIGNUP, w.fair.id, 1))
    with store.session() as session:
        dan = paper.enter_signup_row(session, store.device_id, w.fair.id, code, row, notice_id="privacy-notice",
                                     notice_version=1)
    mark_all_synced(store)
    [typed] = dan.consents
    in_session(store, lambda s: typed_rows.remove_typed_row(s, dan.id, typed.id, "Wrong sheet", BY))
    return {"people": {dan.id}, "consents": {typed.id}}


def save_practice_new(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: practices.save_practice(s, store.device_id, validate_practice("New Surgery", "G82002")))
    return {"gp_practices": {NEW}}


def save_practice_edit(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: practices.save_practice(s, store.device_id, validate_practice(
        "High Street Medical Centre", "G82001"), w.practice.id))
    return {"gp_practices": {w.practice.id}}


def save_practice_revive(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: practices.save_practice(s, store.device_id, validate_practice("Old Surgery",
                                                                                               "G82999")))
    return {"gp_practices": {w.gone_practice.id}}


def remove_practice(store: Store, w: SimpleNamespace) -> Expected:
    in_session(store, lambda s: practices.remove_practice(s, w.practice.id))
    return {"gp_practices": {w.practice.id}}


def rename_device(store: Store, w: SimpleNamespace) -> Expected:
    store.rename_device("Stall laptop 2")
    return {"devices": {store.device_id}}


def seed_demo(store: Store, w: SimpleNamespace) -> Expected:
    demo.seed_demo(store, w.surveys, events=2, responses=5, seed=1, today=TODAY)
    return {"events": {NEW}, "responses": {NEW}}



def seed_signups(store: Store, w: SimpleNamespace) -> Expected:
    """Sample sign-ups also link a sample PPG meeting at a sample surgery to that practice."""
    with store.session() as session:
        meeting = events.add_event(session, store.device_id, validate_event(
            {"name": "Riverside Surgery PPG meeting", "kind": "ppg-meeting", "event_date": "2026-03-02"}))
    mark_all_synced(store)
    demo_people.seed_signups(store, random.Random(1), [meeting.id], 3, TODAY)
    return {"events": {meeting.id}, "people": {NEW}, "consents": {NEW}, "gp_practices": {NEW}}



SCENARIOS: dict[str, Scenario] = {
    "events.add_event": add_event,
    "events.update_event": update_event,
    "events.update_event[settings]": update_event_settings,
    "events.set_archived": set_archived,
    "actions.add_action": add_action,
    "actions.update_action": update_action,
    "actions.reopen_action": reopen_action,
    "actions.delete_action": delete_action,
    "actions.restore_action": restore_action,
    "attendance.add_guest": add_guest,
    "attendance.remove_guest": remove_guest,
    "attendance.set_present[new]": set_present_new,
    "attendance.set_present[absent]": set_present_absent,
    "attendance.set_present[again]": set_present_again,
    "attendance.record_group_issue": record_group_issue,
    "responses.submit_response": submit_response,
    "corrections.edit_response": edit_response,
    "corrections.delete_response": delete_response,
    "paper.record_print_run": record_print_run,
    "paper.enter_signup_row": enter_signup_row,
    "paper.enter_card": enter_card,
    "people.save_signup": save_signup,
    "people.merge_people": merge_people,
    "people.merge_people[withdrawn]": merge_withdrawn,
    "people.edit_person": edit_person,
    "people.withdraw_consent": withdraw_consent,
    "people.erase_person": erase_person,
    "people.erase_person[withdrawn]": erase_withdrawn,
    "typed_rows.remove_typed_row": remove_typed_row,
    "practices.save_practice[new]": save_practice_new,
    "practices.save_practice[edit]": save_practice_edit,
    "practices.save_practice[revive]": save_practice_revive,
    "practices.remove_practice": remove_practice,
    "Store.rename_device": rename_device,
    "demo.seed_demo": seed_demo,
    "demo_people.seed_signups": seed_signups,
}


# Public store functions that take a session, a store or a connection and write no synced row.
READERS = {
    "activities.get_activity", "activities.list_activities", "activities.activity_totals",
    "activities.resolve_activity", "activities.check_loggable", "claims.get_claim", "claims.list_claims",
    "claims.resolve_claim",
    "actions.get_action", "actions.linkable_comments", "actions.list_actions", "actions.resolve_action",
    "attendance.group_issues", "attendance.register", "corrections.corrections_of", "corrections.get_response",
    "corrections.list_responses", "corrections.resolve_response", "dashboard_counts.dashboard_counts",
    "events.count_events", "events.get_event", "events.list_events", "events.resolve_event",
    "responses.survey_versions_used", "export_rows.answered_questions", "export_rows.read_export_rows",
    "export_rows.response_rows",
    "export_rows.signup_rows",
    "fft_counts.fft_counts_by_month", "known_names.known_names", "kiosk_pin.has_pin",
    "migrate.current_revision", "paper.card_entered", "paper.entered_rows", "paper.printed_notice",
    "paper.printed_run", "paper.printed_up_to", "paper.resolve_sheet", "paper.sheet_progress", "paper.sheet_series",
    "people.count_people",
    "people.find_duplicates", "people.get_person", "people.ppg_members", "people.search_people",
    "people.possible_duplicate_ids", "people.count_possible_duplicates", "people.erased_count", "people.resolve_person",
    "people.signup_counts", "ppg_network.network_figures", "ppg_network.practice_view",
    "practices.find_practice", "practices.get_practice", "practices.list_practices",
    "report_input.read_known_names", "report_input.read_report_input", "report_input.select_events",
    "reports.local_report", "responses.event_exists", "responses.event_feedback_counts",
    "responses.response_answers", "status.pending_rows", "sync_history.last_run", "sync_history.last_successful",
    "sync_history.list_runs", "versioning.from_centre",
    "programmes.get_programme", "programmes.list_programmes", "programmes.resolve_programme",
    "programmes.programme_events", "programmes.programme_actions", "programmes.programme_activities",
    "programmes.programme_reach", "evidence_input.read_evidence",
    "typed_rows.typed_rows", "who_to_involve.find_who_to_involve", "who_to_involve.organisation_contacts",
    "contact_lists.list_contact_lists", "contact_lists.get_contact_list", "contact_lists.resolve_contact_list",
    "organisations.get_organisation", "organisations.resolve_organisation", "organisations.list_organisations",
    "organisations.known_areas", "organisations.possible_duplicate_ids", "organisations.count_possible_duplicates",
    "organisations.find_organisation_duplicates", "organisations.name_keys", "organisations.count_organisations",
    "organisation_contacts.why_not_a_contact", "organisation_contacts.list_contacts",
    "organisation_contacts.contact_choices",
    "Store.device_name", "Store.quick_check", "Store.schema_revision",
}
# ... and those that write, but only what never syncs.
WRITE_NOTHING_SYNCED = {
    "kiosk_pin.set_pin": "the kiosk PIN is this laptop's own",
    "kiosk_pin.check_pin": "failed tries are counted on this laptop only",
    "kiosk_pin.change_pin": "the kiosk PIN is this laptop's own",
    "sync_history.record_run": "sync receipts stay on this laptop",
    "migrate.upgrade": "schema changes, not rows",
    "versioning.applying_from_centre": "the mechanism itself; see test_versioning_rules",
    "Store.session": "the session itself",
    "Store.backup_now": "a copy of the file", "Store.look_after": "checks the file and copies it",
    "backups.store_state": "reads the files' sizes and times",
    "Store.flush_log": "the write-ahead log", "Store.close": "closing",
    "Store.writing_unflushed": "a transaction for its caller, as Store.session",
    "Store.give_way": "waits for a save to end",
    "Store.wait_for_quiet": "waits for the saves to be quiet",
    "backups.held_rows": "counts a copy's rows", "restore.finish_interrupted_restore": "moves whole files",
    "restore.incoming_path": "a file name", "restore.journal_path": "a file name",
    "Store.erase_in_copies": "rewrites the copies beside the store, not the store",
    "Store.read_connection": "reads only; writing through it is refused", "Store.reading": "reads only",
    "Store.fold_log": "the write-ahead log",
}



def store_functions() -> set[str]:
    """Every public function of app/store that is handed a session, a store or a connection."""
    found = set()
    for info in pkgutil.iter_modules(app.store.__path__):
        if info.ispkg:
            continue
        module = importlib.import_module(f"app.store.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            params = list(inspect.signature(function).parameters)
            if params and params[0] in ("session", "store", "connection"):
                found.add(f"{info.name}.{name}")
    found |= {f"Store.{name}" for name, _f in inspect.getmembers(Store, inspect.isfunction) if not name.startswith("_")}
    return found


def test_every_store_function_is_accounted_for() -> None:
    covered = {name.partition("[")[0] for name in SCENARIOS | network.SCENARIOS}
    known = covered | READERS | set(WRITE_NOTHING_SYNCED)
    missing = store_functions() - known
    assert not missing, (f"new store functions {sorted(missing)}: give each that writes synced rows a scenario in "
                         "SCENARIOS (here or in test_version_bump_network), or list it in READERS / "
                         "WRITE_NOTHING_SYNCED")
    assert not known - store_functions(), f"no longer in the store: {sorted(known - store_functions())}"


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_store_writer_leaves_its_change_for_the_next_upload(store: Store, name: str) -> None:
    assert_left_for_upload(store, name, SCENARIOS[name])
