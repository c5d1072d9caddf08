"""Involve Central: the HTTPS service enrolled laptops sync through.

Stateless: every request opens its own transaction on the central database and nothing a
second worker would need is kept in memory, so several workers, or several hosts behind a
load balancer, can share one database. Who a request comes from is decided from its
credential alone.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from app.core.i18n import _
from sync import audit, enrolment
from sync.central import check_central
from sync.counts import centre_counts
from sync.database_errors import diagnose
from sync.download import fetch_changes
from sync.errors import CentralNotReady
from sync.service import wire
from sync.service.engine import service_engine
from sync.service.gzip_body import GzipRequestMiddleware
from sync.service.rows import TABLES, BatchUnreadable, accept, read_batch, row_model

log = logging.getLogger(__name__)
API_VERSION = "1"


class Refusal(Exception):
    """A request answered with a problem: its status, a code for programs and words for people."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class ServiceConfig:
    database: str  # the central database's address, without its password
    allow_insecure: bool = False


def _problem(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status, headers=headers)


def _json(value: Any) -> Response:
    """A reply written straight to JSON: large pulls skip FastAPI's slower general encoder."""
    return Response(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_wire_value),
                    media_type="application/json")


def _wire_value(value: Any) -> str:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be sent")


@contextmanager
def centre_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction at the centre; its failures become a plain refusal, never a traceback."""
    try:
        with engine.begin() as connection:
            yield connection
    except CentralNotReady as error:
        raise Refusal(503, "not-ready", str(error)) from None
    except (DBAPIError, PoolTimeout) as error:
        log.warning("central database error: %s", diagnose(error).for_log(error))
        raise Refusal(503, "unavailable", _("The central service cannot reach its database just now. "
                                            "Everything is kept on the laptop; try again later.")) from None


def device_credential(request: Request, authorization: Annotated[str | None, Header()] = None
                      ) -> enrolment.Credential:
    """Who is asking, decided from the credential in the Authorization header and nothing else."""
    scheme, _sep, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Refusal(401, "unauthorised", _("This laptop has not been connected to your organisation yet."))
    with centre_transaction(request.app.state.engine) as connection:
        found = enrolment.authenticate(connection, token.strip())
    if found == "revoked":
        raise Refusal(403, "revoked", _("Your organisation has withdrawn this laptop's access to its central "
                                        "service. Everything on this laptop is kept; ask your data team to "
                                        "connect it again."))
    if not isinstance(found, enrolment.Credential):
        raise Refusal(401, "unauthorised", _("The central service does not recognise this laptop. Ask your "
                                             "data team for an enrolment code and connect it again."))
    return found


DeviceCredential = Annotated[enrolment.Credential, Depends(device_credential)]


def create_app(config: ServiceConfig, engine: Engine | None = None) -> FastAPI:

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        _app.state.engine = engine or service_engine(config.database, allow_insecure=config.allow_insecure)
        try:
            yield
        finally:
            _app.state.engine.dispose()

    app = FastAPI(title="Involve Central", version=API_VERSION, lifespan=lifespan,
                  description="The service that enrolled Involve laptops sync with. Every call but enrolment "
                              "and the health checks needs a device credential: `Authorization: Bearer TOKEN`.",
                  responses={401: {"model": wire.Problem}, 403: {"model": wire.Problem},
                             503: {"model": wire.Problem}})
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(GzipRequestMiddleware)

    def transaction() -> AbstractContextManager[Connection]:
        return centre_transaction(app.state.engine)

    @app.exception_handler(Refusal)
    async def refused(_request: Request, error: Refusal) -> JSONResponse:
        return _problem(error.status, error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "request"
        return _problem(422, "invalid", _("The request was not understood ({where}).").format(where=where))

    @app.exception_handler(StarletteHTTPException)
    async def http_problem(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return _problem(error.status_code, "invalid" if error.status_code < 500 else "unavailable",
                        str(error.detail), headers=getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.error("unexpected %s in a request", type(error).__name__, exc_info=not isinstance(error, SQLAlchemyError))
        return _problem(500, "unavailable", _("The central service met an unexpected problem. Nothing was changed "
                                              "by this request; please tell your IT team."))

    @app.get("/healthz", summary="The service process is running")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="The service can reach a central database set up for this version",
             responses={503: {"model": wire.Problem}})
    def readyz() -> dict[str, str]:
        with transaction() as connection:
            check_central(connection)
        return {"status": "ready"}

    @app.post("/v1/enrol", response_model=wire.EnrolReply, summary="Trade a one-time code for a device credential",
              responses={400: {"model": wire.Problem}})
    def enrol(request: wire.EnrolRequest) -> wire.EnrolReply:
        with transaction() as connection:
            info = check_central(connection)
            try:
                enrolment_id, token = enrolment.enrol(connection, request.code, request.device_id)
            except enrolment.EnrolmentRefused as error:
                raise Refusal(400, "refused", str(error)) from None
            name = next(d.name for d in enrolment.list_devices(connection) if d.id == enrolment_id)
        return wire.EnrolReply(device_id=request.device_id, name=name, token=token, central_id=info.central_id)

    @app.post("/v1/pull", response_model=wire.PullReply,
              summary="What changed at the centre that this laptop may read, and what the centre holds from it")
    def pull(request: wire.PullRequest, device: DeviceCredential) -> Response:
        with transaction() as connection:
            info = check_central(connection)
            since = request.since if request.central_id == info.central_id else None
            if since is not None and since.tzinfo is None:
                since = since.replace(tzinfo=dt.UTC)
            changes = fetch_changes(connection, since, device.device_id)
            counts = centre_counts(connection, device.device_id)
            enrolment.seen(connection, device)
        return _json({"central_id": info.central_id, "device_name": device.name, "changes": changes,
                      "counts": _counts(counts)})

    @app.post("/v1/push/{table}", response_model=wire.PushReply,
              summary="Send this laptop's changed rows of one table; each row is checked on its own",
              responses={404: {"model": wire.Problem}, 422: {"model": wire.Problem}},
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": {"$ref": "#/components/schemas/PushRequest"}}}}})
    def push(table: Annotated[str, Path(max_length=40)], body: Annotated[bytes, Depends(_body)],
             device: DeviceCredential) -> wire.PushReply:
        if table not in TABLES:
            raise Refusal(404, "invalid", _("The centre does not take rows of '{table}'.").format(table=table[:40]))
        try:
            batch = read_batch(table, body)  # here, off the event loop: it is most of a push's work
        except BatchUnreadable as error:
            raise Refusal(422, "invalid", _("The request was not understood ({where}).").format(
                where=error.where)) from None
        with transaction() as connection:
            check_central(connection)
            sent = accept(connection, table, batch, device.device_id)
            audit.record(connection, device.device_id, audit.SYNC, table=table, rows=batch.sent,
                         accepted=batch.sent - sent.tally.refused, refused=sent.tally.refused)
        tally = sent.tally
        return wire.PushReply(sent=tally.sent, new=tally.new, updated=tally.updated, already=tally.already,
                              conflicts=tally.conflicts,
                              refused=[wire.Refused(id=row_id, reason=reason)
                                       for row_id, reason in sent.refused.items()])

    @app.get("/v1/whoami", response_model=wire.WhoAmIReply, summary="Which laptop this credential belongs to")
    def whoami(device: DeviceCredential) -> wire.WhoAmIReply:
        with transaction() as connection:
            info = check_central(connection)
        return wire.WhoAmIReply(device_id=device.device_id, name=device.name, central_id=info.central_id)

    @app.get("/v1/counts", response_model=wire.CountsReply,
             summary="Rows the centre holds from this laptop, per event")
    def counts(device: DeviceCredential) -> wire.CountsReply:
        with transaction() as connection:
            held = centre_counts(connection, device.device_id)
        return wire.CountsReply(counts=[wire.CentreCount(**c) for c in _counts(held)])

    _publish_row_schemas(app)
    return app


async def _body(request: Request) -> bytes:
    """The request body as sent (unpacked, if it came compressed), read without parsing: the
    rows are parsed and checked in one pass by :func:`read_batch`."""
    return await request.body()


def _counts(held: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    return [{"table": table, "event_id": event, "rows": n} for (table, event), n in sorted(held.items())]


def _publish_row_schemas(app: FastAPI) -> None:
    """Each table's row model goes into the OpenAPI document, for those writing another client."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = original()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas["PushRequest"] = wire.PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
        for name in TABLES:
            model = row_model(name)
            schemas[model.__name__] = model.model_json_schema(ref_template="#/components/schemas/{model}")
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
