"""The central service's API fuzzed against its own OpenAPI document (schemathesis).

The real service runs in its own process (``involve central serve``) in front of a SQLite
central database, and PostgreSQL when ``INVOLVE_TEST_PG_URL`` is set. Every operation in
``/openapi.json`` gets requests made from its schema, both fitting it and breaking it. Whatever
arrives, the service must answer without a server error (5xx) and without a traceback in the
body: a bad request is the caller's problem, said in plain words.

Each operation is fuzzed twice: with this laptop's valid device credential, so the requests
get past the door and reach the checks behind it, and with whatever Authorization header the
schema's generator makes.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode

from app.store.paths import DataPaths
from app.store.store import Store
from sync.service.rows import TABLES, row_model
from tests.sync.conftest import make_central
from tests.sync.service_process import CentralService, start_service

EXAMPLES = 50  # per operation, generation mode and credential; the whole file takes about 40 s
TRACEBACK_SIGNS = ("Traceback", 'File "')
ROW_EXAMPLES = 20  # per table and generation mode
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))
ROW_SETTINGS = settings(FUZZ_SETTINGS, max_examples=ROW_EXAMPLES)


@dataclass
class Running:
    service: CentralService
    token: str
    device_id: str


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def running(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """The service on one engine, and a laptop enrolled with it (its credential is what the fuzzing uses)."""
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    url, drop = make_central(request.param, folder)
    try:
        service = start_service(url, folder)
        try:
            store = Store.open(DataPaths(folder / "laptop"))
            try:
                target = service.enrol(store, "Fuzzing laptop")
            finally:
                store.close()
            yield Running(service, target.token, store.device_id)
        finally:
            service.stop()
            _assert_no_traceback_logged(service.log)
    finally:
        drop()


def _problem(case: Case, response: Any) -> str | None:
    where = f"{case.method.upper()} {case.formatted_path}"
    if response.status_code >= 500:
        return f"{where} answered {response.status_code}: {response.text[:300]}"
    if any(sign in response.text for sign in TRACEBACK_SIGNS):
        return f"{where} answered with a traceback: {response.text[:300]}"
    return None


@pytest.mark.parametrize("credential", ["valid", "generated"])
def test_no_server_error_or_traceback_in_any_answer(running: Running, credential: str) -> None:
    """Every operation, with requests that fit its schema and requests that break it."""
    api = schemathesis.openapi.from_url(f"{running.service.url}/openapi.json")
    headers = {"Authorization": f"Bearer {running.token}"} if credential == "valid" else None
    operations = [result.ok() for result in api.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/enrol", "/v1/pull", "/v1/push/{table}", "/v1/counts",
                                             "/v1/whoami", "/healthz", "/readyz"}
    found: list[str] = []
    tried: Counter[str] = Counter()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @FUZZ_SETTINGS
            @given(operation.as_strategy(mode, headers=headers))
            def fuzz(case: Case) -> None:
                tried[case.operation.path] += 1
                problem = _problem(case, case.call(base_url=running.service.url, timeout=30))
                if problem is not None:
                    raise AssertionError(f"{problem}\nReproduce with: {case.as_curl_command()}")

            try:
                fuzz()
            except Unsatisfiable:  # nothing in this operation's request to break
                assert mode is GenerationMode.NEGATIVE, operation.label
            except AssertionError as failure:
                found.append(f"{operation.label} ({mode.value}): {str(failure).splitlines()[0]}")
    print(dict(tried))
    for path in ("/v1/enrol", "/v1/pull", "/v1/push/{table}"):  # those with a body: fuzzed in earnest
        assert tried[path] >= EXAMPLES, f"only {tried[path]} requests were made to {path}"
    assert not found, f"{len(found)} operations answered badly:\n" + "\n".join(found)


@pytest.mark.parametrize("table", list(TABLES))
def test_rows_that_fit_the_published_row_schema_reach_the_database_without_a_server_error(
        running: Running, table: str) -> None:
    """Deeper: each table's rows made from the row schema the document publishes for it, from
    this laptop (its own device id as maker), so they pass the door and the ownership check and
    reach the database, where odd but valid values (empty ids, far-off dates, long or strange
    text) must be stored or refused one by one, never fail the request."""
    document = httpx.get(f"{running.service.url}/openapi.json", timeout=10).json()
    api = schemathesis.openapi.from_dict(_rows_document(document, table, running.device_id))
    operation = next(result.ok() for result in api.get_all_operations())
    headers = {"Authorization": f"Bearer {running.token}"}
    found: list[str] = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @ROW_SETTINGS
        @given(operation.as_strategy(mode, headers=headers, path_parameters={"table": table}))
        def fuzz(case: Case) -> None:
            problem = _problem(case, case.call(base_url=running.service.url, timeout=30))
            if problem is not None:
                raise AssertionError(f"{problem}\nReproduce with: {case.as_curl_command()}")

        try:
            fuzz()
        except AssertionError as failure:
            found.append(f"{table} ({mode.value}): {str(failure).splitlines()[0]}")
    assert not found, "\n".join(found)


def test_values_the_fuzzing_found_are_refused_alone_in_plain_words(running: Running) -> None:
    """What fuzzing first turned up: each of these once failed its whole request (503 or 500)."""
    headers = {"Authorization": f"Bearer {running.token}"}
    good = {"id": "e" * 36, "name": "Stall", "kind": "stall", "event_date": "2026-01-01", "start_time": None,
            "end_time": None, "venue": "", "locality": "", "organiser": "", "partners": "", "notes": "",
            "archived_at": None, "survey_ids": "[]", "practice_id": None, "service": "", "easy_read": False,
            "device_id": running.device_id, "created_at": "2026-01-01T00:00:00",
            "updated_at": "2026-01-01T00:00:00", "version": 1, "deleted_at": None}
    odd = {
        "a\x00b": {"id": "a\x00b"},  # NUL in the id the ownership check looks up
        "p" * 36: {"id": "p" * 36, "practice_id": "p\x00"},  # NUL in a parent's id
        "n" * 36: {"id": "n" * 36, "name": "a\x00b"},  # NUL in text
        "y" * 36: {"id": "y" * 36, "updated_at": "0001-01-01T00:00:00+01:00"},  # before year 1 in UTC
        "z" * 36: {"id": "z" * 36, "created_at": "9999-12-31T23:59:59-01:00"},  # after 9999 in UTC
    }
    answer = httpx.post(f"{running.service.url}/v1/push/events", headers=headers, timeout=30,
                        json={"rows": [good] + [good | change for change in odd.values()]})
    assert answer.status_code == 200, answer.text
    reply = answer.json()
    assert reply["new"] == 1 and reply["sent"] == 1 + len(odd)
    reasons = {r["id"]: r["reason"] for r in reply["refused"]}
    assert set(reasons) == set(odd), reasons
    assert all(reason.startswith("The centre could not read this row") for reason in reasons.values()), reasons
    for since in ("9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"):
        pulled = httpx.post(f"{running.service.url}/v1/pull", json={"central_id": None, "since": since},
                            headers=headers, timeout=30)
        assert pulled.status_code == 422 and pulled.json()["code"] == "invalid", (since, pulled.text)


def test_times_are_kept_in_utc_whether_sent_with_a_zone_or_without(running: Running) -> None:
    """A laptop sends UTC without a zone (read in one pass); another client may send a zone."""
    import datetime as dt

    headers = {"Authorization": f"Bearer {running.token}"}
    event = {"name": "Stall", "kind": "stall", "event_date": "2026-03-01", "start_time": None, "end_time": None,
             "venue": "", "locality": "", "organiser": "", "partners": "", "notes": "", "archived_at": None,
             "survey_ids": "[]", "practice_id": None, "service": "", "easy_read": True, "device_id": running.device_id,
             "version": 1,
             "deleted_at": None}
    sent = {"t" * 36: "2026-03-01 10:00:00.250000", "u" * 36: "2026-03-01T12:00:00.25+02:00",
            "v" * 36: "2026-03-01T10:00:00.25Z"}
    for row_id, when in sent.items():
        answer = httpx.post(f"{running.service.url}/v1/push/events", headers=headers, timeout=30, json={
            "rows": [event | {"id": row_id, "created_at": when, "updated_at": when}]})
        assert answer.status_code == 200 and answer.json()["new"] == 1, answer.text
    pulled = httpx.post(f"{running.service.url}/v1/pull", headers=headers, timeout=30, json={"central_id": None})
    held = {row["id"]: row for row in pulled.json()["changes"]["events"] if row["id"] in sent}
    expected = dt.datetime(2026, 3, 1, 10, 0, 0, 250000)
    for row_id, row in held.items():
        for column in ("created_at", "updated_at"):
            assert dt.datetime.fromisoformat(row[column]).replace(tzinfo=None) == expected, (row_id, column, row)
    assert len(held) == 3


def test_a_push_that_is_not_a_batch_of_rows_is_refused_in_plain_words_and_stores_nothing(running: Running
                                                                                        ) -> None:
    headers = {"Authorization": f"Bearer {running.token}", "Content-Type": "application/json"}
    row = {"id": running.device_id, "name": "Laptop", "created_at": "2026-01-01T00:00:00",
           "updated_at": "2026-01-01T00:00:00", "version": 99}
    bodies = {
        b"not json at all": "request",
        b"[]": "request",
        b'{"rows": 5}': "rows",
        b'{"rows": [], "more": 1}': "request",
        b'{"rows": [' + b",".join([b"{}"] * 20_001) + b"]}": "rows",  # more than one push may hold
        b'{"rows": [' + httpx.Request("POST", "/", json=row).content + b"]": "request",  # cut short
    }
    for body, where in bodies.items():
        answer = httpx.post(f"{running.service.url}/v1/push/devices", headers=headers, content=body, timeout=30)
        assert answer.status_code == 422, (body[:40], answer.text)
        assert answer.json() == {"code": "invalid", "message": f"The request was not understood ({where})."}
    pulled = httpx.post(f"{running.service.url}/v1/pull", headers=headers, timeout=30, json={"central_id": None})
    assert all(device["version"] != 99 for device in pulled.json()["changes"]["devices"])  # nothing stored


def _rows_document(document: dict[str, Any], table: str, device_id: str) -> dict[str, Any]:
    """The service's document with the push operation only, its rows described by ``table``'s
    published row schema, made by this laptop."""
    derived = copy.deepcopy(document)
    schemas = derived["components"]["schemas"]
    name = row_model(table).__name__
    row = schemas[name]
    for column in row["properties"].values():  # short text, any character: quick to make, and NUL
        for kind in [column, *column.get("anyOf", [])]:  # included (refused alone, the service says)
            kind.pop("pattern", None)
            if "maxLength" in kind:
                kind["maxLength"] = min(kind["maxLength"], 200)
    row["properties"]["device_id"] = {"const": device_id}
    if table == "devices":
        row["properties"]["id"] = {"const": device_id}
    schemas["PushRequest"]["properties"]["rows"]["items"] = {"$ref": f"#/components/schemas/{name}"}
    derived["paths"] = {"/v1/push/{table}": derived["paths"]["/v1/push/{table}"]}
    return derived


def _assert_no_traceback_logged(log: Path) -> None:
    """The service's own log: an unexpected error is logged as one line, never a traceback
    (a traceback there means a request reached the catch-all handler)."""
    text = log.read_text(errors="replace")
    at = text.find("Traceback")
    assert at < 0, f"the service logged a traceback while being fuzzed:\n{text[max(0, at - 500):at + 3000]}"
