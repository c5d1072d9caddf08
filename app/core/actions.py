""""You said, we did": the vocabulary of actions agreed in answer to feedback.

An action records what people told us ("you said"), what was agreed ("we will"), who owns it,
by when, how far it has got, and what was done ("we did"). The words here are the ones the
public read on the printed summary, so they are plain English.
"""

from __future__ import annotations

import enum

from app.core.i18n import _


class ActionStatus(enum.StrEnum):
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_POSSIBLE = "not_possible"

    @property
    def label(self) -> str:
        """How staff and commissioners see the status."""
        return {ActionStatus.AGREED: _("Agreed"), ActionStatus.IN_PROGRESS: _("In progress"),
                ActionStatus.DONE: _("Done"), ActionStatus.NOT_POSSIBLE: _("Could not be done")}[self]

    @property
    def public_label(self) -> str:
        """How the public summary says it."""
        return {ActionStatus.AGREED: _("We will do this"), ActionStatus.IN_PROGRESS: _("We are working on this"),
                ActionStatus.DONE: _("We did this"), ActionStatus.NOT_POSSIBLE: _("We could not do this")}[self]

    @property
    def finished(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.NOT_POSSIBLE)
