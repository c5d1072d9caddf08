"""Kiosk mode: members of the public answer an event's surveys themselves, one question at a time."""
