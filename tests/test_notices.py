"""Help ▸ About Involve names every package Involve is built from, with its version and licence,
and the licence texts and notices it links to are shipped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "installer" / "requirements.lock"
NOTICES = ROOT / "resources" / "licences" / "third-party-notices.html"


class Rows(HTMLParser):
    """The notices' table rows as lists of cell texts, and every link."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None


def locked() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", LOCK.read_text(encoding="utf-8"), re.MULTILINE)
    return {name.lower(): version for name, version in pins}


def test_every_package_in_the_lock_is_listed_with_its_version_and_a_licence() -> None:
    pins = locked()
    assert len(pins) > 40  # the lock was read
    listed = {row[0]: row[1:] for row in Rows(NOTICES.read_text(encoding="utf-8")).rows if len(row) == 3}
    missing = sorted(set(pins) - set(listed))
    assert not missing, f"run tools/make_notices.py: not in the notices: {missing}"
    for name, version in pins.items():
        assert listed[name][0] == version, f"run tools/make_notices.py: {name} is {version} in the lock"
        assert listed[name][1] and "see the" not in listed[name][1], f"no licence named for {name}"


def test_qt_is_named_as_lgpl_with_its_source_and_how_to_replace_it() -> None:
    text = NOTICES.read_text(encoding="utf-8")
    assert "LGPL-3.0" in text and "Getting the source" in text and "Replacing the library" in text
    assert "download.qt.io" in text


def test_the_licence_files_the_notices_link_to_are_shipped() -> None:
    links = Rows(NOTICES.read_text(encoding="utf-8")).links
    assert {"LGPL-3.0.txt", "GPL-3.0.txt", "../fonts/Noto-LICENSE.txt"} <= set(links)
    for link in links:
        assert (NOTICES.parent / link).is_file(), link
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (NOTICES.parent / "LGPL-3.0.txt").read_text(encoding="utf-8")
    fonts = {path.name for path in (ROOT / "resources" / "fonts").glob("*-LICENSE.txt")}
    assert {Path(link).name for link in links if link.startswith("../fonts/")} == fonts
