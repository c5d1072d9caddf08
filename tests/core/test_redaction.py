"""Masking personal details in comments before they are printed in a report."""

from __future__ import annotations

import re

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.events import validate_event
from app.core.practices import validate_practice
from app.core.redaction import Kind, NameIndex, add_counts, footer_line, mask_comment
from app.core.signups import ConsentMethod, validate_signup
from app.store import attendance, events, people, practices
from app.store.known_names import known_names
from app.store.store import Store

MANY = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KNOWN = ("Łukasz Wróbel", "Will Hope", "May Patel", "Ann Smith", "Siobhán Ní Bhriain", "Mary-Jane O'Neil",
         "Olusegun Adeyemi", "Zoë Clarke", "José Álvarez", "Priya Shah")
INDEX = NameIndex.build(KNOWN)

# Everyday feedback with no personal details in it, including numbers that must not be taken
# for phone numbers or postcodes, and lower-case words that are also known first names.
ORDINARY = (
    "The nurse was kind", "Waited 45 minutes", "Ward 10 was clean", "Open 8-6 Mon-Fri", "I'm 65 years old",
    "Seen on 12/03/2026 at 10:30", "Appointment 12.03.2026 10:30-11:15", "I will come again",
    "I hope it stays open", "It may be better next time", "Parking cost £4.50 for 2 hours",
    "Between 2019-2020 it got worse", "9 out of 10", "Room B1 on the 2nd floor", "The M62 was busy",
    "Take vitamin B12 and vitamin D", "CO2 levels felt high in the waiting room", "Bus 42 every 15 mins",
    "Rated 5/5!", "100% happy", "I was there from 9am to 5pm", "Over 1,000 people use this clinic",
    "Reference 123456", "Ward 3, bay 2, bed 14", "Covid-19 rules were clear", "A&E was packed",
    "The GP said to call back in 2-3 days", "Years 2024 2025", "Queue of 30+ people", "Level -1 car park",
    "Dr. on call was helpful", "Email was not answered", "Phone lines are always busy",
    "My postcode area has no bus", "Will they fix the lift? No idea",
)
# "Will they fix the lift?" is the documented trade-off: a known "Will" at the start of a
# sentence is masked. Every other line must come back unchanged.
TRADE_OFF = "Will they fix the lift? No idea"

WORDS = ("the", "staff", "were", "kind", "and", "helpful", "waited", "45", "minutes", "ward", "10", "clean",
         "but", "parking", "was", "hard", "please", "contact", "me", "on", "at", "my", "postcode", "is",
         "thanks", "to", "for", "a", "great", "day", "will", "may", "hope", "12/03/2026", "10:30", "8-6")

AREAS = ("LS", "SW", "B", "M", "E", "N", "W", "G", "EH", "CF", "BT", "ME", "YO", "WC", "EC", "NW")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def valid_email(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


emails = st.emails().filter(valid_email)


@st.composite
def uk_phones(draw: st.DrawFn) -> str:
    style = draw(st.sampled_from(["mobile", "mobile+44", "london()", "london-", "leeds", "drama", "compact"]))
    d = lambda n: "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=n, max_size=n)))  # noqa: E731
    if style == "mobile":
        return f"07{draw(st.sampled_from('1345789'))}{d(2)} {d(6)}"
    if style == "mobile+44":
        return f"+44 7{draw(st.sampled_from('1345789'))}{d(2)} {d(6)}"
    if style == "london()":
        return f"(020) {d(4)} {d(4)}"
    if style == "london-":
        return f"020-{d(4)}-{d(4)}"
    if style == "leeds":
        return f"0113 {d(3)} {d(4)}"
    if style == "drama":
        return f"07700 900{d(3)}"
    return f"07{d(9)}"


@st.composite
def postcodes(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(AREAS))
    district = str(draw(st.integers(1, 99 if len(area) == 2 else 9)))
    inward = str(draw(st.integers(0, 9))) + "".join(draw(st.lists(st.sampled_from(INWARD_LETTERS),
                                                                  min_size=2, max_size=2)))
    code = area + district + draw(st.sampled_from([" ", ""])) + inward
    lower = code.lower()
    # A lower-case ordinal after a space ("b1 2nd") is read as "2nd floor", not an inward code.
    if re.search(r" (1st|2nd|3rd|[04-9]th)$", lower):
        return code
    return draw(st.sampled_from([code, lower]))


@st.composite
def name_mentions(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(KNOWN))
    plain = name.translate(str.maketrans("ŁóáëÉéÁíÍ", "LoaeEeAiI"))
    form = draw(st.sampled_from(["as-is", "lower", "upper", "plain", "part"]))
    if form == "part":
        parts = [p for p in name.split() if len(re.sub(r"\W", "", p)) >= 3]
        return draw(st.sampled_from(parts))
    return {"as-is": name, "lower": name.lower(), "upper": name.upper(), "plain": plain}[form]


def with_check_digit(first_nine: int) -> str | None:
    check = 11 - sum(int(d) * w for d, w in zip(str(first_nine), range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    return None if check == 10 else f"{first_nine}{check}"  # no NHS number starts with those nine


@st.composite
def nhs_numbers(draw: st.DrawFn) -> str:
    digits = draw(st.integers(400_000_000, 799_999_999).map(with_check_digit)
                  .filter(lambda d: d is not None and len(set(d)) > 1))
    sep = draw(st.sampled_from([" ", "-", ""]))
    return sep.join([digits[:3], digits[3:6], digits[6:]])


details = st.one_of(emails, uk_phones(), postcodes(), name_mentions(), nhs_numbers())


@st.composite
def comments_with_details(draw: st.DrawFn) -> tuple[str, list[str]]:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=12))
    inserted = draw(st.lists(details, min_size=1, max_size=4))
    for item in inserted:
        words.insert(draw(st.integers(0, len(words))), item)
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from([" ", ", ", ": ", " (", ") ", "\n", " - ", "; ", "\t"])) + word
    return text + draw(st.sampled_from(["", ".", "!", "?", ")"])), inserted


@MANY
@given(comments_with_details())
def test_no_inserted_detail_survives_masking(case: tuple[str, list[str]]) -> None:
    text, inserted = case
    masked = mask_comment(text, INDEX)
    for item in inserted:
        assert item not in masked.text
    assert masked.total >= 1


@MANY
@given(comments_with_details())
def test_masking_a_masked_comment_changes_nothing(case: tuple[str, list[str]]) -> None:
    once = mask_comment(case[0], INDEX).text
    again = mask_comment(once, INDEX)
    assert again.text == once and again.total == 0


@MANY
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300),
       st.lists(st.text(max_size=30), max_size=4))
def test_arbitrary_text_never_raises_and_masks_once(text: str, names: list[str]) -> None:
    once = mask_comment(text, names).text
    assert mask_comment(once, names).text == once


@MANY
@given(st.lists(st.sampled_from(
    ["مرحبا 07700 900123", "שלום joe@example.com", "👍🏽 LS1 4AB", "\u202eAnn Smith\u202c", "\x00\x07\x1b",
     "\u200f", "🏥", "\r\n\t", "Łukasz", "=cmd|' /C calc'!A0", "ﬁ", "İ"]), max_size=8).map(" ".join))
def test_right_to_left_emoji_and_control_characters_are_handled(text: str) -> None:
    masked = mask_comment(text, INDEX).text
    for item in ("07700 900123", "joe@example.com", "LS1 4AB", "Ann Smith"):
        assert item not in masked


@MANY
@given(st.lists(st.sampled_from([s for s in ORDINARY if s != TRADE_OFF]), min_size=1, max_size=4).map(". ".join),
       st.dates().map(lambda d: d.strftime("%d/%m/%Y")), st.times().map(lambda t: t.strftime("%H:%M")),
       st.integers(0, 120))
def test_ordinary_feedback_comes_back_unchanged(text: str, date: str, time: str, age: int) -> None:
    comment = f"{text}. Seen {date} at {time}, aged {age}"
    masked = mask_comment(comment, INDEX)
    assert masked.text == comment and masked.total == 0


@pytest.mark.parametrize("line", [s for s in ORDINARY if s != TRADE_OFF])
def test_each_ordinary_line_is_unchanged(line: str) -> None:
    assert mask_comment(line, KNOWN).text == line


def test_a_known_first_name_is_masked_only_when_capitalised() -> None:
    assert mask_comment("I will hope May will come", ["Will Hope", "May Patel"]).text == "I [name] [name] will come"
    assert mask_comment("i may come, you will see", ["Will Hope", "May Patel"]).text == "i may come, you will see"
    assert mask_comment(TRADE_OFF, KNOWN).text == "[name] they fix the lift? No idea"


def test_examples_from_the_brief() -> None:
    masked = mask_comment(
        "Thanks to Lukasz wrobel and Wróbel's team. Email joe.bloggs+nhs@example.co.uk or ring 07700 900123 "
        "or (020) 7946 0123; I live at ls14ab near SW1A 1AA, postcode LS6. See https://x.org/?u=joe@x.org&a=1",
        KNOWN)
    assert masked.text == (
        "Thanks to [name] and [name]'s team. Email [email] or ring [phone] "
        "or [phone]; I live at [postcode] near [postcode], postcode [postcode]. See https://x.org/?u=[email]&a=1")
    assert dict(masked.counts) == {Kind.NAME: 2, Kind.EMAIL: 2, Kind.PHONE: 2, Kind.POSTCODE: 3}


def test_numbers_in_other_layouts_and_countries_are_masked() -> None:
    assert mask_comment("call +1 415 555 2671 or +33 1 23 45 67 89").text == "call [phone] or [phone]"
    assert mask_comment("07700.900.123 or +44 (0)20 7946 0123 or 0044 7700 900123").text == (
        "[phone] or [phone] or [phone]")
    assert mask_comment("seen 01.02.2026 10.30, LS1  4AB").text == "seen 01.02.2026 10.30, [postcode]"
    assert mask_comment("two numbers 07700 900123 0161 496 0123 in 45 minutes").text == (
        "two numbers [phone] [phone] in 45 minutes")


def test_nhs_numbers_are_masked_only_when_their_check_digit_is_right() -> None:
    assert mask_comment("my NHS number is 943 476 5919").text == "my NHS number is [NHS number]"
    assert mask_comment("9434765919 or 943-476-5919").counts == {Kind.NHS_NUMBER: 2}
    assert mask_comment("ref 943 476 5918 or 1234567890").total == 0


def test_the_footer_says_what_was_hidden() -> None:
    results = [mask_comment("joe@example.com and 07700 900123"), mask_comment("Ann Smith said hi", KNOWN),
               mask_comment("nothing here")]
    assert footer_line(add_counts(results)) == (
        "Personal details hidden in these comments: 1 email address, 1 phone number, 1 name.")
    assert footer_line({}) == "No personal details were found in these comments."


def test_the_store_knows_signups_guests_and_organisers_but_not_erased_people(store: Store) -> None:
    base = {"email": "", "phone": "07911 123456", "postcode": "", "interests": ["newsletter"],
            "contact_method": "phone"}
    consent = people.ConsentGiven("privacy-notice", 1, ConsentMethod.STAFF)
    with store.session() as session:
        practice = practices.save_practice(session, store.device_id, validate_practice("Bower Mount", "G82001"))
        meeting = events.add_event(session, store.device_id, validate_event(
            {"name": "PPG", "kind": "ppg-meeting", "event_date": "2026-12-01", "practice_id": practice.id,
             "organiser": "Priya Shah"}))
        events.add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "outreach-stall", "event_date": "2026-12-02", "organiser": "PALS Team"}))
        people.save_signup(session, store.device_id, validate_signup({**base, "name": "Łukasz Wróbel"}),
                                  consent)
        withdrawn = people.save_signup(session, store.device_id, validate_signup({**base, "name": "May Patel"}),
                                       consent)
        erased = people.save_signup(session, store.device_id, validate_signup({**base, "name": "Gone Person"}),
                                    consent)
        people.withdraw_consent(session, withdrawn.id)
        people.erase_person(session, erased.id)
        attendance.add_guest(session, store.device_id, meeting.id, "  Olusegun   Adeyemi ")
        removed = attendance.add_guest(session, store.device_id, meeting.id, "Removed Guest")
        attendance.remove_guest(session, removed.id)
        names = known_names(session)
    assert names == {"Łukasz Wróbel", "May Patel", "Olusegun Adeyemi", "Priya Shah"}
    assert mask_comment("Olusegun and lukasz wrobel were great, PALS Team too", names).text == (
        "[name] and [name] were great, PALS Team too")

