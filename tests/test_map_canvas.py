"""The map canvas with synthetic mouse and key events (offscreen)."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.canvas_helpers import shown_canvas


@pytest.fixture
def canvas(qtbot, tiny_gpkg):
    with shown_canvas(qtbot, tiny_gpkg, (800, 400), zoom_full=True, timeout_ms=10000) as widget:
        yield widget


def pixel_of(canvas, x, y):
    """Widget pixel of a point given in the tiny project's local metres."""
    from tests.factories import X0, Y0

    px, py = canvas.view.to_pixel(X0 + x, Y0 + y)
    return QPoint(int(round(px)), int(round(py)))


def test_wheel_zoom_keeps_the_point_under_the_cursor(canvas):
    at = QPointF(300, 150)
    before = canvas.view.to_map(at.x(), at.y())
    mpp = canvas.view.mpp
    event = QWheelEvent(at, canvas.mapToGlobal(at), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas, event)
    assert canvas.view.mpp == pytest.approx(mpp / 1.25 ** 2)
    assert np.allclose(canvas.view.to_map(at.x(), at.y()), before)


def test_keys_zoom_and_pan_and_zoom_full(canvas, qtbot):
    full = canvas.view
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.view.mpp == pytest.approx(full.mpp / 2)
    cx = canvas.view.cx
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.view.cx > cx  # shows what is east
    canvas.zoom_full()
    assert canvas.view == full


def test_drag_pans_and_the_frame_is_shifted_not_redrawn(canvas, qtbot):
    start = canvas.view.to_map(400, 200)
    serial = canvas.worker.serial
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 200))
    for x in range(410, 500, 10):
        qtbot.mouseMove(canvas, QPoint(x, 200))
    assert canvas.worker.serial == serial  # no re-render per mouse move
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(490, 200))
    assert np.allclose(canvas.view.to_map(490, 200), start, atol=canvas.view.mpp)
    with qtbot.waitSignal(canvas.renderFinished, timeout=10000):
        pass  # one render once the view is still


def test_space_drag_pans_with_another_tool(canvas, qtbot):
    canvas.set_tool("select")
    cx = canvas.view.cx
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 200))
    qtbot.mouseMove(canvas, QPoint(300, 200))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.view.cx > cx
    assert canvas.selection.layers() == []


def test_box_zoom(canvas, qtbot):
    canvas.set_tool("zoom_box")
    a, b = pixel_of(canvas, 0, 100), pixel_of(canvas, 100, 0)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(canvas, b)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=b)
    x0, y0, x1, y1 = canvas.view.bbox
    from tests.factories import X0, Y0

    assert x0 <= X0 + 1 and x1 >= X0 + 99 and x1 - x0 < 260  # shows G1, not the whole street


def test_click_select_with_shift_and_ctrl(canvas, qtbot):
    canvas.set_tool("select")
    sel = canvas.selection
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pixel_of(canvas, 30, 18))
    assert sel.ids("buildings") == ("B1",)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     pos=pixel_of(canvas, 140, 48))
    assert sel.ids("buildings") == ("B1", "B3")
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     pos=pixel_of(canvas, 30, 18))
    assert sel.ids("buildings") == ("B3",)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pixel_of(canvas, 190, 95))
    assert sel.ids("buildings") == ()


def test_rectangle_and_lasso_select(canvas, qtbot):
    canvas.set_tool("select_rect")
    a, b = pixel_of(canvas, 5, 95), pixel_of(canvas, 70, 50)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(canvas, b)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=b)
    assert canvas.selection.ids("buildings") == ("B2",)
    canvas.set_tool("select_lasso")
    points = [pixel_of(canvas, x, y) for x, y in [(115, 35), (180, 35), (180, 60), (115, 60)]]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=points[0])
    for p in points[1:]:
        qtbot.mouseMove(canvas, p)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=points[-1])
    assert canvas.selection.ids("buildings") == ("B2", "B3")


def test_identify_emits_feature_clicked_and_coordinates(canvas, qtbot):
    canvas.set_tool("identify")
    with qtbot.waitSignal(canvas.featureClicked) as blocker:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pixel_of(canvas, 30, 18))
    assert blocker.args == ["buildings", "B1"]
    with qtbot.waitSignal(canvas.coordinatesChanged) as blocker:
        qtbot.mouseMove(canvas, pixel_of(canvas, 50, 50))
    lon, lat = blocker.args
    assert 116.9 < lon < 117.1 and 36.5 < lat < 36.8


def test_edits_and_selection_trigger_a_redraw(canvas, qtbot):
    import shapely

    from tests.factories import rect

    with qtbot.waitSignal(canvas.renderFinished, timeout=10000):
        canvas.selection.select("buildings", ["B1"])
    moved = shapely.to_wkb(rect(120, 70, 170, 90))
    geom = shapely.from_wkb(moved)
    import geopandas as gpd

    geom4490 = gpd.GeoSeries([geom], crs="EPSG:4548").to_crs("EPSG:4490").iloc[0]
    with qtbot.waitSignal(canvas.renderFinished, timeout=10000):
        canvas.project.apply([("update", "buildings", "B3", {"geometry": geom4490})])
    where = pixel_of(canvas, 145, 80)  # the middle of B3's new outline
    assert canvas.feature_at(where.x(), where.y()) == ("buildings", "B3")
    cache = canvas.scene.cache("buildings")
    assert cache.bbox[cache.position["B3"]][3] > cache.bbox[cache.position["B1"]][3]


def test_click_index_survives_a_reassignment_and_follows_a_moved_building(canvas):
    """Rebuilding the buildings' R-tree after each click-assign cost ~0.5 s at city scale."""
    import shapely

    from geo.commands import SetValues

    project = canvas.project
    before = canvas.feature_index("buildings")
    building = project["buildings"].index[0]
    other = next(g for g in project["grids"].index if g != project["buildings"].at[building, "grid_id"])
    SetValues("buildings", {building: {"grid_id": other}}).do(project)
    assert canvas.feature_index("buildings") is before  # nothing a click hits has moved
    moved = shapely.affinity.translate(project["buildings"].geometry.loc[building], 0.002, 0.002)
    SetValues("buildings", {building: {"geometry": moved}}).do(project)
    index = canvas.feature_index("buildings")
    assert index is not before
    centre = canvas.scene.cache("buildings").geoms[list(index.ids).index(building)].centroid
    assert index.at_point(centre.x, centre.y) == [building]


def test_grid_colours_are_worked_out_behind_a_frame_that_drew_grids_in_one_colour(qtbot, demo_gpkg):
    from geo.project import Project
    from geo.selection import Selection
    from gui.app import create_app
    from gui.map.canvas import MapCanvas
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import PLAIN_BY_GRID_BELOW_PIXELS
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    create_app(["test"])
    project = Project.open(demo_gpkg)
    canvas = MapCanvas(project, Selection(), LayerStack.default())
    qtbot.addWidget(canvas)
    canvas.warm_colours = True
    canvas.resize(400, 300)
    try:
        grids, bounds = canvas.scene.cache("grids"), canvas.scene.bounds()
        # grids of a few pixels: the frame draws them in one colour and colours nothing
        far = MapView((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2,
                      grids.median_size / (PLAIN_BY_GRID_BELOW_PIXELS / 2), 400, 300)
        with qtbot.waitSignal(canvas.renderFinished, timeout=10000):
            canvas.show()
            canvas.set_view(far)
        assert canvas._colour_worker is not None  # the frame left them to the thread
        snapshot = canvas.scene.snapshot(names=["grids"])
        qtbot.waitUntil(snapshot.colouring_known, timeout=10000)
        assert canvas.scene.grid_colours() == MapScene(project).grid_colours()
    finally:
        canvas.close()
        project.close()
