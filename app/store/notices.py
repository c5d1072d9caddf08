"""Reading the privacy notice shipped in ``resources/privacy``."""

from __future__ import annotations

import json
from functools import cache

from app.core.privacy import NoticeError, PrivacyNotice, RenderedNotice, parse_notice
from app.resources_dir import resources_dir

NOTICE_FILE = "privacy-notice.json"


@cache
def load_notice() -> PrivacyNotice:
    path = resources_dir() / "privacy" / NOTICE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NoticeError(f"{path.name}: {error}") from None
    return parse_notice(data)


def current_notice(language: str, *, organisation: str, contact: str) -> RenderedNotice:
    """The notice people agree to now, in ``language``, with the organisation's details."""
    return load_notice().rendered(language, organisation=organisation, contact=contact)
