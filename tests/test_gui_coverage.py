"""Coverage views in the window: gap dock, charts, choropleth, highlights, rules (headless)."""
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog

from geo.commands import SetValues
from gui.undo import run_and_push


def _feature(window):
    return next(f for f in window.features if type(f).__module__ == "gui.features.coverage")


@pytest.fixture
def demo_window(make_main_window, demo_gpkg, tmp_path):
    import shutil

    path = shutil.copy(demo_gpkg, tmp_path / "demo.gpkg")  # tests edit it
    window = make_main_window(path)
    window.resize(1600, 1000)
    return window


def _show_gaps(window, qtbot):
    feature = _feature(window)
    feature.actions.gap_list.trigger()  # as the Analysis menu does
    qtbot.waitUntil(lambda: feature.gap_dock.model.rowCount() > 0)
    return feature


def _show_charts(window, qtbot):
    feature = _feature(window)
    feature.actions.charts.trigger()
    qtbot.waitUntil(lambda: feature.charts_dock.households.data is not None)
    return feature


def _wait_render(window, qtbot):
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20_000):
        window.canvas.refresh()


def test_nothing_is_computed_until_a_dock_is_shown(main_window, qtbot):
    assert main_window._coverage is None
    _show_charts(main_window, qtbot)
    assert main_window._coverage is not None


def test_gap_dock_lists_the_demo_flaws_and_filters(demo_window, qtbot):
    feature = _show_gaps(demo_window, qtbot)
    dock, model = feature.gap_dock, feature.gap_dock.model
    shown = model.shown()
    assert {"grid_no_branch", "grid_out_of_band", "building_outside_stations"} <= set(shown["type"])
    assert shown["severity"].is_monotonic_decreasing
    assert model.index(0, 0).data() == "高" and model.index(0, 1).data() == "网格未建党支部"
    dock.set_filter("grid_out_of_band", None)
    assert set(model.shown()["type"]) == {"grid_out_of_band"}
    assert model.index(0, 5).data().endswith("户")
    dock.set_filter(None, "C01")
    assert set(model.shown()["community_id"]) == {"C01"} and model.index(0, 4).data() == "和平社区"
    assert dock.count_label.text().split(" / ")[0] == f"{model.rowCount():,}"


def test_click_on_a_gap_zooms_there_and_selects_it(demo_window, qtbot, output_dir):
    feature = _show_gaps(demo_window, qtbot)
    feature.gap_dock.set_filter("building_outside_stations", None)
    gap = feature.gap_dock.model.gap(0)
    table = feature.gap_dock.table
    rect = table.visualRect(feature.gap_dock.model.index(0, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert demo_window.selection.ids("buildings") == (gap["id"],)
    xs, ys = demo_window.canvas.scene.to_metric.transform([gap["minx"], gap["maxx"]], [gap["miny"], gap["maxy"]])
    minx, miny, maxx, maxy = demo_window.canvas.view.bbox
    assert minx <= min(xs) and max(xs) <= maxx and miny <= min(ys) and max(ys) <= maxy
    assert maxx - minx < 2000  # zoomed in, not the whole street
    _wait_render(demo_window, qtbot)
    demo_window.grab().save(str(output_dir / "gap_clicked.png"))


def test_chart_bar_click_selects_the_grid(demo_window, qtbot):
    feature = _show_charts(demo_window, qtbot)
    chart = feature.charts_dock.households
    grid = chart.data["ids"][0]
    x, y = chart.bar_centre("grids", grid)
    pixel = chart.mapFromScene(chart.plotItem.vb.mapViewToScene(pg.Point(x, y)))
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(int(pixel.x()), int(pixel.y())))
    assert demo_window.selection.ids("grids") == (grid,)
    assert demo_window.canvas.view.bbox[2] - demo_window.canvas.view.bbox[0] < 3000  # zoomed to it
    shares = feature.charts_dock.shares
    community = shares.data["ids"][1]
    shares.click_data(*shares.bar_centre("communities", community))
    assert demo_window.selection.ids("communities") == (community,)


def test_choropleth_of_households_on_grids(demo_window, qtbot, output_dir):
    feature = _feature(demo_window)
    feature.show_figure("grids", "households")
    style = demo_window.styles["grids"]
    assert style.mode == "graduated" and style.graduated.field == "households"
    legend = demo_window.layers_dock.legend_texts()
    assert len(legend) == len(style.graduated.colours) >= 3
    _wait_render(demo_window, qtbot)
    image = demo_window.canvas.grab().toImage()
    image.save(str(output_dir / "choropleth.png"))
    assert _has_colour_near(image, style.graduated.colours[-1], alpha=0.75)
    feature.show_figure(None, None)
    assert demo_window.styles["grids"].mode == "by_grid"


def _has_colour_near(image: QImage, hex_colour: str, alpha: float) -> bool:
    """The ramp colour blended over the light background shows up somewhere."""
    small = image.scaled(200, 150)
    target = np.array(QColor(hex_colour).getRgb()[:3]) * alpha + 240 * (1 - alpha)
    for y in range(small.height()):
        for x in range(small.width()):
            c = QColor(small.pixel(x, y))
            if np.abs(np.array([c.red(), c.green(), c.blue()]) - target).max() < 40:
                return True
    return False


def test_uncovered_buildings_and_gap_markers_draw(demo_window, qtbot, output_dir):
    feature = _feature(demo_window)
    feature.actions.uncovered.setChecked(True)
    feature.actions.markers.setChecked(True)
    demo_window.canvas.repaint()
    assert feature.uncovered.drawn == 64  # the demo's buildings outside built stations
    assert feature.markers.drawn > 0
    demo_window.canvas.grab().save(str(output_dir / "highlights.png"))
    feature.actions.uncovered.setChecked(False)
    assert feature.uncovered not in demo_window.canvas.overlays


def test_rules_dialog_changes_band_and_undo_restores(demo_window, qtbot, monkeypatch):
    from gui.coverage.rules_dialog import RulesDialog

    feature = _show_gaps(demo_window, qtbot)
    _show_charts(demo_window, qtbot)
    before = len(feature.gap_dock.model.shown())

    def exec_with_wider_band(dialog):
        dialog.max_box.setValue(800)
        dialog.min_box.setValue(100)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RulesDialog, "exec", exec_with_wider_band)
    feature.actions.rules.trigger()
    assert demo_window.project.rules.households_max == 800
    qtbot.waitUntil(lambda: "grid_out_of_band" not in set(feature.gap_dock.model.shown()["type"]))
    assert feature.charts_dock.households.data["max"] == 800
    demo_window.undo_stack.undo()
    assert demo_window.project.rules.households_max == 500
    qtbot.waitUntil(lambda: len(feature.gap_dock.model.shown()) == before)


def test_rules_dialog_says_what_is_wrong(app):
    from geo.rules import Rules
    from gui.coverage.rules_dialog import RulesDialog

    dialog = RulesDialog(Rules())
    dialog.min_box.setValue(600)
    assert not dialog.validate() and "下限不能大于上限" in dialog.message.text()
    dialog.min_box.setValue(300)
    dialog.head_edit.setText(" ")
    assert "网格长角色" in dialog.message.text()
    dialog.head_edit.setText("grid_head，楼长")
    assert dialog.validate() and dialog.rules().grid_head_roles == ("grid_head", "楼长")


def test_an_edit_updates_gap_list_and_charts(demo_window, qtbot):
    feature = _show_gaps(demo_window, qtbot)
    _show_charts(demo_window, qtbot)
    project = demo_window.project
    grids = feature.coverage().grids
    small = grids["households"].idxmin()
    buildings = project["buildings"]
    moved = buildings.index[buildings["grid_id"] != small][:3].tolist()
    command = SetValues("buildings", {b: {"grid_id": small} for b in moved})
    run_and_push(demo_window.undo_stack, project, command)
    expected = int(buildings.loc[buildings["grid_id"] == small, "households"].clip(lower=0).sum())
    chart = feature.charts_dock.households
    qtbot.waitUntil(lambda: chart.data["households"][chart.data["ids"].index(small)] == expected)
    gaps = feature.gap_dock.model.shown()
    assert gaps["households"][gaps["grid_id"] == small].max() <= expected


def test_chart_png_export(demo_window, qtbot, output_dir, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    feature = _show_charts(demo_window, qtbot)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(output_dir))
    feature.charts_dock.export_button.click()
    for name in ("households_per_grid.png", "coverage_shares.png", "planned_vs_actual.png"):
        image = QImage(str(output_dir / name))
        assert (image.width(), image.height()) == (1600, 900)
        colours = {image.pixel(x, y) for x in range(0, 1600, 40) for y in range(0, 900, 40)}
        assert len(colours) > 3  # not blank


def test_window_screenshot_with_coverage_docks(demo_window, qtbot, output_dir):
    feature = _show_gaps(demo_window, qtbot)
    _show_charts(demo_window, qtbot)
    feature.charts_dock.raise_()
    demo_window.resizeDocks([feature.gap_dock], [300], Qt.Orientation.Vertical)
    feature.show_figure("communities", "station_coverage_share")
    feature.actions.markers.setChecked(True)
    feature.gap_dock.set_filter("grid_out_of_band", None)
    _wait_render(demo_window, qtbot)
    image = demo_window.grab().toImage()
    image.save(str(output_dir / "window.png"))
    assert set(feature.gap_dock.model.shown()["type"]) == {"grid_out_of_band"}
    assert feature.charts_dock.isVisible() and feature.gap_dock.isVisible()
    style = demo_window.styles["communities"]
    assert style.mode == "graduated" and style.graduated.field == "station_coverage_share"
    assert feature.markers.drawn > 0
    # the choropleth is in the map: some ramp colour shows up in the canvas
    canvas = demo_window.canvas.grab().toImage()
    assert any(_has_colour_near(canvas, c, alpha=a) for c in style.graduated.colours for a in (0.75, 0.5))
