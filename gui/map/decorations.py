"""Scale bar, title and legend drawn over a map image (canvas overlay and PNG export).

Every function takes ``scale`` (the renderer's style scale): sizes, fonts and
line widths are multiplied by it, so presenter mode and 300-dpi layouts get
the same decorations, bigger.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from geo.colouring import TOL_LIGHT

from ..models.labels import LAYER_TITLES, layer_title
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


def _scale_bar_layout(mpp, left, bottom, family, max_pixels, scale):
    """(box, length in metres, bar width, font, text) of a scale bar, or None (no length)."""
    metres = nice_length(max_pixels * scale * mpp)
    if metres <= 0:
        return None
    width, s = metres / mpp, scale
    font = _font(family, round(12 * s))
    text = length_text(metres)
    text_w = QFontMetricsF(font).horizontalAdvance(text)
    box = QRectF(left - 6 * s, bottom - 30 * s, width + text_w + 22 * s, 30 * s)
    return box, metres, width, font, text


def draw_scale_bar(painter: QPainter, mpp: float, left: float, bottom: float,
                   family: str | None = None, max_pixels: float = 160, scale: float = 1.0) -> QRectF:
    """A two-segment black and white bar with its length; returns the box it used.

    ``max_pixels`` is in display pixels (multiplied by ``scale`` like the rest).
    """
    layout = _scale_bar_layout(mpp, left, bottom, family, max_pixels, scale)
    if layout is None:
        return QRectF()
    box, _metres, width, font, text = layout
    s = scale
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRoundedRect(box, 4 * s, 4 * s)
    y = bottom - 14 * s
    painter.setPen(QPen(QColor("#222222"), s))
    for i in range(2):
        painter.setBrush(QColor("#222222") if i == 0 else QColor("#FFFFFF"))
        painter.drawRect(QRectF(left + i * width / 2, y, width / 2, 5 * s))
    painter.setFont(font)
    painter.drawText(QPointF(left + width + 6 * s, y + 6 * s), text)
    painter.restore()
    return box


class ScaleBarPicture:
    """The canvas's scale bar kept as a small image, drawn again only when the scale, the
    place or the style scale change: its text cost ~0.5 ms on every paint of the canvas
    (an edit paints it at least once, the brush on every move)."""

    def __init__(self):
        self._key = None
        self._image: QImage | None = None
        self._at = QPointF()

    def paint(self, painter: QPainter, mpp: float, left: float, bottom: float,
              family: str | None = None, scale: float = 1.0, ratio: float = 1.0) -> None:
        key = (mpp, left, bottom, family, scale, ratio)
        if key != self._key:
            self._key, self._image = key, None
            layout = _scale_bar_layout(mpp, left, bottom, family, 160, scale)
            if layout is not None:
                # whole device pixels: the bar lands where draw_scale_bar would draw it, on the
                # same pixel grid (a logical pixel is not a whole device pixel at ratio 1.5)
                box = layout[0]
                x0, y0 = math.floor(box.left() * ratio), math.floor(box.top() * ratio)
                w, h = math.ceil(box.right() * ratio) - x0 + 1, math.ceil(box.bottom() * ratio) - y0 + 1
                image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
                image.setDevicePixelRatio(ratio)
                image.fill(Qt.GlobalColor.transparent)
                p = QPainter(image)
                p.translate(-x0 / ratio, -y0 / ratio)
                draw_scale_bar(p, mpp, left, bottom, family, scale=scale)
                p.end()
                self._image, self._at = image, QPointF(x0 / ratio, y0 / ratio)
        if self._image is not None:
            painter.drawImage(self._at, self._image)


def title_box(text: str, width: int, family: str | None = None, scale: float = 1.0,
              top: float = 10) -> QRectF:
    """Where :func:`draw_title` draws ``text`` (centred on ``width``), without drawing."""
    s = scale
    metrics = QFontMetricsF(_font(family, round(24 * s), bold=True))
    w, h = metrics.horizontalAdvance(text) + 32 * s, metrics.height() + 14 * s
    return QRectF((width - w) / 2, top * s, w, h)


def draw_title(painter: QPainter, text: str, width: int, family: str | None = None,
               scale: float = 1.0, top: float = 10) -> QRectF:
    s = scale
    font = _font(family, round(24 * s), bold=True)
    box = title_box(text, width, family, scale, top)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 215))
    painter.drawRoundedRect(box, 6 * s, 6 * s)
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
        # the schema's layers in the interface language; any other layer as it was named
        title = layer_title(s.name) if s.name in LAYER_TITLES else s.title
        if s.name == "stations":
            rows.append((title, [s.colour], "point"))
        elif s.fill_alpha <= 0:
            rows.append((title, [s.outline], "line"))
        elif s.mode == BY_GRID:
            rows.append((QCoreApplication.translate("Legend", "{layer}（按网格着色）").format(layer=title),
                         list(TOL_LIGHT[:4]), "area"))
        elif s.mode == GRADUATED and s.graduated is not None:
            rows.append((QCoreApplication.translate("Legend", "{layer}：{heading}").format(
                layer=title, heading=s.graduated.heading()), [], "heading"))
            rows += [(f"  {label}", [c], "area") for label, c in s.legend()]
        else:
            rows.append((title, [s.colour], "area"))
    return rows


def legend_box(styles, right: float, bottom: float, family: str | None = None,
               scale: float = 1.0) -> QRectF:
    """Where :func:`draw_legend` draws (its bottom-right corner at ``right``, ``bottom``),
    without drawing: presenter mode keeps the bookmark clear of it."""
    rows, s = legend_rows(styles), scale
    metrics = QFontMetricsF(_font(family, round(13 * s)))
    line_h = metrics.height() + 6 * s
    w = max((metrics.horizontalAdvance(r[0]) for r in rows), default=0) + 50 * s
    return QRectF(right - w, bottom - line_h * len(rows) - 16 * s, w, line_h * len(rows) + 16 * s)


def draw_legend(painter: QPainter, styles, right: float, bottom: float,
                family: str | None = None, scale: float = 1.0) -> QRectF:
    rows, s = legend_rows(styles), scale
    font = _font(family, round(13 * s))
    metrics = QFontMetricsF(font)
    line_h = metrics.height() + 6 * s
    box = legend_box(styles, right, bottom, family, s)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor("#999999"), s))
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRoundedRect(box, 5 * s, 5 * s)
    painter.setFont(font)
    for i, (label, colours, kind) in enumerate(rows):
        y = box.top() + 8 * s + i * line_h
        _swatch(painter, QRectF(box.left() + 10 * s, y + 3 * s, 24 * s, line_h - 10 * s), colours, kind, s)
        painter.setPen(QColor("#222222"))
        painter.drawText(QPointF(box.left() + 42 * s, y + metrics.ascent() + 2 * s), label)
    painter.restore()
    return box


def _swatch(painter, rect: QRectF, colours, kind, scale: float = 1.0) -> None:
    if kind == "heading" or not colours:
        return
    if kind == "point":
        painter.setPen(QPen(QColor("#FFFFFF"), 1.5 * scale))
        painter.setBrush(QColor(colours[0]))
        r = rect.height() / 2
        painter.drawEllipse(rect.center(), r, r)
        return
    if kind == "line":
        painter.setPen(QPen(QColor(colours[0]), 3 * scale))
        painter.drawLine(QPointF(rect.left(), rect.center().y()), QPointF(rect.right(), rect.center().y()))
        return
    painter.setPen(QPen(QColor("#666666"), 0.8 * scale))
    step = rect.width() / len(colours)
    for i, c in enumerate(colours):
        painter.setBrush(QColor(c))
        painter.drawRect(QRectF(rect.left() + i * step, rect.top(), step, rect.height()))
