"""Reports made in the store's side process: the same report, in another process, which reads
only, can be stopped at once, and never leaves the app without its report."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from app.core import i18n
from app.core.report import ReportSelection
from app.services.reports import ReportCancelled, report_pdf
from app.store.demo import seed_demo
from app.store.engine import read_only_connection
from app.store.errors import NotFound, StoreError, StoreUnreadable
from app.store.keys import StoreKey
from app.store.paths import DataPaths
from app.store.reports import local_report, report_from
from app.store.side_process import (
    Cancelled,
    SideProcess,
    SideProcessLost,
    SideProcessUnavailable,
    SideWorkFailed,
)
from app.store.store import Store
from app.store.survey_library import load_library

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


# What the side process is asked to do in these tests: module-level, so that they can be sent.
def pid_and_niceness(_engine: Engine) -> tuple[int, int]:
    return os.getpid(), os.nice(0)


def language(_engine: Engine) -> tuple[Path | None, list[str] | None]:
    return i18n.installed_as()


def responses_held(engine: Engine) -> int:
    with read_only_connection(engine) as connection:
        return int(connection.execute(text("SELECT count(*) FROM responses")).scalar_one())


def write_a_device(engine: Engine) -> None:
    with engine.begin() as connection:  # not asking to only read: it still only reads
        connection.execute(text("UPDATE devices SET name = 'changed'"))


def write_after_reading(engine: Engine) -> None:
    with read_only_connection(engine) as connection:
        connection.execute(text("SELECT count(*) FROM devices")).scalar()
    write_a_device(engine)


def slow_echo(_engine: Engine, word: str, said: Path) -> str:
    said.touch()
    import threading

    threading.Event().wait(1.0)  # long enough for the asker to give up on it
    return word


def fail_with_a_name(_engine: Engine) -> None:
    raise ValueError("Jane Smith, 07700 900123")


class Unloadable:
    """Pickles in the side process; cannot be unpickled here."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return refuse_to_load, ()


def refuse_to_load() -> None:
    raise TypeError("not here")


def answer_unloadably(_engine: Engine) -> Unloadable:
    return Unloadable()


def wait_forever(_engine: Engine) -> None:
    import threading

    threading.Event().wait()


def say_then_wait_forever(_engine: Engine, said: Path) -> None:
    saying = said.with_suffix(".saying")
    saying.write_text(str(os.getpid()))
    saying.replace(said)  # whole when it appears: the test reads it as soon as it exists
    wait_forever(_engine)


ROOT = Path(__file__).resolve().parents[2]
# An app that asks its side process for work, then ends abruptly while the work goes on.
APP_THAT_DIES = """
import os, sys, threading
from pathlib import Path
from app.store.paths import DataPaths
from app.store.store import Store
from tests.store.test_side_process import say_then_wait_forever

def main():
    store = Store.open(DataPaths(Path(sys.argv[1])), backup="never", check=False)
    said = Path(sys.argv[2])
    threading.Thread(target=store.side.run, args=(say_then_wait_forever, said), daemon=True).start()
    done = threading.Event()
    while not said.exists():
        done.wait(0.01)
    os._exit(0)

if __name__ == "__main__":
    main()
"""


def end_abruptly(_engine: Engine) -> None:
    os._exit(3)


def fail_unpicklably(_engine: Engine) -> None:
    raise StoreUnreadable("The store could not be read.", path=Path("x"), backup=None)


@pytest.fixture
def seeded(store: Store) -> tuple[str, ...]:
    return seed_demo(store, load_library(store.paths.surveys).surveys, events=3, responses=120, seed=11).event_ids


def test_the_report_made_in_its_own_process_is_the_one_made_here(store: Store, seeded: tuple[str, ...]) -> None:
    for selection in (ReportSelection(), ReportSelection(event_ids=seeded[:1]),
                      ReportSelection(date_from=dt.date(2000, 1, 1), date_to=dt.date(2100, 1, 1))):
        here = local_report(store, selection, now=NOW)
        there = local_report(store, selection, now=NOW, own_process=True)
        assert there == here
        assert there.reach.responses > 0 and there.comments.shown, "a report with figures and comments"
    assert store.side.running, "the side process stays for the next report"


def test_the_work_runs_in_another_process_at_a_lower_priority(store: Store) -> None:
    pid, niceness = store.side.run(pid_and_niceness)
    assert pid != os.getpid()
    if hasattr(os, "nice"):
        assert niceness >= min(19, os.nice(0) + 1)
    assert store.side.run(pid_and_niceness)[0] == pid, "one process, kept between pieces of work"


def test_the_side_process_speaks_the_apps_language(store: Store, tmp_path: Path) -> None:
    before = i18n.installed_as()
    i18n.install(tmp_path / "locale", ["cy"])
    side = SideProcess(store.paths.store, store.key)  # it starts with the language the app speaks then
    try:
        assert side.run(language) == (tmp_path / "locale", ["cy"])
    finally:
        side.close()
        i18n.install(*before)


def test_it_reads_the_saves_made_after_it_started(store: Store, seeded: tuple[str, ...]) -> None:
    first = store.side.run(responses_held)
    seed_demo(store, load_library(store.paths.surveys).surveys, events=1, responses=7, seed=12)
    assert store.side.run(responses_held) == first + 7


def test_it_only_reads_however_the_work_asks(store: Store) -> None:
    for work in (write_a_device, write_after_reading):
        with pytest.raises(Exception, match="readonly|read-only|attempt to write"):
            store.side.run(work)
    assert store.device_name() != "changed"


def test_an_interrupted_wait_never_gets_the_next_work_the_old_answer(store: Store, tmp_path: Path) -> None:
    said = tmp_path / "said"

    def interrupt() -> bool:
        if said.exists():
            raise KeyboardInterrupt  # as Ctrl+C in the command line would, while it works
        return False

    with pytest.raises(KeyboardInterrupt):
        store.side.run(slow_echo, "first", said, cancelled=interrupt)
    assert store.side.run(slow_echo, "second", tmp_path / "again") == "second"


def test_a_failure_there_is_logged_here_by_kind_and_place_never_by_its_words(
        store: Store, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(ValueError):
        store.side.run(fail_with_a_name)
    assert "ValueError" in caplog.text and "fail_with_a_name" in caplog.text
    assert "Jane" not in caplog.text and "07700" not in caplog.text


def test_an_answer_that_cannot_be_unpickled_is_a_failure_said_by_its_kind(store: Store) -> None:
    with pytest.raises(SideWorkFailed, match="TypeError"):
        store.side.run(answer_unloadably)
    assert store.side.run(responses_held) == 0, "the next work is answered"


def test_a_store_the_side_process_cannot_open_leaves_the_work_to_this_one(store: Store) -> None:
    side = SideProcess(store.paths.store, StoreKey("0f" * 32, "keyring"))  # not this store's key
    try:
        with pytest.raises(SideProcessUnavailable):
            side.run(responses_held)
    finally:
        side.close()


def test_no_event_in_the_dates_is_said_in_plain_words_as_here(store: Store, seeded: tuple[str, ...]) -> None:
    empty = ReportSelection(date_from=dt.date(1990, 1, 1), date_to=dt.date(1990, 1, 31))
    with pytest.raises(NotFound) as here:
        local_report(store, empty)
    with pytest.raises(NotFound) as there:
        local_report(store, empty, own_process=True)
    assert str(there.value) == str(here.value) == (
        "No event is held from 1990-01-01 to 1990-01-31, so there is nothing to report.")


def test_an_error_that_cannot_travel_is_named_by_its_kind(store: Store) -> None:
    with pytest.raises(SideWorkFailed, match="StoreUnreadable"):
        store.side.run(fail_unpicklably)
    assert store.side.running, "a failed piece of work does not end the process"


def test_cancel_stops_the_side_process_at_once_and_the_next_report_starts_another(
        store: Store, seeded: tuple[str, ...]) -> None:
    pid = store.side.run(pid_and_niceness)[0]
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(Cancelled):
        store.side.run(wait_forever, cancelled=cancelled)
    assert not store.side.running
    assert not _alive(pid)
    assert store.side.run(pid_and_niceness)[0] != pid
    assert local_report(store, ReportSelection(), now=NOW, own_process=True).reach.responses == 120


def test_cancel_in_the_report_window_path_is_a_cancel_not_a_failure(store: Store, seeded: tuple[str, ...]) -> None:
    with pytest.raises(ReportCancelled):
        report_pdf(store, ReportSelection(), own_process=True, cancelled=lambda: True)


def test_a_side_process_that_ends_mid_work_is_said_and_the_next_starts_afresh(store: Store) -> None:
    with pytest.raises(SideProcessLost):
        store.side.run(end_abruptly)
    assert store.side.run(pid_and_niceness)[0] != os.getpid()


def test_the_report_is_still_made_when_its_own_process_cannot_start(
        store: Store, seeded: tuple[str, ...], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def unavailable(*_args: object, **_kwargs: object) -> None:
        raise SideProcessUnavailable()

    monkeypatch.setattr(store.side, "run", unavailable)
    report = local_report(store, ReportSelection(), now=NOW, own_process=True)
    assert report == local_report(store, ReportSelection(), now=NOW)
    assert "made in this one" in caplog.text


def test_a_report_whose_process_ended_during_it_is_not_made_again_in_the_app(
        store: Store, seeded: tuple[str, ...]) -> None:
    """Whatever ended that process (memory, say) could end the app: the person is told instead."""
    from app.services.reports import failure_text

    with pytest.raises(SideProcessLost):
        store.side.run(end_abruptly)
    original = store.side.run

    def ends(*_args: object, **_kwargs: object) -> None:
        original(end_abruptly)

    store.side.run = ends  # type: ignore[method-assign]
    with pytest.raises(StoreError) as said:
        local_report(store, ReportSelection(), own_process=True)
    assert failure_text(said.value) == ("The report could not be made: the part of Involve making it stopped "
                                        "unexpectedly. Please try again, with fewer events if it happens again.")


def test_an_idle_side_process_ends_and_the_next_report_starts_another(
        store: Store, seeded: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    """What a year's report took is given back when no report is asked for a while."""
    from app.store import side_process

    monkeypatch.setattr(side_process, "IDLE_END_S", 0.3)
    side = SideProcess(store.paths.store, store.key)
    try:
        pid = side.run(pid_and_niceness)[0]
        assert _gone_within(pid, 20), "the idle side process went on"
        assert not side.running
        assert side.run(report_from, store.paths, ReportSelection(), NOW) == local_report(
            store, ReportSelection(), now=NOW)
    finally:
        side.close()


def test_closing_the_store_ends_its_side_process(store: Store) -> None:
    pid = store.side.run(pid_and_niceness)[0]
    store.close()
    assert not _alive(pid)
    with pytest.raises(Cancelled):
        store.side.run(pid_and_niceness)  # none is started for a closed store


def test_closing_the_store_stops_work_under_way_at_once(store: Store, tmp_path: Path) -> None:
    import threading

    from tests.store.test_write_turns import _until

    pid, said = store.side.run(pid_and_niceness)[0], tmp_path / "said"
    outcome: list[BaseException] = []

    def work() -> None:
        try:
            store.side.run(say_then_wait_forever, said)
        except BaseException as error:  # noqa: BLE001 (what the test looks at)
            outcome.append(error)

    working = threading.Thread(target=work, daemon=True)
    working.start()
    _until(said.exists)
    side_pid = int(said.read_text())
    closing = threading.Thread(target=store.close, daemon=True)  # the app is closing while a report is made
    try:
        closing.start()
        closing.join(timeout=20)
        working.join(timeout=20)
        assert not closing.is_alive(), "closing the store waited for the report"
        assert not working.is_alive()
        assert [type(error) for error in outcome] == [Cancelled]
        assert not _alive(pid) and not _alive(side_pid)
    finally:
        if _alive(side_pid):
            os.kill(side_pid, 9)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, which only Linux has")
def test_the_side_process_ends_with_the_app_even_in_the_middle_of_work(store: Store, tmp_path: Path) -> None:
    import subprocess

    said = tmp_path / "said"
    app = subprocess.run([sys.executable, "-c", APP_THAT_DIES, str(store.paths.root), str(said)],
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert app.returncode == 0
    side_pid = int(said.read_text())
    try:
        assert _gone_within(side_pid, 20), "the side process went on after the app had gone"
    finally:
        if _alive(side_pid):
            os.kill(side_pid, 9)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, which only Linux has")
def test_the_key_is_on_neither_the_command_line_nor_in_the_environment_of_the_side_process(tmp_path: Path) -> None:
    secret = "5e" * 32  # not the tests' key, which the environment holds
    assert secret not in os.environ.values()
    store = Store.open(DataPaths(tmp_path / "own-key"), key=StoreKey(secret, "keyring"))
    try:
        pid = store.side.run(pid_and_niceness)[0]
        seen = Path(f"/proc/{pid}/cmdline").read_bytes() + Path(f"/proc/{pid}/environ").read_bytes()
        assert store.side.run(responses_held) == 0, "the side process opened the store with the key"
        assert secret.encode() not in seen
    finally:
        store.close()


def _gone_within(pid: int, seconds: float) -> bool:
    """Whether ``pid`` ends within ``seconds``: another program's process gives no signal to wait on."""
    import threading
    import time

    deadline, tick = time.monotonic() + seconds, threading.Event()
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        tick.wait(0.05)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A process that has ended but not been waited for is a zombie: not alive.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())
