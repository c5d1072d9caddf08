"""build_installer.py: build the app on this machine, then run it as a staff laptop would.

The built program runs with no Python environment in reach: PATH holds only the system's
folders, and there is no PYTHONPATH or VIRTUAL_ENV. Building takes a minute or two; it is
done once for the tests below.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import build_installer
from app import __version__
from app.store import migrate

ROOT = Path(__file__).resolve().parents[1]
# The build alone may take up to its own 1,500 s limit on a slow machine, and the first test
# to use the built app waits for it; the default per-test limit is far shorter.
pytestmark = pytest.mark.timeout(1_800)
# bytes: the most a download to a staff laptop should be. It was 90 MB until the fonts for
# other scripts and HarfBuzz (what prints Arabic, Hebrew, Chinese and emoji) added 5.4 MB.
ARCHIVE_LIMIT = 96_000_000
# Parts of Qt (and of the libraries) that Involve never uses and must not ship.
NOT_SHIPPED = ("libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6WebEngine", "libQt6VirtualKeyboard",
               "QtQml.abi3", "QtQuick", "QtWebEngine", "phonenumbers/geodata", "/translations/qt",
               "plugins/platforms/libqeglfs", "plugins/platforms/libqvnc", "pygments", "pytest")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("installer")
    result = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--out", str(out / "dist"), "--work", str(out / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout + result.stderr
    print(result.stdout)  # shown with -s: the sizes and the build time
    return out / "dist"


def _newest_migrations() -> list[tuple[str, Path]]:
    """The newest migration script of the store and of the central database, as the checkout has them."""
    from sync.central import CENTRAL_HEAD

    found = []
    for folder, head in (("app/store/migrations/versions", migrate.HEAD_REVISION),
                         ("sync/migrations/versions", CENTRAL_HEAD)):
        scripts = sorted((ROOT / folder).glob(f"{head}_*.py"))
        assert len(scripts) == 1, (folder, head, scripts)
        found.append((folder, scripts[0]))
    return found


def _bare_environment(home: Path) -> dict[str, str]:
    """No Python of ours anywhere: only the system's programs, a fresh home and no display."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}


def _run_built(built: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    program = build_installer.executable(built / "involve", build_installer.target_system())
    env = _bare_environment(tmp_path / "home")
    assert not any(key in env for key in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"))
    return subprocess.run([str(program), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_built_app_prints_its_version_without_python(built: Path, tmp_path: Path) -> None:
    result = _run_built(built, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Involve {__version__}"


def test_built_app_passes_its_self_test_without_python(built: Path, tmp_path: Path) -> None:
    result = _run_built(built, tmp_path, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"ok      Encrypted store opened and migrated to {migrate.HEAD_REVISION}" in lines
    for said in ("Shipped files found", "Store migration scripts found", "Central database migration scripts found",
                 "Central database drivers load: PostgreSQL (psycopg, binary libpq)",
                 "Sign-up sheet PDF written and read back", "Barcode and QR code modules load",
                 "Phone numbers, email addresses and spreadsheets work", "Password store modules load",
                 "Kiosk drawn on the offscreen screen",
                 # A process of the app's own, started from the built program (its freeze_support).
                 "Report made in a process of its own"):
        assert any(line.startswith("ok      " + said) for line in lines), (said, result.stdout)
    assert lines[-1] == "All 11 checks passed."
    # It worked in a throwaway folder: nothing was made in the home folder's data.
    assert not (tmp_path / "home" / ".local" / "share" / "Involve").exists()


def test_built_app_does_real_work_from_its_command_line(built: Path, tmp_path: Path) -> None:
    """A sign-up sheet and an export through the built program: its lazily loaded parts are there."""
    data = tmp_path / "data"
    # An Arabic venue: the sheet joins its letters only if the bundle carries HarfBuzz.
    added = _run_built_with_key(built, tmp_path, "--data-dir", str(data), "event", "add", "--name", "Spring fair",
                                "--kind", "community-event", "--date", "2026-04-21", "--venue", "مركز صحي")
    assert added.returncode == 0, added.stderr
    event = added.stdout.strip()
    for key, value in (("organisation_name", "Northshire Health Voices"), ("privacy_contact", "0300 123 4567")):
        assert _run_built_with_key(built, tmp_path, "--data-dir", str(data), "settings", "set", key,
                                   value).returncode == 0
    sheets = _run_built_with_key(built, tmp_path, "--data-dir", str(data), "sheets", event[:8], "--kind", "signup",
                                 "--out", str(tmp_path / "sheets.pdf"), "--copies", "3")
    assert sheets.returncode == 0, sheets.stderr
    export = _run_built_with_key(built, tmp_path, "--data-dir", str(data), "export", event[:8], "--format", "xlsx",
                                 "--out", str(tmp_path / "event.xlsx"))
    assert export.returncode == 0, export.stderr
    import openpyxl
    import pypdf

    assert len(pypdf.PdfReader(tmp_path / "sheets.pdf").pages) == 3
    sheet_text = pypdf.PdfReader(tmp_path / "sheets.pdf").pages[0].extract_text()
    assert "Spring fair" in sheet_text
    assert "\ufee3" in sheet_text  # meem in its joined, word-initial form
    assert openpyxl.load_workbook(tmp_path / "event.xlsx").sheetnames[:2] == ["Responses", "Sign-ups"]


def _run_built_with_key(built: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    program = build_installer.executable(built / "involve", build_installer.target_system())
    env = _bare_environment(tmp_path / "home") | {"INVOLVE_STORE_KEY": "installer-test-key"}
    return subprocess.run([str(program), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_linux_archive_holds_the_app_desktop_file_and_icon(built: Path) -> None:
    archives = sorted(built.glob(f"involve-{__version__}-linux-*.tar.gz"))
    assert len(archives) == 1, sorted(p.name for p in built.iterdir())
    assert archives[0].stat().st_size <= ARCHIVE_LIMIT, f"{archives[0].stat().st_size / 1e6:.1f} MB"
    with tarfile.open(archives[0]) as tar:
        members = {member.name: member for member in tar.getmembers()}
        desktop = tar.extractfile("involve/involve.desktop").read().decode("utf-8")
    assert members["involve/involve"].mode & 0o111 and members["involve/involve"].uid == 0
    assert "involve/involve.svg" in members
    assert "Exec=/opt/involve/involve\n" in desktop and "Icon=/opt/involve/involve.svg\n" in desktop
    assert "Name=Involve\n" in desktop and "Type=Application\n" in desktop
    for needed in ("app/resources/fonts/DejaVuSans.ttf", "app/resources/surveys/fft.json",
                   "app/resources/translations/pl/LC_MESSAGES/involve.mo",
                   "app/resources/guide/index.html", "app/resources/guide/images/kiosk-welcome.png",
                   "app/resources/licences/third-party-notices.html", "app/resources/licences/LGPL-3.0.txt",
                   *(f"{folder}/{script.name}" for folder, script in _newest_migrations()),
                   "app/store/migrations/env.py", "sync/migrations/env.py",
                   "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/platforms/libqxcb.so"):
        assert f"involve/_internal/{needed}" in members, needed
    unwanted = sorted(name for name in members if any(part in name for part in NOT_SHIPPED))
    assert not unwanted, unwanted[:10]


def test_missing_tools_are_named_plainly(monkeypatch, capsys, tmp_path: Path) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "PyInstaller" else real_find_spec(name, *a))
    assert build_installer.main(["--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")]) == 1
    said = capsys.readouterr().err
    assert said.startswith("build_installer: PyInstaller is not installed in this Python")
    assert "pip install --require-hashes -r installer/requirements.lock" in said

    monkeypatch.setattr(importlib.util, "find_spec", real_find_spec)
    monkeypatch.setattr(build_installer.shutil, "which", lambda name: None)
    if build_installer.target_system() == "linux":
        assert build_installer.main(["--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")]) == 1
        said = capsys.readouterr().err
        assert "objdump" in said and "apt-get install binutils" in said
    assert not (tmp_path / "out").exists()  # nothing was started


def test_windows_installer_script_is_written_and_a_missing_iscc_is_named(monkeypatch, tmp_path: Path) -> None:
    """The Inno Setup script is made from the version everywhere; ISCC only exists on Windows."""
    folder = tmp_path / "involve"
    folder.mkdir()
    monkeypatch.setattr(build_installer.shutil, "which", lambda name: None)
    monkeypatch.setattr(build_installer, "ISCC_PLACES", ())
    with pytest.raises(build_installer.BuildError, match=r"Inno Setup's compiler \(ISCC.exe\) was not found"):
        build_installer.windows_installer(tmp_path, folder, "9.8.7")
    script = (tmp_path / "involve.iss").read_text(encoding="utf-8-sig")
    assert '#define AppVersion "9.8.7"' in script
    assert "OutputBaseFilename=involve-9.8.7-setup" in script
    assert f'Source: "{folder}\\*"' in script
    assert "PrivilegesRequired=admin" in script and "@" not in script  # every placeholder filled



# --- the lock the app is built from -------------------------------------------------------

def test_lock_pins_every_dependency_with_hashes_for_every_system() -> None:
    """One lock for Windows, macOS and Linux: every package pinned and hashed, fitting pyproject."""
    pins = build_installer.read_lock(build_installer.LOCK)
    assert all(pin.hashes for pin in pins)
    by_name = {pin.name: pin for pin in pins}
    assert len(by_name) == len(pins)
    assert by_name["pyinstaller"].version.split(".")[0] == "6"
    assert by_name["pyside6-essentials"].version != "6.12.0"  # crashes Python 3.11 (pyproject says why)
    assert "phonenumberslite" in by_name and "phonenumbers" not in by_name
    # What only one system needs is there, marked for it.
    assert by_name["pywin32-ctypes"].marker == "sys_platform == 'win32'"
    assert by_name["macholib"].marker == "sys_platform == 'darwin'"
    # Checked against pyproject.toml and this Python: the build below is made from it.
    assert build_installer.lock_differences(build_installer.LOCK) == []


def test_a_lock_this_python_does_not_match_is_refused_in_one_line(monkeypatch, capsys, tmp_path: Path) -> None:
    real = build_installer.LOCK.read_text(encoding="utf-8")
    lock = tmp_path / "requirements.lock"
    lock.write_text(real.replace("\nreportlab==", "\nreportlab==0.1 \\\n    --hash=sha256:00\nold-reportlab==", 1),
                    encoding="utf-8")
    monkeypatch.setattr(build_installer, "LOCK", lock)
    assert build_installer.main(["--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")]) == 1
    said = capsys.readouterr().err
    assert said.count("\n") == 1, said
    assert "reportlab 0.1 is locked but pyproject.toml asks for >=4.0" in said
    assert "make the lock again with: python build_installer.py --update-lock" in said
    assert not (tmp_path / "out").exists()  # nothing was started

    # A lock that fits pyproject but names versions this Python does not have.
    lock.write_text(real.replace("\nalembic==1.", "\nalembic==1999.", 1) + "not-installed-here==1.0 \\\n"
                    "    --hash=sha256:00\n", encoding="utf-8")
    with pytest.raises(build_installer.BuildError) as refused:
        build_installer.check_lock(lock)
    message = str(refused.value)
    assert "alembic " in message and ", 1999." in message and "is locked" in message
    assert "(1 more difference)" in message
    assert message.endswith(f"install the locked packages with: python -m pip install --require-hashes -r {lock}")

    lock.unlink()
    with pytest.raises(build_installer.BuildError, match="is missing; make it with: python build_installer.py"):
        build_installer.check_lock(lock)


def test_update_lock_names_uv_when_it_is_missing(monkeypatch, capsys) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "uv" else real_find_spec(name, *a))
    monkeypatch.setattr(build_installer.shutil, "which", lambda name: None)
    before = build_installer.LOCK.read_bytes()
    assert build_installer.main(["--update-lock"]) == 1
    assert capsys.readouterr().err == ("build_installer: uv makes the lock, and it is not installed; install it "
                                       "with: python -m pip install uv\n")
    assert build_installer.LOCK.read_bytes() == before


def test_an_unpinned_line_in_the_lock_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text("alembic>=1.13 \\\n    --hash=sha256:00\n", encoding="utf-8")
    with pytest.raises(build_installer.BuildError, match="'alembic>=1.13', which is not pinned with =="):
        build_installer.read_lock(lock)
