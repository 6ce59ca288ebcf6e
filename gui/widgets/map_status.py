"""The status bar's permanent part: cursor coordinates, map scale, project summary."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget



class MapStatusWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary, self.coords, self.scale = QLabel(self), QLabel(self), QLabel(self)
        self.plan = QLabel(self)
        self.plan.setObjectName("PlanLabel")
        self.coords.setMinimumWidth(220)
        self.scale.setMinimumWidth(110)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.plan, self.summary, self.coords, self.scale):
            layout.addWidget(label)
        self._xy = self._scale = None
        self._figures = self._plan = None
        self.retranslate()

    def connect_canvas(self, canvas) -> None:
        canvas.coordinatesChanged.connect(self.set_coordinates)
        canvas.scaleChanged.connect(self.set_scale)
        view = getattr(canvas, "view", None)
        if view is not None:  # the canvas zoomed to the project before we listened
            self.set_scale(view.mpp)

    def show_project(self, project) -> None:
        """Counts of the street (called again after every edit) and the plan the map shows."""
        # plain lengths, cheap enough to redo after every brush stroke even at district scale
        self._figures = {layer: len(project[layer]) for layer in ("communities", "grids", "buildings", "members")}
        self._plan = shown_plan(project)
        self.retranslate()

    def plan_text(self) -> str:
        """The plan the live layers hold, marked current or not adopted; "" before the first plan."""
        if self._plan is None:
            return ""
        name, proposal = self._plan
        if not proposal and name == "现状":  # geo.editing.plans.CURRENT_NAME, the plan the first proposal records  # "方案：现状（现状）" would say it twice
            return self.tr("方案：现状")
        return (self.tr("方案：{name}（未采纳）") if proposal else self.tr("方案：{name}（现状）")).format(name=name)

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
        self.plan.setText(self.plan_text())
        self.plan.setVisible(self._plan is not None)
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


def shown_plan(project) -> tuple[str, bool] | None:
    """(name, is a proposal) of the plan in the live layers, or None before the first plan."""
    from geo.editing.plan_state import active_plan, current_plan  # noqa: PLC0415 (editing loads late)

    plan = active_plan(project)
    if plan is None:
        return None
    return str(project["plans"].at[plan, "name"]), plan != current_plan(project)
