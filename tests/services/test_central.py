"""Where the centre is: the command line and the window find it the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.central import NoCentral, central_setting, central_target
from app.store.settings_file import SettingsFile
from app.store.store import Store
from sync.errors import SyncError


@pytest.fixture
def settings(tmp_path: Path) -> SettingsFile:
    return SettingsFile(tmp_path / "settings.json")


def test_an_address_typed_on_the_command_line_wins_over_the_settings(settings: SettingsFile) -> None:
    settings.update({"central_service": "https://involve.example.nhs.uk"})
    assert central_setting(settings).address == "https://involve.example.nhs.uk"
    assert central_setting(settings, "sqlite:////tmp/centre.db").address == "sqlite:////tmp/centre.db"


def test_the_laptop_syncs_through_its_service_and_a_database_address_is_the_direct_path(
        settings: SettingsFile) -> None:
    from sync.connection import CentralTarget
    from sync.service_client import ServiceTarget

    settings.update({"central_service": "https://involve.example.nhs.uk", "central_ca_file": ""})
    target = central_target(settings)
    assert isinstance(target, ServiceTarget) and target.url == "https://involve.example.nhs.uk"
    assert isinstance(central_target(settings, "postgresql://centre.example.nhs.uk/involve"), CentralTarget)
    with pytest.raises(SyncError, match="must be reached over https"):
        central_target(settings, "http://involve.example.nhs.uk")


def test_a_laptop_that_synced_directly_is_told_to_enrol(settings: SettingsFile) -> None:
    settings.update({"central_url": "postgresql://centre.example.nhs.uk/involve"})
    with pytest.raises(NoCentral, match="used to reach the central database directly.*involve enrol"):
        central_target(settings)


def test_an_unencrypted_connection_is_allowed_if_either_place_allows_it(settings: SettingsFile) -> None:
    assert not central_setting(settings).allow_insecure
    assert central_setting(settings, allow_insecure=True).allow_insecure
    settings.update({"central_allow_insecure": True})
    assert central_setting(settings).allow_insecure


def test_no_centre_set_is_said_in_plain_words(settings: SettingsFile) -> None:
    with pytest.raises(NoCentral, match="not connected to your organisation's central service yet"):
        central_target(settings)


def test_a_centre_that_needs_encryption_is_refused_unencrypted(settings: SettingsFile) -> None:
    with pytest.raises(SyncError):
        central_target(settings, "postgresql://centre.example.nhs.uk/involve?sslmode=disable")
    target = central_target(settings, "postgresql://centre.example.nhs.uk/involve?sslmode=disable",
                            allow_insecure=True)
    assert target.url.host == "centre.example.nhs.uk"


def test_a_sync_to_an_address_that_cannot_be_used_is_kept_in_the_history(store: Store) -> None:
    from app.services.central import sync_now
    from app.store.sync_history import list_runs

    record = sync_now(store, "postgresql://centre.example.nhs.uk/involve?sslmode=disable", allow_insecure=False)
    assert record.outcome == "failed" and record.message
    with store.session() as session:
        runs = list_runs(session, 10)
    assert [(r.outcome, r.central) for r in runs] == [("failed", record.central)]
