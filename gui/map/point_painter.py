"""Drawing stations: a party-red disc with a white star, and its service area.

Service areas (radius in metres → pixels) are one translucent path per
status, so overlapping circles read as one covered area instead of darker
stacks; planned stations get a dashed outline and a hollow symbol. All
symbols of a frame are one path built with numpy, however many stations.
Symbol sizes and line widths follow the renderer's style scale (``ctx.scale``).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from .paths import polygons_path
from .polygon_painter import qcolour

#: Symbol radius in pixels: small dots at city scale, clear symbols close up.
MIN_SYMBOL, MAX_SYMBOL = 1.5, 8.0
#: Service areas are drawn at 1/COVER_SCALE resolution and scaled up.
COVER_SCALE = 4


def symbol_radius(mpp: float, scale: float = 1.0) -> float:
    """Symbol radius in image pixels; ``scale`` is the renderer's style scale."""
    return float(np.clip(60.0 / (mpp * scale), MIN_SYMBOL, MAX_SYMBOL)) * scale


def star_rings(px, py, outer: float, inner: float):
    """Five-pointed stars centred on (px, py) as ring arrays (11 vertices, closed)."""
    angle = np.pi / 2 + np.arange(11) * np.pi / 5
    radius = np.where(np.arange(11) % 2 == 0, outer, inner)
    return _rings(px, py, radius * np.cos(angle), -radius * np.sin(angle))


def circle_rings(px, py, r: float, vertices: int = 20):
    angle = np.linspace(0, 2 * np.pi, vertices + 1)
    return _rings(px, py, r * np.cos(angle), r * np.sin(angle))


def _rings(px, py, dx, dy):
    n, k = len(px), len(dx)
    x = (np.asarray(px)[:, None] + dx[None, :]).ravel()
    y = (np.asarray(py)[:, None] + dy[None, :]).ravel()
    start = np.zeros(n * k, dtype=bool)
    start[::k] = True
    return x, y, start


def paint_stations(ctx, style) -> None:
    scene, view = ctx.scene, ctx.view
    cache = scene.cache(style.name)
    if not len(cache):
        return
    mask = cache.visible(view.bbox, margin=10 * view.mpp)
    if not mask.any():
        return
    classes, colours = scene.classes(style)
    px, py = view.to_pixel(cache.xy[mask, 0], cache.xy[mask, 1])
    planned = cache.status[mask] == "planned"
    ctx.painter.save()
    ctx.painter.setOpacity(style.opacity)
    ctx.painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _service_areas(ctx, px, py, cache.radius[mask] / view.mpp, planned, style)
    r = symbol_radius(view.mpp, ctx.scale)
    for cls in np.unique(classes[mask]):
        pick = classes[mask] == cls
        _symbols(ctx.painter, px[pick], py[pick], planned[pick], r, colours[cls], style.outline,
                 ctx.scale)
    ctx.painter.restore()
    ctx.reserve_symbols(px, py, r)


def _service_areas(ctx, px, py, rpx, planned, style) -> None:
    """Circles unioned in an offscreen layer, then laid on the map as one even tint.

    Filling thousands of overlapping translucent circles directly took 3 s
    at city scale (and darkened where they overlap); an opaque fill into a
    separate image is fast and says "covered" once.
    """
    show = rpx >= 3 * ctx.scale  # a circle smaller than its symbol says nothing
    if not show.any():
        return
    view = ctx.view
    # a quarter-resolution layer: 16x fewer pixels, and smooth edges when scaled up
    layer = QImage(view.width // COVER_SCALE + 1, view.height // COVER_SCALE + 1,
                   QImage.Format.Format_ARGB32_Premultiplied)
    layer.fill(0)
    p = QPainter(layer)
    p.scale(1 / COVER_SCALE, 1 / COVER_SCALE)
    p.setPen(Qt.PenStyle.NoPen)
    for is_planned, alpha in ((True, 0.45), (False, 1.0)):
        pick = show & (planned == is_planned)
        p.setBrush(qcolour(style.colour, alpha))
        for x, y, r in zip(px[pick].tolist(), py[pick].tolist(), rpx[pick].tolist()):
            p.drawEllipse(QPointF(x, y), r, r)  # opaque: overlaps just overwrite
    p.end()
    many = int(show.sum()) > 60
    ctx.painter.save()
    ctx.painter.setOpacity(style.opacity * 0.08)
    ctx.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    ctx.painter.drawImage(QRectF(0, 0, layer.width() * COVER_SCALE, layer.height() * COVER_SCALE), layer)
    ctx.painter.restore()
    if not many:
        _circle_outlines(ctx.painter, px[show], py[show], rpx[show], planned[show], style, ctx.scale)


def _circles(px, py, rpx) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for x, y, r in zip(px.tolist(), py.tolist(), rpx.tolist()):
        path.addEllipse(QPointF(x, y), r, r)
    return path


def _circle_outlines(painter, px, py, rpx, planned, style, scale=1.0) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for is_planned in (False, True):
        pick = planned == is_planned
        pen = QPen(qcolour(style.colour, 0.3), 1.0 * scale)
        pen.setCosmetic(True)
        if is_planned:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawPath(_circles(px[pick], py[pick], rpx[pick]))


def _symbols(painter, px, py, planned, r, colour, outline, scale=1.0) -> None:
    """Discs (and stars when big enough), one path per 64 symbols.

    One path of 11,000 discs spanning the whole image took ~2 s to fill with
    antialiasing; small paths keep the rasteriser's work local.
    """
    order = np.lexsort((py // 64, px // 64))  # neighbours share a path
    big = r / scale  # the radius in display pixels decides the level of detail
    px, py, planned = px[order], py[order], planned[order]
    for is_planned in (False, True):
        pick = np.flatnonzero(planned == is_planned)
        fill, line = (QColor(outline), QColor(colour)) if is_planned else (QColor(colour), QColor(outline))
        for start in range(0, len(pick), 64):
            x, y = px[pick[start:start + 64]], py[pick[start:start + 64]]
            painter.setPen(QPen(line, (1.5 if big > 4 else 1.0) * scale))
            painter.setBrush(fill)
            painter.drawPath(polygons_path(*circle_rings(x, y, r, 20 if r > 4 else 8)))
            if big >= 5:  # the star only reads when the disc is big enough
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(line if is_planned else QColor("#FFD700"))
                painter.drawPath(polygons_path(*star_rings(x, y, r * 0.62, r * 0.25)))


def paint_selected_points(ctx, name: str, positions: np.ndarray) -> None:
    cache = ctx.scene.cache(name)
    px, py = ctx.view.to_pixel(cache.xy[positions, 0], cache.xy[positions, 1])
    r = symbol_radius(ctx.view.mpp, ctx.scale) + 4 * ctx.scale
    ctx.painter.save()
    ctx.painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    ctx.painter.setPen(QPen(QColor("#FF6F00"), 3 * ctx.scale))
    ctx.painter.setBrush(Qt.BrushStyle.NoBrush)
    for x, y in zip(px.tolist(), py.tolist()):
        ctx.painter.drawEllipse(QRectF(x - r, y - r, 2 * r, 2 * r))
    ctx.painter.restore()
