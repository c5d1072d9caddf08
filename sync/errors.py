"""What can go wrong in a sync, in words staff can act on."""

from __future__ import annotations


class SyncError(Exception):
    """A sync could not be done; the message is plain English for the person at the laptop."""


class CentralNotReady(SyncError):
    """The central database is reachable but not set up for this version of Involve."""


class SyncCancelled(SyncError):
    """Someone pressed Cancel; what was confirmed stays confirmed."""
