"""Small icons for the editing tools, painted in code (one colour, 24 px)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

INK = QColor("#1565C0")


def _icon(draw) -> QIcon:
    pixmap = QPixmap(24, 24)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(INK, 2))
    draw(painter)
    painter.end()
    return QIcon(pixmap)


def _brush(p) -> None:
    p.setBrush(QColor(21, 101, 192, 70))
    p.drawEllipse(QPointF(12, 12), 8, 8)
    p.drawPoint(QPointF(12, 12))


def _rect(p) -> None:
    p.setPen(QPen(INK, 2, Qt.PenStyle.DashLine))
    p.drawRect(QRectF(4, 6, 16, 12))


def _lasso(p) -> None:
    path = QPainterPath(QPointF(5, 14))
    path.cubicTo(2, 4, 20, 2, 20, 11)
    path.cubicTo(20, 18, 9, 19, 7, 15)
    p.drawPath(path)


def _split(p) -> None:
    p.drawRect(QRectF(4, 4, 16, 16))
    p.setPen(QPen(QColor("#C62828"), 2, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(2, 20), QPointF(22, 4))


def _station(p) -> None:
    p.setPen(QPen(QColor("#AD1457"), 2))
    p.drawEllipse(QPointF(12, 12), 8, 8)
    p.setBrush(QColor("#AD1457"))
    p.drawEllipse(QPointF(12, 12), 3, 3)


ICONS = {"edit_brush": _brush, "edit_assign_rect": _rect, "edit_assign_lasso": _lasso,
         "edit_split": _split, "edit_station": _station}


def tool_icon(name: str) -> QIcon:
    return _icon(ICONS[name]) if name in ICONS else QIcon()
