"""The user's settings, kept as JSON in the data folder and checked against their declarations."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from app.core.settings import BY_KEY, OLD_PLACEHOLDERS, defaults
from app.store.atomic_file import replacing

log = logging.getLogger(__name__)


class SettingsFile:
    """Reads settings leniently (a bad value falls back to its default) and writes atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.values: dict[str, Any] = defaults()
        self.problems: list[str] = []
        self._load()

    def get(self, key: str) -> Any:
        """The value of a declared setting (``KeyError`` for an undeclared one)."""
        return self.values[BY_KEY[key].key]

    def set(self, key: str, value: Any) -> None:
        """Change one setting and save; ``ValueError`` with a plain message if it is not allowed."""
        self.values[key] = BY_KEY[key].parse(value)
        self.save()

    def organisation(self) -> tuple[str, str]:
        """The organisation's name and privacy contact, as printed on notices ("" where not set)."""
        return str(self.get("organisation_name") or ""), str(self.get("privacy_contact") or "")

    def update(self, changes: dict[str, Any]) -> None:
        """Check every change first, then save them together: all or nothing."""
        parsed = {key: BY_KEY[key].parse(value) for key, value in changes.items()}
        self.values.update(parsed)
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.values, indent=2, sort_keys=True)
        # Owner-only: the settings name this organisation's central database and its user.
        with replacing(self.path, private=True, prefix=".settings-", suffix=".json") as temp:
            temp.write_text(text, encoding="utf-8")

    def _load(self) -> None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            self.problems.append("settings file unreadable; using defaults")
            log.warning("settings file could not be read; using defaults")
            return
        if not isinstance(raw, dict):
            self.problems.append("settings file is not a set of values; using defaults")
            return
        for key, value in raw.items():
            setting = BY_KEY.get(key)
            if setting is None or OLD_PLACEHOLDERS.get(key) == value:
                continue
            try:
                self.values[key] = setting.parse(value)
            except ValueError:
                self.problems.append(f"setting {key} had an unusable value; using its default")
                log.warning("setting %s had an unusable value; using its default", key)
