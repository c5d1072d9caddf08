"""GP practices: the list an organisation keeps, used by PPG sign-ups and PPG meetings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.i18n import _
from app.core.validation import ValidationError, clean_text

NAME_MAX = 200
# NHS Organisation Data Service codes for GP practices: a letter then five digits (G82001).
_ODS_CODE = re.compile(r"^[A-Z][0-9]{5}$")


@dataclass(frozen=True)
class PracticeDetails:
    name: str
    code: str


def check_practice_code(value: object) -> str:
    code = "".join(str(value or "").split()).upper()
    if not code:
        raise ValueError(_("Give the practice's ODS code, for example G82001."))
    if not _ODS_CODE.match(code):
        raise ValueError(_("A GP practice code is a letter then five digits, for example G82001."))
    return code


def validate_practice(name: object, code: object) -> PracticeDetails:
    errors: dict[str, str] = {}
    clean_name = ""
    try:
        clean_name = " ".join(clean_text(name, max_length=NAME_MAX).split())
        if not clean_name:
            errors["name"] = _("Give the practice's name.")
    except ValueError as exc:
        errors["name"] = str(exc)
    clean_code = ""
    try:
        clean_code = check_practice_code(code)
    except ValueError as exc:
        errors["code"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return PracticeDetails(clean_name, clean_code)
