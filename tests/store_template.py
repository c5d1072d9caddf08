"""New, empty stores for the tests, copied from one migrated per test process and key.

``Store.open`` on an empty folder runs every laptop migration, about 0.2 s, and most tests
start from a new store. The template is made exactly as ``Store.open`` makes a new store, up to
the point where the store names its device; each copy is then opened by ``Store.open``, which
names a device of its own, as a new store does. The tests of opening, creating and upgrading
stores call ``Store.open`` themselves and never come here. ``tests/store/test_store_template.py``
checks a copy against a store made by ``Store.open``.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from app.store import migrate
from app.store.engine import make_engine
from app.store.keys import StoreKey, get_store_key
from app.store.paths import DataPaths, create_private_file
from app.store.store import Store, held_before

_templates: dict[StoreKey, Path] = {}  # by the key the file is encrypted with
_folders: list[Path] = []
_lock = threading.Lock()


def _make_template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="involve-store-template-"))
    _folders.append(folder)
    paths = DataPaths(folder / "data")
    key = get_store_key(create=True)
    paths.ensure()
    create_private_file(paths.store)
    engine = make_engine(paths.store, key)
    try:
        with engine.connect() as conn:
            migrate.upgrade(conn)
    finally:
        engine.dispose()
    leftovers = [p.name for p in paths.store.parent.iterdir() if p.name.startswith(paths.store.name + "-")]
    assert not leftovers, f"the template store left {leftovers} beside it"  # a copy must be the file alone
    return paths.store


def new_store(paths: DataPaths) -> Store:
    """What ``Store.open(paths)`` gives for an empty folder, without running the migrations again.

    A folder that holds a store, or signs of one, is left to ``Store.open`` itself.
    """
    if paths.store.exists() or held_before(paths):
        return Store.open(paths)
    key = get_store_key(create=True)
    with _lock:
        if key not in _templates:
            _templates[key] = _make_template()
        template = _templates[key]
    paths.ensure()
    shutil.copy(template, paths.store)  # the bytes and the owner-only permissions
    return Store.open(paths)


def drop_templates() -> None:
    with _lock:
        for folder in _folders:
            shutil.rmtree(folder, ignore_errors=True)
        _folders.clear()
        _templates.clear()
