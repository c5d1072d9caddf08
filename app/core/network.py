"""The words of the health network: kinds of organisation, topics, communities, kinds of
activity, the ladder of participation, and claims. Stored as the value; shown as the label.

Topics include every answer of the feedback topics survey, so what the public raised and who
to involve about it are spoken of in the same words. Areas (localities, wards, PCNs) are the
team's own and free text: see :func:`clean_area`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from app.core.contact import postcode_district
from app.core.i18n import N_, _


class OrganisationKind(enum.StrEnum):
    VCS = "vcs"  # a voluntary or community group
    CHARITY = "charity"
    PPG = "ppg"
    HEALTHWATCH = "healthwatch"
    COUNCIL = "council"
    FAITH = "faith"
    COMMUNITY = "community"
    NHS = "nhs"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(ORGANISATION_KIND_LABELS[self])


ORGANISATION_KIND_LABELS = {
    OrganisationKind.VCS: N_("Voluntary or community group"),
    OrganisationKind.CHARITY: N_("Charity"),
    OrganisationKind.PPG: N_("Patient Participation Group (PPG)"),
    OrganisationKind.HEALTHWATCH: N_("Healthwatch"),
    OrganisationKind.COUNCIL: N_("Council"),
    OrganisationKind.FAITH: N_("Faith group"),
    OrganisationKind.COMMUNITY: N_("Community group"),
    OrganisationKind.NHS: N_("NHS organisation"),
    OrganisationKind.OTHER: N_("Other"),
}

def labels_text(words: Mapping[str, str] | Mapping[OrganisationKind, str]) -> str:
    """The labels people read (never the stored values), for saying what may be chosen."""
    return ", ".join(_(label) for label in words.values())


def kinds_text() -> str:
    """The kinds of organisation as people read them."""
    return labels_text(ORGANISATION_KIND_LABELS)


# value -> label. The first nine are the feedback topics survey's own answers (less "other").
TOPICS: dict[str, str] = {
    "gp_access": N_("Getting a GP appointment"),
    "hospital": N_("Hospital care"),
    "urgent_care": N_("Urgent and emergency care"),
    "mental_health": N_("Mental health"),
    "social_care": N_("Social care"),
    "pharmacy": N_("Pharmacy"),
    "dental": N_("Dentists"),
    "transport": N_("Transport to appointments"),
    "maternity": N_("Maternity and babies"),
    "children": N_("Children and young people's health"),
    "long_term_conditions": N_("Long-term conditions"),
    "cancer": N_("Cancer"),
    "dementia": N_("Dementia"),
    "learning_disability": N_("Learning disability and autism"),
    "end_of_life": N_("End of life care"),
    "prevention": N_("Staying well"),
    "digital": N_("Digital and online services"),
}

COMMUNITIES: dict[str, str] = {
    "older_people": N_("Older people"),
    "young_people": N_("Young people"),
    "carers": N_("Carers"),
    "disabled_people": N_("Disabled people"),
    "deaf_people": N_("Deaf people and people with hearing loss"),
    "blind_people": N_("Blind and partially sighted people"),
    "learning_disability": N_("People with a learning disability"),
    "minority_ethnic": N_("Minority ethnic communities"),
    "faith": N_("Faith communities"),
    "lgbtq": N_("LGBTQ+ people"),
    "refugees": N_("Refugees and people seeking asylum"),
    "gypsy_roma_traveller": N_("Gypsy, Roma and Traveller communities"),
    "homeless": N_("People experiencing homelessness"),
    "rural": N_("Rural communities"),
    "low_income": N_("People on low incomes"),
    "veterans": N_("Armed forces veterans"),
    "parents": N_("Parents and families"),
}


class ActivityKind(enum.StrEnum):
    MEETING = "meeting"
    PANEL = "panel"
    READING_GROUP = "reading-group"
    EVENT = "event"
    REVIEW = "review"
    PPG_MEETING = "ppg-meeting"  # fed in from a PPG meeting's register
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(ACTIVITY_KIND_LABELS[self])


ACTIVITY_KIND_LABELS = {
    ActivityKind.MEETING: N_("Meeting"),
    ActivityKind.PANEL: N_("Panel"),
    ActivityKind.READING_GROUP: N_("Reading group"),
    ActivityKind.EVENT: N_("Event"),
    ActivityKind.REVIEW: N_("Review"),
    ActivityKind.PPG_MEETING: N_("PPG meeting"),
    ActivityKind.OTHER: N_("Other"),
}


class Level(enum.StrEnum):
    """The ladder of participation, lowest rung first."""

    INFORM = "inform"
    CONSULT = "consult"
    INVOLVE = "involve"
    COLLABORATE = "collaborate"
    CO_PRODUCE = "co-produce"

    @property
    def label(self) -> str:
        return _(LEVEL_LABELS[self])

    @property
    def rung(self) -> int:
        return list(Level).index(self) + 1


LEVEL_LABELS = {
    Level.INFORM: N_("Inform"),
    Level.CONSULT: N_("Consult"),
    Level.INVOLVE: N_("Involve"),
    Level.COLLABORATE: N_("Collaborate"),
    Level.CO_PRODUCE: N_("Co-produce"),
}


class ClaimKind(enum.StrEnum):
    PAYMENT = "payment"  # an involvement payment
    EXPENSE = "expense"  # travel, care, and other costs of taking part


class ClaimStatus(enum.StrEnum):
    CLAIMED = "claimed"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"


AREA_LIMIT = 80


def clean_area(text: str) -> str:
    """An area as typed, tidied: single spaces, and a postcode district in capitals. A full
    postcode stands for its district: people are matched by district, never by address."""
    words = " ".join(text.split())[:AREA_LIMIT]
    district = postcode_district(words)
    if district is not None:
        return district  # "ME14 1XX" -> "ME14"
    compact = words.replace(" ", "")
    if 2 <= len(compact) <= 4 and compact[:1].isalpha() and compact[-1:].isdigit():
        return compact.upper()  # "me14" -> "ME14"
    return words


def area_key(text: str) -> str:
    """What two areas are compared by: case and spacing do not matter."""
    return " ".join(text.split()).casefold()
