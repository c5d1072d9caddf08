"""The service's access log: no personal details, no credential, and proxies believed only when told."""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from app.store.models import Person
from sync.runner import run_sync
from tests.sync.checks import seed_store
from tests.sync.conftest import make_central
from tests.sync.service_process import start_service

FORWARDED = "203.0.113.9"


def test_the_access_log_holds_no_personal_details_or_credentials(service, make_store) -> None:
    laptop = make_store("a")
    seed_store(laptop, random.Random(31), events=1, responses=10, signups=5)
    target = service.enrol(laptop)
    assert run_sync(laptop, target).outcome == "ok"
    with laptop.session() as session:
        people = session.scalars(select(Person)).all()
    service.stop()  # the log is complete once the process has ended
    log = service.log.read_text()
    assert "POST /v1/push/people" in log
    assert target.token not in log and "Bearer" not in log
    for person in people:
        assert person.name not in log and person.id not in log and (not person.email or person.email not in log)


@pytest.mark.parametrize("trusted", [False, True])
def test_x_forwarded_headers_are_believed_only_with_trust_proxy(trusted: bool, tmp_path: Path) -> None:
    url, _drop = make_central("sqlite", tmp_path)
    running = start_service(url, tmp_path, extra=("--trust-proxy",) if trusted else ())
    try:
        httpx.get(running.url + "/healthz", headers={"X-Forwarded-For": FORWARDED, "X-Forwarded-Proto": "https"})
    finally:
        running.stop()
    line = next(line for line in running.log.read_text().splitlines() if "GET /healthz" in line)
    assert (FORWARDED in line) is trusted, line
