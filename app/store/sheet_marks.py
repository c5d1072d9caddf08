"""The highest sheet number this laptop has printed, per event and kind, kept outside the store.

A restore puts back an older store, whose print runs stop where they stopped then; paper
printed since is already out there with its codes. This small file beside the store (not in
it, so a restore leaves it alone) remembers how far each run went, and numbering carries on
from the higher of the two. It is written whole or not at all, before the run is committed:
at worst a failed print leaves a gap in the numbers, never a number used twice.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from app.core.sheet_codes import SheetKind
from app.store.atomic_file import write_bytes_atomically

log = logging.getLogger(__name__)


class SheetMarks:
    """The file of marks; each key is "device id / event id / kind"."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def _key(device_id: str, event_id: str, kind: SheetKind) -> str:
        return f"{device_id}/{event_id}/{kind.value}"

    def _read(self) -> dict[str, int]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            log.warning("the file of printed sheet numbers could not be read; numbering from the store alone")
            return {}
        if not isinstance(raw, dict):
            return {}
        return {str(key): value for key, value in raw.items() if isinstance(value, int) and not isinstance(value, bool)}

    def last(self, device_id: str, event_id: str, kind: SheetKind) -> int:
        return self._read().get(self._key(device_id, event_id, kind), 0)

    def raise_to(self, device_id: str, event_id: str, kind: SheetKind, last: int) -> None:
        """Remember that this laptop has printed up to ``last``; a lower number changes nothing."""
        marks = self._read()
        key = self._key(device_id, event_id, kind)
        if marks.get(key, 0) >= last:
            return
        marks[key] = last
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(self.path, json.dumps(marks, indent=1, sort_keys=True).encode(),
                               prefix=".sheet-numbers-", suffix=".json")
