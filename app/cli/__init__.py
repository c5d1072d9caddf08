"""The ``involve`` command: one module per command area, and ``main`` for the entry point."""

from app.cli.command import main

__all__ = ["main"]
