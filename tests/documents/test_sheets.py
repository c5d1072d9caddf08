"""Printed sign-up sheets, feedback cards and attendance registers, read back as a person
would read them and as a scanner would read their QR codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core import fft
from app.core.sheet_codes import SheetKind, format_code, qr_payload
from app.core.signups import INTEREST_SHORT_LABELS, ContactMethod, Interest
from app.documents.sheets import (
    CARDS_PER_PAGE,
    CARDS_PER_PAGE_LARGE,
    SIGNUP_ROWS,
    SIGNUP_ROWS_LARGE,
    RegisterMember,
    attendance_register,
    feedback_cards,
    register_pages,
    signup_rows,
    signup_sheets,
)
from app.resources_dir import resources_dir
from tests.documents_helpers import (
    EVENT_ID,
    ORGANISATION,
    Run,
    notice,
    page_count,
    page_size,
    page_texts,
    qr_codes,
    sheet_header,
    squeeze,
    text_runs,
)

LONG_NAME = ("Community health and wellbeing drop-in with the Riverside and Hill Street Patient Participation "
             "Groups, followed by questions and answers on the changes to urgent care services across all "
             "of Northshire")[:200]
LONG_VENUE = "Riverside Community Centre, Main Hall (ground floor, step-free access from the Station Road car park)"
POLISH = "Łukasz Wróbel"


def _fft_texts() -> dict[str, object]:
    data = json.loads((resources_dir() / "surveys" / "fft.json").read_text(encoding="utf-8"))
    rating, comment = data["questions"]
    return {"question": rating["text"]["en"], "answers": [o["text"]["en"] for o in rating["options"]],
            "comment_prompt": comment["text"]["en"], "comment_help": comment["help"]["en"]}


def signups(large_print: bool = False, first: int = 1, count: int = 3, **header: str) -> bytes:
    out = io.BytesIO()
    signup_sheets(out, sheet_header(**header), notice(), first=first, count=count, large_print=large_print)
    return out.getvalue()


def cards(large_print: bool = False, first: int = 1, count: int = 6, **header: str) -> bytes:
    out = io.BytesIO()
    feedback_cards(out, sheet_header(**header), first=first, count=count, large_print=large_print,
                   **_fft_texts())  # type: ignore[arg-type]
    return out.getvalue()


def register(members: list[str], *, large_print: bool = False, first: int = 1, guest_rows: int = 5,
             **header: str) -> bytes:
    out = io.BytesIO()
    attendance_register(out, sheet_header(**header), first=first,
                        members=[RegisterMember(name, f"{n}@example.org") for n, name in enumerate(members)],
                        guest_rows=guest_rows, practice_name="Riverside Surgery", large_print=large_print)
    return out.getvalue()


def assert_on_page(pdf: bytes, *, card: tuple[float, float] | None = None) -> None:
    """No text starts or ends off the page (or, drawn in a card's form, off the card)."""
    for page in range(page_count(pdf)):
        width, height = page_size(pdf, page)
        for run in text_runs(pdf, page):
            right, top = (card if card and run.in_form and run.text != "✂" else (width, height))
            assert 0 <= run.x and run.right <= right + 0.5, (page, run)
            assert 0 <= run.y <= top, (page, run)


def smallest(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.size)


# --- sign-up sheets ----------------------------------------------------------------------

def test_a_sign_up_sheet_says_what_a_person_needs_to_fill_it_in() -> None:
    pdf = signups(count=3)
    texts = page_texts(pdf)
    assert len(texts) == 3
    summary = squeeze(notice().summary)
    for number, text in enumerate(texts, start=1):
        assert "Get involved: sign up" in text
        assert "Spring health fair" in text
        assert "Tue 14 Apr 2026, 10:00 to 13:00" in text and "Riverside Community Centre" in text
        assert ORGANISATION in text
        for label in ("Name", "Email", "Phone", "Postcode", "GP practice (only if joining a PPG)",
                      "Communication or access needs", "I agree to the privacy notice below"):
            assert squeeze(label) in text, label
        for interest in Interest:
            assert INTEREST_SHORT_LABELS[interest].split()[0] in text
        assert summary in text  # the privacy notice, which says how to withdraw
        assert "tell any of our staff" in text
        assert f"Sheet {number} of 3" in text
        assert format_code(SheetKind.SIGNUP, EVENT_ID, number) in text


def test_every_row_is_numbered_and_has_the_boxes_staff_type_back() -> None:
    for large_print in (False, True):
        runs = text_runs(signups(large_print=large_print, count=1), 0)
        words = [run.text for run in runs]
        rows = signup_rows(large_print)
        assert [w for w in words if w.isdigit() and len(w) <= 2] == [str(n) for n in range(1, rows + 1)]
        for letter in [i.letter for i in Interest] + [c.letter for c in ContactMethod]:
            # one per row, plus the column heading or the key
            assert words.count(letter) >= rows, (large_print, letter)
        assert words.count("Yes") == rows


def test_rows_per_sheet() -> None:
    assert signup_rows(False) == SIGNUP_ROWS == 8
    assert signup_rows(True) == SIGNUP_ROWS_LARGE == 2


def test_each_sheet_s_qr_code_scans_as_its_own_code() -> None:
    pdf = signups(first=12, count=3)
    for page, number in enumerate((12, 13, 14)):
        assert qr_codes(pdf, page) == [qr_payload(SheetKind.SIGNUP, EVENT_ID, number)]
        assert f"Sheet {number} of 14" in page_texts(pdf)[page]


def test_large_print_sheet_scans_and_reads_at_16_point_or_more() -> None:
    pdf = signups(large_print=True, count=2)
    assert qr_codes(pdf, 1) == [qr_payload(SheetKind.SIGNUP, EVENT_ID, 2)]
    for page in range(2):
        runs = text_runs(pdf, page)
        assert smallest(runs).size >= 16, smallest(runs)
    big = max(text_runs(pdf, 0), key=lambda run: run.size)
    assert big.text == "Get involved: sign up" and big.size > 16
    assert squeeze(notice().summary) in page_texts(pdf)[0]


def test_sign_up_sheets_are_landscape_a4_with_title_and_author() -> None:
    pdf = signups(count=1)
    width, height = page_size(pdf)
    assert (round(width), round(height)) == (842, 595)
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    assert meta.title == "Get involved: sign up: Spring health fair"
    assert meta.author == ORGANISATION


def test_a_200_character_event_name_and_a_long_venue_stay_on_the_page() -> None:
    assert len(LONG_NAME) == 200
    pdf = signups(count=1, event_name=LONG_NAME, venue=LONG_VENUE)
    assert_on_page(pdf)
    text = page_texts(pdf)[0]
    assert LONG_NAME in text  # wrapped, not cut, in normal print
    assert LONG_VENUE in text
    large = signups(large_print=True, count=1, event_name=LONG_NAME, venue=LONG_VENUE)
    assert_on_page(large)
    assert LONG_NAME[:40] in page_texts(large)[0]  # large print may end it with an ellipsis
    assert smallest(text_runs(large, 0)).size >= 16
    assert qr_codes(large, 0) == [qr_payload(SheetKind.SIGNUP, EVENT_ID, 1)]


def test_a_crowded_large_print_sheet_still_has_whole_boxes_to_write_in() -> None:
    out = io.BytesIO()
    practices = "Riverside Surgery, Hill Street Medical Centre, Park Lane Surgery, The Old Mill Practice"
    signup_sheets(out, sheet_header(event_name=LONG_NAME, venue=LONG_VENUE), notice(), first=1, count=1,
                  large_print=True, practices_hint=practices)
    pdf = out.getvalue()
    text = page_texts(pdf)[0]
    assert text.count("I agree to the privacy notice below") == SIGNUP_ROWS_LARGE  # not cut short
    assert "GP practices: Riverside Surgery" in text
    assert_on_page(pdf)
    runs = text_runs(pdf, 0)
    labels = sorted(run.y for run in runs if run.text == "Name")
    assert labels[1] - labels[0] >= 3 * 40  # each person still has three lines of boxes


def test_names_in_any_language_print_in_an_embedded_font() -> None:
    pdf = signups(count=1, event_name="Spotkanie: Zoë i Ďurík", organisation="Zdrowie Łódź")
    text = page_texts(pdf)[0]
    assert "Spotkanie: Zoë i Ďurík" in text and "Zdrowie Łódź" in text
    fonts = {run.font for run in text_runs(pdf, 0)}
    assert fonts and all("DejaVuSans" in font for font in fonts), fonts


def test_a_big_run_prints_every_sheet_once() -> None:
    pdf = signups(first=1, count=120)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 120
    for n in (1, 2, 60, 119, 120):  # reading all 120 back would only make the test slow
        assert f"Sheet {n} of 120" in squeeze(pages[n - 1].extract_text())
        assert format_code(SheetKind.SIGNUP, EVENT_ID, n) in squeeze(pages[n - 1].extract_text())
    assert qr_codes(pdf, 119) == [qr_payload(SheetKind.SIGNUP, EVENT_ID, 120)]


# --- feedback cards ----------------------------------------------------------------------

def test_each_card_has_the_question_numbered_answers_and_its_own_code() -> None:
    pdf = cards(first=5, count=6)
    assert page_count(pdf) == 2  # 4 and 2
    texts = page_texts(pdf)
    wording = _fft_texts()
    for text in texts:
        assert "Spring health fair" in text
        assert wording["question"] in text
        assert wording["comment_prompt"] in text
        for answer in wording["answers"]:  # type: ignore[attr-defined]
            assert answer in text
    assert texts[0].count(str(wording["question"])) == CARDS_PER_PAGE
    assert texts[1].count(str(wording["question"])) == 2
    for number in range(5, 11):
        assert format_code(SheetKind.FEEDBACK, EVENT_ID, number) in texts[0 if number < 9 else 1]
    assert sorted(qr_codes(pdf, 0)) == sorted(qr_payload(SheetKind.FEEDBACK, EVENT_ID, n) for n in range(5, 9))
    assert sorted(qr_codes(pdf, 1)) == sorted(qr_payload(SheetKind.FEEDBACK, EVENT_ID, n) for n in (9, 10))


def test_card_boxes_are_numbered_one_to_six_in_the_order_staff_type_them() -> None:
    runs = text_runs(cards(count=1), 0)
    words = [run.text for run in runs]
    wording = _fft_texts()
    answers = list(wording["answers"])  # type: ignore[call-overload]
    assert len(answers) == len(fft.ANSWERS)
    numbers = [w for w in words if w in {"1", "2", "3", "4", "5", "6"}]
    assert numbers == ["1", "2", "3", "4", "5", "6"]
    # each number sits on the same line as its answer
    for n, answer in enumerate(answers, start=1):
        number = next(run for run in runs if run.text == str(n))
        label = next(run for run in runs if run.text == answer)
        assert abs(number.y - label.y) < 3 and number.x < label.x


def test_large_print_cards_two_to_a_page_at_16_point_or_more() -> None:
    pdf = cards(large_print=True, first=1, count=3)
    assert CARDS_PER_PAGE_LARGE == 2 and page_count(pdf) == 2
    for page in range(2):
        assert smallest(text_runs(pdf, page)).size >= 16
    assert sorted(qr_codes(pdf, 0)) == sorted(qr_payload(SheetKind.FEEDBACK, EVENT_ID, n) for n in (1, 2))
    assert qr_codes(pdf, 1) == [qr_payload(SheetKind.FEEDBACK, EVENT_ID, 3)]


def test_cards_with_a_long_event_name_stay_inside_the_card() -> None:
    width, height = 595.2756, 841.8898
    assert_on_page(cards(count=4, event_name=LONG_NAME, venue=LONG_VENUE), card=(width / 2, height / 2))
    assert_on_page(cards(large_print=True, count=2, event_name=LONG_NAME, venue=LONG_VENUE), card=(width, height / 2))


def test_the_longest_code_a_laptop_can_print_stays_on_the_page_and_scans() -> None:
    longest = "WXYZWXYZ"  # a series grows to at most eight letters
    width, height = 595.2756, 841.8898
    for large in (False, True):
        sheet = signups(large_print=large, first=9999, count=1, event_name=LONG_NAME, series=longest)
        assert_on_page(sheet)
        assert format_code(SheetKind.SIGNUP, EVENT_ID, 9999, longest) in squeeze(page_texts(sheet)[0])
        assert qr_codes(sheet, 0) == [qr_payload(SheetKind.SIGNUP, EVENT_ID, 9999, longest)]
        card = cards(large_print=large, first=9998, count=2, event_name=LONG_NAME, venue=LONG_VENUE, series=longest)
        assert_on_page(card, card=(width if large else width / 2, height / 2))
        assert sorted(qr_codes(card, 0)) == [qr_payload(SheetKind.FEEDBACK, EVENT_ID, n, longest) for n in (9998, 9999)]
    sheet = register(["Ann Smith"], first=9999, event_name=LONG_NAME, series=longest)
    assert_on_page(sheet)
    assert qr_codes(sheet, 0) == [qr_payload(SheetKind.ATTENDANCE, EVENT_ID, 9999, longest)]


def test_a_card_needs_all_six_answers() -> None:
    texts = _fft_texts()
    texts["answers"] = ["Good", "Bad"]
    with pytest.raises(ValueError, match="six|6"):
        feedback_cards(io.BytesIO(), sheet_header(), first=1, count=1, **texts)  # type: ignore[arg-type]


# --- attendance registers ----------------------------------------------------------------

def test_register_lists_members_then_guest_rows() -> None:
    members = [POLISH, "Zoë Ďurík", "Amir Khan"]
    pdf = register(members, guest_rows=4)
    text = page_texts(pdf)[0]
    assert page_count(pdf) == 1
    assert "Patient Participation Group meeting" in text and "Riverside Surgery" in text
    assert "Spring health fair" in text
    for name in members:
        assert text.count(name) == 1
    assert "Łukasz" in text
    for label in ("Present", "Signature or initials", "Guests"):
        assert label in text
    runs = text_runs(pdf, 0)
    heading = next(run for run in runs if run.text == "Guests")
    assert next(run for run in runs if run.text == "Amir Khan").y > heading.y  # members come first
    words = [run.text for run in runs]
    assert [w for w in words if w.isdigit()] == [str(n) for n in range(1, 8)]  # 3 members, 4 guests
    assert "@example.org" not in text  # the register is passed round: no contact details on it
    assert "Sheet 1 of 1" in text
    assert qr_codes(pdf, 0) == [qr_payload(SheetKind.ATTENDANCE, EVENT_ID, 1)]


def test_a_long_register_runs_over_numbered_pages() -> None:
    members = [f"Member {n:03d}" for n in range(1, 81)]
    pdf = register(members, first=3, guest_rows=10)
    pages = page_count(pdf)
    assert pages >= 3
    texts = page_texts(pdf)
    last = 3 + pages - 1
    everything = " ".join(texts)
    for name in members:
        assert everything.count(name) == 1, name
    for offset, text in enumerate(texts):
        assert f"Sheet {3 + offset} of {last}" in text
        assert "Signature or initials" in text  # headings repeat on each page
        assert qr_codes(pdf, offset) == [qr_payload(SheetKind.ATTENDANCE, EVENT_ID, 3 + offset)]
    assert "Guests" in texts[-1]
    assert_on_page(pdf)


def test_register_pages_says_how_many_numbers_to_reserve_and_copies_repeat_them() -> None:
    members = [RegisterMember(f"Member {n:03d}", "") for n in range(1, 61)]
    pages = register_pages(sheet_header(), members=members, guest_rows=10, practice_name="Riverside Surgery")
    assert pages >= 2
    out = io.BytesIO()
    attendance_register(out, sheet_header(), first=5, members=members, guest_rows=10,
                        practice_name="Riverside Surgery", copies=2)
    pdf = out.getvalue()
    assert page_count(pdf) == 2 * pages
    texts = page_texts(pdf)
    for copy in range(2):
        for offset in range(pages):
            assert f"Sheet {5 + offset} of {5 + pages - 1}" in texts[copy * pages + offset]
    assert qr_codes(pdf, pages) == [qr_payload(SheetKind.ATTENDANCE, EVENT_ID, 5)]


def test_a_register_with_no_members_still_has_guest_rows() -> None:
    pdf = register([], guest_rows=6)
    words = [run.text for run in text_runs(pdf, 0)]
    assert "Guests" in words
    assert [w for w in words if w.isdigit()] == [str(n) for n in range(1, 7)]


def test_large_print_register_at_16_point_or_more() -> None:
    long_name = "Margaret Anne Fitzgerald-Hutchinson-Smythe"
    pdf = register([POLISH, long_name, *[f"Member {n}" for n in range(30)]], large_print=True, guest_rows=3)
    assert page_count(pdf) >= 3
    for page in range(page_count(pdf)):
        assert smallest(text_runs(pdf, page)).size >= 16
    text = " ".join(page_texts(pdf))
    assert POLISH in text and "Fitzgerald-Hutchinson-" in text
    assert_on_page(pdf)


# --- the run and the file ---------------------------------------------------------------

@pytest.mark.parametrize(("first", "count"), [(0, 1), (1, 0), (9990, 20)])
def test_impossible_runs_are_refused(first: int, count: int) -> None:
    with pytest.raises(ValueError):
        signups(first=first, count=count)


def test_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "sheets.pdf"
    signup_sheets(target, sheet_header(), notice(), first=1, count=2)
    assert page_count(target.read_bytes()) == 2
    with pytest.raises(ValueError):
        signup_sheets(target, sheet_header(), notice(), first=0, count=2)
    assert page_count(target.read_bytes()) == 2  # the good file is still there
    with pytest.raises(ValueError):
        attendance_register(tmp_path / "register.pdf", sheet_header(), first=1, members=[], guest_rows=-1,
                            practice_name="X")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheets.pdf"]  # no temporary files left


def test_sheets_print_without_qt() -> None:
    code = (
        "import importlib.abc, io, sys\n"
        "class NoQt(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is not allowed here: ' + name)\n"
        "sys.meta_path.insert(0, NoQt())\n"
        "from app.documents.sheets import RegisterMember, SheetHeader, attendance_register\n"
        "attendance_register(io.BytesIO(), SheetHeader('3f2a9c4e-1b2d-4c3e-9f00-123456789abc', 'E', 'W', '', 'O'),\n"
        "                    first=1, members=[RegisterMember('A', '')], guest_rows=1, practice_name='P')\n"
        "print('ok')\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
