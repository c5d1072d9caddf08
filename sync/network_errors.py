"""Why a connection to the centre could not be made, told apart in words staff can act on.

"Check that this laptop is online" sends people to the Wi-Fi when the address has a typo or
the port is wrong. The operating system says which it was: the network is down, the name is
not known, nothing listens at that port, no answer came, or the certificate was refused.
"""

from __future__ import annotations

import errno
import socket
import ssl
from typing import Literal

from app.core.i18n import _

Failure = Literal["offline", "dns", "refused", "timeout", "tls", "not-tls", "other"]

_OFFLINE_ERRNOS = {errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTUNREACH, errno.EHOSTDOWN}
_NAME_NOT_FOUND = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA", "EAI_FAIL")
                   if hasattr(socket, name)}
# What drivers and other platforms say when they pass on only the words.
_WORDS: tuple[tuple[Failure, tuple[str, ...]], ...] = (
    ("tls", ("certificate",)),
    ("not-tls", ("wrong version number", "ssl", "tls")),
    ("dns", ("name or service not known", "nodename nor servname", "could not translate host name",
             "getaddrinfo failed", "no address associated", "unknown host", "11001")),
    ("offline", ("temporary failure in name resolution", "network is unreachable", "no route to host",
                 "network is down", "host is unreachable")),
    ("refused", ("connection refused", "actively refused", "10061")),
    ("timeout", ("timed out", "timeout")),
)


def _causes(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def connect_failure(error: BaseException) -> Failure:
    """What stopped a connection being made, from the error or any error behind it."""
    causes = _causes(error)
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError | ssl.CertificateError):
            return "tls"
        if isinstance(cause, ssl.SSLError):
            return "not-tls"
        if isinstance(cause, socket.gaierror):
            # EAI_AGAIN: no name server answered at all, which is what no network looks like.
            return "dns" if cause.errno in _NAME_NOT_FOUND else "offline"
        if isinstance(cause, ConnectionRefusedError):
            return "refused"
        if isinstance(cause, TimeoutError | socket.timeout):
            return "timeout"
        if isinstance(cause, OSError) and cause.errno in _OFFLINE_ERRNOS:
            return "offline"
    text = " ".join(str(cause) for cause in causes).lower()
    for failure, words in _WORDS:
        if any(word in text for word in words):
            return failure
    return "other"


def connect_failure_text(failure: Failure, *, what: str, host: str, port: int | None) -> str:
    """One plain sentence for ``failure`` reaching ``what`` ("the central service") at ``host``."""
    where = f"{host}:{port}" if port else host
    if failure == "offline":
        return _("This laptop does not seem to be connected to a network, so {what} could not be reached. "
                 "Connect to Wi-Fi or a cable and try again; everything is kept here meanwhile.").format(what=what)
    if failure == "dns":
        return _("The name {host} was not found. Check the address of {what} for a typing mistake; if it is "
                 "right, this network cannot see your organisation's servers (you may need its VPN).").format(
                     host=host, what=what)
    if failure == "refused":
        return _("{host} was found, but nothing is answering at {where}. Check the port in the address, or ask "
                 "your IT team whether {what} is running.").format(host=host, where=where, what=what)
    if failure == "timeout":
        return _("{where} did not answer in time. The network may be slow or may block it; try again later, or "
                 "ask your IT team.").format(where=where)
    if failure == "tls":
        return _("A secure connection to {what} at {host} could not be made: its certificate was not accepted. "
                 "Ask your IT team (they may need to give this laptop the organisation's certificate).").format(
                     what=what, host=host)
    if failure == "not-tls":
        return _("Something answered at {where}, but not as a secure (https) service. Check the address and port "
                 "with your IT team.").format(where=where)
    return _("Could not reach {what} at {where}; everything is kept here and will be sent next time.").format(
        what=what, where=where)
