"""A stand-in for gui.map.canvas.MapCanvas while the real canvas is not installed.

It offers the canvas's documented API (zoom_to_bounds, zoom_full, set_tool and
the four signals) so the window, the docks and their tests run either way;
it draws nothing but a note.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget


class PlaceholderCanvas(QWidget):
    featureClicked = Signal(str, object)
    coordinatesChanged = Signal(float, float)
    scaleChanged = Signal(float)
    renderFinished = Signal()

    def __init__(self, project, selection, styles, parent=None):
        super().__init__(parent)
        self.project, self.selection, self.styles = project, selection, styles
        self.tool = "pan"
        self.bounds = project.bounds()

    def zoom_to_bounds(self, bounds, crs: str = "project", margin: float = 0.1) -> None:
        self.bounds = tuple(bounds)
        self.update()

    def zoom_full(self) -> None:
        self.bounds = self.project.bounds()
        self.update()

    def zoom_at(self, px: float, py: float, factor: float) -> None:
        if self.bounds is None:
            return
        minx, miny, maxx, maxy = self.bounds
        cx, cy, hw, hh = (minx + maxx) / 2, (miny + maxy) / 2, (maxx - minx) / 2 / factor, (maxy - miny) / 2 / factor
        self.zoom_to_bounds((cx - hw, cy - hh, cx + hw, cy + hh))

    def set_tool(self, name: str) -> None:
        self.tool = name

    def set_active_layer(self, name: str) -> None:
        self.active_layer = name

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#F4F1EA"))
        painter.setPen(QColor("#777777"))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("地图画布尚未安装"))
        painter.end()
