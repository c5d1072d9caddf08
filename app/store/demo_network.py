"""Sample organisations for training: the voluntary and community groups, charities, faith
groups, PPGs and councils a Kent engagement team works with, with contacts from the sample
sign-ups on this laptop.

Every organisation goes through ``validate_organisation`` and ``add_organisation`` like a
real one. Contact details can never reach a real group: email addresses and websites on the
reserved example domains, phone numbers in Ofcom's range kept for drama (020 7946 0xxx). A
few are listed twice under a slightly different name, to practise merging.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select

from app.core.organisations import validate_organisation
from app.core.redaction import fold
from app.store.demo import SURGERIES, TOWNS
from app.store.models import Organisation
from app.store.organisation_contacts import add_contact, contact_choices
from app.store.organisations import add_organisation
from app.store.store import Store

DUPLICATE_SHARE = 0.06  # listed twice, to practise merging
CONTACT_SHARE = 0.6  # organisations with a contact from the sample sign-ups

# (name, kind, topics, communities): {town} is filled in.
TEMPLATES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("{town} Carers' Network", "charity", ("social_care", "dementia", "long_term_conditions"),
     ("carers", "older_people")),
    ("{town} Youth Forum", "vcs", ("mental_health", "children"), ("young_people",)),
    ("{town} Deaf Club", "community", ("gp_access", "hospital", "digital"), ("deaf_people",)),
    ("{town} Over-60s Lunch Club", "community", ("prevention", "transport"), ("older_people",)),
    ("{town} Foodbank", "charity", ("prevention", "mental_health"), ("low_income", "homeless")),
    ("{town} Refugee Welcome Group", "vcs", ("gp_access", "dental", "maternity"), ("refugees", "minority_ethnic")),
    ("{town} Mosque Community Centre", "faith", ("prevention", "maternity"), ("faith", "minority_ethnic")),
    ("St Michael's Church Café, {town}", "faith", ("mental_health", "dementia"), ("faith", "older_people")),
    ("{town} Parent and Toddler Group", "community", ("children", "maternity"), ("parents",)),
    ("{town} Dementia Café", "vcs", ("dementia",), ("older_people", "carers")),
    ("{town} Sight Loss Support", "charity", ("hospital", "digital"), ("blind_people",)),
    ("{town} Learning Disability Partnership", "vcs", ("learning_disability", "gp_access"),
     ("learning_disability", "carers")),
    ("{town} Pride", "vcs", ("mental_health", "prevention"), ("lgbtq", "young_people")),
    ("{town} Veterans' Breakfast Club", "community", ("mental_health", "long_term_conditions"), ("veterans",)),
    ("{town} Community Transport", "vcs", ("transport", "hospital"), ("rural", "older_people", "disabled_people")),
    ("{town} Gypsy and Traveller Forum", "community", ("gp_access", "maternity", "children"),
     ("gypsy_roma_traveller",)),
    ("{town} Borough Council Health and Wellbeing Team", "council", ("prevention", "social_care"), ()),
    ("{town} Wheelchair Users' Group", "vcs", ("hospital", "transport"), ("disabled_people",)),
    ("{town} Cancer Support Group", "charity", ("cancer",), ("carers",)),
    ("{town} Diabetes Support Group", "vcs", ("long_term_conditions", "pharmacy"), ("older_people",)),
    ("{town} Hospice Friends", "charity", ("end_of_life",), ("carers", "older_people")),
    ("{town} Street Outreach", "charity", ("gp_access", "mental_health", "dental"), ("homeless", "low_income")),
    ("{town} Young Carers", "charity", ("children", "mental_health"), ("young_people", "carers")),
    ("{town} Polish Community Association", "community", ("gp_access", "pharmacy", "dental"), ("minority_ethnic",)),
    ("{town} Gurdwara", "faith", ("prevention", "long_term_conditions"), ("faith", "minority_ethnic")),
    ("{town} Men's Shed", "community", ("mental_health", "prevention"), ("older_people",)),
    ("{town} Maternity Voices", "vcs", ("maternity",), ("parents",)),
    ("{town} Hearing Loss Support", "charity", ("hospital", "gp_access"), ("deaf_people", "older_people")),
)
PCNS = ("Central PCN", "North PCN", "Rural PCN", "East PCN")
NOTES = (
    "Meets every Tuesday, 10am to 12 noon, at the community hall.",
    "Happy to share our surveys with members through their monthly newsletter.",
    "The coordinator works part-time, Monday to Wednesday; email is best.",
    "Ran a listening event with us in the spring; keen to hear what changed.",
    "Members prefer face-to-face sessions; offer transport costs and refreshments.",
    "Can host a focus group in their building, which has step-free access and a hearing loop.",
    "Needs two weeks' notice to put something in their bulletin.",
    "Some members need an interpreter; ask which languages before the session.",
    "",
)
ROLES = ("Chair", "Secretary", "Volunteer coordinator", "Project worker", "Treasurer", "Manager",
         "Engagement lead", "Community champion")


@dataclass(frozen=True)
class NetworkSummary:
    organisations: int
    duplicates: int
    contacts: int


def _slug(name: str) -> str:
    return "".join(ch for ch in fold(name) if ch.isascii() and ch.isalnum())[:40]  # Café: cafe


def _plan(rng: random.Random, count: int) -> list[dict[str, object]]:
    """``count`` organisations' values, none named twice (except the duplicates made later)."""
    combos = [(template, town, districts) for template in TEMPLATES for town, districts in TOWNS]
    combos += [(("{town} PPG", "ppg", ("gp_access", "pharmacy"), ()), surgery, ()) for surgery in SURGERIES]
    rng.shuffle(combos)
    planned: list[dict[str, object]] = []
    for (name, kind, topics, communities), town, districts in combos[:count]:
        title = name.format(town=town)
        areas = [town, *rng.sample(districts, k=min(len(districts), rng.randrange(0, 3)))] if districts else []
        if districts and rng.random() < 0.4:
            areas.append(f"{town} {rng.choice(PCNS)}")
        slug = _slug(title)
        extra_topic = rng.choice(("digital", "transport", "gp_access", "mental_health"))
        planned.append({
            "name": title, "kind": kind, "areas": areas,
            "topics": list(dict.fromkeys((*topics, extra_topic) if rng.random() < 0.3 else topics)),
            "communities": list(communities),
            "email": f"hello@{slug}.example.org" if rng.random() < 0.85 else "",
            "phone": f"020 7946 0{rng.randrange(0, 1000):03d}" if rng.random() < 0.7 else "",
            "website": f"https://www.{slug}.example.org" if rng.random() < 0.6 else "",
            "notes": rng.choice(NOTES),
        })
    return planned


def _twin(rng: random.Random, values: dict[str, object]) -> dict[str, object]:
    """The same group listed again by someone else: "The ... Ltd", "&" for "and", no email."""
    name = str(values["name"])
    name = name.replace(" and ", " & ") if " and " in name else f"The {name}"
    if rng.random() < 0.5:
        name += " Ltd"
    return values | {"name": name, "email": "", "website": "", "notes": "Added from an old contact list."}


def seed_organisations(store: Store, rng: random.Random, count: int) -> NetworkSummary:
    """Add about ``count`` sample organisations (a few of them twice) and name contacts at some."""
    planned = _plan(rng, count)
    twins = [_twin(rng, v) for v in planned if rng.random() < DUPLICATE_SHARE]
    contacts = added = twins_added = 0
    twin_names = {str(t["name"]) for t in twins}
    with store.session() as session:
        taken = set(session.scalars(select(Organisation.name).where(Organisation.deleted_at.is_(None))))
        people = contact_choices(session, limit=500)
        for values in planned + twins:
            if values["name"] in taken:  # a second run adds what the first did not
                continue
            taken.add(str(values["name"]))
            org = add_organisation(session, store.device_id, validate_organisation(values))
            added += 1
            twins_added += values["name"] in twin_names
            if people and rng.random() < CONTACT_SHARE:
                chosen = rng.sample(people, k=min(len(people), rng.choice((1, 1, 2))))
                for person, role in zip(chosen, rng.sample(ROLES, k=len(chosen)), strict=True):
                    add_contact(session, store.device_id, org.id, person.id, role)
                    contacts += 1
    return NetworkSummary(added, twins_added, contacts)
