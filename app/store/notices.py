"""Reading the privacy notice shipped in ``resources/privacy``."""

from __future__ import annotations

import json
from functools import cache

from app.core.privacy import NoticeError, PrivacyNotice, RenderedNotice, parse_notice
from app.core.settings import require_signup_ready
from app.resources_dir import resources_dir

NOTICE_FILE = "privacy-notice.json"
# The same promises in easy read: short sentences, one idea to a line, shown with pictures.
EASY_READ_NOTICE_FILE = "privacy-notice-easy-read.json"


@cache
def load_notice(file_name: str = NOTICE_FILE) -> PrivacyNotice:
    path = resources_dir() / "privacy" / file_name
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NoticeError(f"{path.name}: {error}") from None
    return parse_notice(data)


def current_notice(language: str, *, organisation: str, contact: str) -> RenderedNotice:
    """The notice people agree to now, in ``language``, with the organisation's details
    (``SignupNotSetUp`` if either is not set: a notice must never name nobody)."""
    require_signup_ready(organisation, contact)
    return load_notice().rendered(language, organisation=organisation, contact=contact)


def current_easy_read_notice(language: str, *, organisation: str, contact: str) -> RenderedNotice:
    """The easy-read notice people agree to now; a consent given after reading it names this notice."""
    require_signup_ready(organisation, contact)
    return load_notice(EASY_READ_NOTICE_FILE).rendered(language, organisation=organisation, contact=contact)
