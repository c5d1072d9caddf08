"""A sync gives way to a kiosk's save: its threads pause between pieces while a save is under way."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from app.core.events import validate_event
from app.store.events import add_event
from app.store.saves_first import SavesFirst
from app.store.store import Store
from tests.store.test_write_turns import _until


def test_background_work_waits_while_a_save_is_under_way_and_goes_on_after(store: Store) -> None:
    order: list[str] = []
    with store.session() as session:
        sync = threading.Thread(target=lambda: (store.give_way(), order.append("sync piece")))
        sync.start()
        _until(lambda: order or store.saves_first.giving_way)
        add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "community-event", "event_date": "2026-06-01"}))
        order.append("save")
    sync.join()
    assert order == ["save", "sync piece"]


def test_a_thread_never_waits_for_its_own_save(store: Store) -> None:
    with store.session():
        store.give_way()  # would wait the longest time, or for ever, if it counted itself
        assert store.saves_first.giving_way == 0


@contextmanager
def _a_save_under_way(saves: SavesFirst) -> Iterator[None]:
    """A save on another thread that lasts until the block ends."""
    held, done = threading.Event(), threading.Event()

    def saving() -> None:
        with saves.saving():
            held.set()
            done.wait()

    saver = threading.Thread(target=saving)
    saver.start()
    held.wait()
    try:
        yield
    finally:
        done.set()
        saver.join()


def test_saves_back_to_back_cannot_stop_background_work_for_long() -> None:
    saves = SavesFirst()
    with _a_save_under_way(saves):
        saves.give_way(longest=0.01)  # returns although the save has not ended


def test_a_syncs_reading_gives_way_between_its_parts(store: Store) -> None:
    from app.store.models import Event
    from sync import upload

    with store.session() as session:
        for n in range(upload.READ_CHUNK * 2 + 1):
            add_event(session, store.device_id, validate_event(
                {"name": f"Event {n}", "kind": "community-event", "event_date": "2026-06-01"}))
    asked: list[int] = []
    original = store.saves_first.give_way
    store.saves_first.give_way = lambda longest=0.25: (asked.append(1), original(longest))[1]
    batches = list(upload.pending_batches(store, Event, upload.READ_CHUNK * 10))
    assert [len(b) for b in batches] == [upload.READ_CHUNK * 2 + 1]
    assert len(asked) >= 3, "the reading never stopped for a save"


def test_a_syncs_marks_wait_for_a_run_of_saves_to_end_then_all_go(store: Store) -> None:
    """A save arriving while the sync marks rows would wait for the mark: while saves come one
    after another (a kiosk in use), the marks hold back, and all are made once it is quiet."""
    import time

    from sqlalchemy import event, select

    from app.store.models import Event
    from sync.upload import MARK_CHUNK, mark_synced

    with store.session() as session:
        for n in range(MARK_CHUNK * 6):
            add_event(session, store.device_id, validate_event(
                {"name": f"Event {n}", "kind": "community-event", "event_date": "2026-06-01"}))
    with store.reading() as session:
        rows = [{"id": i, "version": v} for i, v in session.execute(select(Event.id, Event.version))]
    store.saves_first.quiet = 1.0  # far longer than the gap between two saves, however slow the machine
    marked: list[float] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.startswith("UPDATE events SET synced_version"):
            marked.append(time.monotonic())

    saves: list[tuple[float, float]] = []
    marking = threading.Thread(target=mark_synced, args=(store, Event, rows))
    for n in range(30):
        began = time.monotonic()
        with store.session() as session:
            add_event(session, store.device_id, validate_event(
                {"name": f"Walk-in {n}", "kind": "community-event", "event_date": "2026-06-01"}))
        saves.append((began, time.monotonic()))
        if n == 0:
            marking.start()  # the sync's marks come while the saves are under way
        time.sleep(0.01)  # the next person's answers
    marking.join()
    first_ended, last_ended = saves[0][1], saves[-1][1]
    assert len(marked) == 6
    assert not [t for t in marked if first_ended < t < last_ended], "a mark went between two saves"
    with store.reading() as session:
        waiting = session.scalar(select(Event.id).where(Event.synced_version < Event.version,
                                                        Event.id.in_([r["id"] for r in rows])).limit(1))
    assert waiting is None


def test_marks_wait_for_quiet_no_longer_than_they_are_told() -> None:
    saves = SavesFirst()
    with _a_save_under_way(saves):
        assert saves.wait_for_quiet(longest=0.01) is False
    saves.quiet = 0.0
    assert saves.wait_for_quiet(longest=0.01) is True


def test_a_syncs_marks_do_not_wait_for_the_syncs_own_saves(store: Store) -> None:
    """The sync saves what it received just before it sends; its marks must not wait on that."""
    from sqlalchemy import select

    from app.store.models import Event
    from sync.upload import mark_synced

    with store.session() as session:  # made on this thread: the sync's own
        event_id = add_event(session, store.device_id, validate_event(
            {"name": "Stall", "kind": "community-event", "event_date": "2026-06-01"})).id
    with store.reading() as session:
        version = session.scalar(select(Event.version).where(Event.id == event_id))
    store.saves_first.quiet = 600.0  # a wait for quiet would outlast the test
    marking = threading.Thread(target=mark_synced, args=(store, Event, [{"id": event_id, "version": version}]),
                               kwargs={"syncing": threading.get_ident()})
    marking.start()
    marking.join(timeout=20)
    assert not marking.is_alive(), "the marks waited for the sync's own save"
    with store.reading() as session:
        assert session.scalar(select(Event.synced_version).where(Event.id == event_id)) == version


class _Centre:
    """A centre that takes two batches at once and notes how many it had at a time, and when."""

    as_stored = True
    in_flight = 2
    WORK_S = 0.3  # a batch's work; a second batch sent meanwhile arrives well within it

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._together = threading.Event()
        self.at_once = self.most = 0
        self.pushes: list[tuple[float, float]] = []  # (began, answered)

    def batch_size(self, _table: object, wanted: int) -> int:
        return wanted

    def prepare(self, rows: list, between: object = None) -> None:
        return None

    def push(self, _table: object, rows: list, _prepared: object):
        import time

        from sync.upload import Sent, Tally

        began = time.monotonic()
        with self._lock:
            self.at_once += 1
            self.most = max(self.most, self.at_once)
            if self.at_once > 1:
                self._together.set()
        self._together.wait(self.WORK_S)
        with self._lock:
            self.at_once -= 1
            self.pushes.append((began, time.monotonic()))
        return Sent(Tally(sent=len(rows), new=len(rows)))


def _events(store: Store, count: int) -> None:
    with store.session() as session:
        for n in range(count):
            add_event(session, store.device_id, validate_event(
                {"name": f"Event {n}", "kind": "community-event", "event_date": "2026-06-01"}))


def test_a_sync_sends_two_batches_at_once_when_no_save_is_coming_in(store: Store) -> None:
    from sync.upload import pending_count, upload

    _events(store, 4)
    centre = _Centre()
    upload(store, centre, batch_size=2)
    assert centre.most == 2
    assert pending_count(store) == 0


def test_while_saves_come_in_a_sync_sends_nothing_until_they_are_quiet(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch's work (here and at the centre) keeps every core busy, and a kiosk's save then
    waits for one: while saves come in, the sync sends nothing until they are quiet, and then
    one batch at a time; every row the centre took is still marked."""
    import time

    from sync.upload import pending_count, upload

    _events(store, 4)
    store.saves_first.quiet = 0.0  # only a save under way counts: the one held open below
    centre = _Centre()
    waits, real_wait = threading.Event(), store.wait_for_quiet

    def wait_for_quiet(*args: Any, **kwargs: Any) -> bool:
        waits.set()
        return real_wait(*args, **kwargs)

    monkeypatch.setattr(store, "wait_for_quiet", wait_for_quiet)
    sending = threading.Thread(target=upload, args=(store, centre), kwargs={"batch_size": 2})
    with _a_save_under_way(store.saves_first):
        sending.start()
        _until(waits.is_set)  # the sync waits for the saves to be quiet
        saved = time.monotonic()
    sending.join()
    assert len(centre.pushes) == 3  # this laptop's row, then the events in two
    assert min(began for began, _answered in centre.pushes) >= saved, "a batch went while a save was under way"
    assert pending_count(store) == 0


def test_saves_that_never_fall_quiet_hold_a_sync_back_no_longer_than_its_patience(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves one after another, each a moment after the last: the sync waits, then sends everything."""
    import time

    from sync import upload as uploading

    _events(store, 4)
    store.saves_first.quiet = 600.0  # the saves never fall quiet
    monkeypatch.setattr(uploading, "LONGEST_QUIET_WAIT_S", 1.0)  # the patience, short for the test
    centre = _Centre()
    with _a_save_under_way(store.saves_first):
        pass  # a save has just ended: saves are coming in
    began = time.monotonic()
    uploading.upload(store, centre, batch_size=2)
    assert min(sent for sent, _answered in centre.pushes) - began >= 1.0, "the sync did not wait for the saves"
    assert len(centre.pushes) == 3
    assert uploading.pending_count(store) == 0


def test_cancel_ends_a_syncs_wait_for_the_saves_at_once(store: Store) -> None:
    """Staff press Cancel while a kiosk's saves keep coming: the sync stops waiting for them."""
    import time

    from sync.upload import pending_count, upload

    _events(store, 4)
    store.saves_first.quiet = 600.0  # the saves never fall quiet: the sync would wait its whole patience
    with _a_save_under_way(store.saves_first):
        pass
    cancel = threading.Event()
    centre = _Centre()
    pressed = threading.Timer(0.3, cancel.set)  # Cancel pressed while the sync waits
    pressed.start()
    began = time.monotonic()
    upload(store, centre, batch_size=2, cancel=cancel)
    pressed.join()
    assert time.monotonic() - began < 10, "the sync, or its marks, went on waiting for the saves after Cancel"
    assert pending_count(store) == 0  # nothing stops it here but on_batch, which the runner gives it
