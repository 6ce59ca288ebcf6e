"""Scale bar, title and legend drawn over a map image (canvas overlay and PNG export)."""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from geo.colouring import TOL_LIGHT

from .layer_style import BY_GRID, GRADUATED


def nice_length(max_metres: float) -> float:
    """The largest 1, 2 or 5 × 10^k metres not above ``max_metres``.

    >>> nice_length(740), nice_length(2600)
    (500.0, 2000.0)
    """
    if max_metres <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(max_metres))
    return float(max(m for m in (1, 2, 5, 10) if m * power <= max_metres) * power)


def length_text(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def _font(family, pixels: int, bold: bool = False) -> QFont:
    font = QFont(family) if family else QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def draw_scale_bar(painter: QPainter, mpp: float, left: float, bottom: float,
                   family: str | None = None, max_pixels: float = 160) -> QRectF:
    """A two-segment black and white bar with its length; returns the box it used."""
    metres = nice_length(max_pixels * mpp)
    if metres <= 0:
        return QRectF()
    width = metres / mpp
    font = _font(family, 12)
    text = length_text(metres)
    text_w = QFontMetricsF(font).horizontalAdvance(text)
    box = QRectF(left - 6, bottom - 30, width + text_w + 22, 30)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRoundedRect(box, 4, 4)
    y = bottom - 14
    painter.setPen(QPen(QColor("#222222"), 1))
    for i in range(2):
        painter.setBrush(QColor("#222222") if i == 0 else QColor("#FFFFFF"))
        painter.drawRect(QRectF(left + i * width / 2, y, width / 2, 5))
    painter.setFont(font)
    painter.drawText(QPointF(left + width + 6, y + 6), text)
    painter.restore()
    return box


def draw_title(painter: QPainter, text: str, width: int, family: str | None = None) -> QRectF:
    font = _font(family, 24, bold=True)
    metrics = QFontMetricsF(font)
    w, h = metrics.horizontalAdvance(text) + 32, metrics.height() + 14
    box = QRectF((width - w) / 2, 10, w, h)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 215))
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(QColor("#222222"))
    painter.setFont(font)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    return box


def legend_rows(styles) -> list[tuple[str, list[str], str]]:
    """(label, swatch colours, kind) for visible layers, top first; kind: area/line/point."""
    rows = []
    for s in styles:
        if not s.visible:
            continue
        if s.name == "stations":
            rows.append((s.title, [s.colour], "point"))
        elif s.fill_alpha <= 0:
            rows.append((s.title, [s.outline], "line"))
        elif s.mode == BY_GRID:
            rows.append((f"{s.title}（按网格着色）", list(TOL_LIGHT[:4]), "area"))
        elif s.mode == GRADUATED and s.graduated is not None:
            rows.append((f"{s.title}：{s.graduated.field}", [], "heading"))
            rows += [(f"  {label}", [c], "area") for label, c in s.legend()]
        else:
            rows.append((s.title, [s.colour], "area"))
    return rows


def draw_legend(painter: QPainter, styles, right: float, bottom: float,
                family: str | None = None) -> QRectF:
    rows = legend_rows(styles)
    font = _font(family, 13)
    metrics = QFontMetricsF(font)
    line_h = metrics.height() + 6
    w = max((metrics.horizontalAdvance(r[0]) for r in rows), default=0) + 50
    box = QRectF(right - w, bottom - line_h * len(rows) - 16, w, line_h * len(rows) + 16)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor("#999999"), 1))
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRoundedRect(box, 5, 5)
    painter.setFont(font)
    for i, (label, colours, kind) in enumerate(rows):
        y = box.top() + 8 + i * line_h
        _swatch(painter, QRectF(box.left() + 10, y + 3, 24, line_h - 10), colours, kind)
        painter.setPen(QColor("#222222"))
        painter.drawText(QPointF(box.left() + 42, y + metrics.ascent() + 2), label)
    painter.restore()
    return box


def _swatch(painter, rect: QRectF, colours, kind) -> None:
    if kind == "heading" or not colours:
        return
    if kind == "point":
        painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
        painter.setBrush(QColor(colours[0]))
        r = rect.height() / 2
        painter.drawEllipse(rect.center(), r, r)
        return
    if kind == "line":
        painter.setPen(QPen(QColor(colours[0]), 3))
        painter.drawLine(QPointF(rect.left(), rect.center().y()), QPointF(rect.right(), rect.center().y()))
        return
    painter.setPen(QPen(QColor("#666666"), 0.8))
    step = rect.width() / len(colours)
    for i, c in enumerate(colours):
        painter.setBrush(QColor(c))
        painter.drawRect(QRectF(rect.left() + i * step, rect.top(), step, rect.height()))
