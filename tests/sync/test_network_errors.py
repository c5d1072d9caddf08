"""A failure to reach the centre says which it was, found with real sockets: nothing listening at
the port, a name that does not exist, the server's own error, no network at all."""

from __future__ import annotations

import errno
import http.server
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from sync.errors import SyncError
from sync.network_errors import connect_failure
from sync.service_client import ServiceTarget, who_am_i


def closed_port() -> int:
    """A port on this computer that nothing listens at."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BadGateway(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the handler's name
        body = b"<html>502 Bad Gateway</html>"
        self.send_response(502)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def proxy_with_a_broken_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), BadGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def reach(url: str) -> str:
    with pytest.raises(SyncError) as raised:
        who_am_i(ServiceTarget(url, "a-credential"))
    return str(raised.value)


def test_nothing_listening_at_the_port_names_the_port_not_the_network() -> None:
    port = closed_port()
    said = reach(f"http://127.0.0.1:{port}")
    assert said == (f"127.0.0.1 was found, but nothing is answering at 127.0.0.1:{port}. Check the port in the "
                    "address, or ask your IT team whether the central service is running.")
    assert "online" not in said


def test_a_name_that_does_not_exist_is_said_to_be_not_found() -> None:
    said = reach("https://nonexistent.invalid")
    assert said.startswith("The name nonexistent.invalid was not found. Check the address of the central service "
                           "for a typing mistake")


def test_a_server_that_does_not_speak_https_is_said_so(proxy_with_a_broken_server: str) -> None:
    where = proxy_with_a_broken_server.removeprefix("http://")
    said = reach("https://" + where)
    assert said == (f"Something answered at {where}, but not as a secure (https) service. Check the address and "
                    "port with your IT team.")


def test_a_server_error_is_the_servers_not_the_address(proxy_with_a_broken_server: str) -> None:
    said = reach(proxy_with_a_broken_server)
    assert said == ("The central service had a problem of its own (it answered 502). Nothing has been lost; try "
                    "again later, or tell your data team.")


@pytest.mark.parametrize(("behind", "failure"), [
    (OSError(errno.ENETUNREACH, "Network is unreachable"), "offline"),
    (socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"), "offline"),
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "dns"),
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "refused"),
    (TimeoutError("timed out"), "timeout"),
])
def test_what_the_system_said_decides_the_words(behind: OSError, failure: str) -> None:
    try:
        try:
            raise behind
        except OSError as error:
            raise httpx.ConnectError(str(error)) from error
    except httpx.ConnectError as wrapped:
        assert connect_failure(wrapped) == failure


def test_no_network_is_said_as_such() -> None:
    from sync.network_errors import connect_failure_text

    said = connect_failure_text("offline", what="the central service", host="involve.example.nhs.uk", port=443)
    assert said.startswith("This laptop does not seem to be connected to a network")
