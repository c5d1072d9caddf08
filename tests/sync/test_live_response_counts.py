"""A centre counts each laptop's live responses from an index alone (c0010), and an older centre
upgrades to it without loss."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from app.store.corrections import CorrectedBy, delete_response
from app.store.models import Response
from sync.central import CENTRAL_HEAD, init_central
from sync.connection import autocommit_connection, target_from
from sync.counts import centre_counts
from sync.runner import run_sync
from sync.upload import DirectLink, upload
from tests.sync.checks import assert_exact, central_rows, seed_store
from tests.sync.conftest import older_centre

BY = CorrectedBy("Stall laptop", "akhan")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "mariadb"])
def test_a_centre_from_before_upgrades_without_loss_and_counts_live_responses_from_one_index(
        kind: str, tmp_path: Path, make_store) -> None:
    with older_centre(kind, tmp_path, "c0009") as (url, engine):
        laptop = make_store("a")
        events = seed_store(laptop, random.Random(11), events=3, responses=30, signups=4)
        with laptop.session() as session:
            gone = session.scalars(select(Response.id).where(Response.event_id == events[0]).limit(2)).all()
            for response_id in gone:
                delete_response(session, response_id, "Pressed by mistake", BY)
        with autocommit_connection(engine) as connection:
            upload(laptop, DirectLink(connection, laptop.device_id))  # as a laptop sent them to that centre
        before, _problems = central_rows(url)
        assert len(before["responses"]) == 30

        assert init_central(engine).revision == CENTRAL_HEAD
        assert central_rows(url)[0] == before  # every row and column, unchanged

        indexes = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("responses")}
        assert indexes["ix_central_responses_device_live"] == ["device_id", "event_id", "deleted_at"]
        assert "ix_central_responses_device" not in indexes
        with autocommit_connection(engine) as connection:
            held = centre_counts(connection, laptop.device_id)
        with laptop.reading() as session:
            live = {event_id: len(session.scalars(select(Response.id).where(
                Response.event_id == event_id, Response.deleted_at.is_(None))).all()) for event_id in events}
        assert {event_id: held.get(("responses", event_id), 0) for event_id in events} == live
        assert live[events[0]] == sum(1 for row in before["responses"].values()
                                      if row["event_id"] == events[0]) - len(gone)

        # The laptop syncs on with the upgraded centre, and its counts still agree.
        assert run_sync(laptop, target_from(url)).outcome == "ok"
        assert_exact(url, [laptop])
