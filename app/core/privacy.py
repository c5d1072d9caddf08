"""The privacy notice people agree to when they sign up: its versioned text, filled in.

The text lives in ``resources/privacy`` so it can be reviewed and reissued without code
changes; every consent record names the notice and version the person saw. The
organisation's name and how to reach it come from the settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.i18n import _


class NoticeError(ValueError):
    """A notice file that cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class PrivacyNotice:
    id: str
    version: int
    languages: tuple[str, ...]
    title: Mapping[str, str]
    summary: Mapping[str, str]
    sections: tuple[tuple[Mapping[str, str], Mapping[str, str]], ...]  # (heading, body)

    def text(self, texts: Mapping[str, str], language: str, *, organisation: str, contact: str) -> str:
        chosen = texts.get(language) or texts["en"]
        return chosen.replace("{organisation}", organisation).replace("{contact}", contact)

    def rendered(self, language: str, *, organisation: str, contact: str) -> RenderedNotice:
        fill = {"organisation": organisation, "contact": contact}
        return RenderedNotice(
            id=self.id, version=self.version,
            title=self.text(self.title, language, **fill),
            summary=self.text(self.summary, language, **fill),
            sections=tuple((self.text(h, language, **fill), self.text(b, language, **fill))
                           for h, b in self.sections),
        )


@dataclass(frozen=True)
class RenderedNotice:
    """A notice in one language with the organisation's details in place."""

    id: str
    version: int
    title: str
    summary: str
    sections: tuple[tuple[str, str], ...]

    @property
    def full_text(self) -> str:
        return "\n\n".join([self.title, self.summary, *(f"{h}\n{b}" for h, b in self.sections)])


def parse_notice(data: Any) -> PrivacyNotice:
    """A notice from its decoded JSON; every text must be given in English at least."""
    if not isinstance(data, Mapping):
        raise NoticeError(_("the notice must be a JSON object"))
    notice_id = data.get("id")
    version = data.get("version")
    languages = data.get("languages", ["en"])
    if not isinstance(notice_id, str) or not notice_id:
        raise NoticeError(_("the notice needs an 'id'"))
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NoticeError(_("the notice needs a whole-number 'version' of 1 or more"))
    if not isinstance(languages, list) or "en" not in languages:
        raise NoticeError(_("the notice's 'languages' must include en"))

    def texts(value: Any, where: str) -> Mapping[str, str]:
        if not isinstance(value, Mapping) or not all(isinstance(value.get(lang), str) and value.get(lang)
                                                     for lang in languages):
            raise NoticeError(_("'{where}' needs text in {languages}").format(
                where=where, languages=", ".join(languages)))
        return dict(value)

    sections_raw = data.get("sections")
    if not isinstance(sections_raw, list) or not sections_raw:
        raise NoticeError(_("the notice needs 'sections'"))
    sections = []
    for n, section in enumerate(sections_raw, start=1):
        if not isinstance(section, Mapping):
            raise NoticeError(_("section {n} must be an object").format(n=n))
        sections.append((texts(section.get("heading"), f"sections[{n}].heading"),
                         texts(section.get("body"), f"sections[{n}].body")))
    return PrivacyNotice(notice_id, version, tuple(languages), texts(data.get("title"), "title"),
                         texts(data.get("summary"), "summary"), tuple(sections))
