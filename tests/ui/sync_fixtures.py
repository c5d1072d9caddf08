"""What the sync GUI tests share: the central service on a SQLite central, a laptop with demo
data enrolled with it, the runner, a keyring.

The real service runs in its own process on loopback in front of a SQLite file, so no database
server is needed; the engines themselves are tested in tests/sync.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import create_engine, func, select

from app.services.central import SERVICE_KEY
from app.services.enrolment import enrol_this_laptop
from app.store.demo import seed_demo
from app.store.paths import DataPaths
from app.store.settings_file import SettingsFile
from app.store.store import Store
from app.store.survey_library import load_library
from app.ui.shell.application import make_application
from app.ui.sync.sync_runner import SyncRunner
from sync import central_schema
from sync.service_client import save_token
from tests.memory_keyring import MemoryKeyring
from tests.sync.conftest import make_central
from tests.sync.service_process import CentralService, start_service

UNREACHABLE = "http://127.0.0.1:1"  # nothing listens on port 1


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[CentralService]:
    """The central service (``involve central serve``) in front of a SQLite central database."""
    url, drop = make_central("sqlite", tmp_path)
    running = start_service(url, tmp_path)
    yield running
    running.stop()
    drop()


@pytest.fixture
def central(service: CentralService) -> str:
    """The central database behind the service, to count what arrived."""
    return service.db_url


def central_rows(url: str, table: str = "responses") -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(central_schema.SYNCED_TABLES[table])) or 0
    finally:
        engine.dispose()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Store]:
    """A laptop's store with three demo events and 300 feedback responses."""
    store = Store.open(DataPaths(tmp_path / "laptop"))
    seed_demo(store, load_library(None).surveys, events=3, responses=300, seed=5)
    yield store
    store.close()


def enrol(settings: SettingsFile, store: Store, service: CentralService, name: str = "Stall laptop") -> None:
    """Connect ``store``'s laptop to ``service`` as Sync ▸ Connect to your organisation… does."""
    enrol_this_laptop(settings, store.device_id, service.url, service.add_device(name))


def point_at_unreachable(settings: SettingsFile) -> None:
    """Make the laptop's centre a service nothing answers at (with a credential, so it is tried)."""
    save_token(UNREACHABLE, "a-credential-for-nowhere")
    settings.set(SERVICE_KEY, UNREACHABLE)


@pytest.fixture
def settings(tmp_path: Path, laptop: Store, service: CentralService, memory_keyring: MemoryKeyring) -> SettingsFile:
    """The laptop's settings, enrolled with the service (its credential in the test's keyring)."""
    file = SettingsFile(tmp_path / "settings.json")
    enrol(file, laptop, service)
    return file


@pytest.fixture
def runner(qtbot, laptop: Store, settings: SettingsFile) -> Iterator[SyncRunner]:
    make_application()
    shared = SyncRunner(settings)
    shared.set_store(laptop)
    yield shared
    shared.cancel()
    shared.wait()
    shared.set_store(None)
    shared.deleteLater()


def gate_the_sync(monkeypatch, runner: SyncRunner | None = None) -> tuple[threading.Event, list]:
    """Make the next sync wait after its first sent batch until the returned event is set
    (or, given the ``runner``, until someone cancels it).

    So a test can act while a sync is certainly under way, with no race against its speed.
    """
    import sync.runner

    real: Callable = sync.runner.run_sync
    gate = threading.Event()
    seen: list = []

    def gated(store, target, *, progress=None, **options):
        def report(step) -> None:
            if progress is not None:
                progress(step)
            seen.append(step)
            if step.done:
                for _tick in range(6000):
                    if gate.wait(0.01) or (runner is not None and runner.cancelling):
                        break

        return real(store, target, progress=report, **options)

    monkeypatch.setattr(sync.runner, "run_sync", gated)
    return gate, seen
