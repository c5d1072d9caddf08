"""Who should we involve? How well a person or an organisation matches a search, and why, in words.

A search names a topic, an area and a community (any of them; at least one), and the kind of
contact planned. A candidate matches on each part it shares with the search:

- *topic*: a person who chose the topic as one they care about; an organisation working on it;
- *area*: for a person, their postcode district or postcode area ("ME14", "ME"), or the
  locality of an event they signed up at; for an organisation, one of its areas;
- *community*: organisations only (people are never asked which communities they belong to).

Every part matched adds to the score (a topic counts most: it is what the subject is), and a
candidate that matches nothing is not a result. Results are ranked by score, then by name.

The kind of contact decides whose consent covers it (see :data:`DEFAULT_INTERESTS`): the store
applies that, with the rest of the consent rules, before anyone is scored.

Pure: no database, no Qt.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.core.i18n import N_, _
from app.core.network import COMMUNITIES, TOPICS, area_key, clean_area, labels_text
from app.core.person_topics import find_topic, topic_label
from app.core.signups import Interest
from app.core.validation import ValidationError

TOPIC_POINTS = 4
AREA_POINTS = 2
COMMUNITY_POINTS = 2
PURPOSE_MAX = 500


class ContactKind(enum.StrEnum):
    """What the people found will be asked to do; each is covered by one or more interests."""

    INVOLVEMENT = "involvement"  # the default: the health network, focus groups or surveys
    HEALTH_NETWORK = "health-network"
    FOCUS_GROUPS = "focus-groups"
    SURVEYS = "surveys"
    NEWSLETTER = "newsletter"
    VOLUNTEERING = "volunteering"
    PPG = "ppg"

    @property
    def label(self) -> str:
        return _(CONTACT_KIND_LABELS[self])

    @property
    def interests(self) -> tuple[Interest, ...]:
        """The interests any one of which a person must have chosen for this contact."""
        if self is ContactKind.INVOLVEMENT:
            return DEFAULT_INTERESTS
        return (Interest(self.value),)


# Getting involved in shaping services: a person who asked for any of these may be asked to
# take part. The newsletter is news, not involvement; a PPG is one practice's; volunteering is
# a role: each is chosen only on purpose.
DEFAULT_INTERESTS = (Interest.HEALTH_NETWORK, Interest.FOCUS_GROUPS, Interest.SURVEYS)

CONTACT_KIND_LABELS = {
    ContactKind.INVOLVEMENT: N_("Getting involved"),
    ContactKind.HEALTH_NETWORK: N_("The health network"),
    ContactKind.FOCUS_GROUPS: N_("A focus group"),
    ContactKind.SURVEYS: N_("A survey"),
    ContactKind.NEWSLETTER: N_("The newsletter"),
    ContactKind.VOLUNTEERING: N_("Volunteering"),
    ContactKind.PPG: N_("A Patient Participation Group"),
}


@dataclass(frozen=True)
class Search:
    """What to look for: a topic value, an area as typed (tidied), a community value, the contact."""

    topic: str | None = None
    area: str = ""
    community: str | None = None
    contact: ContactKind = ContactKind.INVOLVEMENT

    def as_json(self) -> dict[str, str | None]:
        return {"topic": self.topic, "area": self.area or None, "community": self.community,
                "contact": self.contact.value}

    def describe(self) -> str:
        """The search in words: "Mental health · ME14 · for getting involved"."""
        parts = [topic_label(self.topic)] if self.topic else []
        parts += [self.area] if self.area else []
        parts += [community_label(self.community)] if self.community else []
        return " · ".join(parts + [_("for: {kind}").format(kind=self.contact.label)])


def search_from_json(values: Mapping[str, object]) -> Search:
    """A search as kept with a contact list (``Search.as_json``), read back leniently: words
    no longer on the lists stay as they were kept."""
    try:
        contact = ContactKind(str(values.get("contact") or ContactKind.INVOLVEMENT.value))
    except ValueError:
        contact = ContactKind.INVOLVEMENT
    return Search(topic=str(values["topic"]) if values.get("topic") else None, area=str(values.get("area") or ""),
                  community=str(values["community"]) if values.get("community") else None, contact=contact)


def community_label(value: str) -> str:
    label = COMMUNITIES.get(value)
    return _(label) if label is not None else value


def find_community(text: str) -> str | None:
    wanted = "".join(ch for ch in text.casefold() if ch.isalnum())
    if not wanted:
        return None
    for value, label in COMMUNITIES.items():
        names = (value, label, _(label))
        if wanted in ("".join(ch for ch in n.casefold() if ch.isalnum()) for n in names):
            return value
    return None


def parse_contact_kind(text: str) -> ContactKind:
    wanted = text.strip().casefold().replace("_", "-").replace(" ", "-")
    for kind in ContactKind:
        if wanted in (kind.value, kind.value.rstrip("s")):
            return kind
    for interest in Interest:  # a sign-up's letters (H, F, S...) work here too
        if wanted == interest.letter.casefold():
            return ContactKind(interest.value)
    raise ValueError(_("'{text}' is not a kind of contact; choose from: {names}.").format(
        text=text[:40], names=", ".join(k.value for k in ContactKind)))


def validate_search(values: Mapping[str, object]) -> Search:
    """A search from a form or the command line: topic and community as value or label, area as
    typed. Raises ``ValidationError`` naming each part that is wrong (topic, area, community,
    contact), or ``topic`` when nothing at all was given to search by."""
    errors: dict[str, str] = {}
    topic_text = str(values.get("topic") or "").strip()
    topic = find_topic(topic_text) if topic_text else None
    if topic_text and topic is None:
        errors["topic"] = _("'{text}' is not one of the topics; choose from: {names}.").format(
            text=topic_text[:40], names=labels_text(TOPICS))
    area = clean_area(str(values.get("area") or ""))
    community_text = str(values.get("community") or "").strip()
    community = find_community(community_text) if community_text else None
    if community_text and community is None:
        errors["community"] = _("'{text}' is not one of the communities; choose from: {names}.").format(
            text=community_text[:40], names=labels_text(COMMUNITIES))
    contact = ContactKind.INVOLVEMENT
    contact_text = str(values.get("contact") or "").strip()
    if contact_text:
        try:
            contact = parse_contact_kind(contact_text)
        except ValueError as error:
            errors["contact"] = str(error)
    if not errors and not (topic or area or community):
        errors["topic"] = _("Give a topic, an area or a community to search by.")
    if errors:
        raise ValidationError(errors)
    return Search(topic=topic, area=area, community=community, contact=contact)


def check_purpose(text: object) -> str:
    """Why a contact list is being made, as it is kept with the record of what was sent."""
    purpose = " ".join(str(text or "").split())
    if not purpose:
        raise ValidationError({"purpose": _("Say what the list is for, for example “Invitation to the mental "
                                            "health focus group in May”.")})
    if len(purpose) > PURPOSE_MAX:
        raise ValidationError({"purpose": _("Keep the purpose to {limit} characters or fewer.").format(
            limit=PURPOSE_MAX)})
    return purpose


# ----- places

def postcode_places(postcode: str) -> tuple[str, str]:
    """A full postcode's district and area ("ME14 1XX" -> "ME14", "ME"); blanks when there is none."""
    outward = postcode.split()[0].upper() if postcode.strip() else ""
    letters = "".join(ch for ch in outward[:2] if ch.isalpha())
    return outward, letters


# ----- scoring

@dataclass(frozen=True)
class PersonFacts:
    """What a person's match is judged on (only people whose consent covers the contact)."""

    topics: Sequence[str]
    postcode: str
    localities: Iterable[str] = ()  # of the events they signed up at


@dataclass(frozen=True)
class OrganisationFacts:
    topics: Sequence[str]
    areas: Sequence[str]
    communities: Sequence[str]


@dataclass(frozen=True)
class Score:
    points: int
    reasons: tuple[str, ...] = field(default=())

    @property
    def why(self) -> str:
        """The match in words: "Cares about Mental health · Lives in ME14"."""
        return " · ".join(self.reasons)


NO_MATCH = Score(0)


class PersonScorer:
    """Scores many people for one search: what the search asks is worked out once, not per person."""

    def __init__(self, search: Search) -> None:
        self.topic = search.topic
        self.wanted = area_key(search.area) if search.area else ""
        self.topic_reason = _("Cares about {topic}").format(topic=topic_label(search.topic)) if search.topic else ""
        self._lives: dict[str, str] = {}

    def score(self, person: PersonFacts) -> Score:
        points, reasons = 0, []
        if self.topic and self.topic in person.topics:
            points += TOPIC_POINTS
            reasons.append(self.topic_reason)
        if self.wanted:
            district, postcode_area = postcode_places(person.postcode)
            shown = district if district and self.wanted == area_key(district) else \
                postcode_area if postcode_area and self.wanted == area_key(postcode_area) else ""
            if shown:
                points += AREA_POINTS
                reasons.append(self._lives_in(shown))
            else:
                place = next((p for p in person.localities if p and area_key(p) == self.wanted), None)
                if place is not None:
                    points += AREA_POINTS
                    reasons.append(_("Signed up at an event in {place}").format(place=" ".join(place.split())))
        return Score(points, tuple(reasons)) if points else NO_MATCH

    def _lives_in(self, area: str) -> str:
        said = self._lives.get(area)
        if said is None:
            said = self._lives[area] = _("Lives in {area}").format(area=area)
        return said


def score_person(search: Search, person: PersonFacts) -> Score:
    return PersonScorer(search).score(person)


def score_organisation(search: Search, organisation: OrganisationFacts) -> Score:
    points, reasons = 0, []
    if search.topic and search.topic in organisation.topics:
        points += TOPIC_POINTS
        reasons.append(_("Works on {topic}").format(topic=topic_label(search.topic)))
    if search.area:
        wanted = area_key(search.area)
        place = next((a for a in organisation.areas if area_key(a) == wanted), None)
        if place is not None:
            points += AREA_POINTS
            reasons.append(_("Serves {area}").format(area=place))
    if search.community and search.community in organisation.communities:
        points += COMMUNITY_POINTS
        reasons.append(_("Serves {community}").format(community=community_label(search.community)))
    return Score(points, tuple(reasons)) if points else NO_MATCH


def rank_key(points: int, name: str, *, reachable: bool = True) -> tuple[int, bool, str, str]:
    """Best match first; among equals, those with a way to reach them before those without
    (an organisation with no contact details is of little use to a list); then by name as a
    person reads a list."""
    return (-points, not reachable, name.casefold(), name)
