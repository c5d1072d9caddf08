"""The window's "Who should we involve?" work: one window, opened from the menu.

Everything that touches the store runs on the worker (in the window it opens); this object only
decides which window to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.common.desk import OneWindowDesk
from app.ui.common.remembered_geometry import RememberedGeometry

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.finding.window import WhoToInvolveWindow


class FindingDesk(OneWindowDesk["WhoToInvolveWindow"]):
    def open_who_to_involve(self) -> None:
        """The menu item "Who should we involve?…"."""
        def make(store: Store) -> WhoToInvolveWindow:
            from app.ui.finding.window import WhoToInvolveWindow

            window = WhoToInvolveWindow(self.owner, store=store, tasks=self.tasks)
            window.sig_message.connect(self.sig_message)
            RememberedGeometry(window, self.workspace.settings, "who_to_involve_window_geometry")
            return window

        self.show_window(make, lambda window: window.topic)
