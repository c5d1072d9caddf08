"""The one translation function every readable string goes through.

Catalogues are gettext ``.mo`` files; the entry points call :func:`install` with the
folder that holds them. Until then (and in tests) text comes back as written, in plain
English.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache
from pathlib import Path

DOMAIN = "involve"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_localedir: Path | None = None
_languages: list[str] | None = None


def install(localedir: Path | None, languages: list[str] | None = None) -> None:
    """Use the catalogue for the user's language from ``localedir``, if there is one."""
    global _translations, _localedir, _languages
    _localedir, _languages = localedir, languages
    translator_for.cache_clear()
    plural_translator_for.cache_clear()
    if localedir is None:
        _translations = gettext.NullTranslations()
        return
    _translations = gettext.translation(
        DOMAIN, localedir=str(localedir), languages=languages, fallback=True
    )


def installed() -> bool:
    return _localedir is not None


def installed_as() -> tuple[Path | None, list[str] | None]:
    """What :func:`install` was given, for another process to speak the same language."""
    return _localedir, _languages


@cache
def translator_for(language: str) -> Callable[[str], str]:
    """The translation function for one language, whatever the staff's own language is.

    The kiosk speaks the language the member of the public chose on its first screen.
    """
    if language == "en" or _localedir is None:
        return lambda message: message
    return gettext.translation(DOMAIN, localedir=str(_localedir), languages=[language], fallback=True).gettext


@cache
def plural_translator_for(language: str) -> Callable[[str, str, int], str]:
    """:func:`translator_for`'s counterpart for a message whose wording depends on a count."""
    if language == "en" or _localedir is None:
        return lambda singular, plural, n: singular if n == 1 else plural
    return gettext.translation(DOMAIN, localedir=str(_localedir), languages=[language], fallback=True).ngettext


def _(message: str) -> str:
    """Translate ``message`` for the person reading it."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose wording depends on a count."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name, which xgettext looks for
    """Mark ``message`` for translation where it is declared; translate it where it is shown."""
    return message
