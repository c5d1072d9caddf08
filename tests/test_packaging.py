"""An installed Involve must carry every package and resource a checkout has."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_python_package_is_listed_for_installation() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("app", "sync") for init in (ROOT / top).rglob("__init__.py")
    }
    assert found <= listed, f"not installed by pip: {sorted(found - listed)}"
    assert config["package-dir"]["app.resources"] == "resources"
    assert "app.resources" in listed
