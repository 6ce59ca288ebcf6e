"""The station tool: click empty map to add a planned station, drag a station to move it.

Clicking an existing station shows it in the identify panel, whose context
menu changes its radius and status (:mod:`gui.editing.member_actions`).
Each edit is one command; coverage (``window.coverage()``) follows through
``project.changed``.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QPen
from shapely.geometry import Point

from geo.editing.stations import add_station, move_station

from ..map.tools import CLICK_PIXELS, HIT_PIXELS, MapTool
from .session import session_of


class StationTool(MapTool):
    name = "edit_station"
    cursor = Qt.CursorShape.PointingHandCursor

    def __init__(self, canvas):
        super().__init__(canvas)
        self.start = self.end = None
        self.station = None

    def press(self, event) -> None:
        self.start = self.end = event.position()
        x, y = self.canvas.pixel_to_map(self.start.x(), self.start.y())
        hits = self.canvas.feature_index("stations").at_point(x, y, HIT_PIXELS * 2 * self.canvas.view.mpp)
        self.station = hits[0] if hits else None

    def move(self, event) -> None:
        if self.start is not None:
            self.end = event.position()
            self.canvas.update()

    def release(self, event) -> None:
        if self.start is None:
            return
        start, end, station = self.start, event.position(), self.station
        self.cancel()
        session = session_of(self.canvas)
        if session is None:
            return
        dragged = (end - start).manhattanLength() >= CLICK_PIXELS
        lon, lat = self._project_xy(end)
        if station is not None and dragged:
            text = QCoreApplication.translate("EditTools", "移动服务站 {id}").format(id=station)
            session.run(move_station(session.project, station, lon, lat), text)
        elif station is not None:
            self.canvas.featureClicked.emit("stations", station)
        elif not dragged:
            self._add(session, lon, lat)

    def _add(self, session, lon, lat) -> None:
        project = session.project
        comms = project["communities"]
        hit = comms.index[comms.geometry.contains(Point(lon, lat))]
        community = hit[0] if len(hit) else None
        name = QCoreApplication.translate("EditTools", "规划党群服务站{n}").format(n=len(project["stations"]) + 1)
        command = add_station(project, lon, lat, name, status="planned", community_id=community)
        session.run(command, QCoreApplication.translate("EditTools", "新建服务站 {name}").format(name=name))

    def _project_xy(self, pos: QPointF):
        return self.canvas.scene.to_project.transform(*self.canvas.pixel_to_map(pos.x(), pos.y()))

    def cancel(self) -> None:
        self.start = self.end = self.station = None
        self.canvas.update()

    def paint(self, painter) -> None:
        if self.station is None or self.end is None:
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#AD1457"), 2.0, Qt.PenStyle.DashLine))
        painter.drawLine(self.start, self.end)
        painter.setBrush(QColor("#AD1457"))
        painter.drawEllipse(self.end, 6, 6)
