"""The main window on the tiny project: menus, tools, opening, saving, settings."""
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from geo.store import read_layers


def test_window_shows_project_and_chinese_ui(main_window):
    assert "测试街道" in main_window.windowTitle()
    titles = [m.title() for m in (main_window.file_menu, main_window.view_menu,
                                  main_window.tools_menu, main_window.help_menu)]
    assert titles == ["文件(&F)", "视图(&V)", "地图工具(&M)", "帮助(&H)"]
    assert main_window.status.summary.text().startswith("1 个社区")


def test_toolbar_holds_every_map_tool(main_window):
    names = [a.objectName() for a in main_window.toolbar.actions() if not a.isSeparator()]
    for tool in ("pan", "zoom_box", "identify", "select", "select_rect", "select_lasso"):
        assert f"action_tool_{tool}" in names
    for action in ("zoom_in", "zoom_out", "zoom_full", "zoom_selection"):
        assert f"action_{action}" in names


def test_tool_actions_drive_the_canvas(main_window, monkeypatch):
    chosen = []
    monkeypatch.setattr(main_window.canvas, "set_tool", chosen.append)
    main_window.actions.tool["identify"].trigger()
    main_window.actions.tool["select_lasso"].trigger()
    assert chosen == ["identify", "select_lasso"]


def test_status_bar_follows_canvas_signals(main_window):
    main_window.canvas.coordinatesChanged.emit(117.0123456, 36.65)
    mpp = 2500 * 0.0254 / main_window.status.logicalDpiX()  # the canvas reports metres per pixel
    main_window.canvas.scaleChanged.emit(mpp)
    assert main_window.status.coords.text() == "坐标 117.012346, 36.650000"
    assert main_window.status.scale.text() == "比例尺 1:2,500"


def test_unreadable_project_names_file_and_keeps_current(main_window, tmp_path, monkeypatch):
    bad = tmp_path / "broken.gpkg"
    bad.write_text("not a geopackage")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    before = main_window.project
    main_window.actions.open.trigger()
    assert len(shown) == 1 and str(bad) in shown[0] and "原因" in shown[0]
    assert main_window.project is before and main_window.project.store is not None


def test_open_dialog_switches_project(main_window, tmp_path, monkeypatch):
    from tests.factories import write_tiny

    other = write_tiny(tmp_path / "other.gpkg")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    main_window.selection  # the old selection is dropped with the old project
    main_window.actions.open.trigger()
    assert Path(main_window.project.path) == other
    assert "other.gpkg" in main_window.windowTitle()
    assert main_window.recent.paths()[0] == str(other.resolve())


def test_save_as_writes_a_valid_copy_and_continues_there(main_window, tmp_path, monkeypatch):
    target = tmp_path / "copy.gpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "copy"), ""))
    main_window.actions.save_as.trigger()
    loaded = read_layers(target)
    assert len(loaded.frames["buildings"]) == 3 and len(loaded.frames["members"]) == 2
    assert Path(main_window.project.path) == target
    assert not list(tmp_path.glob("*.partial.gpkg"))


def test_recent_menu_lists_opened_projects(main_window):
    main_window._fill_recent_menu()
    texts = [a.text() for a in main_window.recent_menu.actions()]
    assert texts == [str(Path(main_window.project.path).resolve())]


def test_window_remembers_size_layout_and_last_project(make_main_window, tiny_gpkg):
    window = make_main_window(tiny_gpkg)
    window.resize(760, 540)  # within the offscreen screen, which restoreGeometry clamps to
    window.attribute_dock.hide()
    window.close()
    assert QSettings().value("project/recent")[0] == str(tiny_gpkg.resolve())
    again = make_main_window(tiny_gpkg)
    assert again.width() == 760  # (the height is held up by the docks' minimum sizes)
    assert not again.attribute_dock.isVisible()


def test_startup_opens_the_demo_and_keeps_the_last_project_in_recent(app, tiny_gpkg):
    from geo.demo_file import DEMO_PATH
    from gui.launch import _startup_project
    from gui.models.recent_projects import RecentProjects

    RecentProjects().add(tiny_gpkg)
    project = _startup_project(None)
    try:
        assert Path(project.path).resolve() == DEMO_PATH.resolve()
        assert RecentProjects().last() == str(tiny_gpkg.resolve())
    finally:
        project.close()


def test_zoom_actions_reach_the_canvas(main_window, monkeypatch):
    calls = []
    monkeypatch.setattr(main_window.canvas, "zoom_to_bounds", lambda b, **k: calls.append(("bounds", b)))
    monkeypatch.setattr(main_window.canvas, "zoom_full", lambda: calls.append(("full",)))
    main_window.actions.zoom_full.trigger()
    main_window.selection.select("buildings", ["B3"])
    main_window.actions.zoom_selection.trigger()
    assert calls[0] == ("full",)
    minx, miny, maxx, maxy = calls[1][1]  # project CRS, padded around the building
    b3 = main_window.project["buildings"].geometry.loc["B3"].bounds
    assert minx < b3[0] and miny < b3[1] and maxx > b3[2] and maxy > b3[3]


def test_pan_and_zoom_with_toolbar_and_keys(main_window, qtbot):
    canvas = main_window.canvas
    if not hasattr(canvas, "view"):
        pytest.skip("the real map canvas is not installed")
    main_window.actions.zoom_full.trigger()  # the first view was fitted before the final layout
    mpp = canvas.view.mpp
    main_window.actions.zoom_in.trigger()
    assert canvas.view.mpp == pytest.approx(mpp / 2)
    main_window.actions.zoom_out.trigger()
    assert canvas.view.mpp == pytest.approx(mpp)
    cx = canvas.view.cx
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.view.cx != cx
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.view.mpp == pytest.approx(mpp / 2)
    main_window.actions.zoom_full.trigger()
    assert canvas.view.mpp == pytest.approx(mpp)
    with qtbot.waitSignal(canvas.renderFinished, timeout=10_000):
        pass
