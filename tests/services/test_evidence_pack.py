"""The annual evidence pack read back, PDF and XLSX, with the figures of a known store: events and
reach against the population, hours, levels, what changed with small numbers of people hidden,
the programmes where the duty applied, and the edges of the date range."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import openpyxl
import pytest

from app.services.evidence_pack import (
    EvidenceCancelled,
    read_evidence_pack,
    render_evidence_pdf,
    write_evidence_pack,
)
from app.store.store import Store
from tests.documents_helpers import page_texts
from tests.evidence_world import FROM, TO, build_world

NOW = dt.datetime(2027, 4, 20, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def pack(store: Store):
    build_world(store)
    return read_evidence_pack(store, FROM, TO, organisation="Northshire ICB", now=NOW)


def test_the_figures_of_a_known_year(pack) -> None:
    # Events on the first and the last day count; the days either side do not.
    assert [(e.label, e.events, e.responses, e.signups) for e in pack.events] == [
        ("Community event", 1, 6, 2), ("Outreach stall", 1, 3, 0)]
    assert (pack.event_count, pack.responses, pack.signups) == (2, 9, 2)
    assert (pack.population, pack.area) == (100_000, "Northshire")
    assert pack.reached_per_thousand == pytest.approx(0.11)
    # Hours: six hours of meetings, 3.5 of panels (on the range's first and last days), half an hour
    # by an organisation; the entries after, before and deleted are left out.
    assert (pack.activities, pack.hours, pack.members_shown) == (9, 10.0, "7")
    assert (pack.people_involved_shown, pack.organisations_involved) == ("6", 1)
    assert [(k.label, k.activities, k.people_shown, k.hours) for k in pack.hours_by_kind] == [
        ("Meeting", 6, "6", 6.0), ("Panel", 2, "<5", 3.5), ("Event", 1, "<5", 0.5)]
    assert [(v.label, v.activities, v.people_shown, v.hours) for v in pack.levels] == [
        ("Inform", 1, "<5", 0.5), ("Consult", 6, "6", 6.0), ("Involve", 0, "0", 0.0),
        ("Collaborate", 0, "0", 0.0), ("Co-produce", 2, "<5", 3.5)]
    # What changed: the action done in the range (not the one done the day after it ends).
    assert [(c.we_did, c.done_on) for c in pack.changes] == [("Open till 8pm from June", dt.date(2026, 6, 1))]
    assert (pack.actions_not_possible, pack.actions_open) == (1, 1)
    # Programmes that ran in the range: last year's and the deleted one are not there.
    assert [(p.name, p.duty) for p in pack.programmes] == [
        ("Pharmacy hours", "yes"), ("Urgent care redesign", "yes"), ("Contract renewal", "no"),
        ("Dental access", "undecided")]
    urgent = pack.programmes[1]
    # Its event the day before the range is not counted: 6 responses and 2 sign-ups at the fair.
    assert (urgent.events, urgent.responses, urgent.signups, urgent.actions_done) == (1, 6, 2, 1)
    assert (pack.programmes[0].responses, pack.programmes[0].signups) == (3, 0)  # at the stall


def test_the_pdf_reads_back_with_the_figures(pack, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    pages = write_evidence_pack(pack, out)
    text = " ".join(page_texts(out.read_bytes()))
    assert pages == len(page_texts(out.read_bytes())) >= 2
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Public involvement evidence pack, 1 April 2026 to 31 March 2027" in text
    assert "Between 1 April 2026 and 31 March 2027, Northshire ICB held 2 engagement events, with 9 pieces of " \
           "feedback and 2 sign-ups." in text
    assert "0.1 pieces of feedback and sign-ups for every 1,000 people living in Northshire (100,000 residents)" \
        in text
    assert "Members of our network gave 10 hours in 9 activities (7 members took part)." in text
    assert "Community event 1 6 2" in text and "Outreach stall 1 3 0" in text and "All events 2 9 2" in text
    assert "Meeting 6 6 6" in text and "Panel 2 <5 3.5" in text and "All activities 9 7 10" in text
    assert "Inform 1 <5 0.5" in text and "Involve 0 0 0" in text and "Co-produce 2 <5 3.5" in text
    assert "The highest level reached on the ladder of participation was “Co-produce”." in text
    assert "Open till 8pm from June" in text and "Fitted" not in text
    assert "The duty applied to 2 programmes or decisions" in text
    assert "A substantial change to how people reach urgent care" in text
    assert "1 event in these dates; 6 pieces of feedback and 2 sign-ups; 1 action done" in text
    assert "1 event in these dates; 3 pieces of feedback and 0 sign-ups; 0 actions done" in text
    assert "people heard" not in text  # feedback and sign-ups are records, never added up as people
    assert "Contract renewal A like-for-like renewal; nothing changes for patients" in text
    assert "Dental access" in text and "Last year's review" not in text and "Deleted programme" not in text
    assert "<5 means from 1 to 4 people" in text
    assert "Page 1 of" in text


def test_the_workbook_reads_back_with_the_same_figures(pack, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    assert write_evidence_pack(pack, out) == 7
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    book = openpyxl.load_workbook(out, read_only=True)
    sheets = {name: [tuple(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames}
    assert list(sheets) == ["Summary", "Activities and reach", "Reach and population", "Hours", "Levels",
                            "What changed", "Programmes"]
    assert sheets["Activities and reach"][1:] == [("Community event", 1, 6, 2), ("Outreach stall", 1, 3, 0),
                                                  ("All events", 2, 9, 2)]
    assert ("People living in the area (Northshire)", 100000) in sheets["Reach and population"]
    assert sheets["Hours"][1:] == [("Meeting", 6, 6, 6), ("Panel", 2, "<5", 3.5), ("Event", 1, "<5", 0.5),
                                   ("All activities", 9, 7, 10)]
    assert sheets["Levels"][1:] == [("Inform", 1, "<5", 0.5), ("Consult", 6, 6, 6), ("Involve", 0, 0, 0),
                                    ("Collaborate", 0, 0, 0), ("Co-produce", 2, "<5", 3.5)]
    assert [row[1] for row in sheets["What changed"][1:]] == ["Open till 8pm from June"]
    programmes = {row[0]: row for row in sheets["Programmes"][1:]}
    assert programmes["Urgent care redesign"][3:] == (
        "Applied", "A substantial change to how people reach urgent care",
        "The centre stays in the town centre, on a bus route",
        "Letters to everyone who took part, and a public meeting", 1, 6, 2, 1)
    assert programmes["Pharmacy hours"][8:10] == (3, 0)
    assert programmes["Contract renewal"][3] == "Did not apply"
    assert ("Actions completed", 1) in sheets["Summary"]


def test_text_that_looks_like_a_formula_is_written_as_text(store: Store, tmp_path: Path) -> None:
    from app.core.programmes import validate_programme
    from app.store.programmes import add_programme

    with store.session() as session:
        add_programme(session, store.device_id, validate_programme({"name": "=HYPERLINK(\"x\")", "duty": "yes"}))
    out = tmp_path / "pack.xlsx"
    write_evidence_pack(read_evidence_pack(store, FROM, TO, now=NOW), out)
    book = openpyxl.load_workbook(out)
    assert book["Programmes"]["A2"].value == "'=HYPERLINK(\"x\")"


def test_a_one_day_range_counts_that_day_only(store: Store) -> None:
    build_world(store)
    first = read_evidence_pack(store, FROM, FROM, now=NOW)
    assert (first.event_count, first.responses, first.activities, first.hours) == (1, 6, 1, 2.0)
    last = read_evidence_pack(store, TO, TO, now=NOW)
    assert (last.event_count, last.responses, last.activities, last.hours) == (1, 3, 1, 1.5)


def test_a_range_the_wrong_way_round_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="before its start"):
        read_evidence_pack(store, TO, FROM)


def test_without_a_population_profile_it_says_so(store: Store, tmp_path: Path) -> None:
    pack = read_evidence_pack(store, FROM, TO, now=NOW)
    assert pack.population is None
    assert pack.population_message == ("Population figures were not loaded, so reach against the local population "
                                       "is not shown.")  # plain words for a board, not a command to run


def test_an_empty_range_says_so_plainly_instead_of_a_page_of_zeros(store: Store, tmp_path: Path) -> None:
    build_world(store)
    pack = read_evidence_pack(store, dt.date(2020, 1, 1), dt.date(2020, 12, 31), now=NOW)
    out = tmp_path / "empty.pdf"
    assert write_evidence_pack(pack, out) == 1
    text = " ".join(page_texts(out.read_bytes()))
    assert ("Nothing was recorded on this laptop between 1 January 2020 and 31 December 2020: no events, no "
            "activities in members' logs and no “you said, we did” actions.") in text
    assert "held 0" not in text and "Kind of activity" not in text and "Inform" not in text
    assert "Contract renewal" in text  # a programme without dates runs through every range
    book = tmp_path / "empty.xlsx"
    write_evidence_pack(pack, book)
    summary = [row for row in openpyxl.load_workbook(book)["Summary"].iter_rows(values_only=True)]
    assert ("Summary", pack.nothing_recorded()) in summary


def test_names_in_other_scripts_print_as_typed(store: Store) -> None:
    from app.core.programmes import validate_programme
    from app.store.programmes import add_programme

    with store.session() as session:
        add_programme(session, store.device_id, validate_programme(
            {"name": "Łukasz's review", "duty": "yes", "what_changed": "Leaflets in Polish and العربية"}))
    data, _pages = render_evidence_pdf(read_evidence_pack(store, FROM, TO, now=NOW))
    text = " ".join(page_texts(data))
    assert "Łukasz's review" in text and "in Polish and" in text  # ("fl" comes back as a ligature)


def test_cancelling_writes_nothing(pack, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[int] = []

    def cancel_part_way() -> bool:
        seen.append(1)
        return len(seen) > 3

    with pytest.raises(EvidenceCancelled):
        write_evidence_pack(pack, folder / "pack.pdf", cancelled=cancel_part_way)
    assert len(seen) > 3 and list(folder.iterdir()) == []


def test_only_pdf_and_xlsx(pack, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.pdf or a \.xlsx"):
        write_evidence_pack(pack, tmp_path / "pack.docx")


def test_contact_details_and_known_names_in_what_staff_wrote_are_masked(store: Store) -> None:
    from app.core.programmes import validate_programme
    from app.store.programmes import add_programme

    build_world(store)  # it holds "Member 0 Smith" among the people who signed up
    with store.session() as session:
        add_programme(session, store.device_id, validate_programme(
            {"name": "Estates", "duty": "yes", "what_changed": "Member 0 Smith (07911 123456) got a ramp built"}))
    pack = read_evidence_pack(store, FROM, TO, now=NOW)
    [estates] = [p for p in pack.programmes if p.name == "Estates"]
    assert "Smith" not in estates.what_changed and "07911" not in estates.what_changed
    assert "got a ramp built" in estates.what_changed


def test_events_after_today_are_planned_not_held(store: Store, tmp_path: Path) -> None:
    build_world(store)  # an event on the range's first day and one on its last
    pack = read_evidence_pack(store, FROM, TO, now=dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC))
    assert (pack.event_count, pack.events_planned, pack.responses, pack.signups) == (1, 1, 6, 2)
    assert [(p.name, p.events, p.responses) for p in pack.programmes if p.name == "Pharmacy hours"] == [
        ("Pharmacy hours", 0, 0)]  # its only event is still to come
    out = tmp_path / "pack.pdf"
    write_evidence_pack(pack, out)
    text = " ".join(page_texts(out.read_bytes()))
    assert "Between 1 April 2026 and 5 December 2026, we held 1 engagement event, with 6 pieces of feedback and " \
           "2 sign-ups." in text
    assert "These dates run past today, so the pack covers up to today, 5 December 2026. 1 event planned after " \
           "today is not counted as held." in text
    past = read_evidence_pack(store, FROM, TO, now=NOW)  # once the year is over, both are held
    assert (past.event_count, past.events_planned, past.coverage_note()) == (2, 0, "")


@pytest.mark.parametrize(("attendances", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5")])
def test_attendances_on_registers_are_hidden_when_small_as_in_the_reports(store: Store, tmp_path: Path,
                                                                           attendances: int, shown: str) -> None:
    from dataclasses import replace

    from app.services.evidence_pack import assemble
    from app.store.evidence_input import read_evidence

    build_world(store)
    with store.session() as session:
        figures = replace(read_evidence(session, FROM, TO, today=TO), attendance=attendances)
    pack = assemble(figures, organisation="", population=None, area="", population_message="", now=NOW)
    assert pack.attendance_shown == shown
    data, _pages = render_evidence_pdf(pack)
    assert f"Attendances on PPG meeting registers {shown}" in " ".join(page_texts(data))
    out = tmp_path / "pack.xlsx"
    write_evidence_pack(pack, out)
    rows = list(openpyxl.load_workbook(out)["Reach and population"].iter_rows(values_only=True))
    assert ("Attendances on PPG meeting registers", int(shown) if shown.isdigit() else shown) in rows


def test_the_pdf_reads_as_one_document(pack) -> None:
    from reportlab.platypus import Paragraph

    from app.documents.evidence_pdf import build_evidence_story
    from app.documents.report_story import BODY, H3

    story = [f for f in build_evidence_story(pack, 170) if isinstance(f, Paragraph)]
    lead = [f for f in story if f.getPlainText().startswith("Members gave")
            or f.getPlainText() == "1 “you said, we did” action was completed in these dates."]
    assert len(lead) == 2 and all(f.style.fontSize == BODY.fontSize < H3.fontSize for f in lead)  # body, not headings
    data, _pages = render_evidence_pdf(pack)
    text = " ".join(page_texts(data))
    assert "Small numbers: <5 means 1 to 4 people." in text and "*" not in text  # no mark the pack never uses
    assert "Generated " in text and "Made " not in text  # one word for when it was made
