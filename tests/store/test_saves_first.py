"""A sync gives way to a kiosk's save: its threads pause between pieces while a save is under way."""

from __future__ import annotations

import threading

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


def test_saves_back_to_back_cannot_stop_background_work_for_long() -> None:
    saves = SavesFirst()
    held, done = threading.Event(), threading.Event()

    def saving_for_ever() -> None:
        with saves.saving():
            held.set()
            done.wait()

    saver = threading.Thread(target=saving_for_ever)
    saver.start()
    held.wait()
    saves.give_way(longest=0.01)  # returns although the save has not ended
    done.set()
    saver.join()


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
