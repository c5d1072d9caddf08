"""The drawing modules share their helpers openly: none reaches into another's private
(underscore) names, so a helper two documents use is public in one place, and changing a
module's own internals cannot break another document."""

from __future__ import annotations

import ast
from pathlib import Path

import app.documents

DOCUMENTS = Path(app.documents.__file__).parent


def test_no_document_imports_another_modules_private_names() -> None:
    found = []
    for path in sorted(DOCUMENTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app."):
                found += [f"{path.name}: {node.module}.{alias.name}" for alias in node.names
                          if alias.name.startswith("_") and alias.name != "_"]  # _ is the translation function
    assert not found, found
