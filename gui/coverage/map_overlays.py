"""Canvas overlays: buildings outside built-station coverage, and gap markers.

Both are ``obj.paint(painter, canvas)`` overlays (see
:meth:`gui.map.canvas.MapCanvas.add_overlay`). They keep their features in
metres as numpy arrays, updated when the coverage figures change, and on each
repaint draw only what is in view: a numpy bounding-box mask culls, and a
building smaller than a few pixels is drawn as a dot rather than a polygon.
"""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from .labels import SEVERITY_COLOURS

UNCOVERED = "#D7191C"
MIN_POLYGON_PX = 4.0  # below this a building is a dot
MAX_POLYGONS = 4000  # beyond this many in view, dots (a city view would take seconds)
MARKER_PX = 6.0


def _in_view(canvas, boxes: np.ndarray) -> np.ndarray:
    """Mask of metric boxes (n, 4) that meet the canvas's view."""
    minx, miny, maxx, maxy = canvas.view.bbox
    return ((boxes[:, 2] >= minx) & (boxes[:, 0] <= maxx)
            & (boxes[:, 3] >= miny) & (boxes[:, 1] <= maxy))


class UncoveredBuildingsOverlay:
    """Buildings outside every built station's service radius, in red."""

    def __init__(self):
        self.geoms = np.empty(0, dtype=object)
        self.boxes = np.empty((0, 4))
        self.drawn = 0  # features drawn by the last paint (tests and benchmarks read it)

    def update(self, model, canvas) -> None:
        covered = model.buildings["station_covered"]
        ids = covered.index[~covered.to_numpy(dtype=bool)]
        cache = canvas.scene.cache("buildings")
        pos = np.array([cache.position[i] for i in ids if i in cache.position], dtype=np.int64)
        self.geoms, self.boxes = cache.geoms[pos], cache.bbox[pos].reshape(-1, 4)
        canvas.update()

    def paint(self, painter: QPainter, canvas) -> None:
        mask = _in_view(canvas, self.boxes)
        boxes, geoms, view = self.boxes[mask], self.geoms[mask], canvas.view
        self.drawn = len(boxes)
        if not len(boxes):
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = QColor(UNCOVERED)
        size = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) / view.mpp
        big = (size >= MIN_POLYGON_PX) if len(boxes) <= MAX_POLYGONS else np.zeros(len(boxes), bool)
        fill = QColor(colour)
        fill.setAlpha(110)
        painter.setPen(QPen(colour, 2.0))
        painter.setBrush(QBrush(fill))
        painter.drawPath(_polygons_path(geoms[big], view))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        px, py = view.to_pixel((boxes[~big, 0] + boxes[~big, 2]) / 2, (boxes[~big, 1] + boxes[~big, 3]) / 2)
        for x, y in zip(px.tolist(), py.tolist()):
            painter.drawEllipse(QPointF(x, y), 2.5, 2.5)


def _polygons_path(geoms, view) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for ring in shapely.get_exterior_ring(shapely.get_parts(geoms)).tolist():
        if ring is None:
            continue
        xy = shapely.get_coordinates(ring)
        px, py = view.to_pixel(xy[:, 0], xy[:, 1])
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in zip(px.tolist(), py.tolist())]))
    return path


class GapMarkersOverlay:
    """A marker at each listed gap, coloured by severity (most severe drawn on top)."""

    def __init__(self):
        self.xy = np.empty((0, 2))
        self.severity = np.empty(0, dtype=np.int64)
        self.drawn = 0

    def update(self, gaps, canvas) -> None:
        """``gaps``: the rows to mark (the gap list as filtered in the dock)."""
        g = gaps[np.isfinite(gaps["x"].to_numpy(dtype=float))] if len(gaps) else gaps
        order = np.argsort(g["severity"].to_numpy(dtype=np.int64), kind="stable") if len(g) else []
        if len(g):
            x, y = canvas.scene.to_metric.transform(g["x"].to_numpy(dtype=float), g["y"].to_numpy(dtype=float))
            self.xy = np.column_stack([x, y])[order]
            self.severity = g["severity"].to_numpy(dtype=np.int64)[order]
        else:
            self.xy, self.severity = np.empty((0, 2)), np.empty(0, dtype=np.int64)
        canvas.update()

    def paint(self, painter: QPainter, canvas) -> None:
        view = canvas.view
        mask = _in_view(canvas, np.column_stack([self.xy, self.xy])) if len(self.xy) else np.zeros(0, bool)
        self.drawn = int(mask.sum())
        if not self.drawn:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        px, py = view.to_pixel(self.xy[mask, 0], self.xy[mask, 1])
        painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
        brushes = {s: QBrush(QColor(c)) for s, c in SEVERITY_COLOURS.items()}
        for x, y, s in zip(px.tolist(), py.tolist(), self.severity[mask].tolist()):
            painter.setBrush(brushes.get(s, brushes[1]))
            painter.drawEllipse(QRectF(x - MARKER_PX, y - MARKER_PX, 2 * MARKER_PX, 2 * MARKER_PX))
