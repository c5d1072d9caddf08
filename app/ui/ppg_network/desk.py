"""The window's PPG network: opens the one window that shows every practice's Patient
Participation Group. Everything that touches the store runs on the worker, in the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.common.desk import OneWindowDesk
from app.ui.common.remembered_geometry import RememberedGeometry

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.ppg_network.window import PpgNetworkWindow

GEOMETRY_KEY = "ppg_network_window_geometry"


class PpgNetworkDesk(OneWindowDesk["PpgNetworkWindow"]):
    def open(self) -> None:
        """Show the PPG network (the menu item "PPG network…"); read afresh if already open."""
        def make(store: Store) -> PpgNetworkWindow:
            from app.ui.ppg_network.window import PpgNetworkWindow

            window = PpgNetworkWindow(self.owner, store=store, tasks=self.tasks)
            RememberedGeometry(window, self.workspace.settings, GEOMETRY_KEY)
            return window

        self.show_window(make, lambda window: window.table, again=lambda window: window.refresh())
