"""A short message drawn on the map, where the user is looking (a refused edit, a plan switch).

The status bar is at the edge of the window and easy to miss while the
eyes follow the brush; :class:`MapNotice` is a canvas overlay that draws one
line of text in a rounded box at the bottom centre of the map and goes away
after :data:`SHOW_MS` (or at the next notice). The text comes already
worded in the user's language.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen

#: How long a notice stays on the map (milliseconds).
SHOW_MS = 6000
#: Distance (pixels) between the notice and the bottom edge of the map.
BOTTOM_MARGIN = 48


class MapNotice:
    """One overlay per canvas; :meth:`show` replaces whatever it showed before."""

    def __init__(self, canvas, family: str | None = None):
        self.canvas, self.family = canvas, family
        self.text = ""
        self.warning = False
        self.timer = QTimer(canvas, singleShot=True, interval=SHOW_MS, timeout=self.hide)
        canvas.add_overlay(self)

    def show(self, text: str, warning: bool = True) -> None:
        self.text, self.warning = text, warning
        self.timer.start()
        self.canvas.update()

    def hide(self) -> None:
        self.text = ""
        self.canvas.update()

    def paint(self, painter, canvas) -> None:
        if not self.text:
            return
        font = QFont(self.family) if self.family else QFont(painter.font())
        font.setPointSizeF(11)
        metrics = QFontMetricsF(font)
        width = min(metrics.horizontalAdvance(self.text) + 32, canvas.width() - 40)
        box = QRectF((canvas.width() - width) / 2, canvas.height() - BOTTOM_MARGIN - metrics.height() - 16,
                     width, metrics.height() + 16)
        painter.save()
        painter.setFont(font)
        painter.setPen(QPen(QColor("#B71C1C" if self.warning else "#1565C0"), 1.5))
        painter.setBrush(QColor(255, 248, 225, 235) if self.warning else QColor(255, 255, 255, 235))
        painter.drawRoundedRect(box, 6, 6)
        painter.setPen(QColor("#212121"))
        elided = metrics.elidedText(self.text, Qt.TextElideMode.ElideRight, width - 24)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()
