"""The north arrow of a printed map: a split arrowhead with an "N" (grid north of the map CRS)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen


def draw_north_arrow(painter: QPainter, centre: QPointF, size: float,
                     family: str | None = None) -> QRectF:
    """An arrow ``size`` pixels tall centred on ``centre``; returns the box it used.

    The map's metric CRS (Gauss-Krüger / UTM) has north up within a degree
    or so over a street, so the arrow points straight up.
    """
    half_w, top, bottom = size * 0.28, centre.y() - size * 0.30, centre.y() + size * 0.50
    tip, notch = QPointF(centre.x(), top), QPointF(centre.x(), centre.y() + size * 0.28)
    left = _triangle(tip, QPointF(centre.x() - half_w, bottom), notch)
    right = _triangle(tip, QPointF(centre.x() + half_w, bottom), notch)
    box = QRectF(centre.x() - size * 0.42, centre.y() - size * 0.62, size * 0.84, size * 1.2)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 215))
    painter.drawRoundedRect(box, size * 0.08, size * 0.08)
    painter.setPen(QPen(QColor("#1B2433"), max(1.0, size * 0.02)))
    painter.setBrush(QColor("#1B2433"))
    painter.drawPath(left)
    painter.setBrush(QColor("white"))
    painter.drawPath(right)
    font = QFont(family) if family else QFont()
    font.setPixelSize(max(1, round(size * 0.26)))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(box.left(), box.top(), box.width(), top - box.top()),
                     Qt.AlignmentFlag.AlignCenter, "N")
    painter.restore()
    return box


def _triangle(a: QPointF, b: QPointF, c: QPointF) -> QPainterPath:
    path = QPainterPath(a)
    path.lineTo(b)
    path.lineTo(c)
    path.closeSubpath()
    return path
