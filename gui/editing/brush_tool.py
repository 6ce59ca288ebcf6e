"""Reassignment map tools: paint with a brush, click, rectangle or lasso buildings into the target grid.

All four gather buildings into one :class:`geo.editing.brush.BrushStroke`, so
the same rules hold (never from a locked grid, only inside the target's
community, whole compounds when asked). While the gesture lasts nothing is
written: each mouse move adds what the brush touches and publishes
``stroke.preview()`` for the balance panel and the out-of-band overlay. On
release the stroke becomes ONE command on the undo stack; Esc drops it.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from shapely.geometry import Point

from geo.editing.assign import EditRefused
from geo.editing.brush import BrushStroke
from geo.editing.metric import from_metric, to_metric

from ..map.tools import CLICK_PIXELS, HIT_PIXELS, LassoTool, MapTool, _DragTool
from .band_picture import BandPicture, stroke_paths
from .overlays import metric_path, view_transform
from .session import session_of

TAKEN_COLOUR = QColor("#1565C0")


class StrokeMixin:
    """The stroke's life cycle shared by the assignment tools (begin, take, finish, drop)."""

    stroke = None
    picks_on_canvas = False  # finds buildings with the canvas's hit index (click, rectangle, lasso)

    def session(self):
        return session_of(self.canvas)

    def activate(self) -> None:
        super().activate()
        session = self.session()
        if session is not None:
            # build the look-ups a first edit needs now, not between its release and its frame
            session.index.warm()
            session.balance.warm()
            if self.picks_on_canvas:
                self.canvas.feature_index("buildings")

    def begin(self) -> bool:
        session = self.session()
        if session is None:
            return False
        if session.target is None:
            session.say(QCoreApplication.translate("EditTools", "请先在“目标网格”中选择要分配到的网格"))
            return False
        try:
            self.stroke = BrushStroke(session.project, session.target, session.options(),
                                      balance=session.balance, index=session.index)
        except EditRefused as exc:
            session.say(str(exc))
            return False
        self._taken_paths = []
        self._taken_picture = TakenPicture()
        return True

    def take(self, ids, preview: bool = True) -> None:
        """Add ``ids`` to the stroke; ``preview=False`` when it is committed at once (a click, a
        rectangle, a lasso): a preview shown and withdrawn in the same event is never seen, and
        drawing it cost ~2 ms before the edit's command started."""
        added = self.stroke.add(ids)
        self.session().explain_untaken(self.stroke, ids)  # a locked grid or another community
        if added and preview:
            self._remember(added)
            self.session().set_preview(self.stroke.preview())
            self.canvas.update()

    def _remember(self, ids) -> None:
        frame = self.session().project["buildings"]
        geoms = frame.geometry.values[frame.index.get_indexer(list(ids))].to_numpy()
        self._taken_paths += [metric_path(g) for g in to_metric(self.session().project, geoms)]

    def finish(self) -> None:
        stroke, self.stroke = self.stroke, None
        session = self.session()
        if session.preview:
            session.set_preview({})
        self.canvas.update()
        command = stroke.commit() if stroke is not None else None
        if command is not None:
            text = QCoreApplication.translate("EditTools", "分配 {n} 栋楼到网格 {grid}")
            session.run(command, text.format(n=len(stroke.taken), grid=stroke.target))

    def drop(self) -> None:
        if self.stroke is not None:
            self.stroke.cancel()
            self.stroke = None
            self.session().set_preview({})
        self.canvas.update()

    def paint_taken(self, painter) -> None:
        if self.stroke is not None and self._taken_paths:
            self._taken_picture.paint(painter, self.canvas, self._taken_paths)


class TakenPicture:
    """The buildings a stroke has taken, as one transparent image: a brush step adds a few
    and draws only those, instead of every building taken so far on every paint."""

    MARGIN = 3  # pixels a 1.5 px antialiased outline reaches beyond its path's box

    def __init__(self):
        self.image = None
        self._view = None
        self._count = 0
        self._content = QRect()

    def paint(self, painter, canvas, paths) -> None:
        view = BandPicture._view_key(canvas)
        if view != self._view or self.image is None or len(paths) < self._count:
            ratio = canvas.devicePixelRatioF()
            self.image = QImage(max(round(canvas.width() * ratio), 1), max(round(canvas.height() * ratio), 1),
                                QImage.Format.Format_ARGB32_Premultiplied)
            self.image.setDevicePixelRatio(ratio)
            self.image.fill(Qt.GlobalColor.transparent)
            self._view, self._count, self._content = view, 0, QRect()
        if len(paths) > self._count:
            new = paths[self._count:]
            transform = view_transform(canvas.view)
            fill = QColor(TAKEN_COLOUR)
            fill.setAlpha(120)
            p = QPainter(self.image)
            stroke_paths(p, transform, new, QPen(TAKEN_COLOUR, 1.5), fill)
            p.end()
            for path in new:
                self._content = self._content.united(transform.mapRect(path.controlPointRect()).toAlignedRect()
                                                     .adjusted(-self.MARGIN, -self.MARGIN, self.MARGIN, self.MARGIN))
            self._content = self._content.intersected(BandPicture.image_rect(canvas))
            self._count = len(paths)
        if not self._content.isEmpty():
            ratio, c = self.image.devicePixelRatio(), self._content
            painter.drawImage(QRectF(c), self.image, QRectF(c.x() * ratio, c.y() * ratio,
                                                            c.width() * ratio, c.height() * ratio))


class BrushTool(StrokeMixin, MapTool):
    """Press and paint: every building the circle touches joins the stroke."""

    name = "edit_brush"
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas):
        super().__init__(canvas)
        self.cursor_at = None
        self._last = None

    def press(self, event) -> None:
        if self.begin():
            self._last = None
            self._paint_at(event.position())

    def move(self, event) -> None:
        self.cursor_at = event.position()
        if self.stroke is not None:
            self._paint_at(event.position())
        self.canvas.update()

    def release(self, event) -> None:
        if self.stroke is not None:
            self._paint_at(event.position())
            self.finish()

    def cancel(self) -> None:
        self.drop()

    def _paint_at(self, pos: QPointF) -> None:
        """Dab the brush at ``pos`` and along the way from the last dab (a fast drag skips pixels)."""
        session = self.session()
        radius_px = max(session.radius_m / self.canvas.view.mpp, 1.0)
        points = [pos]
        if self._last is not None:
            gap = math.hypot(pos.x() - self._last.x(), pos.y() - self._last.y())
            steps = int(gap / radius_px)
            points = [self._last + (pos - self._last) * (k / (steps + 1)) for k in range(1, steps + 1)] + points
        self._last = pos
        ids = []
        for p in points:
            x, y = self.canvas.pixel_to_map(p.x(), p.y())  # metres, the project's metric CRS
            ids += list(self._under(x, y, session.radius_m))
        if ids:
            self.take(list(dict.fromkeys(ids)))  # neighbouring dabs overlap

    def _under(self, x, y, radius_m):
        # BrushStroke.move_to adds per dab; querying first lets take() publish one preview per move.
        # The canvas's map coordinates are the project's metric CRS already: no round trip through it
        return self.stroke.index.query(from_metric(self.stroke.project, Point(x, y).buffer(radius_m, 8)))

    def paint(self, painter) -> None:
        self.paint_taken(painter)
        session = self.session()
        if self.cursor_at is None or session is None:
            return
        r = session.radius_m / self.canvas.view.mpp
        ring = brush_ring(round(r, 1), 30 if self.stroke is None else 60, self.canvas.devicePixelRatioF())
        half = ring.width() / ring.devicePixelRatio() / 2
        painter.drawImage(QPointF(self.cursor_at.x() - half, self.cursor_at.y() - half), ring)


_RINGS: dict = {}


def brush_ring(r: float, alpha: int, ratio: float = 1.0) -> QImage:
    """The brush cursor (a 1.5 px ring, translucent inside) drawn once per radius: an antialiased
    wide-pen ellipse goes through Qt's general stroker, a few ms on every mouse move."""
    key = (r, alpha, ratio)
    image = _RINGS.get(key)
    if image is None:
        side = 2 * r + 4
        pixels = max(round(side * ratio), 1)
        image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(TAKEN_COLOUR, 1.5))
        p.setBrush(QColor(21, 101, 192, alpha))
        p.drawEllipse(QPointF(side / 2, side / 2), r, r)
        p.end()
        if len(_RINGS) > 64:  # zooming makes new radii; a few dozen cover a session
            _RINGS.clear()
        image = _RINGS[key] = image
    return image


class AssignRectTool(StrokeMixin, _DragTool):
    """Click a building, or drag a rectangle: what it touches goes to the target grid."""

    name = "edit_assign_rect"
    picks_on_canvas = True

    def clicked(self, point, event) -> None:
        x, y = self.canvas.pixel_to_map(point.x(), point.y())
        ids = self.canvas.feature_index("buildings").at_point(x, y, HIT_PIXELS * self.canvas.view.mpp)
        self._assign(ids[:1])

    def dragged(self, rect, event) -> None:
        x0, y0 = self.canvas.pixel_to_map(rect.left(), rect.bottom())
        x1, y1 = self.canvas.pixel_to_map(rect.right(), rect.top())
        self._assign(self.canvas.feature_index("buildings").in_rect(x0, y0, x1, y1))

    def _assign(self, ids) -> None:
        if ids and self.begin():
            self.take(ids, preview=False)
            self.finish()


class AssignLassoTool(StrokeMixin, LassoTool):
    """Draw a free outline: the buildings it touches go to the target grid."""

    name = "edit_assign_lasso"
    picks_on_canvas = True

    def release(self, event) -> None:
        points = self.points + [event.position()]
        LassoTool.cancel(self)
        if len(points) < 3 or max(abs(p.x() - points[0].x()) + abs(p.y() - points[0].y())
                                  for p in points) < CLICK_PIXELS:
            return
        coords = [self.canvas.pixel_to_map(p.x(), p.y()) for p in points]
        ids = self.canvas.feature_index("buildings").in_polygon(coords)
        if ids and self.begin():
            self.take(ids, preview=False)
            self.finish()


ASSIGN_TOOLS = (BrushTool, AssignRectTool, AssignLassoTool)
