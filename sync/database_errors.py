"""What went wrong with a central database, told apart: the server unreachable, the database or
user missing, the password refused, privileges missing, the tables not set up.

Each is put in words that point the right way, and named in the log by the driver's error
class and the server's code (SQLSTATE, or MariaDB's error number): never the server's own
text, which may quote names or values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from app.core.i18n import _

if TYPE_CHECKING:
    from sync.connection import CentralTarget

Kind = Literal["unreachable", "no-database", "no-user", "password", "privileges", "no-tables", "tls", "other"]

_MARIADB: dict[int, Kind] = {1049: "no-database", 1045: "password", 1698: "password", 1044: "privileges",
                             1142: "privileges", 1143: "privileges", 1227: "privileges", 1146: "no-tables",
                             2002: "unreachable", 2003: "unreachable", 2005: "unreachable", 2006: "unreachable",
                             2013: "unreachable"}
_DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306}
_SQLSTATE: dict[str, Kind] = {"3D000": "no-database", "28P01": "password", "42501": "privileges", "42P01": "no-tables"}


@dataclass(frozen=True)
class Diagnosis:
    kind: Kind
    code: str  # SQLSTATE, or the server's error number; "" when it gave none

    def for_log(self, error: BaseException) -> str:
        kind = type(getattr(error, "orig", error)).__name__
        return f"{kind} {self.code}".strip()


def diagnose(error: BaseException) -> Diagnosis:
    original: Any = getattr(error, "orig", error)
    text = str(original).lower()
    sqlstate = str(getattr(original, "sqlstate", "") or "")
    args = getattr(original, "args", ())
    number = args[0] if args and isinstance(args[0], int) else None
    code = str(number) if number is not None else sqlstate
    if number in _MARIADB:
        return Diagnosis(_MARIADB[number], code)
    if sqlstate in _SQLSTATE:
        return Diagnosis(_SQLSTATE[sqlstate], code)
    # A connection refused at the door has no SQLSTATE: psycopg gives only the server's words.
    if "database" in text and "does not exist" in text:
        return Diagnosis("no-database", code or "3D000")
    if "role" in text and "does not exist" in text:
        return Diagnosis("no-user", code or "28000")
    if any(s in text for s in ("password authentication failed", "no password supplied", "access denied",
                               "authentication failed")):
        return Diagnosis("password", code or "28P01")
    if "permission denied" in text:
        return Diagnosis("privileges", code or "42501")
    if ("relation" in text and "does not exist" in text) or "no such table" in text:
        return Diagnosis("no-tables", code)
    if "ssl" in text or "tls" in text or "certificate" in text:
        return Diagnosis("tls", code)
    if any(s in text for s in ("connection refused", "could not connect", "timeout", "timed out",
                               "could not translate host name", "name or service not known", "no route to host",
                               "can't connect")):
        return Diagnosis("unreachable", code)
    return Diagnosis("other", code)


def explain(error: BaseException, target: CentralTarget, *, connecting: bool) -> str:
    """A failure in words the person can act on; never the driver's own text."""
    url = target.url
    host, user, database = url.host or target.display, url.username or "", url.database or ""
    kind = diagnose(error).kind
    if kind == "no-database":
        return _("There is no database '{database}' on the central server at {host}. Check the address, or ask "
                 "your IT team to create it (see docs/central.md).").format(database=database, host=host)
    if kind == "no-user":
        return _("The central server at {host} has no user '{user}'. Check the address, or ask your IT team to "
                 "create the user (see docs/central.md).").format(host=host, user=user)
    if kind == "password":
        return _("The central database did not accept the user name or password. Check them (the password is "
                 "taken from INVOLVE_CENTRAL_PASSWORD or the keyring), or ask your IT team.")
    if kind == "privileges":
        return privileges_text(user)
    if kind == "no-tables":
        return not_set_up_text()
    if kind == "tls":
        return _("A secure (encrypted) connection to the central database could not be made. Ask your IT team "
                 "to check its certificate.")
    if connecting:
        from sync.network_errors import connect_failure, connect_failure_text

        return connect_failure_text(connect_failure(error), what=_("the central database"), host=host,
                                    port=url.port or _DEFAULT_PORTS.get(url.get_backend_name()))
    return _("The connection to the central database was lost part-way through. Everything the centre "
             "confirmed is marked as sent; the rest will go next time. Nothing has been lost.")


def privileges_text(user: str) -> str:
    return _("The central database user '{user}' is not allowed to do this. Ask your IT team to grant it "
             "Involve's privileges (see 'Database roles' in docs/central.md).").format(user=user)


def not_set_up_text() -> str:
    return _("The central database has not been set up for Involve yet. Your IT team can set it up with: "
             "involve central init ADDRESS")
