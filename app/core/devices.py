"""Rules for naming a laptop, so staff can tell their machines apart in reports and sync."""

from __future__ import annotations

from app.core.i18n import _
from app.core.validation import ValidationError, clean_text

DEVICE_NAME_MAX = 100


def validate_device_name(value: object) -> str:
    try:
        name = clean_text(value, max_length=DEVICE_NAME_MAX)
    except ValueError as error:
        raise ValidationError({"name": str(error)}) from None
    if not name:
        raise ValidationError({"name": _("Give this laptop a name, for example 'Stall laptop 2'.")})
    return name.replace("\n", " ")
