"""The identified feature outlined on the map, so that the panel's text and the map point at one thing.

:class:`IdentifyHighlight` is a canvas overlay: :meth:`show` takes a layer and
id (what the identify panel shows), keeps the feature's outline in metric
coordinates and draws it in a colour used for nothing else (amber, wide,
over every layer); points get a ring. :meth:`clear` removes it. The outline
is rebuilt from the project each time it is shown, so an edited feature is
outlined where it is now.
"""
from __future__ import annotations

import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen

from geo.editing.metric import to_metric

from ..editing.overlays import metric_path, paint_paths

HIGHLIGHT_COLOUR = QColor("#FFAB00")
#: Ring radius (pixels) around an identified point feature.
POINT_RING_PIXELS = 12


class IdentifyHighlight:
    def __init__(self, canvas, project):
        self.canvas, self.project = canvas, project
        self.feature = None  # (layer, id) shown
        self._path = self._points = None
        canvas.add_overlay(self)

    def show(self, layer: str, id_) -> None:
        frame = self.project[layer]
        if id_ not in frame.index or "geometry" not in frame.columns or frame.at[id_, "geometry"] is None:
            self.clear()
            return
        geom = to_metric(self.project, frame.at[id_, "geometry"])
        polygons = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "LineString")]
        self._path = metric_path(shapely.GeometryCollection(polygons)) if polygons else None
        self._points = [(p.x, p.y) for p in shapely.get_parts(geom) if p.geom_type == "Point"]
        self.feature = (layer, id_)
        self.canvas.remove_overlay(self)
        self.canvas.add_overlay(self)  # on top of overlays added since (balance outlines, gap marks)
        self.canvas.update()

    def clear(self) -> None:
        self.feature = self._path = self._points = None
        self.canvas.update()

    def paint(self, painter, canvas) -> None:
        if self.feature is None:
            return
        painter.save()
        if self._path is not None:
            paint_paths(painter, canvas, [self._path], QPen(HIGHLIGHT_COLOUR, 3.5))
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(HIGHLIGHT_COLOUR, 3.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for x, y in self._points or ():
            px, py = canvas.map_to_pixel(x, y)
            painter.drawEllipse(QPointF(px, py), POINT_RING_PIXELS, POINT_RING_PIXELS)
        painter.restore()
