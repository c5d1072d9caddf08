"""The real central service for tests: ``involve central serve`` in its own process on loopback."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from app.store.store import Store
from sync import enrolment
from sync.connection import make_central_engine, target_from
from sync.service_client import ServiceTarget, enrol_laptop

START_LIMIT_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class CentralService:
    db_url: str
    url: str
    process: subprocess.Popen
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def add_device(self, name: str, *, now: dt.datetime | None = None) -> str:
        """A one-time code, made as ``involve central device add`` makes it."""
        engine = make_central_engine(target_from(self.db_url))
        try:
            with engine.begin() as connection:
                return enrolment.add_device(connection, name, "test", now=now).code
        finally:
            engine.dispose()

    def enrol(self, store: Store, name: str = "") -> ServiceTarget:
        """Enrol ``store``'s laptop through the service; its target, credential included."""
        code = self.add_device(name or f"Laptop {store.device_id[:4]}")
        _enrolled, token = enrol_laptop(self.url, code, store.device_id, keep=False)
        self.tokens[store.device_id] = token
        return ServiceTarget(self.url, token)

    def revoke(self, store: Store) -> None:
        engine = make_central_engine(target_from(self.db_url))
        try:
            with engine.begin() as connection:
                enrolment.revoke(connection, store.device_id, "test")
        finally:
            engine.dispose()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_service(db_url: str, folder: Path, *, workers: int = 1, extra: tuple[str, ...] = (), scheme: str = "http",
                  ca_file: str | None = None) -> CentralService:
    """Start the service and wait until it answers /readyz (or fail with its log)."""
    port = free_port()
    log = folder / f"service-{port}.log"
    env = dict(os.environ)
    url = target_from(db_url).url
    if url.password:  # the service takes its password from the environment, never its command line
        env["INVOLVE_CENTRAL_PASSWORD"] = str(url.password)
    address = url._replace(password=None).render_as_string(hide_password=False)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "central", "serve", "--db", address, "--listen", f"127.0.0.1:{port}",
             "--workers", str(workers), *extra], stdout=out, stderr=subprocess.STDOUT, env=env)
    service = CentralService(db_url, f"{scheme}://127.0.0.1:{port}", process, log)
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=ca_file) if ca_file else True
    deadline = time.monotonic() + START_LIMIT_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the service stopped at start: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{service.url}/readyz", timeout=2, verify=verify).status_code == 200:
                return service
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            service.stop()
            raise RuntimeError(f"the service did not become ready: {log.read_text()[-2000:]}")
        time.sleep(0.1)  # polling a socket that is not listening yet; there is no signal to wait on


def service_port(service: CentralService) -> int:
    port = urlsplit(service.url).port
    assert port is not None
    return port


# What uvicorn may say of a request a cut left unfinished; anything else but INFO is a problem.
HARMLESS = ("WARNING:  Invalid HTTP request received.",)
FAILED_REQUEST = re.compile(r'" [45]\d\d ')  # an access-log line for a request answered 4xx or 5xx
UNAVAILABLE = re.compile(r'" 503 ')
DATABASE_ERROR = re.compile(r"^central database error: \w+$")  # the service's own warning, then a 503


def assert_service_well(service: CentralService, context: str, *, database_cut: bool = False) -> None:
    """The service is still running, answered every request it finished with success, and logged
    nothing but its comings and goings: the faults were the laptops', never its own. With
    ``database_cut``, a request whose database connection was cut may be answered 503 (and
    the service says why in a line of its own); nothing else."""
    log = service.log.read_text(errors="replace")
    assert service.process.poll() is None, f"the service stopped ({context}):\n{log[-3000:]}"

    def problem(line: str) -> bool:
        if not line.strip() or line in HARMLESS:
            return False
        if database_cut and (DATABASE_ERROR.match(line) or UNAVAILABLE.search(line)):
            return False
        return not line.startswith("INFO:") or bool(FAILED_REQUEST.search(line))

    problems = [line for line in log.splitlines() if problem(line)]
    assert not problems, f"the service logged problems ({context}):\n  " + "\n  ".join(problems[:10])
