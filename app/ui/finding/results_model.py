"""The results of a "Who should we involve?" search as a table: who, why they match, and how to
reach them. A search may find thousands, so each cell's words are made only when the table
asks for them (for the rows on screen), not for every result up front."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.core.contact import display_phone
from app.core.i18n import _
from app.core.network import OrganisationKind

if TYPE_CHECKING:
    from app.store.who_to_involve import OrganisationFound, PersonFound

    Result = PersonFound | OrganisationFound

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()  # the invisible root: a table's rows have no parent

COLUMNS = (_("Who"), _("Why they match"), _("How to reach them"))
_SHOWN = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def reach_text(result: Result) -> str:
    """How to reach a result, in lines: their own details, then (an organisation's) contacts."""
    own = " · ".join(p for p in (result.email, display_phone(result.phone)) if p)
    if result.kind == "person":
        person = result
        prefers = _("prefers: {way}").format(way=person.contact_method.label)  # type: ignore[union-attr]
        return f"{own}\n{prefers}" if own else prefers
    lines = [own] if own else []
    for contact in result.contacts:  # type: ignore[union-attr]
        how = " · ".join(p for p in (contact.email, display_phone(contact.phone)) if p)
        role = f" ({contact.role})" if contact.role else ""
        lines.append(_("Contact: {name}{role} {how}").format(name=contact.name, role=role, how=how).strip())
    return "\n".join(lines) or _("No contact details")


def who_text(result: Result) -> str:
    if result.kind == "person":
        return _("{name}\nPerson").format(name=result.name)
    try:
        kind = OrganisationKind(result.kind_of).label  # type: ignore[union-attr]
    except ValueError:
        kind = _("Organisation")
    return f"{result.name}\n{kind}"


class FoundModel(QAbstractTableModel):
    """Ranked results, best match first; a cell's words are made when first asked for."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[Result] = []
        self._texts: dict[tuple[int, int], str] = {}

    def set_results(self, results: list[Result]) -> None:
        self.beginResetModel()
        self._results, self._texts = results, {}
        self.endResetModel()

    def result(self, row: int) -> Result:
        return self._results[row]

    def text(self, row: int, column: int) -> str:
        """What the cell shows (and reads out)."""
        said = self._texts.get((row, column))
        if said is None:
            result = self._results[row]
            said = self._texts[row, column] = (who_text(result) if column == 0 else result.why if column == 1
                                               else reach_text(result))
        return said

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._results)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _SHOWN:
            return None
        return self.text(index.row(), index.column())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
