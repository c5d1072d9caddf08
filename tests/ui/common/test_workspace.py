"""The workspace every feature is handed: the open store and the surveys, read once for all of them."""

from __future__ import annotations

from app.store.paths import DataPaths
from app.store.settings_file import SettingsFile
from app.store.store import Store
from app.ui.common.workspace import Workspace


def test_opening_the_store_reads_its_surveys_for_every_feature(qtbot, store: Store, data_paths: DataPaths) -> None:
    workspace = Workspace(data_paths, SettingsFile(data_paths.settings))
    changed: list[object] = []
    workspace.sig_store_changed.connect(changed.append)
    with qtbot.waitSignal(workspace.sig_surveys_changed, timeout=10_000):
        workspace.set_store(store)
    assert changed == [store]
    assert {"fft", "topics", "equality"} <= set(workspace.surveys)
    assert workspace.survey_titles()["fft"]
    assert workspace.survey_problems == []
    workspace.set_store(None)
    assert changed == [store, None] and workspace.store is None
    workspace.tasks.wait()


def test_a_survey_file_it_cannot_use_is_named_not_fatal(qtbot, store: Store, data_paths: DataPaths) -> None:
    data_paths.surveys.mkdir(parents=True, exist_ok=True)
    (data_paths.surveys / "broken.json").write_text("{not json", encoding="utf-8")
    workspace = Workspace(data_paths, SettingsFile(data_paths.settings))
    with qtbot.waitSignal(workspace.sig_surveys_changed, timeout=10_000):
        workspace.set_store(store)
    assert "fft" in workspace.surveys
    assert any("broken.json" in problem for problem in workspace.survey_problems)
    workspace.tasks.wait()
