"""Where the organisation's population profile lives, and installing a new one.

The profile is the organisation's own CSV (see docs/population-profile.md), kept as given in
the data folder as ``population.csv``, so staff can open it and see exactly what the report
compares against. A new file is checked in full before it replaces the old one, and written
to a temporary file and renamed, so a bad or half-copied file never takes the old one's place.
"""

from __future__ import annotations

from pathlib import Path

from app.core.i18n import _
from app.core.population import PopulationError, Profile, parse_profile
from app.resources_dir import resources_dir
from app.store.atomic_file import write_bytes_atomically
from app.store.paths import DataPaths

PROFILE_FILE = "population.csv"
MAX_BYTES = 1_000_000   # a profile is about 40 rows; anything this big is the wrong file


def profile_path(paths: DataPaths) -> Path:
    return paths.root / PROFILE_FILE


def template_path() -> Path:
    """The blank template shipped with Involve: every category, no figures."""
    return resources_dir() / "population" / "population-template.csv"


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise PopulationError(_("{file} is too big to be a population profile").format(file=path))
        return path.read_bytes()
    except IsADirectoryError:
        raise PopulationError(_("{file} is a folder, not a CSV file").format(file=path)) from None
    except FileNotFoundError:
        raise PopulationError(_("{file} does not exist").format(file=path)) from None
    except OSError as error:
        raise PopulationError(_("{file} could not be read: {reason}").format(
            file=path, reason=error.strerror or error)) from None


def load_profile(paths: DataPaths) -> Profile | None:
    """The installed profile, or None when there is none yet; PopulationError if it went bad."""
    path = profile_path(paths)
    if not path.exists():
        return None
    try:
        return parse_profile(_read(path))
    except PopulationError as error:
        raise PopulationError(_("the population profile {file}: {reason}").format(file=path, reason=error)) from None


def install_profile(source: Path, paths: DataPaths) -> Profile:
    """Check ``source`` and put it in place of any profile; nothing changes if it is refused."""
    data = _read(source)
    profile = parse_profile(data)
    paths.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = profile_path(paths)
    write_bytes_atomically(target, data, prefix=".population-")
    return profile
