"""The names this laptop's store knows, so comments can have them masked before a report.

Collected from:
- people who signed up, including those who withdrew consent (their names are kept until
  they ask to be erased); erased people's names are blank and so never come back;
- guests named on a PPG meeting's register (a guest taken off the register has a blank name);
- the organiser typed on an event, when it reads like a person's name ("Priya Shah") rather
  than a team ("PALS team", "Engagement Service"): each word of a known name is masked on
  its own when capitalised, so a team's "Team" or "Service" would hide ordinary words.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import Attendance, Event, Person

# Words that mark an organiser as a team or body, not a person.
_NOT_A_PERSON = frozenset({
    "team", "service", "services", "nhs", "trust", "council", "group", "ppg", "healthwatch", "icb",
    "pals", "department", "unit", "practice", "surgery", "hospital", "centre", "center", "office",
    "partnership", "network", "board", "committee", "forum", "engagement", "and", "&", "the", "of",
})


def _looks_like_a_person(name: str) -> bool:
    words = name.split()
    return (2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
            and not any(w.casefold().strip(".,()") in _NOT_A_PERSON for w in words))


def known_names(session: Session) -> set[str]:
    """Every non-blank name the store holds for a person, as typed."""
    names: set[str] = set()
    names.update(session.scalars(select(Person.name).where(Person.erased_at.is_(None), Person.name != "")))
    names.update(session.scalars(select(Attendance.guest_name).where(Attendance.guest_name != "")))
    organisers = session.scalars(select(Event.organiser).where(Event.organiser != "").distinct())
    names.update(o for o in organisers if _looks_like_a_person(o))
    return {" ".join(n.split()) for n in names if n.strip()}
