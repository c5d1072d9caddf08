"""Names suggested in save dialogs: always one every system accepts, never empty."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pathvalidate import is_valid_filename

from app.core.file_names import safe_file_name


def test_refused_characters_become_single_spaces_and_the_suffix_stays() -> None:
    assert safe_file_name('Sign-up sheets - Café: a/b?.pdf', "sheets.pdf") == "Sign-up sheets - Café a b.pdf"


def test_a_reserved_windows_name_is_changed() -> None:
    assert safe_file_name("CON.pdf", "sheets.pdf").lower() != "con.pdf"


def test_nothing_left_gives_the_fallback() -> None:
    assert safe_file_name(' ?*"/ .pdf', "sheets.pdf") == "sheets.pdf"
    assert safe_file_name("...", "event") == "event"


def test_a_long_name_is_shortened_before_its_suffix() -> None:
    name = safe_file_name("Feedback cards - " + "Community hub " * 40 + ".pdf", "cards.pdf", max_length=80)
    assert len(name) <= 80 and name.endswith(".pdf")


@given(st.text(max_size=300))
def test_any_text_gives_a_name_every_system_accepts(text: str) -> None:
    name = safe_file_name(text + ".pdf", "document.pdf")
    assert is_valid_filename(name, platform="universal"), name
