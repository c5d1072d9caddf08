"""Every validator and the transcription parser, fed thousands of generated inputs.

Whatever a person types or a sheet holds, the checks either return a clean value or refuse
it with a message: no other exception escapes, and a refusal always says something.
"""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import fft
from app.core.contact import check_email, check_name, check_phone, check_postcode, normalise_postcode
from app.core.practices import check_practice_code, validate_practice
from app.core.sheet_codes import (
    SheetKind,
    device_series,
    format_code,
    parse_row_number,
    parse_sheet_code,
    qr_payload,
)
from app.core.signups import Interest, validate_signup
from app.core.transcription import parse_card, parse_signup_row, parse_ticks
from app.core.validation import ValidationError

MANY = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text people could type or a scanner could send: any Unicode, with the characters the
# formats use made likely.
typed = st.one_of(
    st.text(),
    st.text(alphabet=string.ascii_letters + string.digits + " -+@.()", max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
)
postcode_like = st.builds(
    lambda area, district, sector, unit, space: f"{area}{district}{space}{sector}{unit}",
    st.text(alphabet="ABCEGHKMNPSTWXYZabcme", min_size=1, max_size=2),
    st.integers(0, 99).map(str),
    st.integers(0, 9).map(str),
    st.text(alphabet="ABDEFGHJLNPQRSTUWXYZabxyz", min_size=2, max_size=2),
    st.sampled_from(["", " ", "  ", "\t"]),
)
phone_like = st.builds(lambda prefix, digits: prefix + digits,
                       st.sampled_from(["07", "+447", "01", "020 ", "0044 7", "+1 ", ""]),
                       st.text(alphabet=string.digits + " -()", max_size=14))
email_like = st.builds(lambda local, domain, tld: f"{local}@{domain}.{tld}",
                       st.text(alphabet=string.ascii_letters + string.digits + "._+-é", min_size=0, max_size=20),
                       st.text(alphabet=string.ascii_letters + string.digits + "-.ü", min_size=0, max_size=20),
                       st.sampled_from(["uk", "com", "nhs.uk", "", "x"]))


def refuses_with_message(check, value) -> object:
    """The check's result, or None when it refused with a non-empty message."""
    try:
        return check(value)
    except ValueError as error:
        assert str(error).strip(), f"{check.__name__} refused {value!r} without saying why"
        if isinstance(error, ValidationError):
            assert error.errors and all(m.strip() for m in error.errors.values())
        return None


@MANY
@given(st.one_of(typed, postcode_like))
def test_postcode_check_returns_a_normal_postcode_or_a_message(value: str) -> None:
    result = refuses_with_message(check_postcode, value)
    if result:
        outward, inward = result.split(" ")
        assert result == result.upper() and len(inward) == 3 and 2 <= len(outward) <= 4
        assert check_postcode(result) == result  # normalising twice changes nothing
        assert normalise_postcode(value) == result


@MANY
@given(st.one_of(typed, phone_like))
def test_phone_check_returns_an_international_number_or_a_message(value: str) -> None:
    result = refuses_with_message(check_phone, value)
    if result:
        assert result.startswith("+") and result[1:].isdigit()
        assert check_phone(result) == result


@MANY
@given(st.one_of(typed, email_like))
def test_email_check_returns_an_address_or_a_message(value: str) -> None:
    result = refuses_with_message(check_email, value)
    if result:
        assert "@" in result and check_email(result) == result


@MANY
@given(typed)
def test_name_check_keeps_a_name_with_a_letter_or_says_why_not(value: str) -> None:
    result = refuses_with_message(check_name, value)
    if result is not None:
        assert result == result.strip() and any(ch.isalpha() for ch in result) and len(result) <= 200


@MANY
@given(typed, st.one_of(typed, st.from_regex(r"[A-Za-z][0-9]{5}", fullmatch=True)))
def test_practice_checks_refuse_with_messages(name: str, code: str) -> None:
    refuses_with_message(check_practice_code, code)
    refuses_with_message(lambda v: validate_practice(name, v), code)


signup_values = st.fixed_dictionaries({}, optional={
    "name": typed, "email": st.one_of(typed, email_like), "phone": st.one_of(typed, phone_like),
    "postcode": st.one_of(typed, postcode_like),
    "interests": st.one_of(typed, st.lists(st.one_of(st.sampled_from([i.value for i in Interest]), typed),
                                           max_size=4)),
    "practice_id": st.one_of(st.none(), typed, st.just("p1")),
    "contact_method": st.one_of(typed, st.sampled_from(["email", "phone", "text", "E", "C", "T"])),
    "access_needs": typed,
})


@MANY
@given(signup_values)
def test_signup_validation_saves_clean_details_or_names_every_problem(values: dict) -> None:
    result = refuses_with_message(lambda v: validate_signup(v, practice_ids={"p1"}), values)
    if result is not None:
        assert result.name and (result.email or result.phone) and result.interests
        assert (Interest.PPG in result.interests) == (result.practice_id == "p1")


kinds = st.sampled_from(list(SheetKind))
uuids = st.uuids().map(str)
series = st.one_of(st.just(""), uuids.map(lambda device: device_series(device, [])))  # "": printed before series


@MANY
@given(st.one_of(typed, st.builds(format_code, kinds, uuids, st.integers(-5, 20000), series),
                 st.builds(qr_payload, kinds, uuids, st.integers(-5, 20000), series)))
def test_sheet_codes_parse_or_say_why_not(value: str) -> None:
    result = refuses_with_message(parse_sheet_code, value)
    if result is not None:
        assert 1 <= result.number <= 9999


@SOME
@given(kinds, uuids, st.integers(1, 9999), series, st.sampled_from(["", " ", "lower", "spaced", "squeezed"]))
def test_a_printed_code_reads_back_as_itself(kind: SheetKind, event_id: str, number: int, part: str,
                                             style: str) -> None:
    code = format_code(kind, event_id, number, part)
    typed_code = {"": code, " ": f"  {code} ", "lower": code.lower(), "spaced": code.replace("-", " "),
                  "squeezed": code.replace("-", "")}[style]
    parsed = parse_sheet_code(typed_code)
    assert (parsed.kind, parsed.number, parsed.series) == (kind, number, part)
    assert event_id.startswith(parsed.event_ref) and parsed.text == code
    scanned = parse_sheet_code(qr_payload(kind, event_id, number, part))
    assert (scanned.kind, scanned.event_ref, scanned.number, scanned.series) == (kind, event_id, number, part)
    assert scanned.text == code  # the QR code and the printed code say the same


def test_laptops_whose_series_would_match_print_different_ones_once_either_knows_the_other() -> None:
    seen: dict[str, str] = {}
    n = 0
    while True:  # two device ids whose series start alike (about one pair in 600 ids)
        device = f"00000000-0000-4000-8000-{n:012d}"
        start = device_series(device, [])
        if start in seen:
            a, b = seen[start], device
            break
        seen[start] = device
        n += 1
    assert device_series(a, [b]) != device_series(b, [a])  # both know of each other
    assert device_series(a, [b]) != device_series(b, [])  # only A knows of B
    assert len(device_series(a, [b])) > 4 and device_series(a, [a]) == start  # itself does not count
    for device in (a, b):
        assert len(device_series(device, [])) == 4 and device_series(device, []).isalpha()


@MANY
@given(typed, st.integers(1, 12))
def test_row_numbers_parse_or_say_why_not(value: str, rows: int) -> None:
    result = refuses_with_message(lambda v: parse_row_number(v, rows), value)
    if result is not None:
        assert 1 <= result <= rows


@MANY
@given(typed)
def test_ticks_parse_to_known_boxes_or_say_why_not(value: str) -> None:
    letters = {i.letter: i for i in Interest}
    result = refuses_with_message(lambda v: parse_ticks(v, letters), value)
    if result is not None:
        assert set(result) <= set(Interest) and len(set(result)) == len(result)


sheet_rows = st.fixed_dictionaries({}, optional={
    "row": st.one_of(typed, st.integers(-2, 12).map(str)),
    "name": typed, "email": st.one_of(typed, email_like), "phone": st.one_of(typed, phone_like),
    "postcode": st.one_of(typed, postcode_like), "ticks": st.one_of(typed, st.text(alphabet="HPNSFVhx ,", max_size=8)),
    "practice_id": st.one_of(st.none(), st.just("p1"), typed), "contact": st.one_of(typed, st.sampled_from("ECTx")),
    "access_needs": typed, "consent": st.one_of(typed, st.sampled_from(["Y", "y", "", "n", "✓"])),
})


@MANY
@given(sheet_rows)
def test_signup_rows_from_paper_parse_or_name_every_problem(values: dict) -> None:
    result = refuses_with_message(lambda v: parse_signup_row(v, rows=8, practice_ids={"p1"}), values)
    if result is not None:
        assert 1 <= result.row <= 8 and result.details.name and result.details.interests


@MANY
@given(st.fixed_dictionaries({}, optional={"rating": st.one_of(typed, st.integers(-1, 8).map(str)),
                                           "comment": typed}))
def test_feedback_cards_parse_or_say_why_not(values: dict) -> None:
    result = refuses_with_message(parse_card, values)
    if result is not None:
        answers = result[fft.SURVEY_ID]
        assert answers and answers.get(fft.RATING_QUESTION, fft.VERY_GOOD) in fft.ANSWERS


def test_examples_people_type() -> None:
    assert check_postcode(" me14  1xx") == "ME14 1XX"
    assert check_postcode("sw1a2aa") == "SW1A 2AA"
    assert check_phone("07911 123456") == "+447911123456"
    assert check_phone("+44 (0)20 7946 0123") == "+442079460123"
    assert check_email("Ann.Smith@Example.NHS.UK") == "Ann.Smith@example.nhs.uk"
    for bad, check in (("ME14", check_postcode), ("QQ1 1AA", check_postcode), ("0791112345", check_phone),
                       ("ann@", check_email), ("ann@example", check_email), ("1234", check_name)):
        assert refuses_with_message(check, bad) is None
