"""Event names, venues, names and comments in any script print readably in every PDF: Arabic
joined and right to left, Hebrew right to left, Chinese and emoji as glyphs, never as empty
boxes. Each PDF is read back as a PDF reader reads it (pdfium): its text in reading order,
the face each character was printed in, and where on the page it stands."""

from __future__ import annotations

import ctypes
import datetime as dt
import io
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.core.actions import validate_action
from app.core.events import validate_event
from app.core.report import ReportSelection
from app.core.responses import ResponseMode
from app.documents.enrolment_sheet import write_enrolment_sheet
from app.documents.event_report import write_report_pdf
from app.documents.fonts import register_fonts
from app.documents.sheets import RegisterMember, attendance_register, feedback_cards, signup_sheets
from app.documents.you_said_we_did import write_you_said_we_did
from app.store import events
from app.store.reports import local_report
from app.store.responses import submit_response
from app.store.store import Store
from app.store.survey_library import load_library
from tests.documents.test_sheets import _fft_texts
from tests.documents_helpers import notice, sheet_header

ARABIC = "مركز صحي"  # "health centre"
HEBREW = "מרכז בריאות"
CHINESE = "社区健康中心"
POLISH = "Zażółć gęślą jaźń"
EMOJI = "😀"
# Contextual forms only joined Arabic has: meem at the start of a word, yeh at the end.
MEEM_INITIAL, YEH_FINAL = 0xFEE3, 0xFEF2


@dataclass(frozen=True)
class Printed:
    """One character as a PDF reader finds it."""

    char: str
    face: str  # the embedded font's name, without its subset tag
    left: float
    baseline: float
    right: float


def read_back(pdf: bytes) -> tuple[str, list[Printed]]:
    """All pages' text in reading order (as pdfium gives it), and every printed character."""
    doc = pdfium.PdfDocument(pdf)
    texts, printed = [], []
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for page in doc:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        for i in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, name, len(name), ctypes.byref(flags))
            face = name.value.decode("latin-1").split("+")[-1]
            half = printed[-1].char if printed else ""
            if 0xD800 <= code <= 0xDFFF and len(half) == 1 and 0xD800 <= ord(half) <= 0xDFFF:
                # An emoji's two UTF-16 halves; pdfium gives them swapped when set right to left.
                pair = sorted((ord(half), code))
                char = (chr(pair[0]) + chr(pair[1])).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
                printed[-1] = Printed(char, face, printed[-1].left, printed[-1].baseline, printed[-1].right)
                continue
            left, _bottom, right, _top = textpage.get_charbox(i)
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
            printed.append(Printed(chr(code), face, left, y.value, right))
    return " ".join(" ".join(texts).split()), printed


def _faces() -> dict[str, set[int]]:
    register_fonts()
    faces: dict[str, set[int]] = {}
    for name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
        if isinstance(font, TTFont):
            face = font.face.name.decode() if isinstance(font.face.name, bytes) else font.face.name
            faces.setdefault(face, set()).update(font.face.charToGlyph)
    return faces


def to_unicode_chars(pdf: bytes) -> set[int]:
    """Every character the PDF's fonts say their printed codes stand for."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    chars: set[int] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            stream = font.get_object().get("/ToUnicode")
            if stream is not None:
                cmap = stream.get_object().get_data().decode("latin-1")
                chars.update(int(hex_, 16) for hex_ in re.findall(r"<[0-9A-F]{2}> <([0-9A-F]{4})>", cmap))
    return chars


def assert_readable(pdf: bytes, *expected: str) -> str:
    """Each expected text reads back in reading order, every character was printed in a face
    that has it (so none is an empty box), and Arabic is joined and runs right to left."""
    text, printed = read_back(pdf)
    flat = unicodedata.normalize("NFKC", text)
    for wanted in expected:
        # pdfium's text loses an emoji set right to left (as in "مركز صحي 😀"), so emoji are
        # looked for among the printed characters.
        assert wanted in flat or wanted in {p.char for p in printed}, (wanted, flat[:600])
    faces = _faces()
    for p in printed:
        if p.char.isspace() or unicodedata.category(p.char) == "Cc":
            continue
        assert p.face in faces and ord(p.char[0]) in faces[p.face], (p, "printed as an empty box")
    if any(ARABIC in wanted for wanted in expected):
        chars = to_unicode_chars(pdf)
        assert MEEM_INITIAL in chars and YEH_FINAL in chars, "Arabic printed as separate letters"
        # In ARABIC, "م" comes first and "ي" last: read right to left, the first stands rightmost.
        first = next(p for p in printed if p.char == "م")
        last = next(p for p in printed if p.char == "ي")
        assert first.left > last.left
    return flat


# --- the printed sheets ------------------------------------------------------------------

def _header():
    return sheet_header(event_name=f"{ARABIC} {EMOJI}", venue=f"{CHINESE} {POLISH}", organisation=HEBREW)


def test_a_sign_up_sheet_prints_an_event_named_in_arabic_at_a_chinese_venue() -> None:
    out = io.BytesIO()
    signup_sheets(out, _header(), notice(), first=1, count=1, large_print=False)
    assert_readable(out.getvalue(), ARABIC, EMOJI, CHINESE, POLISH, HEBREW)


def test_feedback_cards_print_an_event_named_in_arabic_at_a_chinese_venue() -> None:
    out = io.BytesIO()
    feedback_cards(out, _header(), first=1, count=2, large_print=True, **_fft_texts())  # type: ignore[arg-type]
    assert_readable(out.getvalue(), ARABIC, EMOJI, CHINESE, POLISH, HEBREW)


def test_an_attendance_register_prints_members_names_in_any_script() -> None:
    out = io.BytesIO()
    members = [RegisterMember(name, f"{n}@example.org") for n, name in enumerate(("יעל כהן", "王秀英", POLISH))]
    attendance_register(out, _header(), first=1, members=members, guest_rows=2, practice_name=ARABIC,
                        large_print=False)
    assert_readable(out.getvalue(), ARABIC, CHINESE, "יעל כהן", "王秀英", POLISH, HEBREW)


def test_brackets_round_arabic_in_an_english_line_face_the_right_way() -> None:
    venue = "مركز صحي (المبنى ب)"  # "health centre (building B)"
    out = io.BytesIO()
    signup_sheets(out, sheet_header(venue=venue), notice(), first=1, count=1, large_print=False)
    assert_readable(out.getvalue(), venue)
    _text, printed = read_back(out.getvalue())
    line = [p for p in printed if abs(p.baseline - next(p.baseline for p in printed if p.char == "ب")) < 1]
    centre = [p.left for p in line if p.char in "ركزصحي"]  # letters only the centre's name has
    building = [p.left for p in line if p.char in "بنى"]
    brackets = sorted(p.left for p in line if p.char in "()")
    # Read from the right: the centre's name, then the bracketed building, then the bracket closes.
    assert len(brackets) == 2 and brackets[0] < min(building) and max(building) < brackets[1] < min(centre)


# --- the event report and "you said, we did" ---------------------------------------------

def _event_with_comments(store: Store) -> str:
    library = load_library(store.paths.surveys).surveys
    with store.session() as session:
        event_id = events.add_event(session, store.device_id, validate_event(
            {"name": ARABIC, "kind": "community-event", "event_date": "2026-04-14", "venue": CHINESE,
             "partners": HEBREW, "survey_ids": "fft"})).id
    comments = (f"{POLISH} {EMOJI}", f"{HEBREW}!",
                # A long Arabic comment wraps: its lines must keep their order too.
                " ".join([ARABIC, "مفتوح كل يوم", "والموظفون لطفاء جدا"] * 6))
    for n, comment in enumerate(comments):
        with store.session() as session:
            submit_response(session, response_id=str(uuid.uuid4()), device_id=store.device_id, event_id=event_id,
                            surveys={"fft": library["fft"]},
                            answers={"fft": {"fft_rating": "good", "fft_comment": comment}},
                            mode=ResponseMode("kiosk"), language="en",
                            submitted_at=dt.datetime(2026, 4, 14, 10, n, tzinfo=dt.UTC))
    return event_id


def test_the_event_report_prints_names_venues_and_comments_in_any_script(store: Store, tmp_path: Path) -> None:
    report = local_report(store, ReportSelection(event_ids=(_event_with_comments(store),)))
    out = tmp_path / "report.pdf"
    write_report_pdf(out, report)
    text = assert_readable(out.read_bytes(), ARABIC, CHINESE, HEBREW, POLISH, EMOJI, f"{HEBREW}!",
                           "مفتوح كل يوم والموظفون لطفاء جدا")
    # The wrapped Arabic comment reads from its first words to its last, line after line.
    assert text.index(f"{ARABIC} مفتوح كل يوم") < text.rindex("لطفاء جدا")


def test_you_said_we_did_prints_actions_in_any_script() -> None:
    long = " ".join([ARABIC, "مفتوح كل يوم", "والموظفون لطفاء جدا"] * 4)
    actions = [validate_action({"you_said": f"{ARABIC}: {CHINESE}", "we_will": f"{HEBREW} {EMOJI}"},
                               today=dt.date(2026, 5, 20)),
               validate_action({"you_said": long, "we_will": POLISH}, today=dt.date(2026, 5, 20))]
    out = io.BytesIO()
    write_you_said_we_did(out, ARABIC, actions, organisation=POLISH, today=dt.date(2026, 5, 20))
    assert_readable(out.getvalue(), ARABIC, CHINESE, HEBREW, EMOJI, POLISH, long)
    # The long Arabic paragraph wraps; its lines are set against the right, where Arabic starts.
    _text, printed = read_back(out.getvalue())
    arabic = [p for p in printed if "Arabic" in p.face and p.char.strip()]
    baselines = sorted({round(p.baseline) for p in arabic})  # from the foot of the page up
    rights = [max(p.right for p in arabic if round(p.baseline) == b) for b in baselines]
    lefts = [min(p.left for p in arabic if round(p.baseline) == b) for b in baselines]
    # The paragraph's lines are the lowest three; its last line is the shortest.
    assert max(rights[:3]) - min(rights[:3]) < 1 and lefts[0] > lefts[1] + 20


def test_the_enrolment_sheet_prints_an_organisation_and_laptop_named_in_any_script(tmp_path: Path) -> None:
    out = tmp_path / "enrol.pdf"
    write_enrolment_sheet(out, service_url="https://involve.example.org", code="K7QX-M2PD-9HTA-WC4F",
                          laptop_name=f"{ARABIC} {HEBREW} {CHINESE} {EMOJI}", organisation=POLISH,
                          expires_at=dt.datetime(2026, 12, 5, 14, 5))
    assert_readable(out.read_bytes(), ARABIC, HEBREW, CHINESE, EMOJI, POLISH)
