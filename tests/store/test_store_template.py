"""The tests' new stores, copied from a template, are as ``Store.open`` makes a new store.

``tests/conftest.py``'s ``store`` fixture (and the sync tests' ``make_store``) copy one store
migrated per test process (see ``tests/store_template.py``); a copy that lost an index or a
trigger, or that shared its device with another, would let tests pass against a store no laptop has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, select

from app.store.paths import DataPaths
from app.store.store import Store
from tests.sqlite_schema import sqlite_schema
from tests.store_template import new_store


def _look(store: Store) -> tuple[list[Any], dict[str, list[tuple[str, ...]]]]:
    tables = MetaData()
    with store.engine.connect() as conn:
        tables.reflect(conn)
        rows = {name: sorted(tuple(str(value).replace(store.device_id, "this device") for value in row)
                             for row in conn.execute(select(table)))
                for name, table in tables.tables.items()}
        # When the device was made differs, of course; the rest of its row may not.
        rows["devices"] = [row[:2] + row[4:] for row in rows["devices"]]
        return sqlite_schema(conn), rows


def test_a_copied_new_store_is_as_store_open_makes_one_with_a_device_of_its_own(tmp_path: Path) -> None:
    made = Store.open(DataPaths(tmp_path / "made"))
    first = new_store(DataPaths(tmp_path / "first"))
    second = new_store(DataPaths(tmp_path / "second"))
    try:
        expected = _look(made)
        for copy in (first, second):
            assert _look(copy) == expected
            assert copy.quick_check() == "ok" and copy.upgraded_from is None and copy.recovered == made.recovered
        assert len({made.device_id, first.device_id, second.device_id}) == 3
        for name in ("first", "second"):
            folder = tmp_path / name
            assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == sorted(
                p.relative_to(tmp_path / "made") for p in (tmp_path / "made").rglob("*"))
            assert (folder / "involve.db").stat().st_mode == (tmp_path / "made" / "involve.db").stat().st_mode
    finally:
        for store in (made, first, second):
            store.close()
