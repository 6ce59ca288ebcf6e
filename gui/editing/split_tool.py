"""The split tool: draw a line across a grid; the lighter side becomes a new grid.

Press, drag and release draws a straight cut; clicks with Shift held add
bends (a polyline) and a plain release ends it. The grid cut is the target
grid when the line crosses it, else the grid the line crosses longest. The
geometry is decided by :func:`geo.editing.grids.split_by_line`.
"""
from __future__ import annotations

import shapely
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QPen, QPolygonF
from shapely.geometry import LineString

from geo.editing.assign import EditRefused
from geo.editing.grids import split_by_line

from ..map.tools import CLICK_PIXELS, MapTool
from .session import session_of


def grid_to_cut(project, line, preferred=None):
    """The grid ``line`` (project CRS) cuts: ``preferred`` if it crosses it, else the longest cut."""
    grids = project["grids"]
    geoms = grids.geometry.values.to_numpy()
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    # only which grid is cut longest matters, so lengths in degrees will do
    lengths = shapely.length(shapely.intersection(geoms[usable], line))
    crossed = dict(zip(grids.index[usable], lengths))
    crossed = {g: n for g, n in crossed.items() if n > 0}
    if preferred in crossed:
        return preferred
    return max(crossed, key=crossed.get) if crossed else None


class SplitLineTool(MapTool):
    name = "edit_split"
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas):
        super().__init__(canvas)
        self.points: list[QPointF] = []
        self.cursor_at = None

    def press(self, event) -> None:
        if not self.points:
            self.points = [event.position()]

    def move(self, event) -> None:
        self.cursor_at = event.position()
        if self.points:
            self.canvas.update()

    def release(self, event) -> None:
        if not self.points:
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.points.append(event.position())  # a bend; the next plain release ends the line
            return
        points = self.points + [event.position()]
        self.cancel()
        if sum((b - a).manhattanLength() for a, b in zip(points, points[1:])) >= CLICK_PIXELS:
            self.split_along(points)

    def cancel(self) -> None:
        self.points = []
        self.canvas.update()

    def split_along(self, pixels) -> bool:
        session = session_of(self.canvas)
        if session is None:
            return False
        to_project = self.canvas.scene.to_project
        coords = [to_project.transform(*self.canvas.pixel_to_map(p.x(), p.y())) for p in pixels]
        line = LineString(coords)
        grid = grid_to_cut(session.project, line, session.target)
        if grid is None:
            session.say(QCoreApplication.translate("EditTools", "这条线没有穿过任何网格"))
            return False
        try:
            command = split_by_line(session.project, grid, _extended(line), balance=session.balance)
        except EditRefused as exc:
            session.warn(QCoreApplication.translate("EditTools", "无法拆分网格 {grid}：{reason}")
                         .format(grid=grid, reason=str(exc)))
            return False
        text = QCoreApplication.translate("EditTools", "拆分网格 {grid}").format(grid=grid)
        if session.run(command, text):
            session.set_target(command.new_grid_id)
            return True
        return False

    def paint(self, painter) -> None:
        if not self.points:
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#C62828"), 2.0, Qt.PenStyle.DashLine))
        painter.drawPolyline(QPolygonF(self.points + ([self.cursor_at] if self.cursor_at else [])))


def _extended(line: LineString) -> LineString:
    """The line a hair longer at both ends, so a cut drawn to the very edge still splits."""
    if len(line.coords) < 2:
        return line
    (x0, y0), (x1, y1) = line.coords[0], line.coords[1]
    (xa, ya), (xb, yb) = line.coords[-2], line.coords[-1]
    k = 1e-6
    start = (x0 - (x1 - x0) * k, y0 - (y1 - y0) * k)
    end = (xb + (xb - xa) * k, yb + (yb - ya) * k)
    return shapely.LineString([start, *line.coords[1:-1], end]) if len(line.coords) > 2 else \
        shapely.LineString([start, end])
