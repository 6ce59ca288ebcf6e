"""The GUI exports go through the same output guard and atomic writer as the commands."""
import hashlib
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from geo.output_guard import OutputRefused


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def feature(window, module):
    return next(f for f in window.features if type(f).__module__ == module)


@pytest.fixture
def exports(main_window, monkeypatch):
    actions = feature(main_window, "gui.features.presenting").exports
    monkeypatch.setattr(actions, "ask_full", lambda: False)
    return actions


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    return shown


def test_export_never_overwrites_the_open_project(exports, main_window, monkeypatch, boxes):
    project_path = main_window.project.path
    before = digest(project_path)
    monkeypatch.setattr(exports, "confirm_replace", lambda reason: pytest.fail("not forceable"))
    # The dialog appends the suffix (tiny.gpkg -> tiny.gpkg.xlsx); the guard is what stops
    # a path that is the project itself.
    assert exports._guarded(project_path, "xlsx") is None
    assert boxes and str(project_path) in boxes[-1]
    assert digest(project_path) == before


def test_export_asks_before_replacing_a_file_of_another_kind(exports, monkeypatch, tmp_path, boxes):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report.xlsx"
    out.write_text("my notes, not a workbook")
    monkeypatch.setattr(exports, "choose_save_path", lambda *a: str(out))
    asked = []
    monkeypatch.setattr(exports, "confirm_replace", lambda reason: asked.append(reason) or False)
    assert exports.export_excel() is None and out.read_text() == "my notes, not a workbook"
    assert asked and str(out) in asked[0]
    monkeypatch.setattr(exports, "confirm_replace", lambda reason: True)
    assert exports.export_excel() == out and out.read_bytes().startswith(b"PK")
    assert sorted(os.listdir(out.parent)) == ["report.xlsx"]


def test_chart_png_is_atomic_and_guarded(main_window, qtbot, tmp_path):
    charts = feature(main_window, "gui.features.coverage")
    charts.actions.charts.trigger()
    qtbot.waitUntil(lambda: charts.charts_dock.households.data is not None)
    chart = charts.charts_dock.households
    folder = tmp_path / "charts"
    folder.mkdir()
    out = folder / "chart.png"
    assert chart.export_png(out) and out.read_bytes().startswith(b"\x89PNG")
    other = folder / "notes.png"
    other.write_text("not a picture")
    assert not chart.export_png(other) and other.read_text() == "not a picture"
    assert sorted(os.listdir(folder)) == ["chart.png", "notes.png"]


def test_layout_export_refuses_the_project(main_window):
    from gui.layout.atlas import export_layout
    from gui.layout.spec import LayoutSpec

    project = main_window.project
    before = digest(project.path)
    with pytest.raises(OutputRefused):
        export_layout(project, project.path, "png", LayoutSpec(dpi=50))
    assert digest(project.path) == before
