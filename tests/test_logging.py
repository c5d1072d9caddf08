"""The log helps IT see what happened without ever holding what people typed."""

from __future__ import annotations

from pathlib import Path

from app.cli.command import main


def test_log_records_actions_but_not_what_was_typed(capsys, tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path), "event", "add", "--name", "Mrs Quimby's PPG", "--kind",
                 "ppg-meeting", "--date", "2026-03-03", "--venue", "Larkspur Surgery",
                 "--notes", "Bring the Zephyr banner"]) == 0
    main(["--data-dir", str(tmp_path), "event", "list"])
    log = (tmp_path / "logs" / "involve.log").read_text(encoding="utf-8")
    assert "this store is device" in log
    for typed in ("Quimby", "Larkspur", "Zephyr"):
        assert typed not in log
