"""The key to the marks drawn over the map: out-of-band grids, gap markers, service areas.

Layers have their own legend (:meth:`gui.map.layer_style.LayerStyle.legend`);
these marks are overlays, so the layers dock lists them from here, each with
a small picture drawn the way the overlay draws it (same colours, dashes and
hatching), so the key cannot say one thing while the map shows another.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap

from ..editing.overlays import STATUS_COLOURS
from .labels import SEVERITY_COLOURS

CONTEXT = "MarksLegend"
SWATCH = (28, 16)


def _tr(text: str) -> str:
    # the texts are marked with QT_TRANSLATE_NOOP where they stand: lupdate does not see through _tr
    return QCoreApplication.translate(CONTEXT, text)


def _pixmap(draw) -> QPixmap:
    pixmap = QPixmap(*SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    draw(painter, QRectF(2, 2, SWATCH[0] - 4, SWATCH[1] - 4))
    painter.end()
    return pixmap


def _band(status: str):
    def draw(painter, rect):
        colour = QColor(STATUS_COLOURS[status])
        fill = QColor(colour)
        fill.setAlpha(60)
        painter.setPen(QPen(colour, 2.0, Qt.PenStyle.DashLine))
        painter.setBrush(QBrush(fill, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(rect)
    return draw


def _markers(painter, rect) -> None:
    painter.setPen(QPen(QColor("#FFFFFF"), 1.0))
    for i, severity in enumerate((3, 2, 1)):
        painter.setBrush(QColor(SEVERITY_COLOURS[severity]))
        painter.drawEllipse(QPointF(rect.left() + 4 + i * 8, rect.center().y()), 3.5, 3.5)


def _count(painter, rect) -> None:
    painter.setPen(QPen(QColor("#FFFFFF"), 1.0))
    painter.setBrush(QColor(SEVERITY_COLOURS[3]))
    r = rect.height() / 2 + 1
    painter.drawEllipse(rect.center(), r, r)
    font = painter.font()
    font.setPixelSize(9)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(rect.center().x() - r, rect.center().y() - r, 2 * r, 2 * r),
                     Qt.AlignmentFlag.AlignCenter, "5")


def _service(planned: bool):
    def draw(painter, rect):
        pen = QPen(QColor("#C8102E"), 1.2, Qt.PenStyle.DashLine if planned else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(rect.center(), rect.height() / 2 + 1, rect.height() / 2 + 1)
    return draw


def marks_legend() -> list[tuple[str, QPixmap]]:
    """(translated text, swatch) for every kind of mark the map can show."""
    return [
        (_tr(QT_TRANSLATE_NOOP("MarksLegend", "网格户数低于区间（橙色虚线、斜线）")), _pixmap(_band("under"))),
        (_tr(QT_TRANSLATE_NOOP("MarksLegend", "网格户数高于区间（红色虚线、斜线）")), _pixmap(_band("over"))),
        (_tr(QT_TRANSLATE_NOOP("MarksLegend", "缺口标记：红、橙、褐 = 高、中、低")), _pixmap(_markers)),
        (_tr(QT_TRANSLATE_NOOP("MarksLegend", "缩小时每个网格一个标记，数字为缺口数")), _pixmap(_count)),
        (_tr(QT_TRANSLATE_NOOP("MarksLegend", "服务站服务范围（实线已建，虚线规划）")), _pixmap(_service(False))),
    ]
