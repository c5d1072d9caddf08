"""The window's work with the health network's organisations: opens the Organisations window.

Everything that touches the store runs on the worker (in the window it opens); this object
only decides which window to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.common.desk import OneWindowDesk

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.network.organisations_window import OrganisationsWindow


class OrganisationsDesk(OneWindowDesk["OrganisationsWindow"]):
    def open(self) -> None:
        """The Organisations window (the menu item "Organisations…"); searched again if open."""
        def make(store: Store) -> OrganisationsWindow:
            from app.ui.network.organisations_window import OrganisationsWindow

            window = OrganisationsWindow(self.owner, store=store, tasks=self.tasks, settings=self.workspace.settings)
            window.sig_message.connect(self.sig_message)
            return window

        self.show_window(make, lambda window: window.search, again=lambda window: window.search_now())
