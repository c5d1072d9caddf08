"""The event report read back from its PDF: the figures of a seeded event, small numbers hidden,
comments masked, the population comparison, actions, across events, progress and cancelling."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from app.core.events import validate_event
from app.core.report import ReportSelection
from app.core.responses import ResponseMode
from app.core.signups import ConsentMethod, validate_signup
from app.documents.event_report import write_report_pdf
from app.documents.report_pdf import Cancelled
from app.documents.report_tables import summary_tables
from app.store import events, people
from app.store.errors import NotFound
from app.store.models import Action
from app.store.population_file import install_profile
from app.store.reports import local_report
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library

EMAIL, PHONE, POSTCODE = "jo.bloggs@example.com", "07700 900123", "ME14 1AB"
SIGNED_UP, ORGANISER = "Łukasz Wróbel", "Priya Shah"
DISTRICT = "CT9"
LONG = ("A very long comment about the waiting room & the <b>car park</b> > all else. " * 30)[:1990] + " " + "x" * 9
PERSONAL = [f"Please email me at {EMAIL} about it", f"Ring me on {PHONE} any time",
            f"I live at {POSTCODE} near the station", f"{ORGANISER} was lovely to talk to",
            f"Ask {SIGNED_UP} about the clinic"]
# (mode, FFT answer, comment, topics, age band, sex) for the ten responses of the main event:
# 7 of 10 positive (70%), 1 negative (10%).
MAIN = [
    ("kiosk", "very_good", PERSONAL[0], ["gp_access", "hospital"], "65_74", "female"),
    ("kiosk", "very_good", PERSONAL[1], ["gp_access", "hospital"], "65_74", "female"),
    ("kiosk", "very_good", PERSONAL[2], ["gp_access", "hospital"], "65_74", "female"),
    ("kiosk", "very_good", PERSONAL[3], ["gp_access", "hospital", "pharmacy"], "65_74", "female"),
    ("kiosk", "good", PERSONAL[4], ["gp_access", "hospital", "pharmacy"], "65_74", "female"),
    ("kiosk", "good", LONG, ["gp_access"], "65_74", "female"),
    ("staff", "good", "Parking was hard to find", [], "25_34", None),
    ("staff", "neither", "", [], "25_34", None),
    ("staff", "poor", "The wait was too long", [], "25_34", None),
    ("paper", "dont_know", "", [], None, None),
]


@dataclass
class Seeded:
    """The events' ids, and the response whose comment led to an action."""

    main: str
    second: str
    outside: str
    action_response: str


def _submit(store: Store, event_id: str, surveys: dict, answers: dict, mode: str, at: dt.datetime) -> str:
    rid = str(uuid.uuid4())
    with store.session() as session:
        submit_response(session, response_id=rid, device_id=store.device_id, event_id=event_id, surveys=surveys,
                        answers=answers, mode=ResponseMode(mode), language="en", submitted_at=at)
    return rid


def seed_report_events(store: Store) -> Seeded:
    """Three events: the main one (10 responses), a second in April (5) and one in June (3)."""
    library = load_library(store.paths.surveys).surveys
    surveys = {sid: library[sid] for sid in ("fft", "topics", "equality")}
    with store.session() as session:
        main = events.add_event(session, store.device_id, validate_event(
            {"name": "Spring <health> fair & more", "kind": "community-event", "event_date": "2026-04-14",
             "start_time": "10:00", "end_time": "14:00", "venue": "Town Hall", "organiser": ORGANISER,
             "partners": "Healthwatch Kent", "survey_ids": "fft,topics,equality"})).id
        second = events.add_event(session, store.device_id, validate_event(
            {"name": "Outreach stall, market", "kind": "outreach-stall", "event_date": "2026-04-20"})).id
        outside = events.add_event(session, store.device_id, validate_event(
            {"name": "Summer fair", "kind": "community-event", "event_date": "2026-06-01"})).id
    start = dt.datetime(2026, 4, 14, 9, 0, tzinfo=dt.UTC)
    ids = []
    for n, (mode, rating, comment, topics, age, sex) in enumerate(MAIN):
        answers: dict = {"fft": {"fft_rating": rating} | ({"fft_comment": comment} if comment else {})}
        if topics:
            answers["topics"] = {"topics": topics}
        if age:
            answers["equality"] = {"age_band": age, "postcode_district": DISTRICT} | ({"sex": sex} if sex else {})
        ids.append(_submit(store, main, surveys, answers, mode, start + dt.timedelta(minutes=n)))
    fft_only = {"fft": library["fft"]}
    for n in range(5):
        _submit(store, second, fft_only, {"fft": {"fft_rating": "good"}}, "kiosk",
                dt.datetime(2026, 4, 20, 10, n, tzinfo=dt.UTC))
    for n in range(3):
        _submit(store, outside, fft_only, {"fft": {"fft_rating": "very_poor", "fft_comment": f"June comment {n}"}},
                "kiosk", dt.datetime(2026, 6, 1, 10, n, tzinfo=dt.UTC))
    staff = people.ConsentGiven("privacy-notice", 3, ConsentMethod.STAFF, event_id=main)
    with store.session() as session:
        for name, email in ((SIGNED_UP, "lukasz@example.org"), ("Ann Other", "ann@example.org")):
            people.save_signup(session, store.device_id, validate_signup(
                {"name": name, "email": email, "interests": ["newsletter"], "contact_method": "email"}),
                staff, event_id=main)
        session.add(Action(device_id=store.device_id, event_id=main, response_id=ids[8], topic="hospital",
                           you_said="The wait was too long", we_will="Open a second queue at busy times",
                           owner="Practice manager", due_date=dt.date(2026, 6, 30), status="in_progress"))
        session.add(Action(device_id=store.device_id, event_id=None, you_said="Evening events please",
                           we_will="Hold one evening event a month", owner="Engagement team", status="done",
                           what_done="First evening event held", done_on=dt.date(2026, 4, 28),
                           created_at=dt.datetime(2026, 4, 16, 12, tzinfo=dt.UTC)))
        session.add(Action(device_id=store.device_id, event_id=None, you_said="Out of range ask",
                           we_will="Not in April", status="agreed",
                           created_at=dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC)))
    return Seeded(main, second, outside, ids[8])


# --- reading the PDF back --------------------------------------------------------------

def pdf_text(path_or_bytes: Path | bytes) -> tuple[int, str]:
    """The page count and all the text, with runs of spaces made one."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    reader = pypdf.PdfReader(source)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"[ \t]+", " ", text)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def seeded(store: Store) -> Seeded:
    return seed_report_events(store)


def _render(store: Store, selection: ReportSelection, tmp_path: Path) -> tuple[int, str, object]:
    report = local_report(store, selection)
    out = tmp_path / "report.pdf"
    pages = write_report_pdf(out, report)
    count, text = pdf_text(out)
    assert pages == count
    return pages, text, report


def test_the_report_prints_an_events_reach_and_fft_figures(store: Store, seeded: Seeded, tmp_path: Path) -> None:
    pages, text, report = _render(store, ReportSelection(event_ids=(seeded.main,)), tmp_path)
    words = flat(text)
    assert "Event report: Spring <health> fair & more" in words
    assert "Tue 14 Apr 2026, 10:00 to 14:00" in words and "Town Hall" in words and "Healthwatch Kent" in words
    assert "Responses in all 10" in words
    assert "Kiosk 6" in words and "Recorded by staff 3" in words and "Paper 1" in words
    assert "People who signed up to get involved 2" in words
    assert "70% positive (7 of 10 answers)" in words and "10% negative (1 of 10 answers)" in words
    assert "Very good 4 Good 3 Neither good nor poor 1 Poor 1 Very poor 0 Don't know 1" in words
    assert f"Page 1 of {pages}" in words and f"Page {pages} of {pages}" in words
    assert "Generated " in words and "<5 means 1 to 4 people" in words
    assert report.reach.responses == 10


def test_small_topic_and_equality_counts_are_hidden_and_cannot_be_worked_out(
        store: Store, seeded: Seeded, tmp_path: Path) -> None:
    _pages, text, _report = _render(store, ReportSelection(event_ids=(seeded.main,)), tmp_path)
    words = flat(text)
    # Topics (choose all that apply, so no total to subtract from): pharmacy's 2 is "<5".
    assert "Getting a GP appointment 6 Hospital 5 Urgent or emergency care 0" in words
    assert "Social care 0 Pharmacy <5 Dentist 0" in words and "Pharmacy 2" not in words
    assert "6 responses answered the topics question." in words
    assert "more than one topic" in words
    # Nor can it be counted off the comments: a hidden topic is never listed beside one.
    assert words.count("Pharmacy") == 1, "a hidden topic listed beside comments could be counted"
    # Equality: 25 to 34 (3) is "<5", so the total that would give it away is left out.
    assert "16 to 24 0 25 to 34 <5 35 to 44 0" in words and "55 to 64 0 65 to 74 6 75 to 84 0" in words
    assert "25 to 34 3" not in words and "Answered 9" not in words
    assert "Prefer not to say 0 Answered *" in words
    assert "Female 6 Male 0 Prefer not to say 0 Answered 6" in words
    assert "Nobody answered: Gender the same as sex registered at birth; Ethnic group;" in words
    assert "The total is not shown either (*), so that a small number cannot be worked out from it." in words


def test_comments_are_masked_and_the_originals_appear_nowhere(store: Store, seeded: Seeded, tmp_path: Path) -> None:
    _pages, text, _report = _render(store, ReportSelection(event_ids=(seeded.main,)), tmp_path)
    words = flat(text)
    for original in (EMAIL, PHONE, POSTCODE, SIGNED_UP, "Wróbel", f"{ORGANISER} was lovely"):
        assert original not in words, original
    assert "Please email me at [email] about it" in words
    assert "Ring me on [phone] any time" in words
    assert "I live at [postcode] near the station" in words
    assert "[name] was lovely to talk to" in words and "Ask [name] about the clinic" in words
    assert "8 of 8 comments shown." in words
    assert "Personal details hidden in these comments: 1 email address, 1 phone number, 1 postcode, 2 names." in words
    # A postcode district is an equality answer, not a comment.
    assert DISTRICT not in words
    # The comment that led to an action comes first, with its FFT answer.
    comments = words.split("8 of 8 comments shown.")[1]
    assert comments.index("The wait was too long") < comments.index("[email]")
    assert "(led to an action)" in words


def test_a_long_comment_with_markup_wraps_and_prints_as_typed(store: Store, seeded: Seeded, tmp_path: Path) -> None:
    _pages, text, _report = _render(store, ReportSelection(event_ids=(seeded.main,)), tmp_path)
    words = flat(text)
    assert "the <b>car park</b> > all else." in words
    phrase = "A very long comment about the waiting room & the"
    assert words.count(phrase) == LONG.count(phrase) > 20


def test_actions_agreed_are_listed_with_owner_due_and_status(store: Store, seeded: Seeded, tmp_path: Path) -> None:
    _pages, text, _report = _render(store, ReportSelection(event_ids=(seeded.main,)), tmp_path)
    words = flat(text)
    assert "Actions agreed: you said, we did" in words
    assert "Open a second queue at busy times" in words and "Practice manager" in words
    assert "Due 30 Jun 2026" in words and "In progress" in words
    # Actions agreed for no event belong to reports across events, not to one event's.
    assert "Evening events please" not in words


def test_without_a_population_profile_one_line_says_how_to_load_one(
        store: Store, seeded: Seeded, tmp_path: Path) -> None:
    _pages, text, _report = _render(store, ReportSelection(event_ids=(seeded.main,)), tmp_path)
    assert "involve population add FILE" in flat(text)


MADE_UP_AREA = "Made-up test area - invented figures not census data"


def made_up_profile(folder: Path) -> Path:
    """A profile with invented round numbers, labelled as such: 51% female, equal age bands."""
    from app.core.population import TS007A

    rows = ["area_code,area_name,table,category,observation"]
    rows += [f"E00000000,{MADE_UP_AREA},TS008,{sex},{n}" for sex, n in (("Female", 5100), ("Male", 4900))]
    rows += [f"E00000000,{MADE_UP_AREA},TS007A,{band},1000" for band in TS007A]
    path = folder / "made-up-profile.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_heard_is_compared_with_a_made_up_population_profile(store: Store, seeded: Seeded, tmp_path: Path) -> None:
    install_profile(made_up_profile(tmp_path), store.paths)
    _pages, text, report = _render(store, ReportSelection(event_ids=(seeded.main,)), tmp_path)
    words = flat(text)
    assert MADE_UP_AREA in words
    # Sex: 6 women and no men answered, against 51% and 49% living there.
    assert "Female 6 100.0 51.0 +49.0 Male 0 0.0 49.0 -49.0 All who answered 6" in words
    # Age: the small group stays hidden, and with the total left out of the age table, so are the
    # shares, from which that total (and so the small count) could be worked back.
    assert "25 to 34 <5 11.1 35 to 44 0 11.1" in words and "65 to 74 6 11.1 75 to 84 0 11.1" in words
    assert "All who answered * <5 means from 1 to 4 people" in words
    assert "Shares are not shown: the equality table above hides a small number" in words
    assert [c.dimension.id for c in report.population.comparisons] == ["age", "sex"]


def test_across_events_sums_the_events_in_the_range_and_leaves_out_the_rest(
        store: Store, seeded: Seeded, tmp_path: Path) -> None:
    selection = ReportSelection(date_from=dt.date(2026, 4, 1), date_to=dt.date(2026, 4, 30))
    _pages, text, report = _render(store, selection, tmp_path)
    words = flat(text)
    assert "Feedback report across events" in words
    assert "2 events from 1 Apr 2026 to 30 Apr 2026." in words
    assert "Spring <health> fair & more" in words and "Outreach stall, market" in words
    assert "Summer fair" not in words and "June comment" not in words
    assert "Responses in all 15" in words and "Kiosk 11" in words
    assert "80% positive (12 of 15 answers)" in words and "7% negative (1 of 15 answers)" in words
    # Actions: the event's, and the one agreed for no event in April; not May's.
    assert "Open a second queue at busy times" in words and "Hold one evening event a month" in words
    assert "First evening event held" in words and "Out of range ask" not in words
    assert [e.info.id for e in report.events] == [seeded.main, seeded.second]


def test_chosen_events_within_dates_and_no_event_in_range(store: Store, seeded: Seeded, tmp_path: Path) -> None:
    _pages, text, report = _render(store, ReportSelection(event_ids=(seeded.second, seeded.outside)), tmp_path)
    assert report.across_events and report.reach.responses == 8
    assert "Responses in all 8" in flat(text)
    with pytest.raises(NotFound, match="No event is held from 2020-01-01 to 2020-01-31"):
        local_report(store, ReportSelection(date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 1, 31)))


def test_summary_tables_hide_what_the_pdf_hides(store: Store, seeded: Seeded) -> None:
    tables = {t.name: t for t in summary_tables(local_report(store, ReportSelection(event_ids=(seeded.main,))))}
    topics = {row[0]: row[1] for row in tables["Topics"].rows}
    assert topics["Pharmacy"] == "<5" and topics["Hospital"] == "5" and topics["Getting a GP appointment"] == "6"
    fft_rows = {row[0]: row[1] for row in tables["FFT"].rows}
    assert fft_rows["Very good"] == 4 and fft_rows["Percentage positive"] == "70%"
    equality = {(row[0], row[1]): row[2] for row in tables["Equality"].rows}
    assert equality[("Age", "25 to 34")] == "<5" and equality[("Age", "Answered")] == "*"


def test_progress_is_reported_and_cancelling_leaves_no_file(store: Store, seeded: Seeded, tmp_path: Path) -> None:
    report = local_report(store, ReportSelection(event_ids=(seeded.main,)))
    seen: list[tuple[int, int]] = []
    buffer = io.BytesIO()
    pages = write_report_pdf(buffer, report, progress=lambda done, total: seen.append((done, total)))
    assert pdf_text(buffer.getvalue())[0] == pages
    assert seen[-1][0] == seen[-1][1] and [d for d, _t in seen] == sorted(d for d, _t in seen)

    out = tmp_path / "kept.pdf"
    out.write_bytes(b"the last good report")
    calls = iter(range(1000))
    with pytest.raises(Cancelled):
        write_report_pdf(out, report, cancelled=lambda: next(calls) >= 3)
    assert out.read_bytes() == b"the last good report"
    with pytest.raises(Cancelled):
        write_report_pdf(tmp_path / "new.pdf", report, cancelled=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["kept.pdf"]


def test_the_central_tables_give_the_same_report(store: Store, seeded: Seeded, tmp_path: Path) -> None:
    """read_report_input is written once for both schemas: copy the rows into a central
    database (a SQLite file, as for training) and the report's figures come out the same."""
    from sqlalchemy import create_engine, select

    from app.core.report import build_report
    from app.store.models import Base, utcnow
    from app.store.report_input import read_report_input
    from sync import central_schema

    central = create_engine(f"sqlite:///{tmp_path / 'central.db'}")
    central_schema.metadata.create_all(central)
    now = utcnow()
    stamp = {"received_from": store.device_id, "received_at": now, "changed_at": now, "first_batch": "b",
             "last_batch": "b"}
    with store.engine.connect() as local, central.begin() as centre:
        for model in central_schema.SYNCED_MODELS:
            table = central_schema.SYNCED_TABLES[model.__tablename__]
            rows = [{k: v for k, v in row._mapping.items() if k in table.c} | stamp
                    for row in local.execute(select(model.__table__))]
            if rows:
                centre.execute(table.insert(), rows)
    selection = ReportSelection(date_from=dt.date(2026, 4, 1), date_to=dt.date(2026, 4, 30))
    surveys = load_library(store.paths.surveys).surveys
    with central.connect() as connection:
        from_centre = build_report(read_report_input(connection, central_schema.SYNCED_TABLES, selection), surveys,
                                   profile=None, generated_at=now)
    with store.engine.connect() as connection:
        from_laptop = build_report(read_report_input(connection, Base.metadata.tables, selection), surveys,
                                   profile=None, generated_at=now)
    central.dispose()
    assert from_centre.reach == from_laptop.reach and from_centre.reach.responses == 15
    assert from_centre.fft == from_laptop.fft
    assert from_centre.topics == from_laptop.topics and from_centre.equality == from_laptop.equality
    assert from_centre.comments == from_laptop.comments and from_centre.actions == from_laptop.actions
    assert len(from_centre.actions) == 2


def test_hostile_text_never_breaks_the_layout(tmp_path: Path) -> None:
    """Long words, a column of single letters, markup, control characters and 4,000-character
    actions: every piece prints inside the page, and tall rows carry on over the page."""
    from app.core.report import ActionInfo, EventInfo, ReportInput, ResponseInfo, build_report

    at = dt.datetime(2026, 4, 14, 10, tzinfo=dt.UTC)
    event = EventInfo("e1", "Fair <x> & " + "y" * 180, "community-event", dt.date(2026, 4, 14), venue="V" * 200,
                      organiser="O " * 100, partners="P" * 200, survey_ids=("fft",))
    texts = ["z" * 2000, "a\n" * 1000, "<b>&amp;</b> " * 150, "Nul\x00 bell\x07 and a lone \ud800 surrogate"]
    responses = tuple(ResponseInfo(f"r{n}", "e1", "kiosk", at, {"fft": {"fft_rating": "good", "fft_comment": t}})
                      for n, t in enumerate(texts))
    actions = tuple(ActionInfo(f"a{n}", "e1", "gp_access", None, "said " * 800, "w" * 4000, "O" * 200,
                               dt.date(2026, 5, 1), "agreed", "done " * 800, None, at) for n in range(2))
    data = ReportInput(ReportSelection(("e1",)), (event,), responses, 0, 0, actions, frozenset())
    report = build_report(data, load_library().surveys, profile=None, generated_at=at)
    out = tmp_path / "hostile.pdf"
    pages = write_report_pdf(out, report)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == pages > 2
    outside: list[str] = []
    for page in reader.pages:
        width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, width=width) -> None:
            x = tm[4] * cm[0] + cm[4]
            if text.strip() and not 0 <= x <= width:
                outside.append(text)
        page.extract_text(visitor_text=visit)
    assert outside == []
    words = flat(pdf_text(out)[1])
    assert "<b>&amp;</b> <b>&amp;</b>" in words and "Nul bell and a lone surrogate" in words
    assert "4 of 4 comments shown." in words


def test_a_ppg_meeting_shows_its_register_and_masks_guests_names(store: Store, tmp_path: Path) -> None:
    from app.store.models import Attendance, utcnow

    library = load_library(store.paths.surveys).surveys
    with store.session() as session:
        meeting = events.add_event(session, store.device_id, validate_event(
            {"name": "PPG meeting, May", "kind": "ppg-meeting", "event_date": "2026-05-05",
             "survey_ids": "fft,equality"})).id
        for name in ("Gwen Guestling", "Harold Visitor"):
            session.add(Attendance(device_id=store.device_id, event_id=meeting, guest_name=name))
        session.add(Attendance(device_id=store.device_id, event_id=meeting, guest_name="Gone Away",
                               deleted_at=utcnow()))
    surveys = {sid: library[sid] for sid in ("fft", "equality")}
    _submit(store, meeting, surveys, {"fft": {"fft_rating": "good", "fft_comment": "Gwen Guestling chaired well"}},
            "staff", dt.datetime(2026, 5, 5, 18, tzinfo=dt.UTC))
    _pages, text, report = _render(store, ReportSelection(event_ids=(meeting,)), tmp_path)
    words = flat(text)
    assert "People at PPG meetings (register) 2" in words
    assert "[name] chaired well" in words and "Gwen" not in words
    assert "Nobody answered the equality monitoring questions." in words
    assert "What the feedback was about" not in words  # the meeting did not ask the topics survey
    assert report.reach.attendance == 2


def test_comments_are_chosen_fairly_across_answers_when_there_are_many() -> None:
    from app.core.report import ActionInfo, EventInfo, ReportInput, ResponseInfo, build_report

    at = dt.datetime(2026, 4, 14, 10, tzinfo=dt.UTC)
    answers = ["very_good"] * 80 + ["neither"] * 15 + ["poor"] * 5
    responses = tuple(ResponseInfo(f"r{n:03d}", "e1", "kiosk", at + dt.timedelta(minutes=n),
                                   {"fft": {"fft_rating": a, "fft_comment": f"Comment number {n}"}})
                      for n, a in enumerate(answers))
    action = ActionInfo("a1", "e1", None, "r050", "said", "will", "", None, "agreed", "", None, at)
    data = ReportInput(ReportSelection(("e1",)), (EventInfo("e1", "Fair", "community-event", dt.date(2026, 4, 14)),),
                       responses, 0, 0, (action,), frozenset())
    comments = build_report(data, load_library().surveys, profile=None, generated_at=at).comments
    assert comments.total == 100 and len(comments.shown) == 30
    assert comments.shown[0].text == "Comment number 50" and comments.shown[0].linked_to_action
    kinds = [c.sentiment for c in comments.shown[1:]]
    assert (kinds.count("positive"), kinds.count("neutral"), kinds.count("negative")) == (12, 12, 5)
    # Spread through the day, not the first twelve.
    positive = [int(c.text.split()[-1]) for c in comments.shown[1:] if c.sentiment == "positive"]
    assert positive[0] == 0 and positive[-1] > 60


def test_a_damaged_population_profile_is_named_and_the_report_still_made(
        store: Store, seeded: Seeded, tmp_path: Path) -> None:
    from app.store.population_file import profile_path

    profile_path(store.paths).write_text("table,category,observation\nTS008,Female,lots\n", encoding="utf-8")
    _pages, text, report = _render(store, ReportSelection(event_ids=(seeded.main,)), tmp_path)
    assert "The population profile could not be read, so there is no comparison" in flat(text)
    assert "line 2" in flat(text) and report.reach.responses == 10


def test_damaged_answers_are_left_out_and_the_report_is_still_made(tmp_path: Path) -> None:
    """A row another laptop or an old version wrote oddly must not stop a report of every laptop."""
    from app.core.report import EventInfo, ReportInput, ResponseInfo, build_report
    from app.store.report_input import _answers

    at = dt.datetime(2026, 4, 14, 10, tzinfo=dt.UTC)
    event = EventInfo("e1", "Fair", "community-event", dt.date(2026, 4, 14), survey_ids=("fft", "topics", "equality"))
    odd = [{"fft": "good"}, {"topics": ["gp_access"]}, {"topics": {"topics": [{"x": 1}, "gp_access", ["y"]]}},
           {"equality": {"sex": {"odd": True}, "age_band": ["16_24", {"x": 1}]}}, {"fft": {"fft_rating": "good"}}]
    responses = tuple(ResponseInfo(f"r{n}", "e1", "kiosk", at, _answers(json.dumps(answers)))
                      for n, answers in enumerate(odd))
    report = build_report(ReportInput(ReportSelection(("e1",)), (event,), responses, 0, 0, (), frozenset()),
                          load_library().surveys, profile=None, generated_at=at)
    assert report.reach.responses == 5
    assert write_report_pdf(tmp_path / "odd.pdf", report) >= 1
    assert _answers('{"fft": "good", "topics": {"topics": ["gp_access"]}}') == {"topics": {"topics": ["gp_access"]}}
    assert _answers("[1, 2]") == {} and _answers("not json") == {}


def test_when_a_handful_answered_no_zero_is_printed_as_a_small_number(store: Store, tmp_path: Path) -> None:
    library = load_library(store.paths.surveys).surveys
    surveys = {sid: library[sid] for sid in ("fft", "equality")}
    with store.session() as session:
        event_id = events.add_event(session, store.device_id, validate_event(
            {"name": "Small coffee morning", "kind": "community-event", "event_date": "2026-04-14",
             "survey_ids": "fft,equality"})).id
    for n, age in enumerate(("65_74", "65_74", "75_84")):
        _submit(store, event_id, surveys, {"fft": {"fft_rating": "good"}, "equality": {"age_band": age}}, "kiosk",
                dt.datetime(2026, 4, 14, 10, n, tzinfo=dt.UTC))
    _pages, text, report = _render(store, ReportSelection(event_ids=(event_id,)), tmp_path)
    words = flat(text)
    [age_table] = [b for b in report.equality if b.answered]
    assert age_table.rows == () and age_table.answered_shown == "<5"
    assert "16 to 24 <5" not in words and "65 to 74 <5" not in words
    assert "Fewer than 5 people answered, so no counts are shown" in words
    exported = {table.name: [list(row) for row in table.rows] for table in summary_tables(report)}
    assert [row[1:] for row in exported["Equality"] if row[0] == age_table.title] == [["Answered", "<5"]]
