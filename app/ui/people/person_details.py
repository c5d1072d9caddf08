"""The details of one person who signed up, read on the worker and shown in a pane: what they
gave, where and how each consent was given, and who else looks like the same person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.core.contact import display_phone
from app.core.i18n import _, ngettext
from app.core.signups import ConsentMethod, PersonStatus
from app.ui.common.captioned_label import CaptionedLabel
from app.ui.people.signup_form import bold, interests_text, match_text, short_date, status_label

if TYPE_CHECKING:  # the store's modules load on the worker, after the window shows
    from sqlalchemy.orm import Session

    from app.store.people import ConsentRecord, PersonRecord


@dataclass(frozen=True)
class PersonView:
    """A person with the names that go with the ids on their record, read together on the worker."""

    record: PersonRecord
    practice: str = ""
    events: dict[str, str] = field(default_factory=dict)
    devices: dict[str, str] = field(default_factory=dict)
    # Others who look like the same person: (record, what they share), to offer a merge.
    duplicates: tuple[tuple[PersonRecord, str], ...] = ()


def practice_label(session: Session, practice_id: str | None) -> str:
    from app.store.models import GpPractice

    practice = session.get(GpPractice, practice_id) if practice_id else None
    if practice is None:
        return ""
    label = f"{practice.name} ({practice.code})"
    return label + _(" — no longer on the list") if practice.deleted_at is not None else label


def load_person(session: Session, person_id: str) -> PersonView:
    from sqlalchemy import select

    from app.store.models import Device, Event
    from app.store.people import find_duplicates, get_person, matching_keys

    record = get_person(session, person_id)
    duplicates = tuple((other, match_text(matching_keys(record.details, other.details)))
                       for other in find_duplicates(session, record.details.keys(), exclude_id=record.id))
    event_ids = {c.event_id for c in record.consents if c.event_id} | {record.event_id} - {None}
    device_ids = {c.device_id for c in record.consents}
    events = {e.id: e.name for e in session.scalars(select(Event).where(Event.id.in_(event_ids)))}
    devices = {d.id: d.name for d in session.scalars(select(Device).where(Device.id.in_(device_ids)))}
    return PersonView(record, practice_label(session, record.details.practice_id), events, devices, duplicates)


@dataclass(frozen=True)
class Found:
    """A search's answer, read together on the worker."""

    people: list[PersonRecord]
    practices: dict[str, str]  # the label of each practice they chose, by its id
    duplicates: set[str]  # those found who may be signed up twice (ids)
    erased: int  # how many were erased on this laptop
    duplicates_in_all: int | None = None  # how many on the whole list may be, when it was counted


def search_with_practices(session: Session, text: str, only_duplicates: bool = False) -> Found:
    """The people matching ``text`` (only possible duplicates, if asked), with what the list shows of them."""
    from app.store.people import erased_count, possible_duplicate_ids, search_people

    everyone = possible_duplicate_ids(session) if only_duplicates else None
    found = search_people(session, text, only=everyone)
    # Otherwise only the page found is looked at: the whole list takes a while on a big store.
    duplicates = everyone if everyone is not None else possible_duplicate_ids(session, among=[p.id for p in found])
    ids = {p.details.practice_id for p in found if p.details.practice_id}
    return Found(found, {pid: practice_label(session, pid) for pid in ids}, duplicates, erased_count(session),
                 len(everyone) if everyone is not None else None)


def consent_text(consent: ConsentRecord, view: PersonView, this_device: str) -> str:
    """One consent record in words, for the details pane."""
    how = consent.method.label
    if consent.paper_sheet:
        how += _(" (sheet {sheet}, row {row})").format(sheet=consent.paper_sheet, row=consent.paper_row)
    if consent.event_id:
        how += _(" at “{event}”").format(event=view.events.get(consent.event_id, _("an event not on this laptop")))
    device = view.devices.get(consent.device_id, _("another laptop"))
    if consent.device_id == this_device:
        device = _("this laptop ({name})").format(name=device)
    if consent.method is ConsentMethod.KIOSK:
        # Kept to the day on purpose, so a sign-up cannot be matched to the feedback given a
        # moment before: there is no time to show.
        given = _("Given {date}, recorded on {device}").format(
            date=short_date(consent.given_at.astimezone(dt.UTC).date()), device=device)
    else:
        when = consent.given_at.astimezone()
        given = _("Given {date} at {time}, recorded on {device}").format(date=short_date(when),
                                                                         time=f"{when:%H:%M}", device=device)
    lines = [
        _("Privacy notice “{id}”, version {version}").format(id=consent.notice_id, version=consent.notice_version),
        how,
        given,
    ]
    if consent.withdrawn_at is not None:
        lines.append(_("Withdrawn {date}").format(date=short_date(consent.withdrawn_at)))
    return "\n".join(lines)


class DetailsPane(QFrame):
    """Everything kept about the chosen person, including each consent record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.heading = bold(CaptionedLabel(_("Chosen person")), 1.2)
        self.heading.setWordWrap(True)
        self.duplicates = CaptionedLabel(_("Possibly the same person"))
        self.duplicates.setObjectName("banner")
        self.duplicates.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        self.form = form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for key, text in (("status", _("Status")), ("contact", _("Contact details")), ("postcode", _("Postcode")),
                          ("interests", _("Wants to")), ("practice", _("GP practice")),
                          ("method", _("Contact by")), ("access", _("Access needs")),
                          ("signed_up", _("Signed up"))):
            value = CaptionedLabel(text)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(text)
            label.setObjectName("fieldLabel")
            form.addRow(label, value)
            self.values[key] = value
        self.consents = CaptionedLabel(_("Consent records"))
        self.consents.setWordWrap(True)
        self.consents.setTextFormat(Qt.TextFormat.PlainText)
        self.consents.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QWidget()
        # Never squeezed below what its text needs: the pane scrolls instead.
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(form)
        body.addSpacing(6)
        body.addWidget(bold(QLabel(_("Consent records"))))
        body.addWidget(self.consents)
        self.empty = QLabel(_("Choose a person on the list to see everything kept about them."))
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.show_view(None, "")

    def show_view(self, view: PersonView | None, this_device: str) -> None:
        self.body.setVisible(view is not None)
        self.heading.setVisible(view is not None)
        self.empty.setVisible(view is None)
        self.duplicates.setVisible(bool(view and view.duplicates))
        if view is None:
            return
        if view.duplicates:
            self.duplicates.setText(_("Possibly the same person as {people}. Use Merge with… to join the records.")
                                    .format(people="; ".join(f"{other.name} ({shared})"
                                                             for other, shared in view.duplicates)))
        record, d = view.record, view.record.details
        self.heading.setText(record.name)
        status = status_label(record.status)
        if record.withdrawn_at is not None:
            status += _(" on {date}").format(date=short_date(record.withdrawn_at))
        where = view.events.get(record.event_id or "", "")
        signed = short_date(record.created_at) + (_(" at “{event}”").format(event=where) if where else "")
        texts = {
            "status": status, "contact": "\n".join(p for p in (d.email, display_phone(d.phone)) if p),
            "postcode": d.postcode, "interests": interests_text(record), "practice": view.practice,
            "method": d.contact_method.label, "access": d.access_needs, "signed_up": signed,
        }
        # Someone who withdrew is never contacted: no way of contacting them is shown.
        self.form.setRowVisible(self.values["method"], record.status is not PersonStatus.WITHDRAWN)
        for key, label in self.values.items():
            text = texts[key]
            label.setText(text or _("Not given"))
            label.setProperty("empty", not text)
            label.style().unpolish(label)
            label.style().polish(label)
        lines = [consent_text(c, view, this_device) for c in record.consents]
        self.consents.setText("\n\n".join(lines) or _("No consent records."))


def found_text(n: int, erased: int, *, duplicates_only: bool, searched: bool) -> str:
    """What the line under the People list says of the ``n`` people on it."""
    if duplicates_only:
        return ngettext("{n} possible duplicate found", "{n} possible duplicates found", n).format(n=n) if n \
            else _("No one here may be signed up twice.")
    if searched:
        return ngettext("{n} person found", "{n} people found", n).format(n=n) if n \
            else _("No one matches that. Check the spelling, or try part of it.")
    if n:
        return ngettext("{n} person signed up", "{n} people signed up", n).format(n=n)
    if erased:
        return ngettext("No one is on the list: the {n} person signed up here was erased.",
                        "No one is on the list: the {n} people signed up here were erased.",
                        erased).format(n=erased)
    return _("No one has signed up on this laptop yet.")
