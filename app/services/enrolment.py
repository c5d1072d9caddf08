"""Connecting laptops to the organisation's central service.

On a laptop: trade the data team's one-time code for this laptop's credential, keep it in
the keyring and remember the service. At the centre (the data team, with database access):
add a laptop, with a printable sheet holding the address and the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.services.central import CA_FILE_KEY, SERVICE_KEY

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from app.store.settings_file import SettingsFile
    from sync.enrolment import NewCode
    from sync.service_client import Enrolled

SERVICE_URL_KEY = "service_url"  # central_info: where laptops reach the service, for enrolment sheets
ORGANISATION_KEY = "organisation"  # central_info: whose laptops these are, named on the sheets


def enrol_this_laptop(settings: SettingsFile, device_id: str, address: str, code: str,
                      ca_file: str = "", *, keep: bool = True) -> tuple[Enrolled, str]:
    """Enrol, keep the credential (unless ``keep`` is false: the caller hands it on), and make the
    service this laptop's centre: (what was enrolled, the credential). ``SyncError`` if refused."""
    from app.core.enrolment import parse_enrolment_payload
    from sync.service_client import enrol_laptop

    pasted = parse_enrolment_payload(code) or parse_enrolment_payload(address)
    if pasted is not None:  # the text of the sheet's QR code, pasted whole
        address, code = pasted
    enrolled, token = enrol_laptop(address, code, device_id, ca_file=ca_file or None, keep=keep)
    settings.update({SERVICE_KEY: enrolled.url, CA_FILE_KEY: ca_file})
    return enrolled, token


def remembered(connection: Connection, key: str, given: str | None) -> str:
    """``given`` (then remembered at the centre for the next laptop), or what was remembered; "" if neither."""
    from sqlalchemy import select

    from sync import central_schema as schema

    info = schema.central_info
    if given:
        if connection.execute(select(info.c.value).where(info.c.key == key)).first() is None:
            connection.execute(info.insert().values(key=key, value=given))
        else:
            connection.execute(info.update().where(info.c.key == key).values(value=given))
        return given
    return str(connection.execute(select(info.c.value).where(info.c.key == key)).scalar() or "")


def remembered_service_url(connection: Connection, given: str | None) -> str:
    """The address laptops use to reach the service; ``SyncError`` if it was never given."""
    from app.core.i18n import _
    from sync.errors import SyncError
    from sync.service_client import parse_service_url

    url = remembered(connection, SERVICE_URL_KEY, parse_service_url(given) if given else None)
    if not url:
        raise SyncError(_("Say once where laptops reach the central service, for example --service "
                          "https://involve.example.nhs.uk; it is remembered for the next laptop."))
    return url


def add_laptop(connection: Connection, name: str, service: str | None, sheet: Path,
               organisation: str | None = None) -> tuple[NewCode, str]:
    """A one-time code for a new laptop, and its enrolment sheet written to ``sheet``: (code, address)."""
    from app.documents.enrolment_sheet import write_enrolment_sheet
    from sync import enrolment
    from sync.audit import data_team

    url = remembered_service_url(connection, service)
    new = enrolment.add_device(connection, name, data_team())
    organisation = remembered(connection, ORGANISATION_KEY, " ".join((organisation or "").split())[:120] or None)
    write_enrolment_sheet(sheet, service_url=url, code=new.code, laptop_name=new.name, expires_at=new.expires_at,
                          organisation=organisation)
    return new, url
