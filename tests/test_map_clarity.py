"""Clear on the map (issue 16): class breaks that differ, legends with title and unit,
gap markers per grid when zoomed out, service areas as outlines, band outlines by scale."""
import numpy as np
import pytest

pytest.importorskip("PySide6")

from gui.map.class_breaks import class_breaks  # noqa: E402
from gui.map.layer_style import LayerStack  # noqa: E402
from tests.editing_gui_helpers import editing, editing_feature, no_blocking_boxes  # noqa: E402,F401
from tests.test_gui_coverage import _feature, demo_window  # noqa: E402,F401
from tests.test_map_render import pixels, render  # noqa: E402


# ------------------------------------------------------------ class breaks
def _labels(values, classes=5):
    stack = LayerStack.default()
    stack.set_graduated("grids", "f", values, classes=classes)
    return stack["grids"].graduated


def test_breaks_differ_on_a_skewed_distribution():
    # the street that gave "< 17, 17 – 17, 17 – 17, 17 – 17, ≥ 17": most communities near 17
    values = np.concatenate([np.linspace(16.8, 17.4, 40), [3.0, 41.0, 88.0, 240.0]])
    graduated = _labels(values)
    labels = graduated.labels()
    assert len(set(labels)) == len(labels) == len(graduated.colours) >= 3
    assert all(a < b for a, b in zip(graduated.breaks, graduated.breaks[1:]))
    counts = np.bincount(graduated.classify(values), minlength=len(labels))
    assert (counts > 0).all()  # no empty class
    # ties at one value collapse to fewer classes, never to repeated ones
    tied = _labels([17] * 95 + [3, 40, 80, 200, 1000])
    assert tied.labels() == ["< 17", "≥ 17"]


def test_constant_and_few_values_get_one_class_each():
    constant = _labels([17.0] * 12)
    assert constant.breaks == () and constant.labels() == ["17"] and len(constant.colours) == 1
    assert constant.classify([17.0]).tolist() == [0]
    few = _labels([0, 50, 100, 50])
    assert few.breaks == (20.0, 80.0) and len(set(few.labels())) == 3
    assert few.classify([0, 50, 100]).tolist() == [0, 1, 2]  # each value its own class
    assert class_breaks([np.nan, np.nan]) == ()


def test_rounding_keeps_close_breaks_apart():
    breaks = class_breaks(np.linspace(17.0, 17.5, 200))
    assert len(breaks) == 4 and len(set(breaks)) == 4
    assert len(set(_labels(np.linspace(17.0, 17.5, 200)).labels())) == 5


# ------------------------------------------------------------ legend
def test_choropleth_legend_has_title_and_unit(demo_window, qtbot, output_dir):
    """Saves ``legend.png``: the map legend of a community choropleth of 每百户党员数
    drawn over a white image, next to a grab of the layers dock.

    Looked at: a rounded white box headed "社区：每百户党员数（人/百户）", then
    four rows of yellow-to-brown swatches "< 16.51", "16.51 – 17.05",
    "17.05 – 17.20", "≥ 17.20" (the demo's four communities, one class each;
    no "17 – 17"); the layers dock shows 样式 "按数值分级", 分级字段
    "每百户党员数", the same heading above the same four rows, and a "地图标记"
    key with dashed orange and red squares for out-of-band grids, three
    severity dots, a red disc with a number and a thin red service circle.
    """
    from PySide6.QtGui import QColor, QImage, QPainter

    from gui.app import cjk_family
    from gui.map.decorations import draw_legend, legend_rows

    feature = _feature(demo_window)
    feature.show_figure("communities", "members_per_100_households")
    style = demo_window.styles["communities"]
    graduated = style.graduated
    assert graduated.heading() == "每百户党员数（人/百户）"
    labels = graduated.labels()
    assert len(set(labels)) == len(labels)
    dock = demo_window.layers_dock
    assert dock.current_layer() == "communities"
    assert dock.legend_title.text() == "每百户党员数（人/百户）"
    assert dock.field_box.currentText() == "每百户党员数"  # the style actually drawn
    assert dock.mode_box.currentData() == "graduated"
    assert dock.legend_texts() == labels
    marks = [dock.marks.item(i).text() for i in range(dock.marks.count())]
    assert any("虚线" in m and "低于" in m for m in marks) and any("缺口" in m for m in marks)
    rows = legend_rows([style])
    assert rows[0] == ("社区：每百户党员数（人/百户）", [], "heading")

    image = QImage(420, 260, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    box = draw_legend(painter, [style], 410, 250, cjk_family())
    painter.end()
    dock_image = dock.grab().toImage()
    sheet = QImage(image.width() + dock_image.width(), max(image.height(), dock_image.height()),
                   QImage.Format.Format_ARGB32_Premultiplied)
    sheet.fill(QColor("#FFFFFF"))
    painter = QPainter(sheet)
    painter.drawImage(0, 0, image)
    painter.drawImage(image.width(), 0, dock_image)
    painter.end()
    sheet.save(str(output_dir / "legend.png"))
    rgb = pixels(image)
    for colour in graduated.colours:  # every class has its swatch in the picture
        target = np.array(QColor(colour).getRgb()[:3])
        assert (np.abs(rgb - target).max(axis=2) <= 6).sum() >= 30
    assert box.height() > 20 * (len(labels) + 1)
    feature.show_figure(None, None)
    assert dock.legend_title.isHidden()


# ------------------------------------------------------------ gap markers
def test_gap_markers_one_per_grid_at_street_scale_and_single_at_grid_scale(demo_window, qtbot, output_dir):
    """Saves ``street.png`` and ``grid.png``: the demo with gap markers at street and grid scale.

    Looked at: at street scale each grid carries one orange or red disc with a
    white number (3, 13, 17, 22 …) just below its label, and every grid label
    reads; service areas are thin pink circles, no pink sheet. Zoomed to one
    grid, each building has its own small orange dot and the count discs are gone.
    """
    from gui.map.detail import AGGREGATE_BELOW_GRID_PX, grid_pixels
    from gui.map.view import MapView

    feature = _feature(demo_window)
    feature.actions.markers.setChecked(True)
    canvas, markers = demo_window.canvas, feature.markers
    canvas.zoom_full()
    view, grid_metres = canvas.view, canvas.scene.cache("grids").median_size
    # street scale whatever the window's size: the whole street in view, a median grid of
    # at most 100 pixels
    mpp = max(view.mpp, grid_metres / 100)
    canvas.set_view(MapView(view.cx, view.cy, mpp, view.width, view.height))
    canvas.repaint()
    assert grid_pixels(canvas) < AGGREGATE_BELOW_GRID_PX
    gaps = feature.gap_dock.model.shown()
    located = gaps[np.isfinite(gaps["x"].to_numpy(dtype=float))]
    with_grid = located["grid_id"].notna()
    assert markers.aggregated
    expected = located.loc[with_grid, "grid_id"].nunique() + int((~with_grid).sum())
    assert markers.drawn == expected < len(located)  # many gaps, one marker per grid
    canvas.grab().save(str(output_dir / "street.png"))
    # zoomed in to one grid: each gap in view is its own marker
    grid = located.loc[with_grid, "grid_id"].value_counts().index[0]
    canvas.zoom_to_feature("grids", grid)
    canvas.repaint()
    assert not markers.aggregated
    minx, miny, maxx, maxy = canvas.view.bbox
    in_view = ((markers.xy[:, 0] >= minx) & (markers.xy[:, 0] <= maxx)
               & (markers.xy[:, 1] >= miny) & (markers.xy[:, 1] <= maxy))
    assert markers.drawn == int(in_view.sum()) >= 2
    canvas.grab().save(str(output_dir / "grid.png"))


# ------------------------------------------------------------ service areas
def test_service_areas_are_outlines_unless_filled(app, tiny_gpkg, output_dir):
    from gui.map.renderer import BACKGROUND
    from gui.map.view import MapView

    stack = LayerStack.default()
    for name in stack.names():
        stack.set_visible(name, name == "stations")
    stack.set_labels("stations", False)
    _, scene = render(tiny_gpkg)
    cache = scene.cache("stations")
    (x, y), r = cache.xy[0], float(cache.radius[0])  # S1, 60 m
    bbox = (x - 1.5 * r, y - 1.5 * r, x + 1.5 * r, y + 1.5 * r)
    outline, _ = render(tiny_gpkg, size=(400, 400), styles=stack.snapshot(), bbox=bbox)
    stack.set_service_fill("stations", True)
    filled, _ = render(tiny_gpkg, size=(400, 400), styles=stack.snapshot(), bbox=bbox)
    outline.save(str(output_dir / "outline.png"))
    filled.save(str(output_dir / "filled.png"))
    view = MapView.fit(bbox, 400, 400)
    cx, cy = view.to_pixel(np.array([x]), np.array([y]))
    rpx = r / view.mpp
    yy, xx = np.mgrid[0:400, 0:400]
    distance = np.hypot(xx - cx[0], yy - cy[0])
    ring = (distance > 0.4 * rpx) & (distance < 0.85 * rpx)  # inside, away from symbol and edge
    background = np.array([int(BACKGROUND[i:i + 2], 16) for i in (1, 3, 5)])
    same = lambda image: (np.abs(pixels(image)[ring] - background).max(axis=1) <= 2).mean()  # noqa: E731
    assert same(outline) > 0.99  # the inside keeps the background colour
    assert same(filled) < 0.05  # filled on demand: tinted
    edge = (distance > rpx - 1.5) & (distance < rpx + 1.5)
    assert (np.abs(pixels(outline)[edge] - background).max(axis=1) > 10).mean() > 0.3  # the outline shows


def test_layers_dock_toggles_the_service_fill(main_window):
    dock = main_window.layers_dock
    dock.select_layer("stations")
    assert not dock.service_fill.isHidden() and not dock.service_fill.isChecked()
    dock.service_fill.setChecked(True)
    assert main_window.styles["stations"].service_fill
    dock.select_layer("grids")
    assert dock.service_fill.isHidden()


# ------------------------------------------------------------ band outlines by scale
def test_band_outlines_hidden_at_district_scale(editing):
    from gui.map.view import MapView

    window, feature, session = editing
    canvas = window.canvas
    canvas.zoom_full()
    canvas.repaint()
    assert feature.overlay.outlined >= 1  # the tiny grids are outside the band
    view = canvas.view
    canvas.set_view(MapView(view.cx, view.cy, 10.0, view.width, view.height))  # a 100 m grid: 10 px
    canvas.repaint()
    assert feature.overlay.outlined == 0
    canvas.zoom_full()
    canvas.repaint()
    assert feature.overlay.outlined >= 1


def test_map_legend_speaks_the_interface_language(app):
    """The map legend (presenter mode, print layouts) names the layers in the interface
    language: Buildings (coloured by grid) in English, 楼栋（按网格着色） in Chinese."""
    from PySide6.QtWidgets import QApplication

    from gui.app import install_translator
    from gui.map.decorations import legend_rows
    from gui.map.layer_style import default_styles

    styles = [s for s in default_styles() if s.name in ("stations", "buildings", "communities")]
    assert [r[0] for r in legend_rows(styles)] == ["党群服务站", "社区", "楼栋（按网格着色）"]
    install_translator(QApplication.instance(), "en")  # the app fixture switches back at teardown
    try:
        texts = [r[0] for r in legend_rows(styles)]
    finally:
        install_translator(QApplication.instance(), "zh")
    assert texts[2].endswith("(coloured by grid)") and texts[2].isascii()
    assert all(t.isascii() for t in texts), texts
