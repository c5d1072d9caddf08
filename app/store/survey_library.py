"""The surveys this laptop can use: those shipped with Involve, and the organisation's own.

An organisation's file in the data folder's ``surveys/`` replaces the shipped survey with the
same id (for example its own list of topics), unless a later release ships a higher version.
A malformed file is refused with its name and the problem; it never half-loads. Every version
seen is kept in ``surveys/versions/``, so old answers are always read by their own version.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core import fft
from app.core.i18n import _
from app.core.survey_versions import SurveyVersions, check_succession
from app.core.surveys import Survey, SurveyError, parse_survey
from app.resources_dir import resources_dir
from app.store.atomic_file import replacing

BUILT_IN_ORDER = ("fft", "topics", "equality")
ARCHIVE = "versions"  # inside the organisation's folder: every version seen, {id}.v{version}.json


def built_in_folder() -> Path:
    return resources_dir() / "surveys"


def read_survey_file(path: Path) -> Survey:
    return _read_file(path)[0]


def _read_file(path: Path) -> tuple[Survey, str]:
    """The survey in ``path`` and the text it was read from."""
    try:
        # utf-8-sig: Windows editors often start UTF-8 files with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SurveyError(f"{path.name}: there is no such file") from None
    except UnicodeDecodeError:
        raise SurveyError(f"{path.name}: not a UTF-8 text file") from None
    except OSError as error:
        raise SurveyError(f"{path.name}: cannot be read ({error.strerror})") from None
    return read_survey_text(text, path.name), text


def read_survey_text(text: str, source: str) -> Survey:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SurveyError(f"{source}: not valid JSON (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise SurveyError(f"{source}: nested far too deeply to be a survey") from None
    except ValueError:  # a number of thousands of digits, which Python declines to read
        raise SurveyError(f"{source}: holds a number far too long to be part of a survey") from None
    try:
        survey = parse_survey(data, source=source)
    except RecursionError:
        raise SurveyError(f"{source}: nested far too deeply to be a survey") from None
    check_fft_kept(survey, source)
    return survey


def check_fft_kept(survey: Survey, source: str) -> None:
    """An organisation may reword around the FFT, never lose its question or its six answers."""
    if survey.id != fft.SURVEY_ID:
        return
    try:
        rating = survey.question(fft.RATING_QUESTION)
    except KeyError:
        raise SurveyError(f"{source}: the FFT must keep its question '{fft.RATING_QUESTION}'") from None
    if tuple(o.value for o in rating.options) != fft.ANSWERS or not rating.required:
        raise SurveyError(f"{source}: the FFT question must be required, with the six NHS England answers "
                          f"({', '.join(fft.ANSWERS)})")


@dataclass
class SurveyLibrary:
    surveys: SurveyVersions  # the newest of each survey by id, knowing every version seen
    problems: list[str]  # organisation files that were refused, each "file: what is wrong"


def load_library(organisation_folder: Path | None = None) -> SurveyLibrary:
    """Every usable survey by id: the highest version of the shipped and the organisation's files.

    At the same version the organisation's file is used (its own list of topics, say). A
    shipped file that fails is a broken installation and raises; an organisation's file that
    fails is left out and named in ``problems``, so one bad file never stops the kiosk.

    Every version seen is kept in the folder's archive (``versions/``), so answers given with
    it are read by it after a newer one replaces it.
    """
    shipped = [_read_file(built_in_folder() / f"{name}.json") for name in BUILT_IN_ORDER]
    if organisation_folder is None:
        return SurveyLibrary(SurveyVersions({s.id: s for s, _t in shipped}), [])
    problems: list[str] = []
    archive = _read_archive(organisation_folder / ARCHIVE, problems)
    own: list[tuple[Survey, str]] = []
    if organisation_folder.is_dir():
        for path in sorted(organisation_folder.glob("*.json")):
            try:
                survey, text = _read_file(path)
                kept = archive.get((survey.id, survey.version))
                if kept is not None:  # dropped in by hand over a version already used?
                    check_succession(survey, [kept], path.name)
            except SurveyError as error:
                problems.append(str(error))
                continue
            own.append((survey, text))
    current: dict[str, tuple[Survey, str]] = {}
    for survey, text in shipped + own:  # the organisation's after the shipped: it wins a tie
        if survey.id not in current or survey.version >= current[survey.id][0].version:
            current[survey.id] = (survey, text)
    # Never the first thing written: a command refused on a fresh machine leaves no data folder.
    keeping = organisation_folder.parent.is_dir()
    for survey, text in [*current.values(), *shipped, *own]:
        if keeping and (survey.id, survey.version) not in archive:
            try:
                _archive(organisation_folder, survey, text)
            except OSError as error:
                problems.append(_("A copy of version {version} of survey {id} could not be kept: {reason}").format(
                    version=survey.version, id=survey.id, reason=error.strerror or error))
                continue
            archive[(survey.id, survey.version)] = survey
    return SurveyLibrary(SurveyVersions({sid: s for sid, (s, _t) in current.items()}, archive.values()), problems)


def save_survey_text(text: str, organisation_folder: Path, *, expected_id: str) -> Survey | None:
    """Check a definition received as text (from the central database) and use it.

    None when that version is already in use as it is; ``SurveyError`` when it reuses a
    version with other content or is older than the newest known.
    """
    survey = read_survey_text(text, expected_id)
    if survey.id != expected_id:
        raise SurveyError(f"{expected_id}: the definition inside is for survey '{survey.id}'")
    if not _take_up(survey, organisation_folder, expected_id):
        return None
    _put_in_place(organisation_folder, survey.id, lambda partial: partial.write_text(text, encoding="utf-8"))
    load_library(organisation_folder)  # keeps the new version in the archive
    return survey


def install_survey(source: Path, organisation_folder: Path) -> Survey:
    """Check ``source`` and copy it in as the organisation's version of its survey.

    The newest version already in use, given again, changes nothing; ``SurveyError`` when it
    reuses a version with other content or is older than the newest known.
    """
    survey = read_survey_file(source)
    if _take_up(survey, organisation_folder, source.name):
        _put_in_place(organisation_folder, survey.id, lambda partial: shutil.copyfile(source, partial))
        load_library(organisation_folder)  # keeps the new version in the archive
    return survey


def _take_up(survey: Survey, organisation_folder: Path, source: str) -> bool:
    """Whether ``survey`` is a new version to put in place.

    Loading the library keeps every version in use in the archive; it is loaded again once the
    new one is in place, so the archive never holds a version that was not taken up.
    """
    known = load_library(organisation_folder).surveys
    return check_succession(survey, known.versions.values(), source)


def _archive(organisation_folder: Path, survey: Survey, text: str) -> None:
    """Keep a copy of one version for good; written whole or not at all."""
    folder = organisation_folder / ARCHIVE
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with replacing(folder / f"{survey.id}.v{survey.version}.json", prefix=f".{survey.id}-",
                   suffix=".partial") as partial:
        partial.write_text(text, encoding="utf-8")


def _read_archive(folder: Path, problems: list[str]) -> dict[tuple[str, int], Survey]:
    """Every version kept, by (survey id, version); a damaged copy is named in ``problems``."""
    kept: dict[tuple[str, int], Survey] = {}
    if not folder.is_dir():
        return kept
    for path in sorted(folder.glob("*.json")):
        try:
            survey = read_survey_file(path)
        except SurveyError as error:
            problems.append(str(error))
            continue
        kept[(survey.id, survey.version)] = survey
    return kept


def _put_in_place(organisation_folder: Path, survey_id: str, write: Callable[[Path], object]) -> None:
    """Write beside the survey's file, then swap it in: a reader never sees half a file."""
    organisation_folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = organisation_folder / f"{survey_id}.json"
    # Not named *.json while it is written: the library reads every *.json in the folder.
    with replacing(target, prefix=f".{survey_id}-", suffix=".partial") as partial:
        write(partial)
