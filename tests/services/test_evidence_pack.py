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
    assert (urgent.events, urgent.people_heard_shown, urgent.actions_done) == (1, "8", 1)
    assert pack.programmes[0].people_heard_shown == "<5"  # 3 people at the stall


def test_the_pdf_reads_back_with_the_figures(pack, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    pages = write_evidence_pack(pack, out)
    text = " ".join(page_texts(out.read_bytes()))
    assert pages == len(page_texts(out.read_bytes())) >= 2
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Public involvement evidence pack, 1 April 2026 to 31 March 2027" in text
    assert "Between 1 April 2026 and 31 March 2027, Northshire ICB held 2 engagement events, heard 9 responses " \
           "and signed up 2 people to get involved." in text
    assert "0.1 responses and sign-ups for every 1,000 people living in Northshire (100,000 residents)" in text
    assert "Members of our network gave 10 hours in 9 activities (7 members took part)." in text
    assert "Community event 1 6 2" in text and "Outreach stall 1 3 0" in text and "All events 2 9 2" in text
    assert "Meeting 6 6 6" in text and "Panel 2 <5 3.5" in text and "All activities 9 7 10" in text
    assert "Inform 1 <5 0.5" in text and "Involve 0 0 0" in text and "Co-produce 2 <5 3.5" in text
    assert "The highest level reached on the ladder of participation was “Co-produce”." in text
    assert "Open till 8pm from June" in text and "Fitted" not in text
    assert "The duty applied to 2 programmes or decisions" in text
    assert "A substantial change to how people reach urgent care" in text
    assert "1 event in these dates; 8 people heard; 1 action done" in text
    assert "1 event in these dates; <5 people heard; 0 actions done" in text
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
        "Letters to everyone who took part, and a public meeting", 1, 8, 1)
    assert programmes["Pharmacy hours"][8] == "<5"
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
    assert pack.population is None and "No population profile" in pack.population_message
    out = tmp_path / "empty.pdf"
    write_evidence_pack(pack, out)
    text = " ".join(page_texts(out.read_bytes()))
    assert "No events were held in these dates." in text and "No population profile is loaded" in text
    assert "No activities were recorded" in text and "None recorded." in text


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
