"""What the worker writes to the log when store work fails: where, never the message."""

from __future__ import annotations

import logging

from app.ui.common.tasks import TaskPool
from app.ui.shell.application import make_application


def test_a_failure_is_logged_without_its_message(qtbot, caplog) -> None:
    make_application()
    tasks = TaskPool()
    failures: list[Exception] = []

    typed = "Zebedee Quimby, zq@example.org"

    def work() -> None:
        raise ValueError(f"'{typed}' is not a sheet code")  # as the app's messages quote what was typed

    with caplog.at_level(logging.ERROR, logger="app.ui.common.tasks"):
        tasks.run(work, None, failures.append)
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "Zebedee" in str(failures[0])  # the person at the screen is still told
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "ValueError" in logged and "in work" in logged
    assert "Zebedee" not in logged and "zq@example.org" not in logged
    tasks.wait()
