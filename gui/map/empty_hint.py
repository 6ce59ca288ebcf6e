"""Over an empty map: what to import first (a canvas overlay, also drawn by ``render``)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from geo.new_project import next_import_hint


def draw_hint(painter: QPainter, text: str, width: int, height: int, family: str | None = None,
              scale: float = 1.0) -> None:
    """A readable box in the middle of the map with ``text`` wrapped inside it."""
    font = QFont(family) if family else QFont()
    font.setPixelSize(round(18 * scale))
    pad = 16 * scale
    box_w = min(max(width * 0.7, 280 * scale), width - 20 * scale)
    flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
    needed = QFontMetricsF(font).boundingRect(QRectF(0, 0, box_w - 2 * pad, 10_000), flags, text)
    box_h = needed.height() + 2 * pad
    box = QRectF((width - box_w) / 2, (height - box_h) / 2, box_w, box_h)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QColor("#9E9E9E"))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(box, 8 * scale, 8 * scale)
    painter.setPen(QColor("#333333"))
    painter.setFont(font)
    painter.drawText(box.adjusted(pad, pad, -pad, -pad), flags, text)
    painter.restore()


class EmptyProjectHint:
    """Shown while the project lacks communities or buildings; gone once they are imported."""

    def __init__(self, project, family: str | None = None):
        self.project, self.family = project, family

    def paint(self, painter, canvas) -> None:
        hint = next_import_hint(self.project)
        if hint is not None:
            draw_hint(painter, hint.text(), canvas.width(), canvas.height(), self.family)
