"""Settings are declared once, checked when read and written, and never half-saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.settings import SETTINGS, defaults
from app.store.settings_file import SettingsFile


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    settings = SettingsFile(tmp_path / "settings.json")
    assert settings.values == defaults()
    assert settings.problems == []


def test_values_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    SettingsFile(path).update({"text_size": "large", "backups_to_keep": 9, "show_archived": True})
    again = SettingsFile(path)
    assert (again.get("text_size"), again.get("backups_to_keep"), again.get("show_archived")) == ("large", 9, True)


def test_bad_values_are_refused_and_nothing_is_half_saved(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = SettingsFile(path)
    settings.set("backups_to_keep", 7)
    with pytest.raises(ValueError, match="between 1 and 50"):
        settings.update({"text_size": "larger", "backups_to_keep": 500})
    assert SettingsFile(path).get("text_size") == "normal"
    assert SettingsFile(path).get("backups_to_keep") == 7


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\xff\xfe", json.dumps({"backups_to_keep": "lots"}),
                                     json.dumps({"text_size": "enormous", "show_archived": "yes"})])
def test_a_damaged_settings_file_falls_back_to_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="latin-1")
    settings = SettingsFile(path)
    assert settings.values == defaults()
    assert settings.problems


def test_every_setting_has_a_label_and_a_valid_default() -> None:
    for setting in SETTINGS:
        assert setting.label
        assert setting.parse(setting.default) == setting.default
