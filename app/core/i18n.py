"""The one translation function every readable string goes through.

Catalogues are gettext ``.mo`` files; the entry points call :func:`install` with the
folder that holds them. Until then (and in tests) text comes back as written, in plain
English.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "involve"

_translations: gettext.NullTranslations = gettext.NullTranslations()


def install(localedir: Path | None, languages: list[str] | None = None) -> None:
    """Use the catalogue for the user's language from ``localedir``, if there is one."""
    global _translations
    if localedir is None:
        _translations = gettext.NullTranslations()
        return
    _translations = gettext.translation(
        DOMAIN, localedir=str(localedir), languages=languages, fallback=True
    )


def _(message: str) -> str:
    """Translate ``message`` for the person reading it."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose wording depends on a count."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is declared; translate it where it is shown."""
    return message
