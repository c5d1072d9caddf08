"""Pulling the plug on a busy kiosk never loses or doubles a response that was thanked."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.events import validate_event
from app.store.events import add_event
from app.store.paths import DataPaths
from app.store.store import Store

CHILD = Path(__file__).resolve().parents[1] / "kiosk_child.py"
KILLS = 25


@pytest.mark.timeout(900)  # 25 kiosks started and killed: about 45 s on a quiet machine
def test_kill_minus_nine_at_random_moments_loses_and_doubles_nothing(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "kiosk-data")
    store = Store.open(paths)
    with store.session() as session:
        event_id = add_event(session, store.device_id, validate_event(
            {"name": "Crash test", "kind": "outreach-stall", "event_date": "2026-06-01",
             "survey_ids": "fft,topics"})).id
    store.close()

    thanked: list[str] = []
    rng = random.Random(20261125)
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(paths.root), event_id], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, env=env, text=True)
        assert child.stdout is not None
        deadline = time.monotonic() + 30
        # Wait for the first thank-you so every round kills a kiosk in full flow.
        first = child.stdout.readline()
        assert first.startswith("THANKS "), "the kiosk did not start"
        thanked.append(first.split()[1])
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        for line in child.stdout:
            if line.startswith("THANKS "):
                thanked.append(line.split()[1])
        child.wait(timeout=30)
        assert time.monotonic() < deadline

    store = Store.open(paths)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            ids = conn.exec_driver_sql("SELECT id FROM responses").scalars().all()
            comments = conn.exec_driver_sql(
                "SELECT json_extract(answers, '$.fft.fft_comment') FROM responses").scalars().all()
    finally:
        store.close()
    print(f"{len(thanked)} responses thanked, {len(ids)} stored, over {KILLS} kills")
    assert len(thanked) > KILLS * 2, "too few responses to mean anything"
    missing = set(thanked) - set(ids)
    assert not missing, f"{len(missing)} thanked responses were lost"
    assert len(ids) == len(set(ids))
    assert len(comments) == len(set(comments)), "a response was stored twice"
    # At most one unthanked save per kill: committed just before the thank-you could show.
    assert len(ids) - len(set(thanked)) <= KILLS
