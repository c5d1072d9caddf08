"""The health network's windows in the main window's menus: organisations, who to involve, the
PPG network, members' involvement and claims, programmes and the evidence pack.

The main window makes one :class:`NetworkMenus`; it makes each feature's desk and the menu items
that open them, and wires one feature's request to another's window (People asks for a member's
involvement log), as the main window does for the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.core.i18n import _
from app.ui.common.desk import Desk
from app.ui.finding.desk import FindingDesk
from app.ui.involvement.desk import InvolvementDesk
from app.ui.network.desk import OrganisationsDesk
from app.ui.ppg_network.desk import PpgNetworkDesk
from app.ui.programmes.desk import ProgrammesDesk

if TYPE_CHECKING:
    from app.ui.common.event_page import EventPage
    from app.ui.common.workspace import Workspace
    from app.ui.people.desk import PeopleDesk


class NetworkMenus(QObject):
    def __init__(self, workspace: Workspace, page: EventPage, owner: QWidget) -> None:
        super().__init__(owner)
        self.owner = owner
        self.ppg_network = PpgNetworkDesk(workspace, page, owner)
        self.programmes = ProgrammesDesk(workspace, page, owner)
        self.finding = FindingDesk(workspace, page, owner)
        self.organisations = OrganisationsDesk(workspace, page, owner)
        self.involvement = InvolvementDesk(workspace, page, owner)
        self.desks: list[Desk] = [self.organisations, self.finding, self.involvement, self.ppg_network, self.programmes]
        self.actions: list[QAction] = []

    def add_to_menus(self, people_menu: QMenu, reports_menu: QMenu) -> None:
        people_menu.addSeparator()
        people_menu.addAction(self._action(_("&Organisations…"), self.organisations.open))
        people_menu.addAction(self._action(_("&Who should we involve?…"), self.finding.open_who_to_involve))
        people_menu.addAction(self._action(_("P&PG network…"), self.ppg_network.open))
        people_menu.addAction(self._action(_("&Claims for finance…"), self.involvement.open_claims))
        reports_menu.addSeparator()
        reports_menu.addAction(self._action(_("&Programmes and decisions…"), self.programmes.open_programmes))
        reports_menu.addAction(self._action(_("&Evidence pack…"), self.programmes.open_evidence_pack))

    def shutdown(self) -> None:
        """The window is closing: long work (an evidence pack being made) stops."""
        self.programmes.shutdown()

    def connect_people(self, people: PeopleDesk) -> None:
        """A member's involvement log, asked for from the People window."""
        people.sig_involvement_wanted.connect(self.involvement.open_log)

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions:
            action.setEnabled(enabled)

    def _action(self, text: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self.owner)
        action.triggered.connect(lambda _checked=False: slot())
        self.actions.append(action)
        return action
