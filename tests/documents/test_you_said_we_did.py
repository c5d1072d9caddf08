"""The public "You said, we did" summary, read back from the PDF: plain words, every action and how
far it got, and nothing that names anyone."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdf
import pytest

from app.core.actions import validate_action
from app.documents.you_said_we_did import status_words, write_you_said_we_did

TODAY = dt.date(2026, 5, 20)


def action(**values):
    return validate_action({"you_said": "The wait was long", "we_will": "Add a second receptionist"} | values,
                           today=TODAY)


def text_of(pdf: bytes | Path) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def write(actions, **options) -> tuple[int, list[str]]:
    out = io.BytesIO()
    pages = write_you_said_we_did(out, "Spring fair", actions, today=TODAY, **options)
    return pages, text_of(out.getvalue())


def test_each_action_says_what_was_said_agreed_and_done_in_plain_words() -> None:
    actions = [
        action(status="done", what_done="A second receptionist started in May", done_on="2026-05-01",
               owner="Sam Practice-Manager", topic="gp_access"),
        action(you_said="Signs are confusing", we_will="Ask for clearer signs", status="in_progress",
               due_date="2026-07-31"),
        action(you_said="Information in Polish, proszę", we_will="Translate the leaflet (ulotka)",
               due_date="2026-09-30"),
        action(you_said="Open on Sundays", we_will="Ask the pharmacy", status="not_possible",
               what_done="It has no staff on Sundays"),
    ]
    pages, text = write(actions, subtitle="Tue 14 Apr 2026", organisation="Kent Engagement Team",
                        topics={"gp_access": "Getting a GP appointment"})
    whole = " ".join(text)
    assert pages == len(text) >= 1
    assert whole.startswith("You said, we did Spring fair Tue 14 Apr 2026")
    for expected in ["What we have done", "About: Getting a GP appointment", "You said: The wait was long",
                     "We agreed: Add a second receptionist", "We did: A second receptionist started in May",
                     "We did this on 1 May 2026",
                     "What we are doing", "We are working on this, to finish by 31 July 2026",
                     "Information in Polish, proszę", "We will: Translate the leaflet (ulotka)",
                     "We will do this by 30 September 2026",
                     "What we could not do", "Why we could not: It has no staff on Sundays", "We could not do this",
                     f"Page 1 of {pages}"]:
        assert expected in whole, expected
    assert whole.index("What we have done") < whole.index("What we are doing") < whole.index("What we could not")
    assert "Sam" not in whole, "owners are staff: their names are not for the public"


def test_personal_details_quoted_in_an_action_are_masked() -> None:
    quoted = action(you_said="Jane Smith said ring 07700 900123 or email jane@example.com, she lives at ME14 1AB",
                    we_will="Call Jane Smith back on 07700 900123", status="done",
                    what_done="Rang Jane Smith at home in ME14 1AB")
    _pages, text = write([quoted], known_names={"Jane Smith"})
    whole = " ".join(text)
    for detail in ("Jane", "Smith", "07700", "900123", "jane@example.com", "ME14"):
        assert detail not in whole, detail
    assert "You said: [name] said ring [phone] or email [email], she lives at [postcode]" in whole
    assert "We agreed: Call [name] back on [phone]" in whole and "We did: Rang [name] at home in [postcode]" in whole


def test_long_text_flows_over_pages_without_losing_a_word() -> None:
    long_said = " ".join(f"w{n}" for n in range(400))
    pages, text = write([action(you_said=long_said)] + [action(you_said=f"Point {n}") for n in range(12)])
    whole = " ".join(text)
    assert pages > 2
    assert all(f" w{n} " in f" {whole} " for n in (0, 200, 399))
    assert all(f"Point {n}" in whole for n in range(12))
    assert text[-1].endswith(f"Page {pages} of {pages}")


def test_no_actions_yet_says_so() -> None:
    pages, text = write([])
    assert pages == 1 and "No actions have been agreed yet." in text[0]


def test_a_file_is_written_whole(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "summary.pdf"
    assert write_you_said_we_did(out, "Fair", [action()]) == 1
    assert "You said: The wait was long" in text_of(out)[0]
    good = out.read_bytes()

    import app.documents.you_said_we_did as module

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(module, "_draw_page", broken)
    with pytest.raises(OSError):
        write_you_said_we_did(out, "Fair", [action(you_said="New")])
    assert out.read_bytes() == good, "a failed write leaves the last good file in place"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]


def test_status_words() -> None:
    assert status_words(action(), TODAY) == "We will do this"
    assert status_words(action(status="done", what_done="x", done_on="2026-05-03"), TODAY) == \
        "We did this on 3 May 2026"
    assert status_words(action(due_date="2026-05-19"), TODAY) == \
        "We will do this. It was due by 19 May 2026 and is late.", "an action running late is not hidden"
