"""Every version of each survey, so an answer is always read by the definition it was given with.

A response keeps the versions it was answered with (``{"topics": 1}``). When version 2 of a
survey renames, drops or adds options, the answers given with version 1 still print with
version 1's words. :class:`SurveyVersions` is the newest version of each survey by id (a plain
mapping, as before) that also knows every older version the laptop has seen.

Versions only go up: the same id and version with other content, or an older version than
the newest known, is refused (:func:`check_succession`), on a laptop and at the centre alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from app.core.i18n import _
from app.core.surveys import DEFAULT_LANGUAGE, Survey, SurveyError, pick


class SurveyVersions(dict[str, Survey]):
    """The newest version of each survey by id, knowing every other version seen too.

    A dict, so code that wants only the newest reads it as before; ``dict(...)`` of it keeps
    only the newest, so pass it on as it is.
    """

    def __init__(self, current: Mapping[str, Survey] | None = None, others: Iterable[Survey] = ()) -> None:
        super().__init__(current or {})
        self.versions: dict[tuple[str, int], Survey] = {(s.id, s.version): s for s in others}
        self.versions.update({(s.id, s.version): s for s in self.values()})

    def add_versions(self, surveys: Iterable[Survey]) -> None:
        """Learn more versions (from the centre, say); a version already known is kept as it is."""
        for survey in surveys:
            self.versions.setdefault((survey.id, survey.version), survey)

    def all_of(self, survey_id: str) -> list[Survey]:
        """Every known version of one survey, newest first."""
        found = [s for (sid, _v), s in self.versions.items() if sid == survey_id]
        return sorted(found, key=lambda s: -s.version)


def survey_version(surveys: Mapping[str, Survey], survey_id: str, version: int | None) -> Survey | None:
    """The definition of ``survey_id`` at ``version``, the one an answer was given with.

    The newest known version stands in when that one is unknown (a damaged row, or a
    version this laptop never saw): its words are better than a raw code.
    """
    if version is not None and isinstance(surveys, SurveyVersions):
        found = surveys.versions.get((survey_id, version))
        if found is not None:
            return found
    return surveys.get(survey_id)


def all_versions(surveys: Mapping[str, Survey], survey_id: str) -> list[Survey]:
    """Every known version of ``survey_id``, newest first (just the current one for a plain mapping)."""
    if isinstance(surveys, SurveyVersions):
        return surveys.all_of(survey_id)
    current = surveys.get(survey_id)
    return [current] if current is not None else []


def versions_of(text: str | None) -> dict[str, int]:
    """A response's stored ``survey_versions`` JSON as survey id -> version; damage gives ``{}``."""
    try:
        value: Any = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool)}


def versions_reader() -> Callable[[str | None], dict[str, int]]:
    """:func:`versions_of` for many rows: an event's responses share a few mixes of versions,
    so each mix is read once (the dicts are shared, so never change one)."""
    read: dict[str | None, dict[str, int]] = {}

    def reader(text: str | None) -> dict[str, int]:
        found = read.get(text)
        if found is None:
            found = read[text] = versions_of(text)
        return found

    return reader


def option_labels(definitions: Iterable[Survey], question_id: str,
                  language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """A question's answers, value -> words, across ``definitions`` (newest first).

    The newest definition's options come first in its order, then those only older ones had;
    a value's words are the newest definition's that has it.
    """
    labels: dict[str, str] = {}
    for survey in definitions:
        try:
            question = survey.question(question_id)
        except KeyError:
            continue
        for option in question.choices():
            labels.setdefault(option.value, pick(option.text, language))
    return labels


def check_succession(survey: Survey, known: Iterable[Survey], source: str) -> bool:
    """True when ``survey`` is a new, higher version; False when it is the newest already known.

    ``SurveyError`` (one line naming ``source``) when it reuses a known version with other
    content, or is older than the newest known. Content is compared as parsed, so spacing and
    the order of keys in the file do not matter.
    """
    same_id = [s for s in known if s.id == survey.id]
    newest = max((s.version for s in same_id), default=0)
    for other in same_id:
        if other.version == survey.version and other != survey:
            raise SurveyError(_("{source}: version {version} of survey {id} is already in use with other "
                                "content; give the changed survey a higher version").format(
                source=source, version=survey.version, id=survey.id))
    if survey.version < newest:
        raise SurveyError(_("{source}: version {version} of survey {id} is older than version {newest}, "
                            "already in use; a survey's version only goes up").format(
            source=source, version=survey.version, id=survey.id, newest=newest))
    return survey.version > newest
