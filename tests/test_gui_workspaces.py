"""The default window gives the map most of the room; workspaces per role; View restores any panel."""
import pytest
from PySide6.QtWidgets import QDockWidget, QToolBar

from gui.features.workspaces import WORKSPACES


def workspaces_of(window):
    return next(f for f in window.features if type(f).__module__.endswith("workspaces"))


def _shown_at(make_main_window, demo_gpkg, qtbot, size):
    window = make_main_window(demo_gpkg, show=False)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20_000):
        window.canvas.zoom_full()
    qtbot.wait(100)
    return window


def _canvas_share(window) -> float:
    canvas = window.centralWidget()
    return canvas.width() * canvas.height() / (window.width() * window.height())


@pytest.mark.parametrize("size", [(1440, 900), (1920, 1080)])
def test_default_window_gives_the_map_most_of_the_room(make_main_window, demo_gpkg, qtbot, output_dir, size):
    """Looked at (default_window_1440x900.png and _1920x1080.png): one row of toolbars (map tools,
    then the grid-editing tools with the brush settings; at 1440 合并/删除网格 sit behind the »
    button); the whole demo street with grid and compound labels fills the map on the left, about
    1104×815 px of 1440×900 (69 %; 1584×995 px, 76 %, at 1920×1080); one column on the right holds
    the layers list with its style and map-marks legend (tab 党组织 beside it) over the empty
    identify panel, in front of its tabs 网格均衡, 方案, 操作历史; no attribute table or other bottom
    panel; the status bar counts 4 communities, 42 grids, 376 buildings, 2786 members."""
    window = _shown_at(make_main_window, demo_gpkg, qtbot, size)
    image = window.grab().toImage()
    assert image.save(str(output_dir / f"default_window_{size[0]}x{size[1]}.png"))
    assert _canvas_share(window) >= 0.60
    identify = window.identify_dock
    assert identify.isVisible() and not identify.visibleRegion().isEmpty()  # in front, not a hidden tab
    assert window.dockWidgetArea(identify) == window.dockWidgetArea(window.layers_dock)
    assert not window.attribute_dock.isVisible()
    bars = [b for b in window.findChildren(QToolBar) if b.isVisible()]
    assert len({b.y() for b in bars}) == 1  # one row of toolbars


def test_each_workspace_shows_the_panels_of_its_role(main_window, qtbot):
    feature = workspaces_of(main_window)
    docks = {d.objectName(): d for d in main_window.findChildren(QDockWidget)}
    bars = {b.objectName(): b for b in main_window.findChildren(QToolBar)}
    for name, space in WORKSPACES.items():
        feature.workspace_actions[name].trigger()
        shown = {n for n, d in docks.items() if d.isVisible()}
        assert shown == set(space.docks), name
        assert {n for n, b in bars.items() if b.isVisible()} == set(space.toolbars), name
        for front in space.front:
            assert not docks[front].visibleRegion().isEmpty(), (name, front)
    feature.workspace_actions["planner"].trigger()
    assert docks["BalanceDock"].isVisible() and bars["EditGridToolBar"].isVisible()
    assert not main_window.org_dock.isVisible()
    feature.workspace_actions["officer"].trigger()
    coverage = next(f for f in main_window.features if type(f).__module__.endswith("coverage"))
    assert coverage.gap_dock.isVisible() and coverage.charts_dock.isVisible()
    assert not bars["EditGridToolBar"].isVisible()


def test_view_menu_lists_and_restores_every_dock_and_toolbar(main_window):
    feature = workspaces_of(main_window)
    feature.workspace_actions["presenter"].trigger()
    menu_actions = set(main_window.view_menu.actions()) | set(feature.toolbar_menu.actions())
    for widget in main_window.findChildren(QDockWidget) + main_window.findChildren(QToolBar):
        toggle = widget.toggleViewAction()
        assert toggle in menu_actions, widget.objectName()
        if widget.isVisible():  # the map toolbar stays in the presenter workspace
            toggle.trigger()
        assert not widget.isVisible()
        toggle.trigger()
        assert widget.isVisible(), widget.objectName()
    assert feature.workspace_menu.title() == "工作区(&W)"


def test_default_workspace_puts_moved_panels_back(main_window):
    from PySide6.QtCore import Qt

    feature = workspaces_of(main_window)
    main_window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, main_window.identify_dock)
    main_window.attribute_dock.show()
    feature.workspace_actions["default"].trigger()
    right = Qt.DockWidgetArea.RightDockWidgetArea
    assert main_window.dockWidgetArea(main_window.identify_dock) == right
    assert main_window.dockWidgetArea(main_window.layers_dock) == right
    assert not main_window.attribute_dock.isVisible()
