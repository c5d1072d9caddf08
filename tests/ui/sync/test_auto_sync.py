"""Automatic sync: back online leads to a real check and a sync; a failure waits, then tries again.

The "went online" hint is given directly (a CI box has no network-information backend to
send it); the centre is the real central service on a SQLite file, and an unreachable one is a
closed local port.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtNetwork import QNetworkInformation

from app.core.backoff import Backoff
from app.services.central import SERVICE_KEY
from app.store.settings_file import SettingsFile
from app.store.store import Store
from app.ui.sync.auto_sync import AutoSync
from app.ui.sync.sync_runner import SyncRunner
from tests.ui.sync_fixtures import (  # noqa: F401  (fixtures)
    central,
    central_rows,
    gate_the_sync,
    laptop,
    memory_keyring,
    point_at_unreachable,
    runner,
    service,
    settings,
)


@pytest.fixture
def auto(qtbot, runner: SyncRunner, settings: SettingsFile):
    # A fixed draw half-way between the floor (5 s) and the ceiling, so the waits are known.
    controller = AutoSync(runner, settings, backoff=Backoff(random=lambda: 0.5), use_network_information=False)
    controller.start()
    qtbot.waitUntil(lambda: runner.status is not None)
    yield controller
    controller.stop()
    controller.deleteLater()


def history(runner: SyncRunner) -> list:
    return runner.status.runs if runner.status else []


def test_back_online_checks_the_centre_then_syncs(qtbot, auto: AutoSync, runner: SyncRunner, central: str) -> None:
    steps: list[str] = []
    auto.sig_attempt.connect(lambda reason: steps.append(f"attempt: {reason}"))
    runner.sig_probed.connect(lambda ok, _message: steps.append(f"reachable: {ok}"))
    runner.sig_started.connect(lambda: steps.append("sync started"))
    with qtbot.waitSignal(runner.sig_finished, timeout=60_000) as finished:
        auto._reachability_changed(QNetworkInformation.Reachability.Online)
    assert steps == ["attempt: online", "reachable: True", "sync started"]
    assert finished.args[0].outcome == "ok"
    assert central_rows(central) == 300
    assert auto.next_try is None and auto.backoff.failures == 0


def test_a_hint_that_the_network_went_away_starts_nothing(qtbot, auto: AutoSync, runner: SyncRunner) -> None:
    with qtbot.assertNotEmitted(auto.sig_attempt, wait=100):
        auto._reachability_changed(QNetworkInformation.Reachability.Disconnected)
    assert not runner.probing and not runner.running


def test_a_centre_that_does_not_answer_is_tried_again_later_waiting_longer_each_time(
        qtbot, auto: AutoSync, runner: SyncRunner, settings: SettingsFile, service) -> None:
    point_at_unreachable(settings)
    before = dt.datetime.now(dt.UTC)
    with qtbot.waitSignal(auto.sig_next_try, timeout=30_000, check_params_cb=lambda when: when is not None):
        assert auto.went_online()
    assert not runner.running and history(runner) == [], "no sync was started, so none was recorded"
    first = auto.retry_timer.interval()
    assert auto.retry_timer.isActive()
    assert 5_000 <= first <= 30_000  # within the first backoff: floor to base
    assert first == 17_500  # the fixed draw, half-way
    assert before + dt.timedelta(seconds=5) <= auto.next_try <= before + dt.timedelta(seconds=31)

    with qtbot.waitSignal(auto.sig_next_try, timeout=30_000, check_params_cb=lambda when: when is not None):
        assert auto.attempt("retry")  # what the retry timer does when it fires
    assert 5_000 <= auto.retry_timer.interval() <= 60_000
    assert auto.retry_timer.interval() > first

    settings.set(SERVICE_KEY, service.url)  # the centre is back: a success resets the wait
    with qtbot.waitSignal(runner.sig_finished, timeout=60_000):
        assert auto.attempt("retry")
    assert auto.backoff.failures == 0
    assert auto.next_try is None and not auto.retry_timer.isActive()


def test_with_automatic_sync_off_nothing_happens(qtbot, auto: AutoSync, runner: SyncRunner,
                                                 settings: SettingsFile) -> None:
    settings.set("auto_sync", False)
    with qtbot.assertNotEmitted(runner.sig_probed, wait=200), qtbot.assertNotEmitted(runner.sig_started):
        assert not auto.went_online()
        auto.periodic_check()
    assert not runner.probing and not runner.running
    assert history(runner) == []


def test_without_a_central_address_nothing_happens(qtbot, auto: AutoSync, runner: SyncRunner,
                                                   settings: SettingsFile) -> None:
    settings.set(SERVICE_KEY, "")
    with qtbot.assertNotEmitted(runner.sig_probed, wait=200):
        assert not auto.went_online()
    assert not runner.running


def test_never_two_syncs_at_once(qtbot, auto: AutoSync, runner: SyncRunner, monkeypatch) -> None:
    gate, _seen = gate_the_sync(monkeypatch)
    runner.batch_size = 50
    with qtbot.waitSignal(runner.sig_progress, timeout=30_000, check_params_cb=lambda step: step.done > 0):
        assert runner.start()  # a manual sync, held after its first batch
    try:
        with qtbot.assertNotEmitted(runner.sig_started, wait=100):
            assert not auto.went_online()
            assert not runner.start()
    finally:
        gate.set()
    with qtbot.waitSignal(runner.sig_finished, timeout=60_000) as finished:
        pass
    assert finished.args[0].outcome == "ok"
    qtbot.waitUntil(lambda: len(history(runner)) == 1)


def test_the_timer_syncs_while_rows_wait(qtbot, auto: AutoSync, runner: SyncRunner) -> None:
    assert auto.check_timer.isActive()
    with qtbot.waitSignal(runner.sig_finished, timeout=60_000):
        auto.periodic_check()
    qtbot.waitUntil(lambda: runner.status.pending == 0 and len(history(runner)) == 1)
    with qtbot.assertNotEmitted(auto.sig_attempt, wait=100):
        auto.periodic_check()  # nothing waiting: no need to reach the centre


def test_a_failed_manual_sync_is_retried_but_a_cancelled_one_is_not(qtbot, auto: AutoSync, runner: SyncRunner,
                                                                   settings: SettingsFile, service,
                                                                   monkeypatch) -> None:
    point_at_unreachable(settings)
    with qtbot.waitSignal(runner.sig_finished, timeout=30_000) as finished:
        runner.start()
    assert finished.args[0].outcome == "failed"
    assert "nothing is answering at 127.0.0.1:1" in finished.args[0].message
    assert auto.retry_timer.isActive() and auto.next_try is not None

    settings.set(SERVICE_KEY, service.url)
    gate, _seen = gate_the_sync(monkeypatch)
    runner.batch_size = 50
    with qtbot.waitSignal(runner.sig_progress, timeout=30_000, check_params_cb=lambda step: step.done > 0):
        runner.start()
    runner.cancel()
    with qtbot.waitSignal(runner.sig_finished, timeout=60_000) as finished:
        gate.set()
    assert finished.args[0].outcome == "cancelled"
    assert not auto.retry_timer.isActive() and auto.next_try is None


def test_a_machine_without_network_information_still_checks_on_a_timer(qtbot, runner: SyncRunner,
                                                                      settings: SettingsFile,
                                                                      laptop: Store) -> None:
    controller = AutoSync(runner, settings)  # whatever this machine offers, or nothing
    controller.start()
    try:
        assert controller.check_timer.isActive()
        assert controller.check_timer.interval() == 10 * 60 * 1000
    finally:
        controller.stop()
    assert not controller.check_timer.isActive()


def test_turning_automatic_sync_back_on_syncs_what_waits(qtbot, auto: AutoSync, runner: SyncRunner,
                                                         settings: SettingsFile, central: str) -> None:
    settings.set("auto_sync", False)
    with qtbot.assertNotEmitted(auto.sig_attempt, wait=100):
        auto.settings_changed()
    settings.set("auto_sync", True)
    with qtbot.waitSignal(runner.sig_finished, timeout=60_000) as finished:
        auto.settings_changed()
    assert finished.args[0].outcome == "ok"
    assert central_rows(central) == 300


def test_with_nothing_to_send_the_timer_still_syncs_now_and_then_to_receive(qtbot, auto: AutoSync,
                                                                            runner: SyncRunner) -> None:
    import datetime as dt

    import app.ui.sync.auto_sync as auto_sync

    with qtbot.waitSignal(runner.sig_finished, timeout=60_000):
        auto.periodic_check()
    qtbot.waitUntil(lambda: runner.status.pending == 0 and len(history(runner)) == 1)
    last = runner.status.last_success
    # An hour and a minute later, with still nothing waiting here.
    auto_sync.RECEIVE_EVERY, before = dt.timedelta(0), auto_sync.RECEIVE_EVERY
    try:
        assert last is not None
        with qtbot.waitSignal(auto.sig_attempt, timeout=5_000):
            auto.periodic_check()
    finally:
        auto_sync.RECEIVE_EVERY = before
