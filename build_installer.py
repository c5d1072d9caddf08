"""Build Involve for staff laptops: a one-folder app that needs no Python, then its package.

    python build_installer.py [--out DIR] [--work DIR] [--clean] [--skip-archive]
    python build_installer.py --update-lock

Run it on the system you build for (PyInstaller does not cross-build), in a Python that has
exactly the packages of ``installer/requirements.lock`` (``pip install --require-hashes -r
installer/requirements.lock``): Involve's dependencies and PyInstaller, each at the version
and with the file hashes the lock names. It refuses, before building anything, when this
Python's packages differ from the lock or the lock no longer fits ``pyproject.toml``.
``--update-lock`` makes the lock again from ``pyproject.toml`` with uv (one lock for Windows,
macOS and Linux). It makes, in ``--out`` (default ``dist/``):

- Linux: ``involve/`` and ``involve-VERSION-linux-ARCH.tar.gz`` (the folder, a .desktop file
  and the icon; unpack it in /opt);
- Windows: ``involve/`` (``Involve.exe`` for staff, ``involve-cli.exe`` for scripts),
  ``involve.iss`` and, when Inno Setup's ISCC is installed, ``involve-VERSION-setup.exe``;
- macOS: ``Involve.app`` and ``involve-VERSION-macos-ARCH.zip``.

docs/installer.md says how IT deploys each one. Exit status 0 when everything asked for was
made, 1 with a one-line reason otherwise.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import types
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "involve.spec"
ICON_SVG = ROOT / "resources" / "icons" / "involve.svg"
LINUX_PREFIX = "/opt/involve"
ISCC_PLACES = (r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe", r"C:\Program Files\Inno Setup 6\ISCC.exe")
# What the app is built from: every package, its version and its files' hashes, for every
# system at once. Made by --update-lock from pyproject.toml's dependencies and `build` extra.
LOCK = INSTALLER / "requirements.lock"
LOCK_EXTRA = "build"
LOCK_PYTHON = "3.11"  # the oldest Python Involve supports; newer ones' wheels are hashed too
UPDATE_LOCK = "python build_installer.py --update-lock"
INSTALL_LOCKED = "python -m pip install --require-hashes -r installer/requirements.lock"


class BuildError(Exception):
    """Something the person building can fix; the message says what, in one line or two."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_installer.py", description=(
        "Build Involve as an app staff laptops can install, for the system this runs on."))
    parser.add_argument("--out", type=Path, default=ROOT / "dist", metavar="DIR",
                        help="where the app and its package go (default: dist/)")
    parser.add_argument("--work", type=Path, default=None, metavar="DIR",
                        help="PyInstaller's working folder (default: build/installer/)")
    parser.add_argument("--clean", action="store_true",
                        help="start from nothing: empty the working folder and PyInstaller's cache first")
    parser.add_argument("--skip-archive", action="store_true",
                        help="build the app folder only, without the installer, tar.gz or zip")
    parser.add_argument("--update-lock", action="store_true",
                        help="make installer/requirements.lock again from pyproject.toml (with uv), "
                             "keeping the locked versions that still fit; build nothing")
    args = parser.parse_args(argv)
    try:
        if args.update_lock:
            return update_lock(LOCK)
        return build(args.out.resolve(), (args.work or ROOT / "build" / "installer").resolve(),
                     clean=args.clean, archive=not args.skip_archive)
    except BuildError as error:
        print(f"build_installer: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("build_installer: stopped.", file=sys.stderr)
        return 130


def build(out: Path, work: Path, *, clean: bool, archive: bool) -> int:
    system = target_system()
    check_tools(system)
    check_lock(LOCK)
    version = app_version()
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    if clean and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    print(f"Building Involve {version} for {system} ({machine()}) in {out}")

    icon = make_icon(work) if system in ("windows", "macos") else None
    run_pyinstaller(out, work, version=version, icon=icon, clean=clean)
    folder = out / "involve"
    print(f"  app folder: {folder} ({megabytes(folder_size(folder))})")
    check_version_runs(folder, system, version)
    if not archive:
        print(f"Done in {time.monotonic() - started:.0f} s.")
        return 0
    if system == "linux":
        made = linux_archive(out, folder, version)
    elif system == "windows":
        made = windows_installer(out, folder, version)
    else:
        made = macos_archive(out, version)
    print(f"  package: {made} ({megabytes(made.stat().st_size)})")
    print(f"Done in {time.monotonic() - started:.0f} s.")
    return 0


def target_system() -> str:
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    raise BuildError(f"Involve can be built on Windows, macOS or Linux; this system is {sys.platform!r}.")


def check_tools(system: str) -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        raise BuildError(f"PyInstaller is not installed in this Python ({sys.executable}). "
                         f"Install it with: {INSTALL_LOCKED}")
    if importlib.util.find_spec("PySide6") is None or importlib.util.find_spec("reportlab") is None:
        raise BuildError("Involve's own dependencies are not installed in this Python. "
                         f"Install them with: {INSTALL_LOCKED}")
    if system == "linux":
        missing = [tool for tool in ("ldd", "objdump", "strip") if shutil.which(tool) is None]
        if missing:
            raise BuildError(f"PyInstaller needs these programs on Linux, which this machine lacks: "
                             f"{', '.join(missing)}. Install them with: apt-get install binutils libc-bin")


# --- the lock ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Pin:
    """One package of the lock: ``name==version``, the systems it is for, its files' hashes."""

    name: str
    version: str
    marker: str | None
    hashes: tuple[str, ...]


def read_lock(lock: Path) -> list[Pin]:
    """The pins of a pip requirements file made with hashes (``uv pip compile --generate-hashes``)."""
    pins = []
    for line in lock.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        line = line.split("#", 1)[0].strip()  # comments ("# via ...") and the header
        if not line:
            continue
        words = line.split(" --hash=")
        requirement, _, marker = words[0].partition(";")
        name, pinned, version = requirement.strip().partition("==")
        if not pinned or not version.strip():
            raise BuildError(f"{_shown(lock)} holds {requirement.strip()!r}, which is not pinned with ==; "
                             f"make it again with: {UPDATE_LOCK}")
        pins.append(Pin(_canonical(name), version.strip(), marker.strip() or None,
                        tuple(h.strip() for h in words[1:])))
    return pins


def lock_differences(lock: Path) -> list[str]:
    """What stops a build from ``lock``: this Python's packages, or pyproject, disagreeing with it."""
    try:
        from packaging.markers import Marker
        from packaging.requirements import Requirement
        from packaging.version import Version
    except ImportError:  # PyInstaller needs packaging, so the lock has it
        return ["packaging is not installed"]
    pins = read_lock(lock)
    differences = [f"{pin.name} has no hash" for pin in pins if not pin.hashes]
    locked = {pin.name: pin.version for pin in pins}
    # The lock still fits pyproject.toml (someone may have added or raised a dependency).
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for text in [*project["dependencies"], *project["optional-dependencies"][LOCK_EXTRA]]:
        wanted = Requirement(text)
        name = _canonical(wanted.name)
        if name not in locked:
            differences.append(f"{wanted.name} is in pyproject.toml but not in the lock")
        elif not wanted.specifier.contains(locked[name], prereleases=True):
            differences.append(f"{wanted.name} {locked[name]} is locked but pyproject.toml asks for {wanted.specifier}")
    if differences:
        return [f"{difference}; make the lock again with: {UPDATE_LOCK}" for difference in differences]
    # This Python has what the lock names for this system, at the locked versions.
    for pin in pins:
        if pin.marker and not Marker(pin.marker).evaluate():
            continue
        try:
            installed = importlib.metadata.version(pin.name)
        except importlib.metadata.PackageNotFoundError:
            differences.append(f"{pin.name} is not installed ({pin.version} is locked)")
            continue
        if Version(installed) != Version(pin.version):
            differences.append(f"{pin.name} {installed} is installed, {pin.version} is locked")
    install = INSTALL_LOCKED.replace("installer/requirements.lock", _shown(lock))
    return [f"{difference}; install the locked packages with: {install}" for difference in differences]


def check_lock(lock: Path) -> None:
    """Refuse to build from anything but the lock, naming the first difference and the fix."""
    if not lock.is_file():
        raise BuildError(f"{_shown(lock)} is missing; make it with: {UPDATE_LOCK}")
    differences = lock_differences(lock)
    if differences:
        others = len(differences) - 1
        more = f" ({others} more {'difference' if others == 1 else 'differences'})" if others else ""
        first, fix = differences[0].split("; ", 1)
        raise BuildError(f"this build would not be made from {_shown(lock)}: {first}{more}; {fix}")
    print(f"  packages match {_shown(lock)}")


def update_lock(lock: Path) -> int:
    """Make the lock from pyproject.toml with uv: one file for Windows, macOS and Linux, with hashes.

    uv keeps the versions an existing lock has while they still fit pyproject.toml; delete
    the lock first to move every package to its newest release.
    """
    if importlib.util.find_spec("uv") is not None:
        uv = [sys.executable, "-m", "uv"]
    elif shutil.which("uv"):
        uv = [str(shutil.which("uv"))]
    else:
        raise BuildError("uv makes the lock, and it is not installed; install it with: python -m pip install uv")
    command = [*uv, "pip", "compile", "pyproject.toml", "--extra", LOCK_EXTRA, "--universal",
               "--python-version", LOCK_PYTHON, "--generate-hashes", "--quiet",
               "--output-file", _shown(lock), "--custom-compile-command", UPDATE_LOCK]
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        raise BuildError(f"uv could not make {_shown(lock)} (exit {result.returncode}); it says why above.")
    print(f"Wrote {_shown(lock)}: {len(read_lock(lock))} packages, {lock.stat().st_size / 1000:.0f} KB.")
    return 0


def _canonical(name: str) -> str:
    """A package's name as pip compares it (PEP 503): PySide6_Essentials is pyside6-essentials."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _shown(path: Path) -> str:
    """``path`` as the person building would type it: relative to the checkout when inside it."""
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def app_version() -> str:
    """The version the package metadata carries (pyproject reads it from app.__version__)."""
    return app_module("app").__version__


def app_module(name: str) -> types.ModuleType:
    """A module of this checkout's ``app`` (not of an installed copy), imported by name."""
    sys.path.insert(0, str(ROOT))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT))


def machine() -> str:
    arch = platform.machine().lower()
    return {"amd64": "x86_64", "aarch64": "arm64"}.get(arch, arch)


def make_icon(work: Path) -> Path | None:
    """A 256-pixel PNG of the app's icon, which PyInstaller turns into .ico or .icns (with Pillow)."""
    target = work / "involve.png"
    code = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication, QIcon\n"
        "app = QGuiApplication(['icon', '-platform', 'offscreen'])\n"
        "ok = QIcon(sys.argv[1]).pixmap(256, 256).save(sys.argv[2])\n"
        "sys.exit(0 if ok else 1)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(ICON_SVG), str(target)], capture_output=True,
                            text=True, timeout=120)
    if result.returncode != 0 or importlib.util.find_spec("PIL") is None:
        print("  note: the app icon could not be made, so the executables get PyInstaller's default icon")
        return None
    return target


def run_pyinstaller(out: Path, work: Path, *, version: str, icon: Path | None, clean: bool) -> None:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(out), "--workpath", str(work)]
    if clean:
        command.append("--clean")
    command += [str(SPEC), "--", "--version", version]
    if icon is not None:
        command += ["--icon", str(icon)]
    log = work / "pyinstaller.log"
    print(f"  running PyInstaller (a few minutes; its log: {log})")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("w", encoding="utf-8") as stream:
        result = subprocess.run(command, cwd=ROOT, stdout=stream, stderr=subprocess.STDOUT, env=env)
    if result.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
        print("\n".join(tail), file=sys.stderr)
        raise BuildError(f"PyInstaller failed (exit {result.returncode}); the whole log is in {log}")


def executable(folder: Path, system: str) -> Path:
    """The console executable: the one scripts and the self-test use."""
    if system == "windows":
        return folder / "involve-cli.exe"
    if system == "macos":
        return folder / "involve-cli"
    return folder / "involve"


def check_version_runs(folder: Path, system: str, version: str) -> None:
    program = executable(folder, system)
    try:
        result = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=120)
    except OSError as error:
        raise BuildError(f"the built program {program} could not be started: {error}") from None
    if result.returncode != 0 or version not in result.stdout:
        raise BuildError(f"the built program does not run: {program} --version said "
                         f"{(result.stdout + result.stderr).strip()[-300:]!r}")
    print(f"  checked: {program.name} --version prints {result.stdout.strip()!r}")


def linux_archive(out: Path, folder: Path, version: str) -> Path:
    """A tar.gz of ``involve/`` with the .desktop file and icon inside it, to unpack in /opt."""
    desktop = (INSTALLER / "involve.desktop.in").read_text(encoding="utf-8").replace("@PREFIX@", LINUX_PREFIX)
    (folder / "involve.desktop").write_text(desktop, encoding="utf-8")
    shutil.copy2(ICON_SVG, folder / "involve.svg")
    target = out / f"involve-{version}-linux-{machine()}.tar.gz"

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mode = 0o755 if info.isdir() or info.mode & 0o111 else 0o644
        return info

    print("  packing the tar.gz")
    with app_module("app.store.atomic_file").replacing(target, suffix=".part") as partial:  # whole or not at all
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(folder, arcname="involve", filter=owned_by_root)
    return target


def windows_installer(out: Path, folder: Path, version: str) -> Path:
    """``involve.iss`` for Inno Setup, compiled with ISCC when it is installed."""
    name = f"involve-{version}-setup"
    script = (INSTALLER / "involve.iss.in").read_text(encoding="utf-8")
    for key, value in {"@VERSION@": version, "@OUTPUT_DIR@": str(out), "@OUTPUT_NAME@": name,
                       "@APP_DIR@": str(folder)}.items():
        script = script.replace(key, value)
    iss = out / "involve.iss"
    iss.write_text(script, encoding="utf-8-sig")  # Inno Setup reads UTF-8 with a byte-order mark
    iscc = shutil.which("ISCC") or shutil.which("iscc") or next((p for p in ISCC_PLACES if Path(p).is_file()), None)
    if iscc is None:
        raise BuildError(f"the app folder and {iss} are ready, but Inno Setup's compiler (ISCC.exe) was not "
                         "found, so no setup.exe was made. Install Inno Setup 6, then run: "
                         f'ISCC "{iss}" (or run this again).')
    print(f"  compiling {iss.name} with {iscc}")
    result = subprocess.run([iscc, "/Q", str(iss)], capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"Inno Setup could not compile {iss}: {(result.stdout + result.stderr).strip()[-400:]}")
    return out / f"{name}.exe"


def macos_archive(out: Path, version: str) -> Path:
    """``Involve.app`` zipped with ditto, which keeps the bundle's links and attributes."""
    bundle = out / "Involve.app"
    if not bundle.is_dir():
        raise BuildError(f"PyInstaller did not make {bundle}.")
    ditto = shutil.which("ditto")
    if ditto is None:
        raise BuildError("macOS's ditto was not found, so Involve.app could not be zipped.")
    target = out / f"involve-{version}-macos-{machine()}.zip"
    subprocess.run([ditto, "-c", "-k", "--keepParent", str(bundle), str(target)], check=True)
    return target


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


if __name__ == "__main__":
    sys.exit(main())
