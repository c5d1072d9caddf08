"""The user guide as shipped: every page F1 can open is there, every link and picture resolves to a
shipped file, and each page is accessible HTML (a language, one main heading, text for every picture)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from app.ui.common import user_guide

GUIDE = user_guide.guide_folder()
IMAGE_BUDGET = 700_000  # bytes, for every picture together: the guide ships on every laptop


class Page(HTMLParser):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.lang = ""
        self.headings: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(tag)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "link" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "img":
            self.images.append(found)


def pages() -> list[Path]:
    return sorted(GUIDE.glob("*.html"))


def test_every_page_f1_opens_is_shipped_and_every_shipped_page_is_listed() -> None:
    assert {path.name for path in pages()} == set(user_guide.PAGES)


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.name)
def test_each_page_is_accessible_html(path: Path) -> None:
    page = Page(path)
    assert page.lang == "en"
    assert page.headings.count("h1") == 1 and page.headings[0] == "h1"
    levels = [int(h[1]) for h in page.headings]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), "a heading level is skipped"
    for image in page.images:
        assert (image.get("alt") or "").strip(), f"{path.name}: {image.get('src')} has no alt text"


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.name)
def test_every_link_and_picture_resolves_to_a_shipped_file(path: Path) -> None:
    page = Page(path)
    targets = page.links + [str(image["src"]) for image in page.images]
    for target in targets:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            pytest.fail(f"{path.name} links outside the guide ({target}): it must work offline")
        shipped = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        assert shipped.is_file(), f"{path.name}: {target}"
        assert GUIDE.resolve() in shipped.parents, f"{path.name}: {target} is outside the guide"
        if parts.fragment:
            assert parts.fragment in Page(shipped).ids, f"{path.name}: no #{parts.fragment} in {shipped.name}"


def test_every_picture_is_used_and_together_they_stay_small() -> None:
    used = {(GUIDE / str(image["src"])).resolve() for path in pages() for image in Page(path).images}
    shipped = {path.resolve() for path in (GUIDE / "images").iterdir()}
    assert shipped == used
    assert sum(path.stat().st_size for path in shipped) <= IMAGE_BUDGET
