"""The enrolment sheet, read back as the person setting up a laptop reads it and as a scanner
reads its QR code: everything they must type is there whole, and nothing runs off the page."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.core.enrolment import SERVICE_URL_MAX, describe_expiry, enrolment_payload, parse_enrolment_payload
from app.documents.enrolment_sheet import write_enrolment_sheet
from app.documents.fonts import BOLD, MONO, REGULAR, register_fonts
from tests.documents_helpers import page_count, page_size, page_texts, qr_codes, text_runs

URL = "https://involve.northshire.nhs.uk"
CODE = "K7QX-M2PD-9HTA-WC4F"
EXPIRES = dt.datetime(2026, 12, 5, 14, 5)  # naive: local time
LONG_ORGANISATION = ("Northshire and South Riverside Integrated Care Board Patient and Public Engagement and "
                     "Experience Team")
LONG_LAPTOP = "Outreach stall laptop number two (grey Dell Latitude, kept in the locked cupboard at Riverside)"
LONG_URL = ("https://involve-central.engagement.northshire-and-south-riverside-integrated-care-board.nhs.uk:8443"
            "/central/api/v1")
PRINTABLE = 10 * mm
_HOST = "https://" + "a" * 50 + ".example.org/"
LONGEST_URL = _HOST + "x" * (SERVICE_URL_MAX - len(_HOST))
LONGEST_CODE = "-".join(["A7B9"] * 13)  # 64 characters, the most allowed


def sheet(tmp_path: Path, *, name: str = "enrol.pdf", **changes: object) -> bytes:
    values: dict[str, object] = {"service_url": URL, "code": CODE, "laptop_name": "Stall laptop 2",
                                 "expires_at": EXPIRES, "organisation": "Northshire Integrated Care Board"}
    values.update(changes)
    target = tmp_path / name
    write_enrolment_sheet(target, **values)  # type: ignore[arg-type]
    return target.read_bytes()


def unbroken(text: str) -> str:
    """The page's text with every line break and space gone: long values wrap across lines."""
    return re.sub(r"\s+", "", text)


def test_one_a4_page_with_the_address_the_code_the_laptop_and_the_expiry(tmp_path: Path) -> None:
    pdf = sheet(tmp_path)
    assert page_count(pdf) == 1
    assert page_size(pdf) == pytest.approx(A4)
    text = page_texts(pdf)[0]
    for expected in ("Connect this laptop to Northshire Integrated Care Board", "Stall laptop 2", URL, CODE,
                     "Use by 14:05 on Saturday 5 December 2026",
                     "1. On the laptop, open Involve and choose Sync ▸ Connect to your organisation…",
                     "2. Type the address and the code above (or paste the text of the QR code).",
                     "3. Or, at a command line: involve enrol ADDRESS CODE",
                     "The code works once, and only until the time above. Keep this sheet private until the laptop "
                     "is connected, then shred it."):
        assert expected in text, expected


def test_the_address_and_code_print_in_a_monospaced_face_and_the_code_is_the_biggest_text(tmp_path: Path) -> None:
    runs = text_runs(sheet(tmp_path), 0)
    biggest = max(runs, key=lambda run: run.size)
    assert biggest.text == CODE and "Mono" in biggest.font and biggest.size >= 36
    address = next(run for run in runs if run.text == URL)
    assert "Mono" in address.font and address.size >= 18


def test_without_an_organisation_it_says_your_organisation(tmp_path: Path) -> None:
    assert "Connect this laptop to your organisation" in page_texts(sheet(tmp_path, organisation=""))[0]


def test_the_expiry_is_in_local_time(tmp_path: Path) -> None:
    moment = dt.datetime(2026, 12, 5, 14, 5, tzinfo=dt.UTC)
    assert describe_expiry(moment) in page_texts(sheet(tmp_path, expires_at=moment))[0]


@pytest.mark.parametrize(("url", "code"), [
    (URL, CODE),
    (LONG_URL, "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345"),
    (LONGEST_URL, LONGEST_CODE),
])
def test_the_qr_code_scans_as_the_address_and_the_code(tmp_path: Path, url: str, code: str) -> None:
    pdf = sheet(tmp_path, service_url=url, code=code)
    found = qr_codes(pdf, 0)
    assert found == [enrolment_payload(url, code)]
    assert parse_enrolment_payload(found[0]) == (url, code)
    assert url in unbroken(page_texts(pdf)[0]) and code in unbroken(page_texts(pdf)[0]), "printed whole"


def _width(run_text: str, font: str, size: float) -> float:
    register_fonts()
    face = MONO if "Mono" in font else BOLD if "Bold" in font else REGULAR
    return stringWidth(run_text, face, size)


@pytest.mark.parametrize(("organisation", "laptop"), [
    (LONG_ORGANISATION, LONG_LAPTOP),
    ("W" * 120, "W" * 100),  # the longest names the settings allow, in the widest letter
])
def test_long_names_wrap_and_stay_on_the_page(tmp_path: Path, organisation: str, laptop: str) -> None:
    url = "https://" + "a" * 50 + ".example.org/" + "/".join(["segment"] * 60)
    url = url[:SERVICE_URL_MAX]
    pdf = sheet(tmp_path, organisation=organisation, laptop_name=laptop, service_url=url, code=LONGEST_CODE)
    assert page_count(pdf) == 1
    width, height = page_size(pdf)
    for run in text_runs(pdf, 0):  # inside the margin any printer leaves
        assert PRINTABLE <= run.x and run.x + _width(run.text, run.font, run.size) <= width - PRINTABLE, run
        assert PRINTABLE <= run.y <= height - PRINTABLE, run
    text = page_texts(pdf)[0]
    assert "…" not in text.replace("Connect to your organisation…", ""), "nothing is cut short"
    for value in (organisation, laptop, url, LONGEST_CODE):
        assert unbroken(value) in unbroken(text), value
    assert qr_codes(pdf, 0) == [enrolment_payload(url, LONGEST_CODE)]


def test_the_code_stays_out_of_the_file_s_description(tmp_path: Path) -> None:
    sheet(tmp_path)
    metadata = PdfReader(tmp_path / "enrol.pdf").metadata
    assert metadata is not None
    described = " ".join(str(value) for value in metadata.values())
    assert "Stall laptop 2" in described and CODE not in described


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_only_the_owner_can_read_the_file(tmp_path: Path) -> None:
    sheet(tmp_path)
    assert (tmp_path / "enrol.pdf").stat().st_mode & 0o777 == 0o600


def test_a_failed_write_leaves_the_last_good_file_and_nothing_else(tmp_path: Path, monkeypatch) -> None:
    good = sheet(tmp_path)

    import app.documents.enrolment_sheet as module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(module, "_draw_page", broken)
    with pytest.raises(OSError):
        sheet(tmp_path, code="NEW1-NEW2")
    assert (tmp_path / "enrol.pdf").read_bytes() == good, "a failed write leaves the last good file in place"
    assert [p.name for p in tmp_path.iterdir()] == ["enrol.pdf"], "no temporary file is left behind"


@pytest.mark.parametrize("changes", [
    {"code": "K7QX M2PD"},
    {"code": ""},
    {"service_url": "involve.northshire.nhs.uk"},
    {"service_url": "https://sam:secret@involve.northshire.nhs.uk"},
    {"laptop_name": "  \n "},
])
def test_bad_input_is_refused_before_any_file_is_made(tmp_path: Path, changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        sheet(tmp_path, **changes)
    assert list(tmp_path.iterdir()) == []
