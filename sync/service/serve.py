"""``involve central serve``: run the service under uvicorn, one or more worker processes.

The database address reaches the workers through the environment, never the command line
of a child process, and it never carries the password (``INVOLVE_CENTRAL_PASSWORD`` or the
keyring does).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI

from app.core.i18n import _
from sync.connection import parse_central_url
from sync.errors import SyncError
from sync.service.app import ServiceConfig, create_app

DB_ENV = "INVOLVE_CENTRAL_DB"
INSECURE_ENV = "INVOLVE_CENTRAL_ALLOW_INSECURE"
PROXIES_ENV = "FORWARDED_ALLOW_IPS"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470


@dataclass(frozen=True)
class ServeOptions:
    database: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = 1
    certfile: Path | None = None
    keyfile: Path | None = None
    trust_proxy: bool = False
    allow_insecure: bool = False


def parse_listen(text: str) -> tuple[str, int]:
    """HOST:PORT (or [v6]:PORT, or :PORT for every address) as given to ``--listen``."""
    host, sep, port = text.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise SyncError(_("--listen must be HOST:PORT, for example 127.0.0.1:8470."))
    host = host.strip("[]") or "0.0.0.0"
    return host, int(port)


def check_options(options: ServeOptions) -> None:
    """Refuse what would make the service unsafe or fail later, in one plain sentence."""
    _url, password = parse_central_url(options.database)
    if password is not None:
        raise SyncError(_("Put the database password in {env}, not in the address: a command line can be "
                          "read by anyone on this computer.").format(env="INVOLVE_CENTRAL_PASSWORD"))
    if (options.certfile is None) != (options.keyfile is None):
        raise SyncError(_("Give both --certfile and --keyfile for HTTPS, or neither when a proxy in front "
                          "provides it."))
    for path in (options.certfile, options.keyfile):
        if path is not None and not path.is_file():
            raise SyncError(_("{path} is not a file.").format(path=path))
    if not 1 <= options.workers <= 64:
        raise SyncError(_("--workers must be between 1 and 64."))


def app_from_environment() -> FastAPI:
    """The app as each worker process builds it, from what ``serve`` put in the environment."""
    return create_app(ServiceConfig(os.environ[DB_ENV], allow_insecure=os.environ.get(INSECURE_ENV) == "1"))


def serve(options: ServeOptions) -> None:
    import uvicorn

    check_options(options)
    os.environ[DB_ENV] = options.database
    os.environ[INSECURE_ENV] = "1" if options.allow_insecure else "0"
    logging.getLogger("uvicorn.access").setLevel(logging.INFO)
    uvicorn.run("sync.service.serve:app_from_environment", factory=True, host=options.host, port=options.port,
                workers=options.workers, ssl_certfile=options.certfile, ssl_keyfile=options.keyfile,
                # Forwarded headers are believed only from the proxy's own address: this computer, or
                # those IT lists in FORWARDED_ALLOW_IPS (a proxy on another host).
                proxy_headers=options.trust_proxy, forwarded_allow_ips=os.environ.get(PROXIES_ENV, "127.0.0.1,::1"),
                server_header=False, date_header=True, timeout_keep_alive=30, log_level="info")
