"""Overlay pictures: paths built with numpy equal the vertex-by-vertex path; the balance overlay
redraws its pictures only when what they show changed."""
import pytest
import shapely
from PySide6.QtGui import QPainterPath
from PySide6.QtCore import Qt

pytest.importorskip("PySide6")

from tests.editing_gui_helpers import editing, no_blocking_boxes  # noqa: E402,F401


def _reference(geom) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for part in shapely.get_parts(geom):
        if part.is_empty:
            continue
        for ring in [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]:
            xy = list(ring.coords)
            if len(xy) < 2:
                continue
            path.moveTo(*xy[0])
            for x, y in xy[1:]:
                path.lineTo(x, y)
    return path


@pytest.mark.parametrize("geom", [
    shapely.box(0, 0, 5, 4),
    shapely.Point(0, 0).buffer(10, 64),  # beyond SMALL_PATH: built with numpy
    shapely.Point(0, 0).buffer(10, 64).difference(shapely.Point(1, 1).buffer(3, 32)),
    shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.Point(5, 5).buffer(2, 40)]),
    shapely.Polygon(),
])
def test_metric_path_equals_the_vertex_by_vertex_path(geom):
    from gui.editing.overlays import metric_path

    ours, theirs = metric_path(geom), _reference(geom)
    assert ours.fillRule() == theirs.fillRule()
    assert ours.elementCount() == theirs.elementCount()
    for i in range(ours.elementCount()):
        a, b = ours.elementAt(i), theirs.elementAt(i)
        assert (a.x, a.y, a.type) == (b.x, b.y, b.type)


def test_the_balance_overlay_redraws_only_after_a_change(editing):
    window, feature, session = editing
    canvas, overlay = window.canvas, feature.overlay
    grids = window.project["grids"].index
    session.set_target(grids[0])
    canvas.repaint()
    bands = overlay.bands.full_draws + overlay.bands.partial_draws
    target = overlay.target.image
    for _ in range(3):
        canvas.repaint()  # nothing changed: blits only
    assert overlay.bands.full_draws + overlay.bands.partial_draws == bands
    assert overlay.target.image is target
    session.set_target(grids[1])
    canvas.repaint()
    assert overlay.target.image is not target  # the target moved: drawn again
