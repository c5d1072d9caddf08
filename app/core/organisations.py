"""What an organisation in the health network is: its name, kind, the areas it covers, the
topics and communities it serves, how to reach it, and notes. Pure checks, no storage.

Kinds, topics and communities are stored as their values (``vcs``, ``mental_health``) and
typed either way: a value or its label, in any case. Areas are the team's own words, tidied
by :func:`app.core.network.clean_area`. Email and phone are checked as people's are.

:func:`name_key` is what two listings of one organisation share ("The Maidstone Carers' Centre
Ltd" and "maidstone carers centre"), for pointing out duplicates; it never changes the name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from app.core.contact import check_email, check_phone
from app.core.i18n import _
from app.core.network import (
    AREA_LIMIT,
    COMMUNITIES,
    TOPICS,
    OrganisationKind,
    area_key,
    clean_area,
    kinds_text,
    labels_text,
)
from app.core.validation import FieldChecks, ValidationError, clean_text

NAME_MAX = 200
NOTES_MAX = 4000
WEBSITE_MAX = 500
ROLE_MAX = 200
LIST_MAX = 30  # areas, topics or communities on one organisation: more is a pasted list gone wrong

_WEBSITE = re.compile(r"^(https?://)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?::\d{1,5})?(/\S*)?$",
                      re.IGNORECASE)
# Words that do not tell two organisations apart: "The ... Ltd", "... & ..." and "... and ...".
_NOISE_WORDS = {"the", "ltd", "limited", "and", "cic", "inc", "plc", "llp", "co"}


@dataclass(frozen=True)
class OrganisationDetails:
    """Everything a person can set on an organisation, already checked."""

    name: str
    kind: OrganisationKind
    areas: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # values of app.core.network.TOPICS
    communities: tuple[str, ...] = ()  # values of app.core.network.COMMUNITIES
    email: str = ""
    phone: str = ""
    website: str = ""
    notes: str = ""

    @property
    def name_key(self) -> str:
        return name_key(self.name)


FIELDS = tuple(OrganisationDetails.__dataclass_fields__)


def name_key(name: str) -> str:
    """A name with case, accents, punctuation, "the", "ltd" and "&"/"and" set aside."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().replace("&", " and "))
    plain = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    words = [w for w in plain.split() if w not in _NOISE_WORDS]
    return "".join(words)[:220]


def kind_label(value: str) -> str:
    try:
        return OrganisationKind(value).label
    except ValueError:
        return value


def topic_label(value: str) -> str:
    return _(TOPICS[value]) if value in TOPICS else value


def community_label(value: str) -> str:
    return _(COMMUNITIES[value]) if value in COMMUNITIES else value


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def parse_kind(value: object) -> OrganisationKind:
    """A kind from its value (``vcs``) or its label (``Voluntary or community group``), any case."""
    if isinstance(value, OrganisationKind):
        return value
    text = _key(str(value or ""))
    if not text:
        raise ValueError(_("Choose what kind of organisation it is."))
    for kind in OrganisationKind:
        if text in (_key(kind.value), _key(kind.label), _key(str(kind.label).split(" (")[0])):
            return kind
    raise ValueError(_("'{text}' is not a kind of organisation; choose one of {choices}.").format(
        text=str(value).strip()[:60], choices=kinds_text()))


def _choose(words: Mapping[str, str], what: str) -> Callable[[str], str]:
    by_key = {_key(v): v for v in words} | {_key(_(label)): v for v, label in words.items()} \
        | {_key(label): v for v, label in words.items()}

    def pick(text: str) -> str:
        found = by_key.get(_key(text))
        if found is None:
            raise ValueError(_("'{text}' is not one of the {what}; choose from {choices}.").format(
                text=text.strip()[:60], what=what, choices=labels_text(words)))
        return found
    return pick


def parse_topic(text: str) -> str:
    """A topic's value from its value or its label, any case."""
    return _choose(TOPICS, _("topics"))(text)


def parse_community(text: str) -> str:
    """A community's value from its value or its label, any case."""
    return _choose(COMMUNITIES, _("communities"))(text)


def split_list(value: object) -> list[str]:
    """A list as typed or read from a file: a sequence, or text split on ";" (or "," when there is no ";")."""
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.split(";") if ";" in value else value.split(",")
    elif isinstance(value, Iterable):
        parts = [str(v) for v in value]
    else:
        parts = [str(value)]
    return [p.strip() for p in parts if p and p.strip()]


def _unique(items: Iterable[str], key: Callable[[str], str] = str) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return tuple(seen.values())


def _list(value: object, pick: Callable[[str], str], what: str) -> tuple[str, ...]:
    items = split_list(value)
    chosen = _unique(pick(item) for item in items)
    if len(chosen) > LIST_MAX:
        raise ValueError(_("Keep this to {n} {what} or fewer.").format(n=LIST_MAX, what=what))
    return chosen


def check_areas(value: object) -> tuple[str, ...]:
    areas = []
    for item in split_list(value):
        if len(" ".join(item.split())) > AREA_LIMIT:
            raise ValueError(_("Keep each area to {limit} characters or fewer.").format(limit=AREA_LIMIT))
        area = clean_area(item)
        if area:
            areas.append(area)
    chosen = _unique(areas, area_key)
    if len(chosen) > LIST_MAX:
        raise ValueError(_("Keep this to {n} areas or fewer.").format(n=LIST_MAX))
    return chosen


def check_website(value: object) -> str:
    """A web address as typed, without spaces; "https://" is added when no scheme was given."""
    text = str(value or "").strip()
    if not text:
        return ""
    if len(text) > WEBSITE_MAX:
        raise ValueError(_("That web address is too long."))
    if not _WEBSITE.match(text):
        raise ValueError(_("That does not look like a web address; write it like www.example.org.uk."))
    return text if text.lower().startswith(("http://", "https://")) else "https://" + text


def check_org_name(value: object) -> str:
    try:
        text = " ".join(clean_text(value, max_length=NAME_MAX).split())
    except ValueError:
        raise ValueError(_("Keep the name to {limit} characters or fewer.").format(limit=NAME_MAX)) from None
    if not text:
        raise ValueError(_("Give the organisation's name."))
    if not any(ch.isalnum() for ch in text):
        raise ValueError(_("A name needs at least one letter or digit."))
    return text


def check_role(value: object) -> str:
    """A contact's role at an organisation ("Chair", "Volunteer coordinator"); may be empty."""
    try:
        return " ".join(clean_text(value, max_length=ROLE_MAX).split())
    except ValueError:
        raise ValueError(_("Keep the role to {limit} characters or fewer.").format(limit=ROLE_MAX)) from None


def validate_organisation(values: Mapping[str, object]) -> OrganisationDetails:
    """Check raw form, command-line or file values; raise ``ValidationError`` naming every bad field."""
    checks = FieldChecks(values, FIELDS, _("Not a detail of an organisation."))
    clean, errors, check = checks.clean, checks.errors, checks.check

    check("name", check_org_name)
    check("kind", parse_kind)
    check("areas", check_areas)
    check("topics", lambda v: _list(v, parse_topic, _("topics")))
    check("communities", lambda v: _list(v, parse_community, _("communities")))
    check("email", check_email)
    check("phone", check_phone)
    check("website", check_website)
    check("notes", lambda v: clean_text(v, max_length=NOTES_MAX))
    if errors:
        raise ValidationError(errors)
    return OrganisationDetails(**clean)


def field_words(field: str) -> str:
    """What a field is called in plain words, for messages about a file's rows."""
    return {"name": _("Name"), "kind": _("Kind"), "areas": _("Areas"), "topics": _("Topics"),
            "communities": _("Communities"), "email": _("Email"), "phone": _("Phone"), "website": _("Website"),
            "notes": _("Notes"), "role": _("Role")}.get(field, field)
