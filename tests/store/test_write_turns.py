"""Writers take turns first come, first served: a save is never starved by a busy writer."""

from __future__ import annotations

import threading

from sqlalchemy import event, text

from app.core.events import validate_event
from app.store.events import add_event
from app.store.store import Store
from app.store.write_turns import WriteTurns


def _until(condition) -> None:
    """Wait for another thread to reach a state there is no signal for (a queue's length)."""
    changed = threading.Event()
    while not condition():
        changed.wait(0.001)


def test_a_writer_that_lets_go_and_asks_again_goes_behind_the_one_waiting() -> None:
    turns, order = WriteTurns(), []
    turns.acquire(5)
    waiter = threading.Thread(target=lambda: (turns.acquire(5), order.append("waiter"), turns.release()))
    waiter.start()
    _until(lambda: turns.queued == 1)
    turns.release()
    turns.acquire(5)  # straight back, as a sync marking batch after batch does
    order.append("busy writer")
    turns.release()
    waiter.join()
    assert order == ["waiter", "busy writer"]


def test_a_thread_may_take_its_turn_again_while_it_has_it() -> None:
    turns = WriteTurns()
    turns.acquire(1)
    turns.acquire(1)
    turns.release()
    taken = []
    other = threading.Thread(target=lambda: taken.append(_try(turns)))
    other.start()
    other.join()
    assert taken == [False]  # still held once
    turns.release()
    other = threading.Thread(target=lambda: taken.append(_try(turns)))
    other.start()
    other.join()
    assert taken == [False, True]


def _try(turns: WriteTurns) -> bool:
    from app.store.write_turns import TurnTimeout

    try:
        turns.acquire(0.05)
    except TurnTimeout:
        return False
    turns.release()
    return True


def test_a_save_waits_for_at_most_the_write_under_way_while_another_thread_writes_back_to_back(store: Store) -> None:
    _save(store)  # the first save's statements are compiled, and its connection opened, before counting
    with store.engine.begin() as conn:  # something for the busy writer to rewrite, a few ms each time
        conn.execute(text("CREATE TABLE scratch (n INTEGER, t TEXT)"))
        conn.execute(text("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5000) "
                          "INSERT INTO scratch SELECT n, 'x' FROM c"))
    done_while_waiting: list[int] = []
    commits = [0]
    stop = threading.Event()

    def busy_writer() -> None:
        while not stop.is_set():
            with store.engine.begin() as conn:
                conn.execute(text("UPDATE scratch SET t = t || ''"))
            commits[0] += 1

    writer = threading.Thread(target=busy_writer)
    writer.start()
    try:
        _until(lambda: commits[0] > 3)
        for _round in range(20):
            before = commits[0]
            _save(store)
            done_while_waiting.append(commits[0] - before)
    finally:
        stop.set()
        writer.join()
    # First come, first served: at most the write under way when the save asked, one done while the save
    # made its row ready, and one that slipped in as it began. Without turns, one save waited for hundreds.
    assert max(done_while_waiting) <= 3, done_while_waiting


def test_a_write_left_unfinished_gives_its_turn_back(store: Store) -> None:
    with store.engine.connect() as conn:
        conn.execute(text("UPDATE devices SET name = 'not kept'"))
    saved = []
    other = threading.Thread(target=lambda: saved.append(_save(store)))
    other.start()
    other.join()
    assert saved == ["saved"]


def _save(store: Store) -> str:
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": "After", "kind": "community-event", "event_date": "2026-06-01"}))
    return "saved"


FULL, NORMAL = 2, 1


def _synchronous_at_each_update(store: Store) -> list[int]:
    """The flush setting in force each time an UPDATE runs on the store."""

    seen: list[int] = []

    def before(conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            seen.append(conn.connection.driver_connection.execute("PRAGMA synchronous").fetchone()[0])

    event.listen(store.engine, "before_cursor_execute", before)
    return seen


def test_a_syncs_marks_do_not_wait_for_the_disk_and_saves_still_do(store: Store) -> None:
    """A kiosk save queued behind a sync's mark waits only for the mark's writing, not a flush
    of the disk; every save (and the mark's next use of its connection) still flushes."""
    from app.store.models import Event
    from sync.upload import mark_synced

    with store.session() as session:
        event_id = add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "community-event", "event_date": "2026-06-01"})).id
        version = session.get(Event, event_id).version
    seen = _synchronous_at_each_update(store)
    mark_synced(store, Event, [{"id": event_id, "version": version}])
    with store.session() as session:
        session.get(Event, event_id).name = "Stall at the market"
    assert seen == [NORMAL, FULL], "the mark waits for the disk, or a save after it does not"
    with store.session() as session:
        assert session.get(Event, event_id).synced_version == version


def test_an_unflushed_write_that_fails_leaves_its_connection_flushing(store: Store) -> None:
    try:
        with store.writing_unflushed() as connection:
            connection.execute(text("UPDATE events SET name = name"))
            raise RuntimeError("went wrong")
    except RuntimeError:
        pass
    seen = _synchronous_at_each_update(store)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE events SET name = name"))
    assert seen == [FULL]


def test_a_writers_turn_passes_on_only_once_its_commit_is_done(store: Store) -> None:
    """The next writer (a kiosk's save behind a sync's mark) starts when the commit before it has
    finished: handed the turn earlier, it would find SQLite's lock still held and sleep in
    SQLite's busy handler (1, 2, 5, 10 ms…) long after the commit had ended."""
    still_open: list[bool] = []

    def after_the_stores_own(conn, *_args) -> None:  # runs where the turn has just been passed on
        still_open.append(conn.connection.driver_connection.in_transaction)

    event.listen(store.engine, "commit", after_the_stores_own)
    with store.session() as session:
        add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "community-event", "event_date": "2026-06-01"}))
    with store.writing_unflushed() as connection:
        connection.execute(text("UPDATE events SET name = name"))
    assert still_open == [False, False], "the turn was handed on before the COMMIT had run"


def test_a_commit_that_fails_says_so_keeps_nothing_and_passes_the_turn_on(store: Store) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with store.engine.begin() as connection:
        connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        connection.execute(text("CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))"))
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text("PRAGMA defer_foreign_keys = ON"))  # the check comes at COMMIT
        connection.execute(text("INSERT INTO child VALUES (7)"))
    written: list[int] = []

    def write_from_another_thread() -> None:  # held turn: a 10 s wait, then "database is locked"
        with store.engine.begin() as connection:
            written.append(connection.execute(text("INSERT INTO parent VALUES (1)")).rowcount)

    other = threading.Thread(target=write_from_another_thread)
    other.start()
    other.join()
    assert written == [1]
    with store.engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM child")).scalar() == 0


def test_an_unflushed_write_whose_commit_fails_says_why_and_leaves_its_connection_flushing(store: Store) -> None:
    """A sync's mark refused at COMMIT: the refusal is what is reported, and the connection goes
    back to the pool waiting for the disk again, so the kiosk save that next uses it is safe."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    with store.engine.begin() as connection:
        connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        connection.execute(text("CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))"))
    with pytest.raises(IntegrityError), store.writing_unflushed() as connection:
        connection.execute(text("PRAGMA defer_foreign_keys = ON"))
        connection.execute(text("INSERT INTO child VALUES (7)"))
    seen = _synchronous_at_each_update(store)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE parent SET id = id"))
    assert seen == [FULL]
