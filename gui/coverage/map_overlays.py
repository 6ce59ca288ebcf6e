"""Canvas overlays: buildings outside built-station coverage, and gap markers.

Gap markers are one per grid (with a count) at street scale and one per gap
when zoomed in to a grid (:class:`GapMarkersOverlay`).

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

from ..map.detail import aggregate_gap_markers
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


COUNT_PX = 9.0  # radius of an aggregated marker
COUNT_OFFSET_PX = 14.0  # below the grid's label point, so the grid's name stays readable


class GapMarkersOverlay:
    """A marker at each listed gap, coloured by severity (most severe drawn on top).

    Zoomed out (:func:`gui.map.detail.aggregate_gap_markers`), the gaps of
    one grid become one marker showing their number, coloured by the most
    severe; 366 markers at street scale buried the grid labels. Gaps without a
    grid (a community's, a missing area's) stay single.
    """

    def __init__(self):
        self.xy = np.empty((0, 2))
        self.severity = np.empty(0, dtype=np.int64)
        self.grid = np.empty(0, dtype=object)
        self.drawn = 0  # symbols drawn by the last paint (tests read it)
        self.aggregated = False  # whether the last paint drew one marker per grid

    def update(self, gaps, canvas) -> None:
        """``gaps``: the rows to mark (the gap list as filtered in the dock)."""
        g = gaps[np.isfinite(gaps["x"].to_numpy(dtype=float))] if len(gaps) else gaps
        order = np.argsort(g["severity"].to_numpy(dtype=np.int64), kind="stable") if len(g) else []
        if len(g):
            x, y = canvas.scene.to_metric.transform(g["x"].to_numpy(dtype=float), g["y"].to_numpy(dtype=float))
            self.xy = np.column_stack([x, y])[order]
            self.severity = g["severity"].to_numpy(dtype=np.int64)[order]
            grid = g["grid_id"] if "grid_id" in g else [None] * len(g)
            known = [v if v is not None and v == v and v != "" else None for v in grid]  # NaN: no grid
            self.grid = np.array(known, dtype=object)[order]
        else:
            self.xy, self.severity = np.empty((0, 2)), np.empty(0, dtype=np.int64)
            self.grid = np.empty(0, dtype=object)
        canvas.update()

    def paint(self, painter: QPainter, canvas) -> None:
        self.aggregated = bool(len(self.xy)) and aggregate_gap_markers(canvas)
        xy, severity, counts = self._per_grid() if self.aggregated else (
            self.xy, self.severity, np.ones(len(self.xy), dtype=np.int64))
        mask = _in_view(canvas, np.column_stack([xy, xy])) if len(xy) else np.zeros(0, bool)
        self.drawn = int(mask.sum())
        if not self.drawn:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        px, py = canvas.view.to_pixel(xy[mask, 0], xy[mask, 1])
        painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
        brushes = {s: QBrush(QColor(c)) for s, c in SEVERITY_COLOURS.items()}
        for x, y, s, n in zip(px.tolist(), py.tolist(), severity[mask].tolist(), counts[mask].tolist()):
            painter.setBrush(brushes.get(s, brushes[1]))
            if n > 1 or self.aggregated:
                _count_marker(painter, x, y + COUNT_OFFSET_PX, n)
            else:
                painter.drawEllipse(QRectF(x - MARKER_PX, y - MARKER_PX, 2 * MARKER_PX, 2 * MARKER_PX))

    def _per_grid(self):
        """(xy, most severe, count) per grid, plus the gaps without a grid as they are."""
        has_grid = np.array([g is not None for g in self.grid], dtype=bool)
        single = np.flatnonzero(~has_grid)
        keys, inverse = np.unique(self.grid[has_grid].astype(str), return_inverse=True)
        n = len(keys)
        counts = np.bincount(inverse, minlength=n)
        xy = np.column_stack([np.bincount(inverse, self.xy[has_grid, i], n) / counts for i in (0, 1)])
        worst = np.zeros(n, dtype=np.int64)
        np.maximum.at(worst, inverse, self.severity[has_grid])
        order = np.argsort(worst, kind="stable")  # the most severe on top
        return (np.vstack([self.xy[single], xy[order]]),
                np.concatenate([self.severity[single], worst[order]]),
                np.concatenate([np.ones(len(single), dtype=np.int64), counts[order]]))


def _count_marker(painter: QPainter, x: float, y: float, count: int) -> None:
    """A disc with the number of gaps it stands for (the brush is set by the caller)."""
    text = str(count) if count < 100 else "99+"
    r = COUNT_PX + (3 if len(text) > 2 else 0)
    painter.drawEllipse(QPointF(x, y), r, r)
    font = painter.font()
    font.setPixelSize(11)
    font.setBold(True)
    painter.save()
    painter.setFont(font)
    painter.drawText(QRectF(x - r, y - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
