"""The laptop's side of the central service: its address, its credential, and each call.

The address must be https, except to this computer (training, tests). TLS is verified, by
the system's certificate authorities or an organisation's own (``ca_file``). The device
credential lives in the OS keyring, or ``INVOLVE_DEVICE_TOKEN`` for headless use, and is only
ever sent in a header: never in an address, a log or a process list.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
import os
import ssl
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from app.core.i18n import _
from sync.errors import SyncError

if TYPE_CHECKING:
    import httpx
    from sqlalchemy import Table

    from sync.upload import Sent

log = logging.getLogger(__name__)

TOKEN_ENV = "INVOLVE_DEVICE_TOKEN"
KEYRING_SERVICE = "Involve central service"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
ENCODE_CHUNK = 250  # rows written to JSON in one go
GZIP_WBITS = 16 + zlib.MAX_WBITS  # zlib's way of asking for the gzip format
SERVICE_BATCH = 2500  # rows per request (two in flight): the service splits them into statements itself
CONNECT_TIMEOUT_S = 10
READ_TIMEOUT_S = 180


class AccessWithdrawn(SyncError):
    """The organisation revoked this laptop's credential."""


class NotEnrolled(SyncError):
    """This laptop has no credential the service accepts."""


@dataclass(frozen=True)
class ServiceTarget:
    """A checked service address and this laptop's credential for it (``token`` "" before enrolment)."""

    url: str
    token: str = field(default="", repr=False)
    ca_file: str | None = None

    @property
    def display(self) -> str:
        return self.url

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or self.url

    @property
    def port(self) -> int:
        parts = urlsplit(self.url)
        return parts.port or (443 if parts.scheme == "https" else 80)


def parse_service_url(text: str) -> str:
    """The service address in one canonical form, or :class:`SyncError` in plain words."""
    text = (text or "").strip()
    if not text:
        raise SyncError(_("No central service is set. Enter its address, for example "
                          "https://involve.example.nhs.uk."))
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - reading it checks it
    except ValueError:
        raise SyncError(_("'{url}' is not a web address Involve understands.").format(url=text[:200])) from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise SyncError(_("The central service's address must start with https://, for example "
                          "https://involve.example.nhs.uk."))
    if parts.username or parts.password or parts.query or parts.fragment:
        raise SyncError(_("The central service's address must not hold a name, password or anything after "
                          "'?' or '#'. Enter only its address."))
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise SyncError(_("The central service must be reached over https (encrypted). Only a service on this "
                          "same computer may use http."))
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path.rstrip("/"), "", ""))


def stored_token(url: str) -> str:
    """This laptop's credential for ``url``: from the environment, else the keyring; "" if none."""
    from_env = os.environ.get(TOKEN_ENV, "").strip()
    if from_env:
        return from_env
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, url) or ""
    except Exception as error:  # noqa: BLE001 - any keyring failure means "no credential here"
        log.warning("keyring unavailable for the device credential: %s", type(error).__name__)
        return ""


def save_token(url: str, token: str) -> None:
    """Keep the credential in the keyring; :class:`SyncError` when there is none that keeps it."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, url, token)
        if keyring.get_password(KEYRING_SERVICE, url) != token:
            raise RuntimeError("the keyring did not keep the credential")
    except Exception as error:  # noqa: BLE001 - said plainly, whatever the backend's failure
        log.warning("keyring could not store the device credential: %s", type(error).__name__)
        raise SyncError(_("This computer has no secure password store (keyring) Involve can use, so the "
                          "laptop's credential was not kept. Ask IT to enable a keyring, or set {env} for "
                          "headless use.").format(env=TOKEN_ENV)) from None


def check_keyring() -> None:
    """Prove the keyring keeps a secret before a one-time code is spent on one it would lose."""
    probe_name = "involve-keyring-check"
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, probe_name, "ok")
        kept = keyring.get_password(KEYRING_SERVICE, probe_name) == "ok"
        try:
            keyring.delete_password(KEYRING_SERVICE, probe_name)
        except keyring.errors.PasswordDeleteError:
            pass
    except Exception as error:  # noqa: BLE001 - any backend failure means "no usable keyring"
        log.warning("keyring check failed: %s", type(error).__name__)
        kept = False
    if not kept:
        raise SyncError(_("This computer has no secure password store (keyring) Involve can use, so the laptop's "
                          "credential could not be kept. The code was not used. Ask IT to enable a keyring, or, "
                          "for a laptop without one, enrol with --print-token and give the credential to Involve "
                          "in {env}.").format(env=TOKEN_ENV))


def service_target(url: str, ca_file: str | None = None) -> ServiceTarget:
    url = parse_service_url(url)
    if ca_file and not os.path.isfile(ca_file):
        raise SyncError(_("The certificate file {path} does not exist.").format(path=ca_file))
    return ServiceTarget(url, stored_token(url), ca_file or None)


def _client(target: ServiceTarget, *, token: str | None = None) -> httpx.Client:
    import httpx

    headers = {"User-Agent": "Involve", "Accept": "application/json"}
    token = target.token if token is None else token
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=target.url, headers=headers, verify=tls_context(target.ca_file),
                        follow_redirects=False, timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
                        trust_env=False)


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """What the laptop trusts: the operating system's certificate authorities and the public ones
    (an organisation's internal authority is often already installed by IT), plus ``ca_file``.

    Reading the authorities takes tens of milliseconds, more than a sync with nothing to send
    otherwise needs, so a context is made once and shared until ``ca_file`` changes on disk.
    """
    changed = None
    if ca_file:
        try:
            stat = os.stat(ca_file)
            changed = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            changed = None  # the load below says what is wrong with it
    return _trusted(ca_file, changed)


@functools.lru_cache(maxsize=4)
def _trusted(ca_file: str | None, _changed: tuple[int, int] | None) -> ssl.SSLContext:
    import certifi

    context = ssl.create_default_context()
    context.load_verify_locations(certifi.where())
    if ca_file:
        context.load_verify_locations(ca_file)
    return context




def _explain(error: Exception, target: ServiceTarget, *, connecting: bool) -> SyncError:
    import httpx

    from sync.network_errors import connect_failure, connect_failure_text

    failure = connect_failure(error)
    if failure in ("tls", "not-tls") or (connecting and isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)):
        return SyncError(connect_failure_text(failure, what=_("the central service"), host=target.host,
                                              port=target.port))
    return SyncError(_("The connection to the central service was lost part-way through. Everything the "
                       "centre confirmed is marked as sent; the rest will go next time. Nothing has been lost."))


def _answer(response: httpx.Response) -> Any:
    """The reply's JSON, or the service's own plain reason as a :class:`SyncError`."""
    if response.status_code < 300:
        try:
            return response.json()
        except ValueError:
            raise SyncError(_("The central service sent an answer Involve could not read.")) from None
    try:
        problem = response.json()
        code, message = str(problem.get("code", "")), str(problem.get("message", ""))
    except (ValueError, AttributeError):
        code, message = "", ""
    if response.status_code == 403 and code == "revoked":
        raise AccessWithdrawn(message or _("Your organisation has withdrawn this laptop's access."))
    if response.status_code == 401:
        raise NotEnrolled(message or _("The central service does not recognise this laptop."))
    if response.status_code >= 500 and not message:  # a proxy's error page, say; the service words its own
        raise SyncError(_("The central service had a problem of its own (it answered {status}). Nothing has been "
                          "lost; try again later, or tell your data team.").format(status=response.status_code))
    if not message or response.status_code in (404, 405) and code != "invalid":
        message = _("The address does not lead to an Involve central service (it answered {status}). Check "
                    "the address with your data team.").format(status=response.status_code)
    raise SyncError(message)


@dataclass(frozen=True)
class Packed:
    """A request body ready to go: compressed when that is worth it."""

    data: bytes
    gzipped: bool


def pack(body: bytes) -> Packed:
    if len(body) > 1024:
        return Packed(gzip.compress(body, compresslevel=1), True)
    return Packed(body, False)


class ServiceLink:
    """One sync's conversation with the service, over one kept-alive connection."""

    as_stored = True  # times go as the store keeps them: UTC text
    # Two batches at the service at once: while it writes one into the database, it checks
    # the next. Each is its own request and transaction, answered and marked on its own.
    in_flight = 2

    def __init__(self, target: ServiceTarget) -> None:
        if not target.token:
            raise NotEnrolled(_("This laptop is not connected to your organisation's central service yet. Ask "
                                "your data team for an enrolment code, then choose Sync ▸ Connect to your "
                                "organisation… (or run: involve enrol ADDRESS CODE)."))
        self.target = target
        self.client = _client(target)
        self.round_trips = 0
        self.connected = False
        self._counting = threading.Lock()  # batches in flight are sent from two threads

    def close(self) -> None:
        self.client.close()

    def _call(self, method: str, path: str, *, body: bytes | Packed | None = None) -> Any:
        import httpx

        headers = {"Content-Type": "application/json"}
        if body is not None and not isinstance(body, Packed):
            body = pack(body)
        if body is not None:
            if body.gzipped:
                headers["Content-Encoding"] = "gzip"
            body = body.data
        with self._counting:
            self.round_trips += 1
        try:
            response = self.client.request(method, path, content=body, headers=headers)
        except httpx.HTTPError as error:
            log.warning("central service request failed: %s", type(error).__name__)
            raise _explain(error, self.target, connecting=not self.connected) from None
        self.connected = True
        return _answer(response)

    def pull(self, central_id: str | None, since: Any) -> dict[str, Any]:
        body = json.dumps({"central_id": central_id, "since": since.isoformat() if since else None}).encode()
        return dict(self._call("POST", "/v1/pull", body=body))

    def counts(self) -> dict[tuple[str, str], int]:
        return _held(self._call("GET", "/v1/counts")["counts"])

    def whoami(self) -> str:
        """The name the service knows this laptop by."""
        return str(self._call("GET", "/v1/whoami")["name"])

    def batch_size(self, _table: Table, wanted: int, /) -> int:
        return wanted

    def prepare(self, rows: list[dict[str, Any]], /, between: Callable[[], None] = lambda: None) -> Packed:
        """The batch's request body, written and compressed on the upload's reader thread while
        the service works on the batch before."""
        from sync.upload import _stored_form

        # Written and compressed a few hundred rows at a time, never the whole body in one call:
        # each call holds Python's interpreter lock throughout (joining and encoding a batch's
        # megabytes took milliseconds), and a kiosk saving meanwhile would wait.
        packer = zlib.compressobj(1, zlib.DEFLATED, GZIP_WBITS)
        packed = [packer.compress(b'{"rows":[')]
        for start in range(0, len(rows), ENCODE_CHUNK):
            between()  # a save meanwhile goes first
            part = json.dumps(rows[start:start + ENCODE_CHUNK], ensure_ascii=False, separators=(",", ":"),
                              default=_stored_form)[1:-1].encode()
            packed.append(packer.compress(b"," + part if start else part))
        packed += [packer.compress(b"]}"), packer.flush()]
        return Packed(b"".join(packed), True)

    def push(self, table: Table, _rows: list[dict[str, Any]], prepared: Any, /) -> Sent:
        from sync.upload import Sent, Tally

        answer = self._call("POST", f"/v1/push/{table.name}", body=prepared)
        refused = {str(r["id"]): str(r["reason"]) for r in answer.get("refused", [])}
        tally = Tally(sent=int(answer["sent"]), new=int(answer["new"]), updated=int(answer["updated"]),
                      already=int(answer["already"]), conflicts=int(answer["conflicts"]), refused=len(refused))
        return Sent(tally, refused)


def held_counts(reply: dict[str, Any]) -> dict[tuple[str, str], int]:
    return _held(reply.get("counts", []))


def _held(counts: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    return {(str(c["table"]), str(c["event_id"])): int(c["rows"]) for c in counts}


def who_am_i(target: ServiceTarget) -> str:
    """The name the service knows this laptop by: proof the address, the certificate and the
    credential all work. Raises :class:`SyncError` in plain words."""
    link = ServiceLink(target)
    try:
        return link.whoami()
    finally:
        link.close()


@dataclass(frozen=True)
class Enrolled:
    url: str
    device_name: str
    central_id: str


def enrol_laptop(url: str, code: str, device_id: str, *, ca_file: str | None = None,
                 keep: bool = True) -> tuple[Enrolled, str]:
    """Trade an enrolment code for this laptop's credential: (what was enrolled, the credential).

    With ``keep`` the credential goes into the keyring before this returns, so a laptop never
    holds a credential it has lost track of.
    """
    target = service_target(url, ca_file)
    code = code.strip()
    if not code:
        raise SyncError(_("Enter the enrolment code from the sheet your data team gave you."))
    if keep:
        check_keyring()
    with _client(target, token="") as client:
        import httpx

        try:
            response = client.post("/v1/enrol", json={"code": code[:64], "device_id": device_id})
        except httpx.HTTPError as error:
            raise _explain(error, target, connecting=True) from None
        answer = _answer(response)
    token = str(answer["token"])
    if keep:
        save_token(target.url, token)
    return Enrolled(target.url, str(answer["name"]), str(answer["central_id"])), token
