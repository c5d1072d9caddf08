"""``involve settings show`` and ``involve settings set``: checked as the Settings dialog checks them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store.settings_file import SettingsFile
from tests.cli.test_cli import add, run


def test_show_lists_every_setting_and_says_sign_up_is_off_until_set(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "settings", "show")
    assert code == 0, err
    assert "organisation_name" in out and "(not set)" in out and "text_size" in out
    assert "Sign-up is off until these are set: organisation_name, privacy_contact." in out
    assert "window_geometry" not in out and "central_url" not in out  # kept by the app, not set by people


def test_set_changes_one_setting_that_show_and_the_app_then_read(capsys, tmp_path: Path) -> None:
    for key, value in (("organisation_name", "Kent Health Voices"), ("privacy_contact", "privacy@kent.nhs.uk"),
                       ("text_size", "larger"), ("auto_sync", "off"), ("backups_to_keep", "12")):
        code, out, err = run(capsys, "--data-dir", str(tmp_path), "settings", "set", key, value)
        assert code == 0, err
        assert out.startswith(f"{key} is now ")
    code, out, _err = run(capsys, "--data-dir", str(tmp_path), "settings", "show", "--json")
    shown = json.loads(out)
    assert shown["signup_ready"] is True
    assert shown["settings"].items() >= {"organisation_name": "Kent Health Voices", "text_size": "larger",
                                         "auto_sync": False, "backups_to_keep": 12}.items()
    settings = SettingsFile(tmp_path / "settings.json")
    assert settings.organisation() == ("Kent Health Voices", "privacy@kent.nhs.uk")


@pytest.mark.parametrize(("key", "value", "message"), [
    ("colour", "red", "'colour' is not a setting. Settings are: text_size, backups_to_keep"),
    ("window_geometry", "x", "is not a setting"),
    ("text_size", "huge", "'Text size' must be one of: normal, large, larger."),
    ("backups_to_keep", "99", "'Backups to keep' must be between 1 and 50."),
    ("backups_to_keep", "lots", "'Backups to keep' must be a whole number."),
    ("auto_sync", "maybe", "'Sync automatically' must be on or off."),
    ("privacy_contact", "the engagement team at your GP practice", "Give an email address, a phone number"),
    ("organisation_name", "x" * 121, "Keep 'Organisation name' to 120 characters or fewer."),
])
def test_a_bad_key_or_value_gets_one_line_exit_2_and_changes_nothing(capsys, tmp_path: Path, key: str, value: str,
                                                                    message: str) -> None:
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "settings", "set", key, value)
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "settings.json").exists()


def test_sign_up_sheets_are_refused_until_the_organisation_is_set(capsys, tmp_path: Path) -> None:
    event_id = add(capsys, tmp_path)
    out_file = tmp_path / "sheets.pdf"
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "sheets", event_id, "--kind", "signup",
                          "--out", str(out_file))
    assert code == 2 and err.count("\n") == 1 and "Nobody can sign up yet" in err
    assert not out_file.exists()
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "sheets", event_id, "--kind", "feedback",
                          "--out", str(out_file))
    assert code == 0, err  # feedback cards take no names
