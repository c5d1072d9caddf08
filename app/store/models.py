"""The stored records, as typed SQLAlchemy 2 models.

Every record that leaves the laptop carries the sync columns of DESIGN.md through
:class:`Synced`. Times are stored as UTC and come back timezone-aware.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC; hands back aware UTC; refuses naive input so no local time slips in."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, _dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, _dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    pass


class Synced:
    """Columns every record that is synced carries."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # Grows with each local change (the store's sessions bump it and ``updated_at``: see
    # app/store/versioning.py); the centre keeps the highest it has seen.
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    # The version the centre last confirmed; below ``version`` means the row is waiting to go.
    synced_version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class Device(Base):
    """A laptop that records data; its id is stamped on every row it makes."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    synced_version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class LocalState(Base):
    """Facts about this store only (which device it is); never synced."""

    __tablename__ = "local_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Event(Synced, Base):
    """A community event, outreach stall, PPG meeting or other occasion."""

    __tablename__ = "events"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    event_date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    venue: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    locality: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    organiser: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    partners: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    archived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # JSON list of the survey ids this event asks, in order.
    survey_ids: Mapped[str] = mapped_column(Text, default='["fft"]', server_default='["fft"]', nullable=False)
    # The practice whose Patient Participation Group meets, for PPG meetings.
    practice_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("gp_practices.id"))
    # The NHS service or site the feedback at this event is about ("Riverside Surgery", an ODS
    # site code), for the FFT return; blank when it is about more than one.
    service: Mapped[str] = mapped_column(String(120), default="", server_default="", nullable=False)
    # The kiosk offers the FFT in easy read, with pictures, and an easy-read privacy notice.
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0", nullable=False)


class Response(Synced, Base):
    """One person's answers to an event's surveys. Anonymous: no name, no contact, no link to sign-ups."""

    __tablename__ = "responses"

    event_id: Mapped[str] = mapped_column(String(36), ForeignKey("events.id"), nullable=False, index=True)
    mode: Mapped[str] = mapped_column(String(10), nullable=False)  # kiosk, staff or paper
    language: Mapped[str] = mapped_column(String(10), nullable=False)
    # {"fft": 1, "topics": 1}: the version of each survey answered
    survey_versions: Mapped[str] = mapped_column(Text, nullable=False)
    # {"fft": {"fft_rating": "good", ...}, ...}
    answers: Mapped[str] = mapped_column(Text, nullable=False)
    # Kept beside the answers so counts and scores need not decode every response.
    fft_rating: Mapped[str | None] = mapped_column(String(20))
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    # A feedback card typed in from paper: its code, so the same card cannot be entered twice.
    paper_sheet: Mapped[str | None] = mapped_column(String(40))
    paper_row: Mapped[int | None] = mapped_column(Integer)
    # Raised by a group (a PPG meeting), not by one person.
    raised_by_group: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0", nullable=False)
    # Why staff deleted it, and who (the laptop and the account signed in to it): sent with the
    # tombstone, so the centre knows too. The laptop's ``corrections`` keep every change.
    deleted_reason: Mapped[str | None] = mapped_column(Text)
    deleted_by: Mapped[str | None] = mapped_column(String(200))

    # With the event: two events whose ids start alike print the same short codes.
    __table_args__ = (UniqueConstraint("event_id", "paper_sheet", "paper_row", name="uq_responses_paper_row"),)


class Correction(Base):
    """A change staff made to a saved response: who, when, why, and what it held before.

    Kept on this laptop and only ever added to; the changed or deleted response is what syncs.
    """

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    response_id: Mapped[str] = mapped_column(String(36), ForeignKey("responses.id"), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(10), nullable=False)  # edited or deleted
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    laptop: Mapped[str] = mapped_column(String(200), nullable=False)  # the laptop's name
    user_name: Mapped[str] = mapped_column(String(200), nullable=False)  # who was signed in to it
    before: Mapped[str] = mapped_column(Text, nullable=False)  # the answers before, as JSON
    # A removed paper card's code and row, which the tombstone gives up so the card can be typed in again.
    paper_sheet: Mapped[str | None] = mapped_column(String(40))
    paper_row: Mapped[int | None] = mapped_column(Integer)


class RowRemoval(Base):
    """A sign-up row typed in from paper by mistake and removed: which sheet and row, who, when and
    why. Kept on this laptop and only ever added to; it holds no personal details, as the person
    typed in is erased (unless the row was one of several sign-ups merged into one record)."""

    __tablename__ = "row_removals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("people.id"), nullable=False, index=True)
    consent_id: Mapped[str] = mapped_column(String(36), ForeignKey("consents.id"), nullable=False)
    event_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("events.id"))
    paper_sheet: Mapped[str] = mapped_column(String(40), nullable=False)
    paper_row: Mapped[int] = mapped_column(Integer, nullable=False)
    person_removed: Mapped[bool] = mapped_column(Boolean, nullable=False)  # or only the row, of a merged record
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    laptop: Mapped[str] = mapped_column(String(200), nullable=False)
    user_name: Mapped[str] = mapped_column(String(200), nullable=False)


class GpPractice(Synced, Base):
    """A GP practice people can join the Patient Participation Group of."""

    __tablename__ = "gp_practices"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    code: Mapped[str] = mapped_column(String(10), nullable=False, unique=True)  # NHS ODS code


class Person(Synced, Base):
    """Someone who signed up to get involved. Never linked to feedback.

    The ``*_key`` columns are normalised copies used only to spot the same person signing up
    twice; erasure empties them with everything else personal.
    """

    __tablename__ = "people"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str] = mapped_column(String(254), default="", nullable=False)
    phone: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    postcode: Mapped[str] = mapped_column(String(16), default="", nullable=False)
    interests: Mapped[str] = mapped_column(Text, default="[]", nullable=False)  # JSON list
    practice_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("gp_practices.id"))
    contact_method: Mapped[str] = mapped_column(String(10), nullable=False)
    access_needs: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # Where they signed up, if at an event.
    event_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("events.id"))
    status: Mapped[str] = mapped_column(String(10), default="active", nullable=False)
    merged_into_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("people.id"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    email_key: Mapped[str | None] = mapped_column(String(254), index=True)
    phone_key: Mapped[str | None] = mapped_column(String(40), index=True)
    name_postcode_key: Mapped[str | None] = mapped_column(String(220), index=True)
    # Topics they care about (JSON list, as organisations' topics): who to involve on a subject.
    topics: Mapped[str] = mapped_column(Text, default="[]", nullable=False)


class Consent(Synced, Base):
    """One person's agreement to one version of the privacy notice, and its withdrawal."""

    __tablename__ = "consents"

    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("people.id"), nullable=False, index=True)
    notice_id: Mapped[str] = mapped_column(String(40), nullable=False)
    notice_version: Mapped[int] = mapped_column(Integer, nullable=False)
    method: Mapped[str] = mapped_column(String(10), nullable=False)  # kiosk, paper or staff
    event_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("events.id"))
    # For consent given on paper: the sheet's code and the row, so a row is typed in once.
    paper_sheet: Mapped[str | None] = mapped_column(String(40))
    paper_row: Mapped[int | None] = mapped_column(Integer)
    given_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("event_id", "paper_sheet", "paper_row", name="uq_consents_paper_row"),)


class Attendance(Synced, Base):
    """Who came to a PPG meeting: a member (a person who signed up) or a named guest."""

    __tablename__ = "attendance"

    event_id: Mapped[str] = mapped_column(String(36), ForeignKey("events.id"), nullable=False, index=True)
    person_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("people.id"))
    guest_name: Mapped[str] = mapped_column(String(200), default="", nullable=False)

    __table_args__ = (UniqueConstraint("event_id", "person_id", name="uq_attendance_member"),)


class SheetPrint(Synced, Base):
    """A run of printed sheets or cards, so numbering carries on and codes never repeat."""

    __tablename__ = "sheet_prints"

    event_id: Mapped[str] = mapped_column(String(36), ForeignKey("events.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    first_number: Mapped[int] = mapped_column(Integer, nullable=False)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False)
    large_print: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # The privacy notice printed on sign-up sheets, which is what people agreed to on paper.
    notice_id: Mapped[str | None] = mapped_column(String(40))
    notice_version: Mapped[int | None] = mapped_column(Integer)


class Action(Synced, Base):
    """"You said, we did": something agreed in answer to feedback, and what came of it.

    Linked to the event it came from (or none, when agreed across events), to a feedback topic
    and/or to one response whose comment prompted it.
    """

    __tablename__ = "actions"

    event_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("events.id"), index=True)
    topic: Mapped[str | None] = mapped_column(String(40))  # a topics-survey answer value
    response_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("responses.id"))
    you_said: Mapped[str] = mapped_column(Text, nullable=False)  # what people told us, in plain words
    we_will: Mapped[str] = mapped_column(Text, nullable=False)  # what was agreed
    owner: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="agreed", nullable=False)
    what_done: Mapped[str] = mapped_column(Text, default="", nullable=False)  # "we did"
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class Organisation(Synced, Base):
    """A group the team works with: a voluntary or community group, charity, PPG, Healthwatch,
    council, faith or community group. Shared: any laptop may correct one, as with events.

    ``areas``, ``topics`` and ``communities`` are JSON lists of short texts (see
    app/core/organisations.py). ``name_key`` is a normalised copy of the name, used only to spot
    one organisation listed twice; a duplicate merged into another is a tombstone pointing at it.
    """

    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    areas: Mapped[str] = mapped_column(Text, default="[]", nullable=False)
    topics: Mapped[str] = mapped_column(Text, default="[]", nullable=False)
    communities: Mapped[str] = mapped_column(Text, default="[]", nullable=False)
    email: Mapped[str] = mapped_column(String(254), default="", nullable=False)
    phone: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    website: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    practice_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("gp_practices.id"))  # a PPG's practice
    name_key: Mapped[str | None] = mapped_column(String(220), index=True)
    merged_into_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("organisations.id"))


class OrganisationContact(Synced, Base):
    """A person who signed up (with their consent) named as a contact at an organisation.

    Made on the laptop that holds the person: no laptop sees another's people.
    """

    __tablename__ = "organisation_contacts"

    organisation_id: Mapped[str] = mapped_column(String(36), ForeignKey("organisations.id"), nullable=False,
                                                 index=True)
    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("people.id"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(200), default="", nullable=False)


class Programme(Synced, Base):
    """A programme of work or a decision that involvement informed, and what changed as a result.
    Shared: any laptop may correct one, as with events."""

    __tablename__ = "programmes"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    decision: Mapped[str] = mapped_column(Text, default="", nullable=False)  # what was to be decided
    # Whether the public involvement duty applied: True, False, or None while not yet decided.
    duty_applies: Mapped[bool | None] = mapped_column(Boolean)
    duty_notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    what_changed: Mapped[str] = mapped_column(Text, default="", nullable=False)
    feedback_given: Mapped[str] = mapped_column(Text, default="", nullable=False)  # told to participants
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)


class ProgrammeLink(Synced, Base):
    """An event or a "you said, we did" action that informed a programme."""

    __tablename__ = "programme_links"

    programme_id: Mapped[str] = mapped_column(String(36), ForeignKey("programmes.id"), nullable=False, index=True)
    event_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("events.id"))
    action_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("actions.id"))


class Activity(Synced, Base):
    """One entry in a member's involvement log: a meeting, panel, reading group, event or review,
    with the time given, the role, and the level on the ladder of participation."""

    __tablename__ = "activities"

    person_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("people.id"), index=True)
    organisation_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    activity_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    minutes: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # time given
    role: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    level: Mapped[str] = mapped_column(String(20), nullable=False)  # inform, consult, involve, collaborate, co-produce
    event_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("events.id"), index=True)
    programme_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("programmes.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)


class Claim(Synced, Base):
    """An involvement payment or expenses claim by a member, for finance."""

    __tablename__ = "claims"

    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("people.id"), nullable=False, index=True)
    activity_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("activities.id"))
    kind: Mapped[str] = mapped_column(String(12), nullable=False)  # payment or expense
    role_level: Mapped[str] = mapped_column(String(12), default="", nullable=False)  # as in the payment policy
    amount_pence: Mapped[int] = mapped_column(Integer, nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    claimed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(12), default="claimed", nullable=False)
    exported_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # sent to finance


class ContactList(Synced, Base):
    """A consent-filtered contact list that was exported: why, from what search, and when."""

    __tablename__ = "contact_lists"

    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    search: Mapped[str] = mapped_column(Text, default="{}", nullable=False)  # JSON: topic, area, community...
    file_format: Mapped[str] = mapped_column(String(20), nullable=False)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class ContactListEntry(Synced, Base):
    """Who was on an exported contact list: a person, or an organisation."""

    __tablename__ = "contact_list_entries"

    contact_list_id: Mapped[str] = mapped_column(String(36), ForeignKey("contact_lists.id"), nullable=False,
                                                 index=True)
    person_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("people.id"), index=True)
    organisation_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("organisations.id"))


class SyncRun(Base):
    """One sync with the central database and its receipt; kept on this laptop only."""

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    finished_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    central: Mapped[str] = mapped_column(String(500), nullable=False)  # the address, never a password
    outcome: Mapped[str] = mapped_column(String(12), nullable=False)  # ok, failed or cancelled
    sent: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    new: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    updated: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    already: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    conflicts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    downloaded: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    mismatches: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    message: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # JSON: rows sent per table, the per-event count check, anything from the centre not used.
    details: Mapped[str] = mapped_column(Text, default="{}", nullable=False)


class ConfirmedCount(Base):
    """How many rows of one kind, made by one laptop for one event, the centre has confirmed.

    Kept by triggers on each counted table (migration 0008), so the count check after a sync
    reads a few dozen rows however much the laptop holds.
    """

    __tablename__ = "confirmed_counts"

    table_name: Mapped[str] = mapped_column(String(40), nullable=False)
    device_id: Mapped[str] = mapped_column(String(36), nullable=False)
    event_id: Mapped[str] = mapped_column(String(36), nullable=False)
    n: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    __table_args__ = (PrimaryKeyConstraint("table_name", "device_id", "event_id", name="pk_confirmed_counts"),)


# The rows waiting to go, found without reading every row: a partial index holds only them.
for _name in ("devices", "events", "responses", "gp_practices", "people", "consents", "attendance", "sheet_prints",
              "actions", "organisations", "organisation_contacts", "programmes", "programme_links", "activities",
              "claims", "contact_lists", "contact_list_entries"):
    _table = Base.metadata.tables[_name]
    Index(f"ix_{_table.name}_unsent", _table.c.version, sqlite_where=_table.c.version > _table.c.synced_version)
