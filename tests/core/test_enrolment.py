"""The line in an enrolment sheet's QR code: the address and the code come back exactly as given,
and anything else, pasted or scanned, is refused without an error."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.enrolment import (
    CODE_MAX,
    PAYLOAD_PREFIX,
    SERVICE_URL_MAX,
    describe_expiry,
    enrolment_payload,
    parse_enrolment_payload,
)

URL = "https://involve.northshire.nhs.uk"
CODE = "K7QX-M2PD-9HTA-WC4F"


def test_the_payload_is_one_line_with_the_address_and_the_code() -> None:
    assert enrolment_payload(URL, CODE) == "involve-enrol:https://involve.northshire.nhs.uk#K7QX-M2PD-9HTA-WC4F"
    assert parse_enrolment_payload(enrolment_payload(URL, CODE)) == (URL, CODE)


@pytest.mark.parametrize("url", [
    "https://involve.northshire.nhs.uk",
    "https://involve.northshire.nhs.uk:8443/central/api/v1/",
    "http://localhost:8080",
    "https://10.0.0.5/involve?site=kent&x=1",
    "https://[2001:db8::1]:8443/",
    "https://zdrowie.przykład.pl/",
])
def test_addresses_a_service_can_have_round_trip(url: str) -> None:
    assert parse_enrolment_payload(enrolment_payload(url, CODE)) == (url, CODE)


def test_a_pasted_line_may_bring_spaces_and_a_line_break_with_it() -> None:
    assert parse_enrolment_payload(f"  {enrolment_payload(URL, CODE)}\r\n") == (URL, CODE)


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "hello",
    "K7QX-M2PD-9HTA-WC4F",
    URL,
    "INVOLVE:S:3f2a9c4e-1b2d-4c3e-9f00-123456789abc:7",  # a paper sheet's QR code
    "involve-enrol:",
    "involve-enrol:#K7QX",
    f"involve-enrol:{URL}",
    f"involve-enrol:{URL}#",
    f"involve-enrol:{URL}#K7QX M2PD",
    f"involve-enrol:{URL}#K7QX--M2PD",
    f"involve-enrol:{URL}#-K7QX",
    f"involve-enrol:{URL}#K7QX#M2PD",
    f"involve-enrol:{URL}#K7QX\nM2PD",
    f"involve-enrol:{URL}#{'A' * (CODE_MAX + 1)}",
    f"involve-enrol:{URL}/ #K7QX",
    "involve-enrol:ftp://involve.example.org#K7QX",
    "involve-enrol:involve.example.org#K7QX",
    "involve-enrol:https://#K7QX",
    "involve-enrol:https://:8443#K7QX",
    "involve-enrol:https://host:port#K7QX",
    "involve-enrol:https://[::1#K7QX",
    "involve-enrol:https://sam:secret@involve.example.org#K7QX",
    f"involve-enrol:https://{'a' * SERVICE_URL_MAX}.org#K7QX",
    f"involve-enrol:{URL}\x00#K7QX",
    f"enrol:{URL}#{CODE}",
])
def test_junk_is_refused(text: str) -> None:
    assert parse_enrolment_payload(text) is None


@given(st.text(max_size=600))
@settings(max_examples=1000, deadline=None)
def test_any_text_is_refused_or_read_without_an_error(text: str) -> None:
    found = parse_enrolment_payload(text)
    if found is not None:  # whatever is accepted makes the same payload again
        assert enrolment_payload(*found).lower() == text.strip().lower()


hosts = st.lists(st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True), min_size=1, max_size=4)
paths = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~/?&=%+", max_size=80)
codes = st.from_regex(r"[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8}){0,6}", fullmatch=True)


@given(st.sampled_from(["https", "http"]), hosts, st.one_of(st.none(), st.integers(1, 65535)), paths, codes)
@settings(max_examples=500, deadline=None)
def test_every_good_address_and_code_come_back_as_given(scheme: str, host: list[str], port: int | None,
                                                        path: str, code: str) -> None:
    url = f"{scheme}://{'.'.join(host)}{f':{port}' if port else ''}/{path}"
    assert parse_enrolment_payload(enrolment_payload(url, code)) == (url, code)


@pytest.mark.parametrize(("url", "code"), [
    ("", CODE),
    ("involve.example.org", CODE),
    ("https://sam:secret@involve.example.org", CODE),
    ("https://involve.example.org/#top", CODE),
    ("https://involve.example.org/ x", CODE),
    ("https://" + "a" * SERVICE_URL_MAX, CODE),
    (URL, ""),
    (URL, "K7QX M2PD"),
    (URL, "K7QX_M2PD"),
    (URL, "A" * (CODE_MAX + 1)),
])
def test_a_payload_is_never_made_from_what_the_laptop_could_not_read(url: str, code: str) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        enrolment_payload(url, code)


def test_the_prefix_names_the_app_and_the_purpose() -> None:
    assert PAYLOAD_PREFIX == "involve-enrol:"


def test_the_expiry_is_said_in_local_time() -> None:
    assert describe_expiry(dt.datetime(2026, 12, 5, 14, 5)) == "Use by 14:05 on Saturday 5 December 2026"
    moment = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert describe_expiry(moment) == describe_expiry(moment.astimezone().replace(tzinfo=None))
