"""Upgrading a centre from before the central service keeps every row, and then holds longer text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.store.models import Person
from sync import central_schema as schema
from sync.central import CENTRAL_HEAD, check_central, init_central
from sync.connection import autocommit_connection, target_from
from sync.errors import CentralNotReady
from sync.runner import run_sync
from sync.upload import DirectLink, upload
from tests.sync.checks import as_laptops_of, assert_exact, central_rows, seed_store
from tests.sync.conftest import older_centre


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "mariadb"])
def test_a_centre_at_c0003_upgrades_without_loss(kind: str, tmp_path: Path, make_store, monkeypatch) -> None:
    with older_centre(kind, tmp_path, "c0003") as (url, engine):
        laptop = make_store("a")
        seed_store(laptop, random.Random(21), events=2, responses=60, signups=8)
        as_laptops_of("c0003", monkeypatch)
        with autocommit_connection(engine) as connection:
            with pytest.raises(CentralNotReady):
                check_central(connection)
            upload(laptop, DirectLink(connection, laptop.device_id))  # as a laptop of that release sent them
        before, _problems = central_rows(url)
        assert len(before["responses"]) == 60

        assert init_central(engine).revision == CENTRAL_HEAD
        after, _problems = central_rows(url)
        assert after == before
        monkeypatch.undo()
        assert {row["easy_read"] for row in central_rows(url)[0]["events"].values()} == {False}
        with autocommit_connection(engine) as connection:
            assert connection.execute(select(schema.audit_log)).all() == []

        # What a laptop accepted now fits: a long name and its duplicate key go up and land.
        with laptop.session() as session:
            session.execute(update(Person).values(name="N" * 300, name_postcode_key="k" * 400))
        record = run_sync(laptop, target_from(url))
        assert record.outcome == "ok", record.message
        assert_exact(url, [laptop])
