"""Involve: offline feedback and sign-up collection for NHS engagement teams."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Involve"
