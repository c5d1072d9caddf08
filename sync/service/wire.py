"""The service's wire format: what laptops send and receive, as pydantic models.

These models are what the published OpenAPI document describes. A batch's rows are checked
one by one (``sync.service.rows``), not here, so that one bad row is refused alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def in_utc(value: dt.datetime) -> dt.datetime:
    """A time in UTC, a time sent without a zone being UTC already. One that would fall off
    either end of the calendar once in UTC (year 1 or 9999 with an offset) is not valid."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("the time is out of range") from None


UtcDateTime = Annotated[dt.datetime, AfterValidator(in_utc)]


MAX_ROWS = 20_000  # in one push


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrolRequest(Strict):
    code: str = Field(min_length=1, max_length=64, description="The one-time enrolment code, as typed.")
    device_id: str = Field(min_length=36, max_length=36, description="The laptop's own device id (a UUID).")


class EnrolReply(Strict):
    device_id: str
    name: str = Field(description="The laptop's name, as the data team entered it.")
    token: str = Field(description="The device credential. Kept by the laptop; the centre keeps only its hash.")
    central_id: str


class PullRequest(Strict):
    central_id: str | None = Field(None, max_length=64, description="The centre the laptop last synced with.")
    since: UtcDateTime | None = Field(None, description="Changes after this time, by the centre's clock; "
                                                        "ignored unless central_id is this centre's.")


class CentreCount(Strict):
    table: str
    event_id: str
    rows: int


class PullReply(Strict):
    central_id: str
    device_name: str
    changes: dict[str, list[dict[str, Any]]] = Field(
        description="Rows by kind: devices, gp_practices, events, people (status only, this laptop's), "
                    "consents (withdrawals only, this laptop's), sheet_prints (this laptop's print runs) "
                    "and surveys.")
    counts: list[CentreCount] = Field(description="Rows the centre holds from this laptop, per event.")


class PushRequest(Strict):
    rows: list[dict[str, Any]] = Field(max_length=MAX_ROWS, description="Rows of one table, each checked on its own.")


class Refused(Strict):
    id: str
    reason: str


class PushReply(Strict):
    sent: int
    new: int
    updated: int
    already: int
    conflicts: int
    refused: list[Refused]


class CountsReply(Strict):
    counts: list[CentreCount]


class Problem(Strict):
    code: str = Field(description="What went wrong, for programs: unauthorised, revoked, refused, invalid, "
                                  "not-ready, unavailable.")
    message: str = Field(description="The same in plain English, for the person at the laptop.")


class WhoAmIReply(Strict):
    device_id: str
    name: str
    central_id: str
