"""CasesOverlay: open cases on the map, one dot per case coloured by state, overdue ones in red.

A canvas overlay (``paint(painter, canvas)``, see
:meth:`gui.map.canvas.MapCanvas.add_overlay`): the open cases' points are
kept in metres as numpy arrays, refreshed when cases change
(:meth:`CasesOverlay.update`), and each repaint draws only those in view
(a numpy box mask), overdue cases last so they stay on top. The item chosen
in the lists dock (any list) gets a ring (:meth:`CasesOverlay.mark`).
"""
from __future__ import annotations

from datetime import date

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF

from geo.lists.case_states import RESOLVED_STATES, overdue

from .labels import OVERDUE_COLOUR, STATE_COLOURS

DOT_PX = 5.0
OVERDUE_PX = 6.5
RING_PX = 11.0
#: Beyond this many dots in view they are stamped per colour (no white outline), not drawn one by one.
FEW_DOTS = 500


class CasesOverlay:
    def __init__(self):
        self.visible = True
        self.xy = np.empty((0, 2))
        self.states = np.empty(0, dtype=object)
        self.late = np.empty(0, dtype=bool)
        self.ids = np.empty(0, dtype=object)
        self.marked = None  # metric (x, y) of the item chosen in the dock
        self.drawn = 0  # dots drawn by the last paint (tests read it)

    def update(self, project, canvas, today: str | None = None) -> None:
        """Take the open cases of ``project`` (their points in the canvas's metres)."""
        try:
            cases = project["cases"]
        except KeyError:
            cases = None
        if cases is None or not len(cases):
            self._set(np.empty((0, 2)), np.empty(0, object), np.empty(0, bool), np.empty(0, object))
            canvas.update()
            return
        open_ = cases[~cases["state"].isin(RESOLVED_STATES)]
        geoms = open_.geometry
        present = geoms.notna().to_numpy() & ~geoms.is_empty.to_numpy()
        open_ = open_[present]
        late = overdue(open_, today or date.today().isoformat()).to_numpy(dtype=bool)
        x, y = canvas.scene.to_metric.transform(open_.geometry.x.to_numpy(), open_.geometry.y.to_numpy())
        order = np.argsort(late, kind="stable")  # overdue drawn last, on top
        self._set(np.column_stack([x, y])[order], open_["state"].to_numpy(dtype=object)[order],
                  late[order], open_.index.to_numpy(dtype=object)[order])
        canvas.update()

    def _set(self, xy, states, late, ids) -> None:
        self.xy, self.states, self.late, self.ids = xy, states, late, ids

    def mark(self, xy) -> None:
        """Ring the point ``xy`` (metres; None removes the ring)."""
        self.marked = xy

    def case_at(self, x: float, y: float, tolerance: float):
        """The id of the open case drawn nearest metric (x, y) within ``tolerance`` metres, or None."""
        if not self.visible or not len(self.xy):
            return None
        d = np.hypot(self.xy[:, 0] - x, self.xy[:, 1] - y)
        i = int(np.argmin(d))
        return self.ids[i] if d[i] <= tolerance else None

    def counts(self) -> dict:
        """Open cases held: {"open": n, "overdue": m} (tests and the layers dock)."""
        return {"open": int(len(self.xy)), "overdue": int(self.late.sum())}

    def paint(self, painter: QPainter, canvas) -> None:
        self.drawn = 0
        if not self.visible:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if len(self.xy):
            minx, miny, maxx, maxy = canvas.view.bbox
            mask = ((self.xy[:, 0] >= minx) & (self.xy[:, 0] <= maxx)
                    & (self.xy[:, 1] >= miny) & (self.xy[:, 1] <= maxy))
            self.drawn = int(mask.sum())
            px, py = canvas.view.to_pixel(self.xy[mask, 0], self.xy[mask, 1])
            self._dots(painter, px, py, self.states[mask], self.late[mask])
        if self.marked is not None:
            x, y = canvas.view.to_pixel(*self.marked)
            painter.setBrush(QBrush())
            painter.setPen(QPen(QColor("#111111"), 2.5))
            painter.drawEllipse(QPointF(float(x), float(y)), RING_PX, RING_PX)

    @staticmethod
    def _dots(painter, px, py, states, late) -> None:
        if len(px) > FEW_DOTS:  # a city's worth: one round-capped point stamp per colour, no outline
            CasesOverlay._many_dots(painter, px, py, states, late)
            return
        painter.setPen(QPen(QColor("#FFFFFF"), 1.2))
        brushes = {s: QBrush(QColor(c)) for s, c in STATE_COLOURS.items()}
        red = QBrush(QColor(OVERDUE_COLOUR))
        for x, y, state, is_late in zip(px.tolist(), py.tolist(), states.tolist(), late.tolist()):
            painter.setBrush(red if is_late else brushes.get(state, brushes["found"]))
            r = OVERDUE_PX if is_late else DOT_PX
            painter.drawEllipse(QPointF(x, y), r, r)

    @staticmethod
    def _many_dots(painter, px, py, states, late) -> None:
        groups = [(STATE_COLOURS.get(st, STATE_COLOURS["found"]), DOT_PX, (states == st) & ~late)
                  for st in STATE_COLOURS] + [(OVERDUE_COLOUR, OVERDUE_PX, late)]
        for colour, r, pick in groups:
            if pick.any():
                pen = QPen(QColor(colour), 2 * r)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawPoints(QPolygonF([QPointF(x, y) for x, y in zip(px[pick].tolist(), py[pick].tolist())]))
