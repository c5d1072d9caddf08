"""A restore killed after any one of its steps leaves a store that opens, holding either the data
it had or the backup's, never an empty one; and the store it replaced is kept.

The restore runs in a child process that kills itself (SIGKILL: nothing is tidied up) right
after its Nth rename or deletion, for N = 1, 2, ... until a run gets to the end. The next
open finishes or undoes what was started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.events import validate_event
from app.store import backups, restore
from app.store.events import add_event, list_events
from app.store.paths import DataPaths
from app.store.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is how a crash is made here")

CHILD = textwrap.dedent("""
    import os, pathlib, signal, sys

    steps, kill_after = [0], int(sys.argv[3])
    real_replace, real_unlink = os.replace, os.unlink

    def step():
        steps[0] += 1
        if steps[0] == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    def replace(*args, **kwargs):
        real_replace(*args, **kwargs)
        step()

    def unlink(*args, **kwargs):
        real_unlink(*args, **kwargs)
        step()

    os.replace, os.unlink = replace, unlink
    from app.store.restore import restore_backup
    restore_backup(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
    print("finished after", steps[0], "steps")
""")


def _names(paths: DataPaths) -> list[str]:
    store = Store.open(paths, backup="never")
    try:
        with store.session() as session:
            return sorted(r.name for r in list_events(session))
    finally:
        store.close()


def test_a_restore_killed_after_each_step_leaves_a_store_with_all_of_one_side(data_paths: DataPaths,
                                                                             tmp_path: Path) -> None:
    store = Store.open(data_paths)
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": "In the backup", "kind": "community-event", "event_date": "2026-06-01"}))
    backup = store.backup_now()
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": "Added since", "kind": "community-event", "event_date": "2026-06-02"}))
    store.close()
    original = data_paths.store.read_bytes()
    in_store, in_backup = ["Added since", "In the backup"], ["In the backup"]

    outcomes = []
    for kill_after in range(1, 30):
        data_paths.store.write_bytes(original)  # each round starts from the same store
        for leftover in restore.leftovers(data_paths):
            leftover.path.unlink()
        child = subprocess.run([sys.executable, "-c", CHILD, str(backup), str(data_paths.store), str(kill_after)],
                               capture_output=True, text=True, timeout=60,
                               env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])})
        if child.returncode == 0:
            assert "finished after" in child.stdout
            break
        assert child.returncode == -signal.SIGKILL, child.stderr
        opened = Store.open(data_paths, backup="never")
        recovered = opened.recovered
        opened.close()
        names = _names(data_paths)
        assert names in (in_store, in_backup), f"killed after step {kill_after}: {names}"
        if names == in_backup:
            # Finished: the store it replaced is kept beside it, whole.
            assert recovered is None or recovered.outcome == "finished"
            [aside] = restore.set_aside_stores(data_paths)
            assert aside.read_bytes() == original, f"killed after step {kill_after}: the replaced store was lost"
        assert not restore.journal_path(data_paths.store).exists()
        assert not restore.incoming_path(data_paths.store).exists()
        assert backups.list_backups(data_paths.backups)[-1] == backup
        outcomes.append((kill_after, "restored" if names == in_backup else "as it was"))
    else:
        pytest.fail("the restore never got to the end")
    # Every step was a place to be killed: early ones undo, later ones finish.
    assert len(outcomes) >= 5, outcomes
    assert outcomes[0][1] == "as it was" and outcomes[-1][1] == "restored", outcomes
