"""A laser pointer on the map: a bright red dot at the mouse with a fading trail.

A canvas overlay (``canvas.add_overlay``) fed by an event filter on the
canvas, so it needs nothing from the map tools: it only watches mouse moves
and never consumes them. The trail fades over :data:`TRAIL_SECONDS`; a timer
repaints only while there is a trail to fade.
"""
from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QPen, QRadialGradient

TRAIL_SECONDS = 0.6
FRAME_MS = 30
RED = (230, 20, 30)


class LaserPointer(QObject):
    """``attach(canvas)`` to start following the mouse, ``detach()`` to stop."""

    def __init__(self, parent=None, scale: float = 1.0):
        super().__init__(parent)
        self.scale = scale
        self.canvas = None
        self.trail: deque[tuple[QPointF, float]] = deque(maxlen=120)
        self.position: QPointF | None = None
        self._timer = QTimer(self, interval=FRAME_MS, timeout=self._tick)

    def attach(self, canvas) -> None:
        self.canvas = canvas
        canvas.installEventFilter(self)
        canvas.add_overlay(self)

    def detach(self) -> None:
        if self.canvas is not None:
            self.canvas.removeEventFilter(self)
            self.canvas.remove_overlay(self)
        self.canvas, self.position = None, None
        self.trail.clear()
        self._timer.stop()

    def move_to(self, point: QPointF, now: float | None = None) -> None:
        """Where the pointer is now (the event filter calls this; tests may too)."""
        self.position = QPointF(point)
        self.trail.append((self.position, time.monotonic() if now is None else now))
        if not self._timer.isActive():
            self._timer.start()
        if self.canvas is not None:
            self.canvas.update()

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            self.move_to(event.position())
        elif kind == QEvent.Type.Leave:
            self.position = None
            self.canvas.update()
        return False  # the map tools still get every event

    def _tick(self) -> None:
        self._drop_old(time.monotonic())
        if not self.trail:
            self._timer.stop()
        if self.canvas is not None:
            self.canvas.update()

    def _drop_old(self, now: float) -> None:
        while self.trail and now - self.trail[0][1] > TRAIL_SECONDS:
            self.trail.popleft()

    # ------------------------------------------------------------ overlay
    def paint(self, painter, canvas) -> None:
        now = time.monotonic()
        self._drop_old(now)
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        points = list(self.trail)
        for (a, _), (b, t) in zip(points, points[1:]):
            fade = max(0.0, 1.0 - (now - t) / TRAIL_SECONDS)
            pen = QPen(QColor(*RED, int(200 * fade)), 5 * self.scale * (0.4 + 0.6 * fade))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(a, b)
        if self.position is not None:
            self._dot(painter, self.position)

    def _dot(self, painter, at: QPointF) -> None:
        r = 11 * self.scale
        glow = QRadialGradient(at, r)
        glow.setColorAt(0.0, QColor(255, 255, 255, 255))
        glow.setColorAt(0.25, QColor(*RED, 255))
        glow.setColorAt(0.6, QColor(*RED, 110))
        glow.setColorAt(1.0, QColor(*RED, 0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glow)
        painter.drawEllipse(at, r, r)
