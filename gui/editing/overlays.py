"""Canvas overlays for editing: out-of-band grids, highlighted features, a problem marker.

An overlay keeps its shapes as ``QPainterPath`` objects in metric map
coordinates, built once, and paints them through the view's transform with a
cosmetic pen: panning and zooming cost a matrix, not a rebuild (as the canvas
itself does with its image).
"""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen, QTransform

from geo.editing.metric import to_metric

from ..map.detail import show_band_outlines
from .band_picture import BandPicture, stroke_paths

STATUS_COLOURS = {"under": QColor("#EF6C00"), "over": QColor("#C62828"), "ok": QColor("#2E7D32")}


def metric_path(geom) -> QPainterPath:
    """A polygon or multipolygon (metric) as one path with odd-even holes."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for part in shapely.get_parts(geom):
        if part.is_empty:
            continue
        rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
        for ring in rings:
            xy = np.asarray(ring.coords)
            if len(xy) < 2:
                continue
            path.moveTo(*xy[0])
            for x, y in xy[1:]:
                path.lineTo(x, y)
    return path


def view_transform(view) -> QTransform:
    """Metric map coordinates → canvas pixels (y flips)."""
    s = 1.0 / view.mpp
    return QTransform(s, 0, 0, -s, -view.cx * s + view.width / 2, view.cy * s + view.height / 2)


def paint_paths(painter, canvas, paths, pen: QPen, brush=Qt.BrushStyle.NoBrush) -> None:
    stroke_paths(painter, view_transform(canvas.view), paths, pen, brush)


class GridPaths:
    """Metric paths of the grids, rebuilt per grid when its polygon changes."""

    def __init__(self, project):
        self.project = project
        self._paths: dict = {}  # a dropped path is built anew: pictures tell by identity what changed

    def invalidate(self, grid_ids=None) -> None:
        if grid_ids is None:
            self._paths.clear()
        for g in grid_ids or ():
            self._paths.pop(g, None)

    def path(self, grid_id) -> QPainterPath | None:
        path = self._paths.get(grid_id)
        grids = self.project["grids"]
        if path is None and grid_id in grids.index:
            geom = grids.at[grid_id, "geometry"]
            path = self._paths[grid_id] = metric_path(to_metric(self.project, geom)) if geom is not None \
                else QPainterPath()
        return path


class BalanceOverlay:
    """Grids outside the households band, outlined (orange under, red over), live during a stroke.

    Zoomed out to district scale the outlines are left out
    (:func:`gui.map.detail.show_band_outlines`); the brush target stays.
    """

    def __init__(self, session):
        self.session = session
        self.paths = GridPaths(session.project)
        self.visible = True
        self.outlined = 0
        self.bands = BandPicture(self.paths, STATUS_COLOURS)

    def paint(self, painter, canvas) -> None:
        if not self.visible:
            return
        self.outlined = 0  # grids outlined by this paint (tests read it)
        if show_band_outlines(canvas):
            self._paint_bands(painter, canvas)
        self._paint_target(painter, canvas)

    def _paint_bands(self, painter, canvas) -> None:
        by_status = {"under": [], "over": []}
        cache = canvas.scene.cache("grids")  # only the grids in view
        ids = cache.ids[cache.visible(canvas.view.bbox)].tolist()
        for g, status in zip(ids, self.session.statuses(ids).tolist()):
            if status != "ok":
                by_status[status].append(g)
        # a brush move or an edit changes a few grids' status: the picture repairs only their box
        self.outlined += self.bands.update(canvas, view_transform(canvas.view), by_status)
        painter.drawImage(0, 0, self.bands.image)

    def _paint_target(self, painter, canvas) -> None:
        path = self.paths.path(self.session.target) if self.session.target is not None else None
        if path is not None and not path.isEmpty():
            paint_paths(painter, canvas, [path], QPen(QColor("#1565C0"), 3.0))


class HighlightOverlay:
    """Shapes given in the project CRS drawn in one colour (moved buildings, changed grids)."""

    def __init__(self, project, geoms=(), colour="#D81B60", fill_alpha=90, dashed=False):
        self.colour, self.fill_alpha, self.dashed = QColor(colour), fill_alpha, dashed
        self.project = project
        self.set_geoms(geoms)

    def set_geoms(self, geoms) -> None:
        geoms = [g for g in geoms if g is not None and not g.is_empty]
        metric = to_metric(self.project, np.asarray(geoms, dtype=object)) if geoms else []
        self._paths = [metric_path(g) for g in metric]

    def paint(self, painter, canvas) -> None:
        fill = QColor(self.colour)
        fill.setAlpha(self.fill_alpha)
        style = Qt.PenStyle.DashLine if self.dashed else Qt.PenStyle.SolidLine
        paint_paths(painter, canvas, self._paths, QPen(self.colour, 2.0, style),
                    fill if self.fill_alpha else Qt.BrushStyle.NoBrush)


class MarkerOverlay:
    """A ring around one metric point (a topology problem's location)."""

    def __init__(self):
        self.point = None

    def paint(self, painter, canvas) -> None:
        if self.point is None:
            return
        px, py = canvas.map_to_pixel(*self.point)
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#C62828"), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(px, py), 14, 14)
        painter.drawLine(QPointF(px - 20, py), QPointF(px + 20, py))
        painter.drawLine(QPointF(px, py - 20), QPointF(px, py + 20))
