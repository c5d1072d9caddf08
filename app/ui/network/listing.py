"""What the Organisations window reads on the worker, and the filter controls it shows them with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from app.ui.common.flow_layout import FlowLayout

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.organisation_contacts import ContactRecord
    from app.store.organisations import OrganisationRecord


@dataclass(frozen=True)
class Listing:
    """What one search found, with what the filters offer and how many may be listed twice."""

    found: list[OrganisationRecord]
    duplicates: int
    areas: list[str]


def read_listing(session: Session, text: str, filters: dict[str, str | None], duplicates_only: bool) -> Listing:
    """On the worker: the organisations found, the areas named anywhere, and the duplicates in all."""
    from app.store.organisations import count_possible_duplicates, known_areas, list_organisations

    found = list_organisations(session, text, kind=filters.get("kind"), topic=filters.get("topic"),
                               area=filters.get("area"), community=filters.get("community"),
                               duplicates_only=duplicates_only)
    return Listing(found, count_possible_duplicates(session), known_areas(session))


def read_page(session: Session, organisation_id: str) -> tuple[OrganisationRecord, list[ContactRecord]]:
    from app.store.organisation_contacts import list_contacts
    from app.store.organisations import get_organisation

    return get_organisation(session, organisation_id), list_contacts(session, organisation_id)


def combo(name: str, any_text: str, items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(any_text, None)
    for value, label in items:
        combo.addItem(label, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    return combo


def filter_bar(pairs: Iterable[tuple[str, QComboBox]], extras: Iterable[QWidget]) -> QWidget:
    """Each filter with its label, then ``extras``, flowing onto a second line when the window is narrow."""
    bar = QWidget()
    flow = FlowLayout(bar)
    flow.setContentsMargins(0, 0, 0, 0)
    for text, box in pairs:
        pair = QWidget()
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(text)
        label.setBuddy(box)
        row.addWidget(label)
        row.addWidget(box)
        flow.addWidget(pair)
    for extra in extras:
        flow.addWidget(extra)
    return bar
