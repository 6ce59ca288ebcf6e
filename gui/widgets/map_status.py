"""The status bar's permanent part: cursor coordinates, map scale, project summary."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from geo.stats import counts


class MapStatusWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary, self.coords, self.scale = QLabel(self), QLabel(self), QLabel(self)
        self.coords.setMinimumWidth(220)
        self.scale.setMinimumWidth(110)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.summary, self.coords, self.scale):
            layout.addWidget(label)
        self._xy = self._scale = None
        self._figures = None
        self.retranslate()

    def connect_canvas(self, canvas) -> None:
        canvas.coordinatesChanged.connect(self.set_coordinates)
        canvas.scaleChanged.connect(self.set_scale)
        view = getattr(canvas, "view", None)
        if view is not None:  # the canvas zoomed to the project before we listened
            self.set_scale(view.mpp)

    def show_project(self, project) -> None:
        self._figures = counts(project)["street"]
        self.retranslate()

    def set_coordinates(self, x: float, y: float) -> None:
        self._xy = (x, y)
        self.coords.setText(self.tr("坐标 {x:.6f}, {y:.6f}").format(x=x, y=y) if abs(x) < 1000
                            else self.tr("坐标 {x:.1f}, {y:.1f}").format(x=x, y=y))

    def set_scale(self, metres_per_pixel: float) -> None:
        """The canvas reports metres per pixel; people read 1:N at this screen's resolution."""
        self._scale = metres_per_pixel
        denominator = metres_per_pixel * self.logicalDpiX() / 0.0254
        self.scale.setText(self.tr("比例尺 1:{n:,.0f}").format(n=denominator))

    def retranslate(self) -> None:
        if self._figures:
            self.summary.setText(self.tr("{communities} 个社区 · {grids} 个网格 · {buildings} 栋楼 · {members} 名党员")
                                 .format(**self._figures))
        if self._xy:
            self.set_coordinates(*self._xy)
        else:
            self.coords.setText(self.tr("坐标 —"))
        if self._scale:
            self.set_scale(self._scale)
        else:
            self.scale.setText(self.tr("比例尺 —"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
