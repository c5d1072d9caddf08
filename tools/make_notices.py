"""Write the licences and third-party notices that Help ▸ About Involve shows.

    python tools/make_notices.py

Run it in an environment installed from ``installer/requirements.lock`` (as the README's test
set-up does) after the lock changes: it lists every package in the lock with the version and
licence its installed metadata gives, and the parts bundled inside them (Qt, SQLCipher, SQLite,
OpenSSL) with their own versions. It writes ``resources/licences/third-party-notices.html``.
"""

from __future__ import annotations

import html
import importlib.metadata
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOCK = ROOT / "installer" / "requirements.lock"
OUT = ROOT / "resources" / "licences" / "third-party-notices.html"

# Packages the lock holds for another system only (Windows or macOS), so not installed here.
# Their licences as their projects publish them.
OTHER_SYSTEMS = {
    "macholib": "MIT",
    "pefile": "MIT",
    "pywin32-ctypes": "BSD-3-Clause",
    "tzdata": "Apache-2.0",
}
# Packages whose metadata names no licence: the licence their shipped licence file holds.
LICENCE_FILE_SAYS = {
    "sqlcipher3": "Zlib",
}

LOCKED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def locked_packages(lock: Path = LOCK) -> list[tuple[str, str]]:
    """Every package pinned in the lock, as (name, version)."""
    found = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = LOCKED.match(line)
        if match:
            found.append((match.group(1).lower(), match.group(2)))
    return found


def licence_of(name: str) -> str:
    """The licence a package's metadata names, shortest form first."""
    try:
        metadata = importlib.metadata.metadata(name)
    except importlib.metadata.PackageNotFoundError:
        return OTHER_SYSTEMS.get(name, "see the project's own page")
    expression = metadata.get("License-Expression")
    if expression:
        return expression.strip()
    text = (metadata.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80:
        return text
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in metadata.get_all("Classifier") or []
                   if c.startswith("License :: ") and c.count(" :: ") >= 2]
    if classifiers:
        return ", ".join(classifiers)
    if text:
        return text.splitlines()[0][:80]
    return LICENCE_FILE_SAYS.get(name, "see the package's licence file")


def _sqlcipher_parts() -> str:
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        cipher = connection.execute("PRAGMA cipher_version").fetchone()[0]
        sqlite = connection.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        connection.close()
    return f"SQLCipher {cipher}, built on SQLite {sqlite}"


def _qt_version() -> str:
    from PySide6 import QtCore

    return QtCore.qVersion()


def render(packages: list[tuple[str, str]]) -> str:
    versions = dict(packages)
    pyside = versions.get("pyside6-essentials", "")
    qt = _qt_version()
    rows = "\n".join(
        f"<tr><td>{html.escape(name)}</td><td>{html.escape(version)}</td>"
        f"<td>{html.escape(licence_of(name))}</td></tr>"
        for name, version in sorted(packages))
    return f"""<!-- Made by tools/make_notices.py from installer/requirements.lock: run it after the lock changes. -->
<h3>Involve</h3>
<p>Involve is proprietary software: its licence is the one your organisation was given with it.
It is built from the open-source software below, each part under its own licence.</p>

<h3>Qt and Qt for Python (PySide6): LGPL-3.0</h3>
<p>Involve's windows use Qt {html.escape(qt)} through Qt for Python (PySide6-Essentials and
shiboken6 {html.escape(pyside)}), by The Qt Company Ltd, used under the GNU Lesser General Public
License version 3 (LGPL-3.0). The licence's text is shipped with Involve
(<a href="LGPL-3.0.txt">LGPL-3.0.txt</a>, which adds to <a href="GPL-3.0.txt">GPL-3.0.txt</a>).</p>
<p><b>Getting the source.</b> The source code of this version of Qt is at
https://download.qt.io/official_releases/qt/ and of Qt for Python (PySide6 and shiboken6) at
https://download.qt.io/official_releases/QtForPython/ (or https://code.qt.io/cgit/pyside/pyside-setup.git/,
tag v{html.escape(pyside)}).</p>
<p><b>Replacing the library.</b> Qt and PySide6 are not built into Involve's own code: they are
separate shared libraries, loaded when Involve starts. In an installed copy they are in the
<code>_internal/PySide6</code> and <code>_internal/shiboken6</code> folders inside Involve's
installation folder; where Involve was installed with pip, they are the <code>PySide6</code> and
<code>shiboken6</code> packages of that Python environment. You may replace them with your own
build or modified version of the same Qt and PySide6 release (or a compatible one): put your
files in place of those, and Involve uses them the next time it starts.</p>

<h3>The encrypted store</h3>
<p>Involve keeps its data with sqlcipher3 (zlib licence), which includes
{html.escape(_sqlcipher_parts())} (SQLCipher: BSD-3-Clause, by Zetetic LLC; SQLite: public domain)
and OpenSSL's cryptography library (Apache-2.0). SQLAlchemy (MIT) and Alembic (MIT) read and
update it.</p>

<h3>Printed sheets and reports</h3>
<p>PDFs are drawn with reportlab (BSD licence, by ReportLab Inc.), with HarfBuzz through uharfbuzz
(Apache-2.0) and python-bidi (LGPL-3.0) for text in every script, and shown in previews with
pypdfium2 (PDFium: BSD-3-Clause and Apache-2.0).</p>

<h3>Fonts</h3>
<ul>
<li>DejaVu Sans and DejaVu Sans Mono: Bitstream Vera licence, with DejaVu's changes in the public
domain (<a href="../fonts/DejaVu-LICENSE.txt">DejaVu-LICENSE.txt</a>).</li>
<li>Droid Sans Fallback: Apache-2.0, by Google
(<a href="../fonts/DroidSansFallback-LICENSE.txt">DroidSansFallback-LICENSE.txt</a>).</li>
<li>Noto Sans Arabic, Noto Sans Hebrew and Noto Emoji: SIL Open Font License 1.1, by Google
(<a href="../fonts/Noto-LICENSE.txt">Noto-LICENSE.txt</a>).</li>
</ul>

<h3>Every package Involve is built from</h3>
<p>The version of each, and the licence its own metadata gives. Each package's full licence text is
in its own files, shipped with it.</p>
<table border="1" cellpadding="4" cellspacing="0">
<thead><tr><th>Package</th><th>Version</th><th>Licence</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
"""


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(render(locked_packages()), encoding="utf-8")
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
