"""Map tools: small objects with a life cycle, as in QGIS's QgsMapTool.

The canvas forwards ``press/move/release`` (with the mouse event) to the
active tool, calls ``activate``/``deactivate`` when tools change and
``cancel`` on Esc; ``paint`` draws the tool's rubber band over the map. The
geometry of a gesture (what a click, rectangle or lasso hits) is answered by
:mod:`geo.hit_test`; the selection rules (Shift adds, Ctrl removes) by
:mod:`geo.selection`.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from geo.selection import mode_for

#: A press and release closer than this (pixels) is a click, not a drag.
CLICK_PIXELS = 4
#: How near (pixels) a click must come to a point feature to hit it.
HIT_PIXELS = 6


class MapTool:
    name = ""
    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, canvas):
        self.canvas = canvas

    def activate(self) -> None:
        self.canvas.setCursor(self.cursor)

    def deactivate(self) -> None:
        self.cancel()

    def press(self, event) -> None: ...

    def move(self, event) -> None: ...

    def release(self, event) -> None: ...

    def cancel(self) -> None:
        """Esc: forget the gesture in progress."""

    def paint(self, painter: QPainter) -> None: ...


class PanTool(MapTool):
    name = "pan"
    cursor = Qt.CursorShape.OpenHandCursor

    def __init__(self, canvas):
        super().__init__(canvas)
        self.last = None

    def press(self, event) -> None:
        self.last = event.position()
        self.canvas.setCursor(Qt.CursorShape.ClosedHandCursor)

    def move(self, event) -> None:
        if self.last is not None:
            delta = event.position() - self.last
            self.last = event.position()
            self.canvas.pan_pixels(delta.x(), delta.y())

    def release(self, event) -> None:
        self.cancel()

    def cancel(self) -> None:
        self.last = None
        self.canvas.setCursor(self.cursor)


class _DragTool(MapTool):
    """A press-drag-release gesture with a rectangle rubber band."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas):
        super().__init__(canvas)
        self.start = self.end = None

    def press(self, event) -> None:
        self.start = self.end = event.position()

    def move(self, event) -> None:
        if self.start is not None:
            self.end = event.position()
            self.canvas.update()

    def release(self, event) -> None:
        if self.start is None:
            return
        start, end = self.start, event.position()
        self.cancel()
        if (end - start).manhattanLength() < CLICK_PIXELS:
            self.clicked(start, event)
        else:
            self.dragged(QRectF(start, end).normalized(), event)

    def cancel(self) -> None:
        self.start = self.end = None
        self.canvas.update()

    def paint(self, painter: QPainter) -> None:
        if self.start is not None and self.end is not None:
            painter.setPen(QPen(QColor("#1565C0"), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(21, 101, 192, 40))
            painter.drawRect(QRectF(self.start, self.end).normalized())

    def clicked(self, point: QPointF, event) -> None: ...

    def dragged(self, rect: QRectF, event) -> None: ...


class ZoomBoxTool(_DragTool):
    name = "zoom_box"

    def clicked(self, point, event) -> None:
        self.canvas.zoom_at(point.x(), point.y(), 2.0)

    def dragged(self, rect, event) -> None:
        self.canvas.zoom_to_pixel_rect(rect)


class IdentifyTool(_DragTool):
    name = "identify"
    cursor = Qt.CursorShape.WhatsThisCursor

    def clicked(self, point, event) -> None:
        hit = self.canvas.feature_at(point.x(), point.y())
        if hit is not None:
            self.canvas.featureClicked.emit(*hit)


def _mode(event) -> str:
    mods = event.modifiers()
    return mode_for(bool(mods & Qt.KeyboardModifier.ShiftModifier),
                    bool(mods & Qt.KeyboardModifier.ControlModifier))


def _layer_under(canvas, *points: QPointF) -> str | None:
    """The layer a gesture means: the one the user restricted selection to, else the
    layer of the topmost feature under the first of ``points`` that hits one."""
    if canvas.active_layer is not None:
        return canvas.active_layer
    for point in points:
        hit = canvas.feature_at(point.x(), point.y())
        if hit is not None:
            return hit[0]
    return None


def _select(canvas, layer: str | None, ids, mode: str) -> None:
    if mode == "replace" and canvas.active_layer is None:
        canvas.selection.clear()  # picking across layers: a new pick replaces all (empty map clears)
    if layer is not None:
        canvas.selection.select(layer, ids, mode)


def _click_select(canvas, point: QPointF, mode: str) -> None:
    if canvas.active_layer is not None:
        canvas.select_at(point.x(), point.y(), mode)
        return
    hit = canvas.feature_at(point.x(), point.y())
    if hit is None:
        _select(canvas, None, [], mode)
    else:
        _select(canvas, hit[0], [hit[1]], mode)


class SelectTool(_DragTool):
    """Click selects the feature under the cursor, a drag what the rectangle touches.

    Unrestricted (``canvas.active_layer is None``, the default) a click takes
    the topmost feature under the cursor on any visible layer (a building
    before its grid), and a drag the layer under where it started (else under
    its centre); restricted, both act on ``canvas.active_layer`` only.
    """

    name = "select"

    def clicked(self, point, event) -> None:
        _click_select(self.canvas, point, _mode(event))

    def dragged(self, rect, event) -> None:
        layer = _layer_under(self.canvas, rect.topLeft(), rect.center())
        x0, y0 = self.canvas.pixel_to_map(rect.left(), rect.bottom())
        x1, y1 = self.canvas.pixel_to_map(rect.right(), rect.top())
        ids = self.canvas.feature_index(layer).in_rect(x0, y0, x1, y1) if layer else []
        _select(self.canvas, layer, ids, _mode(event))


class LassoTool(MapTool):
    """Press and draw a free outline; everything it touches is selected on release."""

    name = "select_lasso"
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas):
        super().__init__(canvas)
        self.points: list[QPointF] = []

    def press(self, event) -> None:
        self.points = [event.position()]

    def move(self, event) -> None:
        if self.points:
            self.points.append(event.position())
            self.canvas.update()

    def release(self, event) -> None:
        points, mode = self.points + [event.position()], _mode(event)
        self.cancel()
        if len(points) >= 3:
            layer = _layer_under(self.canvas, points[0], QPolygonF(points).boundingRect().center())
            coords = [self.canvas.pixel_to_map(p.x(), p.y()) for p in points]
            _select(self.canvas, layer, self.canvas.feature_index(layer).in_polygon(coords) if layer else [], mode)
        elif points:
            _click_select(self.canvas, points[0], mode)

    def cancel(self) -> None:
        self.points = []
        self.canvas.update()

    def paint(self, painter: QPainter) -> None:
        if len(self.points) > 1:
            painter.setPen(QPen(QColor("#1565C0"), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(21, 101, 192, 40))
            painter.drawPolygon(QPolygonF(self.points))


TOOLS = {cls.name: cls for cls in (PanTool, ZoomBoxTool, IdentifyTool, SelectTool, LassoTool)}
TOOLS["select_rect"] = SelectTool
