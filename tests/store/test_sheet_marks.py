"""The file of printed sheet numbers beside the store: only ever raised, private, and never a reason to stop."""

from __future__ import annotations

import stat
import sys

import pytest

from app.core.sheet_codes import SheetKind
from app.store.paths import DataPaths
from app.store.sheet_marks import SheetMarks

DEVICE, EVENT = "d0000000-0000-4000-8000-000000000001", "e0000000-0000-4000-8000-000000000001"


def test_marks_only_go_up_and_are_kept_apart_by_laptop_event_and_kind(data_paths: DataPaths) -> None:
    data_paths.root.mkdir(parents=True)
    marks = SheetMarks(data_paths.sheet_marks)
    assert marks.last(DEVICE, EVENT, SheetKind.SIGNUP) == 0
    marks.raise_to(DEVICE, EVENT, SheetKind.SIGNUP, 5)
    marks.raise_to(DEVICE, EVENT, SheetKind.SIGNUP, 3)
    marks.raise_to(DEVICE, EVENT, SheetKind.FEEDBACK, 8)
    again = SheetMarks(data_paths.sheet_marks)
    assert again.last(DEVICE, EVENT, SheetKind.SIGNUP) == 5
    assert again.last(DEVICE, EVENT, SheetKind.FEEDBACK) == 8
    assert again.last("another-laptop", EVENT, SheetKind.SIGNUP) == 0
    if sys.platform != "win32":
        assert stat.S_IMODE(data_paths.sheet_marks.stat().st_mode) == 0o600


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe", b'{"x": "7", "y": true}'])
def test_an_unreadable_file_is_passed_over_and_written_anew(data_paths: DataPaths, content: bytes) -> None:
    data_paths.root.mkdir(parents=True)
    data_paths.sheet_marks.write_bytes(content)
    marks = SheetMarks(data_paths.sheet_marks)
    assert marks.last(DEVICE, EVENT, SheetKind.SIGNUP) == 0
    marks.raise_to(DEVICE, EVENT, SheetKind.SIGNUP, 2)
    assert SheetMarks(data_paths.sheet_marks).last(DEVICE, EVENT, SheetKind.SIGNUP) == 2
