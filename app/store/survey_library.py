"""The surveys this laptop can use: those shipped with Involve, and the organisation's own.

An organisation's file in the data folder's ``surveys/`` replaces the shipped survey with the
same id (for example its own list of topics). A malformed file is refused with its name and
the problem; it never half-loads.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core import fft
from app.core.surveys import Survey, SurveyError, parse_survey
from app.resources_dir import resources_dir
from app.store.atomic_file import replacing

BUILT_IN_ORDER = ("fft", "topics", "equality")


def built_in_folder() -> Path:
    return resources_dir() / "surveys"


def read_survey_file(path: Path) -> Survey:
    try:
        # utf-8-sig: Windows editors often start UTF-8 files with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SurveyError(f"{path.name}: there is no such file") from None
    except UnicodeDecodeError:
        raise SurveyError(f"{path.name}: not a UTF-8 text file") from None
    except OSError as error:
        raise SurveyError(f"{path.name}: cannot be read ({error.strerror})") from None
    return read_survey_text(text, path.name)


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
    surveys: dict[str, Survey]
    problems: list[str]  # organisation files that were refused, each "file: what is wrong"


def load_library(organisation_folder: Path | None = None) -> SurveyLibrary:
    """Every usable survey by id, shipped ones first, the organisation's replacing them.

    A shipped file that fails is a broken installation and raises; an organisation's file
    that fails is left out and named in ``problems``, so one bad file never stops the kiosk.
    """
    surveys: dict[str, Survey] = {}
    problems: list[str] = []
    for name in BUILT_IN_ORDER:
        survey = read_survey_file(built_in_folder() / f"{name}.json")
        surveys[survey.id] = survey
    if organisation_folder is not None and organisation_folder.is_dir():
        for path in sorted(organisation_folder.glob("*.json")):
            try:
                survey = read_survey_file(path)
            except SurveyError as error:
                problems.append(str(error))
                continue
            surveys[survey.id] = survey
    return SurveyLibrary(surveys, problems)


def save_survey_text(text: str, organisation_folder: Path, *, expected_id: str) -> Survey:
    """Check a definition received as text (from the central database) and use it."""
    survey = read_survey_text(text, expected_id)
    if survey.id != expected_id:
        raise SurveyError(f"{expected_id}: the definition inside is for survey '{survey.id}'")
    _put_in_place(organisation_folder, survey.id, lambda partial: partial.write_text(text, encoding="utf-8"))
    return survey


def install_survey(source: Path, organisation_folder: Path) -> Survey:
    """Check ``source`` and copy it in as the organisation's version of its survey."""
    survey = read_survey_file(source)
    _put_in_place(organisation_folder, survey.id, lambda partial: shutil.copyfile(source, partial))
    return survey


def _put_in_place(organisation_folder: Path, survey_id: str, write: Callable[[Path], object]) -> None:
    """Write beside the survey's file, then swap it in: a reader never sees half a file."""
    organisation_folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = organisation_folder / f"{survey_id}.json"
    # Not named *.json while it is written: the library reads every *.json in the folder.
    with replacing(target, prefix=f".{survey_id}-", suffix=".partial") as partial:
        write(partial)
