"""Masking personal details in free-text comments before they appear in a report.

Comments are anonymous, but people still type "ring me on 07700 900123" or "Dr Wróbel was
lovely". Before a comment is printed, five kinds of detail are replaced by a marker:

- emails -> "[email]" (also inside links: the rest of the link is kept);
- phone numbers -> "[phone]": Google's phonenumbers finds valid UK and international
  numbers; because its metadata treats Ofcom's drama ranges (07700 900xxx) and other
  unallocated ranges as invalid, a cautious fallback also masks any run of digit groups
  (spaces, dashes or brackets between them, or dots alone) that starts with 0 or + and holds
  10 to 11 digits (0...) or 10 to 15 digits (+... or 00...). Dates (12/03/2026, 01.02.2026),
  times (10:30), ages, ward numbers and years do not start like that or are too short, so
  they stay;
- NHS numbers -> "[NHS number]": ten digits grouped 3-3-4 (or run together) whose last
  digit is the right modulus 11 check digit ("943 476 5919");
- UK postcodes -> "[postcode]": a full postcode whose area (LS, SW, B...) is one Royal
  Mail uses, with or without the space, in any case ("LS1 4AB", "ls14ab"). An outward code
  alone ("LS6") is masked only straight after the word "postcode": "M62", "B12" and "CO2"
  are as often a motorway, a vitamin or a gas. A lower-case ordinal after an outward-
  looking word ("B1 2nd floor") is not taken for an inward code;
- names the app knows -> "[name]": a whole known name (two or more words) in any case and
  with or without accents ("lukasz wrobel" for "Łukasz Wróbel"; so "I will hope" is masked
  too when a "Will Hope" is known, a rare clash we accept); one part of a known name
  on its own (a first name or a surname, 3 letters or more) only when it starts with a
  capital letter in the comment. Trade-off: "Will", "May", "Hope" and "Ward" are names as
  well as words; lower-case "will" and "may" stay, but a known "Will" that starts a
  sentence is masked. For a report that leaves the building, masking a word too many is
  the safer mistake. Names the app does not know (a nurse's first name) are not found.

Masking runs until nothing more changes, so masking a masked comment again changes
nothing. The module is pure: the caller passes in the known names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from app.core.i18n import _, ngettext


class Kind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    POSTCODE = "postcode"
    NHS_NUMBER = "nhs_number"
    NAME = "name"


def marker(kind: Kind) -> str:
    """The text that stands in for a masked detail, in the reader's language."""
    return {Kind.EMAIL: _("[email]"), Kind.PHONE: _("[phone]"),
            Kind.POSTCODE: _("[postcode]"), Kind.NHS_NUMBER: _("[NHS number]"), Kind.NAME: _("[name]")}[kind]


@dataclass(frozen=True)
class MaskedText:
    text: str
    counts: Mapping[Kind, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# -- emails ---------------------------------------------------------------------------

# Local part: the dot-atom characters of RFC 5322 plus any letter (internationalised
# addresses). Domain: labels of letters, digits and hyphens with at least one dot.
# Each starts only where a word starts, so a long run of letters is scanned once, not once
# per letter.
_EMAIL = re.compile(r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# Inside a link, "/", "?", "=", "&" and "#" end a path or query part rather than belong to
# an address: "https://x.org/?u=joe@x.org" keeps "https://x.org/?u=".
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.IGNORECASE)
_EMAIL_IN_URL = re.compile(r"(?<![\w.!$'*+^`{|}~-])[\w.!$'*+^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")

# -- phones ---------------------------------------------------------------------------

# Digit groups separated by spaces or dashes, with brackets allowed round a group
# ("(020) 7946 0123", "+44 (0)20 ..."); or groups joined by dots alone ("07700.900.123"):
# dots mixed with spaces are more often a date and a time ("01.02.2026 10.30").
_DIGIT_RUN = re.compile(r"(?<![\w+])(?:\+\s?)?\(?\d+\)?(?:[ \t\u00a0-]{1,3}\(?\d+\)?)*(?![\w])")
_DOTTED_RUN = re.compile(r"(?<![\w+.])\+?\d+(?:\.\d+){2,}(?![\w]|\.\d)")
_GROUP = re.compile(r"\+?\(?\d+\)?")
_MIN_PHONE_DIGITS = 10

# -- postcodes ------------------------------------------------------------------------

# Royal Mail postcode areas (plus BF/BX for forces and non-geographic).
_AREAS = (
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L "
    "LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA "
    "SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV "
    "YO ZE"
).split()
_AREA_SET = frozenset(_AREAS)
# Shape first (cheap to scan for), then the area is checked against the list.
_FULL_POSTCODE = re.compile(
    r"(?<![\w])([A-Z]{1,2})(\d[A-Z\d]?)[ \t\u00a0]{0,2}(\d[ABD-HJLNP-UW-Z]{2})(?!\w)", re.IGNORECASE)
_OUTWARD_AFTER_WORD = re.compile(
    r"\b(?:post\s?code|postal\s+code)\b[\s:,-]*(?:is\s+|was\s+)?([A-Z]{1,2})(\d[A-Z\d]?)(?!\w)", re.IGNORECASE)
_ORDINAL = re.compile(r"1st|2nd|3rd|[04-9]th")

# -- names ----------------------------------------------------------------------------

# A word: letters/digits plus any combining marks typed as separate characters.
_WORD = re.compile(r"(?:\w|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")
# What may sit between the words of one name: spaces, a hyphen, an apostrophe.
_NAME_GAP = re.compile(r"[\s\-'\u2019]{1,4}")
_MIN_PART_LETTERS = 3
# Letters NFKD does not split into base letter plus accent.
_FOLD_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe",
                             "þ": "th", "ð": "d", "ŀ": "l"})


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word as compared with known names: no accents, no case."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.translate(_FOLD_EXTRA)


@dataclass(frozen=True)
class NameIndex:
    """Known names, split into folded words, ready to look up word by word."""

    # first folded word -> candidate word tuples, longest first
    full: Mapping[str, tuple[tuple[str, ...], ...]]
    parts: Mapping[str, tuple[tuple[str, ...], ...]]

    @classmethod
    def build(cls, names: Iterable[str]) -> NameIndex:
        full: dict[str, set[tuple[str, ...]]] = {}
        parts: dict[str, set[tuple[str, ...]]] = {}
        for name in names:
            whole = tuple(fold(w) for w in _WORD.findall(name or ""))
            if not whole:
                continue
            if len(whole) >= 2:
                full.setdefault(whole[0], set()).add(whole)
            for piece in (name or "").split():
                words = tuple(fold(w) for w in _WORD.findall(piece))
                if words and sum(len(w) for w in words) >= _MIN_PART_LETTERS \
                        and not any(ch.isdigit() for w in words for ch in w):
                    parts.setdefault(words[0], set()).add(words)

        def ordered(table: dict[str, set[tuple[str, ...]]]) -> dict[str, tuple[tuple[str, ...], ...]]:
            return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in table.items()}
        return cls(ordered(full), ordered(parts))


@lru_cache(maxsize=8)
def _index_for(names: frozenset[str]) -> NameIndex:
    # A report masks its comments one by one with the same names: build the index once.
    return NameIndex.build(names)


def _mask_names(text: str, index: NameIndex, markers: re.Pattern[str], mark: str) -> tuple[str, int]:
    if not index.full and not index.parts:
        return text, 0
    # Words inside a marker already put in ("[name]", "[NHS number]") are not names.
    inside = {i for m in markers.finditer(text) for i in range(m.start(), m.end())}
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text) if m.start() not in inside]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        start, end, word = words[i]
        folded = [fold(words[i][2])]
        taken = 0
        for table, needs_capital in ((index.full, False), (index.parts, True)):
            if needs_capital and not word[:1].isupper():
                continue
            for candidate in table.get(folded[0], ()):
                if _matches(text, words, i, candidate, folded):
                    taken = len(candidate)
                    break
            if taken:
                break
        if taken:
            spans.append((start, words[i + taken - 1][1]))
            i += taken
        else:
            i += 1
    return _replace(text, spans, mark), len(spans)


def _matches(text: str, words: list[tuple[int, int, str]], i: int, candidate: tuple[str, ...],
             folded: list[str]) -> bool:
    if i + len(candidate) > len(words):
        return False
    for k in range(1, len(candidate)):
        if len(folded) <= k:
            folded.append(fold(words[i + k][2]))
        if folded[k] != candidate[k] or not _NAME_GAP.fullmatch(text[words[i + k - 1][1]:words[i + k][0]]):
            return False
    return True


def _replace(text: str, spans: list[tuple[int, int]], with_text: str) -> str:
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(with_text)
        last = end
    out.append(text[last:])
    return "".join(out)


def _mask_emails(text: str, mark: str) -> tuple[str, int]:
    if "@" not in text:
        return text, 0
    found = 0
    pieces, last = [], 0
    for url in _URL.finditer(text):
        plain, n = _EMAIL.subn(mark, text[last:url.start()])
        link, m = _EMAIL_IN_URL.subn(mark, url.group())
        pieces += [plain, link]
        found += n + m
        last = url.end()
    rest, n = _EMAIL.subn(mark, text[last:])
    return "".join(pieces) + rest, found + n


def _phone_spans_by_groups(text: str) -> list[tuple[int, int]]:
    """The cautious fallback: digit groups that start like a phone number and are long enough."""
    spans: list[tuple[int, int]] = []
    runs = sorted([*_DIGIT_RUN.finditer(text), *_DOTTED_RUN.finditer(text)], key=lambda r: r.start())
    for run in runs:
        if spans and run.start() < spans[-1][1]:
            continue
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group()) for m in _GROUP.finditer(run.group())]
        i = 0
        while i < len(groups):
            first = groups[i][2].lstrip("(")
            if not (first.startswith("+") or first.startswith("0")):
                i += 1
                continue
            international = first.startswith("+") or first.startswith("00")
            cap = 15 if international else 11
            digits, j = 0, i
            while j < len(groups):
                more = sum(ch.isdigit() for ch in groups[j][2])
                if digits + more > cap:
                    break
                digits += more
                j += 1
            if digits >= _MIN_PHONE_DIGITS:
                spans.append((groups[i][0], groups[j - 1][1]))
                i = j
            else:
                i += 1
    return spans


# Stretches that could hold a phone number: digits with the separators people type. Only
# these are handed to phonenumbers, which is slow on whole comments.
_PHONE_CANDIDATE = re.compile(r"(?:\+|\b00|\()?\d[\d \t\u00a0().\-/]*\d\)?")
_MIN_CANDIDATE_DIGITS = 7


def _mask_phones(text: str, mark: str) -> tuple[str, int]:
    import phonenumbers  # loaded on first use: it takes a moment to import

    spans: list[tuple[int, int]] = []
    for candidate in _PHONE_CANDIDATE.finditer(text):
        snippet = candidate.group()
        if sum(ch.isdigit() for ch in snippet) < _MIN_CANDIDATE_DIGITS:
            continue
        base = candidate.start()
        spans += [(base + m.start, base + m.end) for m in phonenumbers.PhoneNumberMatcher(snippet, "GB")]
    text = _replace(text, spans, mark)
    fallback = _phone_spans_by_groups(text)
    return _replace(text, fallback, mark), len(spans) + len(fallback)


def _mask_postcodes(text: str, mark: str) -> tuple[str, int]:
    spans = []
    for m in _FULL_POSTCODE.finditer(text):
        if m.group(1).upper() not in _AREA_SET:
            continue
        inward = m.group(3)
        spaced = m.end(2) != m.start(3)
        # "B1 2nd floor": an ordinal typed in lower case is not an inward code.
        if spaced and _ORDINAL.fullmatch(inward) and inward[1:].islower():
            continue
        spans.append(m.span())
    text = _replace(text, spans, mark)
    outward = [(m.start(1), m.end(2)) for m in _OUTWARD_AFTER_WORD.finditer(text)
               if m.group(1).upper() in _AREA_SET]
    return _replace(text, outward, mark), len(spans) + len(outward)


# Three digits, three, four, with optional single spaces or dashes: how NHS numbers are
# printed and typed.
_NHS_NUMBER = re.compile(r"(?<![\w+.-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w]|[.-]\d)")


def is_nhs_number(digits: str) -> bool:
    """The NHS number's own check: a modulus 11 check digit, so a random 10 digits passes 1 in 11."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _mask_nhs_numbers(text: str, mark: str) -> tuple[str, int]:
    spans = [m.span() for m in _NHS_NUMBER.finditer(text) if is_nhs_number("".join(m.groups()))]
    return _replace(text, spans, mark), len(spans)


_MAX_PASSES = 4


def mask_comment(text: str, known_names: Collection[str] | NameIndex = ()) -> MaskedText:
    """``text`` with emails, phone numbers, postcodes and known names replaced by markers.

    Pass a :class:`NameIndex` built once when masking many comments with the same names.
    """
    index = known_names if isinstance(known_names, NameIndex) else _index_for(frozenset(known_names))
    marks = {kind: marker(kind) for kind in Kind}
    markers = re.compile("|".join(re.escape(m) for m in marks.values()))
    counts = dict.fromkeys(Kind, 0)
    for _pass in range(_MAX_PASSES):
        before = text
        # Phones before NHS numbers: "+1 415 555 2671" holds ten digits that pass the NHS check.
        for kind, step in ((Kind.EMAIL, _mask_emails), (Kind.PHONE, _mask_phones),
                           (Kind.NHS_NUMBER, _mask_nhs_numbers), (Kind.POSTCODE, _mask_postcodes)):
            text, n = step(text, marks[kind])
            counts[kind] += n
        text, n = _mask_names(text, index, markers, marks[Kind.NAME])
        counts[Kind.NAME] += n
        if text == before:
            break
    return MaskedText(text, {k: v for k, v in counts.items() if v})


def add_counts(results: Iterable[MaskedText]) -> dict[Kind, int]:
    """What was masked across many comments, for the report's footer."""
    total = dict.fromkeys(Kind, 0)
    for result in results:
        for kind, n in result.counts.items():
            total[kind] += n
    return {k: v for k, v in total.items() if v}


def footer_line(counts: Mapping[Kind, int]) -> str:
    """One plain sentence saying what was hidden, e.g. "Hidden in these comments: 2 emails, 1 name."."""
    if not counts:
        return _("No personal details were found in these comments.")
    wording = {
        Kind.EMAIL: lambda n: ngettext("{n} email address", "{n} email addresses", n),
        Kind.PHONE: lambda n: ngettext("{n} phone number", "{n} phone numbers", n),
        Kind.POSTCODE: lambda n: ngettext("{n} postcode", "{n} postcodes", n),
        Kind.NHS_NUMBER: lambda n: ngettext("{n} NHS number", "{n} NHS numbers", n),
        Kind.NAME: lambda n: ngettext("{n} name", "{n} names", n),
    }
    pieces = [wording[k](counts[k]).format(n=counts[k]) for k in Kind if counts.get(k)]
    return _("Personal details hidden in these comments: {details}.").format(details=", ".join(pieces))
