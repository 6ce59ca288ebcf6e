"""Canvas overlays for editing: out-of-band grids, highlighted features, a problem marker.

An overlay keeps its shapes as ``QPainterPath`` objects in metric map
coordinates, built once, and paints them through the view's transform with a
cosmetic pen: panning and zooming cost a matrix, not a rebuild (as the canvas
itself does with its image).
"""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QTransform

from geo.editing.metric import to_metric

from ..map.detail import show_band_outlines
from ..map.paths import polygons_path
from .band_picture import WIDE_PASSES, BandPicture, outline_passes, stroke_paths

#: Up to this many vertices a path is built call by call (see metric_path).
SMALL_PATH = 48
STATUS_COLOURS = {"under": QColor("#EF6C00"), "over": QColor("#C62828"), "ok": QColor("#2E7D32")}


def metric_path(geom) -> QPainterPath:
    """A polygon or multipolygon (metric) as one path with odd-even holes.

    Laid out with numpy (:func:`gui.map.paths.polygons_path`), not a ``lineTo`` per
    vertex from Python: a grid's outline has hundreds of vertices, and an edit or a
    brush stroke builds such paths while the user waits."""
    parts = [p for p in shapely.get_parts(geom) if not p.is_empty]
    rings = []
    for part in parts:
        rings += [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
    coords, ring_of = shapely.get_coordinates(np.asarray(rings, dtype=object), return_index=True) \
        if rings else (np.empty((0, 2)), np.empty(0, dtype=np.int64))
    length = np.bincount(ring_of, minlength=len(rings))
    keep = np.repeat(length >= 2, length)  # a ring of one point draws nothing
    coords, ring_of = coords[keep], ring_of[keep]
    start = np.ones(len(ring_of), dtype=bool)
    start[1:] = ring_of[1:] != ring_of[:-1]
    if len(coords) > SMALL_PATH:
        path = polygons_path(coords[:, 0], coords[:, 1], start)
    else:  # a building's few vertices: calls are cheaper than the stream
        path = QPainterPath()
        for (x, y), first in zip(coords.tolist(), start.tolist()):
            if first:
                path.moveTo(x, y)
            else:
                path.lineTo(x, y)
    path.setFillRule(Qt.FillRule.OddEvenFill)
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
        self.version = 0  # bumped by every invalidation (overlays redraw their pictures)

    def invalidate(self, grid_ids=None) -> None:
        self.version += 1
        if grid_ids is None:
            self._paths.clear()
        for g in grid_ids or ():
            self._paths.pop(g, None)

    def build(self, grid_ids) -> None:
        """Build the missing paths of ``grid_ids`` with one transform for them all: an edit
        changes several outlines, and one by one each paid the transform's fixed cost. The
        same paths as :meth:`path` builds (the transform works point by point)."""
        grids = self.project["grids"]
        if not grids.index.is_unique:
            return  # duplicate ids: path() one by one, as before
        missing = [g for g in dict.fromkeys(grid_ids) if g not in self._paths]
        positions = grids.index.get_indexer(missing) if missing else np.empty(0, dtype=np.int64)
        missing = [g for g, i in zip(missing, positions.tolist()) if i >= 0]
        if len(missing) < 2:
            return  # none, or one: path() as it comes
        geoms = grids.geometry.values[positions[positions >= 0]].to_numpy()
        present = np.array([g is not None for g in geoms], dtype=bool)
        metric = iter(to_metric(self.project, geoms[present]) if present.any() else ())
        for g, has in zip(missing, present.tolist()):
            self._paths[g] = metric_path(next(metric)) if has else QPainterPath()

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

    The canvas paints several times per edit (the edit, its new frame, a dock
    asking); the outlines and the target are kept as pictures and brought up to
    date only when what they show may have changed: the view, the project (the
    scene's version), the stroke preview, the target, the grid paths or the
    committed figures (``balanceChanged``). Otherwise a paint is two blits.
    """

    def __init__(self, session):
        self.session = session
        self.paths = GridPaths(session.project)
        self.visible = True
        self.outlined = 0
        self.bands = BandPicture(self.paths, STATUS_COLOURS)
        self.target = TargetPicture()
        self._key = None
        self._show_bands = False
        self._figures = 0  # committed figures changed (rules, households): statuses may differ
        session.balanceChanged.connect(self._figures_changed)

    def _figures_changed(self, _grids=None) -> None:
        self._figures += 1

    def prepare(self, canvas) -> None:
        """Bring the pictures up to date for the next paint. The canvas calls it once it has asked
        for an edit's frame: the outlines are redrawn while the render thread draws the map, and
        the paint that shows the frame only lays the pictures on it."""
        if not self.visible:
            return
        key = (BandPicture._view_key(canvas), id(canvas.scene), canvas.scene.version, id(self.session.preview),
               self.session.target, self.paths.version, self._figures)
        if key != self._key:
            self.outlined = 0  # grids outlined by the picture (tests read it)
            self._show_bands = show_band_outlines(canvas)
            if self._show_bands:
                self._update_bands(canvas)
            path = self.paths.path(self.session.target) if self.session.target is not None else None
            self.target.update(canvas, view_transform(canvas.view), path)
            self._key = key

    def paint(self, painter, canvas) -> None:
        if not self.visible:
            return
        self.prepare(canvas)  # nothing to do when nothing changed since the last paint or prepare
        if self._show_bands:
            self.bands.paint(painter)
        self.target.paint(painter)

    def _update_bands(self, canvas) -> None:
        by_status = {"under": [], "over": []}
        cache = canvas.scene.cache("grids")  # only the grids in view
        ids = cache.ids[cache.visible(canvas.view.bbox)].tolist()
        for g, status in zip(ids, self.session.statuses(ids).tolist()):
            if status != "ok":
                by_status[status].append(g)
        self.paths.build(by_status["under"] + by_status["over"])
        # a brush move or an edit changes a few grids' status: the picture repairs only their box
        self.outlined += self.bands.update(canvas, view_transform(canvas.view), by_status)


class TargetPicture:
    """The brush target's outline (3 px, blue) as a small image over its box, drawn once per
    view and outline (an edit of the target redraws it while the map's frame is drawn), with
    five 1 px passes: a wide antialiased pen goes through Qt's general stroker, 4x slower."""

    PEN_MARGIN = 4

    def __init__(self):
        self.image = None
        self.at = QPointF()
        self._drawn = None

    def update(self, canvas, transform, path) -> None:
        if path is None or path.isEmpty():
            self.image, self._drawn = None, None
            return
        key = (BandPicture._view_key(canvas), path)
        if self._drawn is not None and self._drawn[0] == key[0] and self._drawn[1] is path:
            return
        box = transform.mapRect(path.controlPointRect()).toAlignedRect().adjusted(
            -self.PEN_MARGIN, -self.PEN_MARGIN, self.PEN_MARGIN, self.PEN_MARGIN).intersected(
            QRect(0, 0, canvas.width(), canvas.height()))
        self._drawn = key
        if box.isEmpty():
            self.image = None
            return
        ratio = canvas.devicePixelRatioF()
        image = QImage(max(round(box.width() * ratio), 1), max(round(box.height() * ratio), 1),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        outline_passes(p, transform * QTransform.fromTranslate(-box.x(), -box.y()), [path],
                       QPen(QColor("#1565C0"), 1.0), WIDE_PASSES)
        p.end()
        self.image, self.at = image, QPointF(box.topLeft())

    def paint(self, painter) -> None:
        if self.image is not None:
            painter.drawImage(self.at, self.image)


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
