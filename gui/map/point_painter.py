"""Drawing stations: a party-red disc with a white star, and its service area.

Service areas (radius in metres → pixels) are thin translucent outlines by
default (dashed for planned stations); with ``style.service_fill`` they are
also one translucent tint per status, so overlapping circles read as one
covered area instead of darker stacks. Planned stations get a hollow symbol. All
symbols of a frame are one path built with numpy, however many stations.
Symbol sizes and line widths follow the renderer's style scale (``ctx.scale``).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QTransform

from .geometry import morton
from .paths import polygons_path
from .polygon_painter import qcolour

#: Symbol radius in pixels: small dots at city scale, clear symbols close up.
MIN_SYMBOL, MAX_SYMBOL = 1.5, 8.0
#: Service areas are drawn at 1/COVER_SCALE resolution and scaled up.
COVER_SCALE = 4
#: Beyond this many service areas on screen they come from cached chunk paths
#: (polygons of CIRCLE_VERTICES in metres) instead of exact per-frame circles.
FEW_AREAS = 60
CIRCLE_VERTICES = 24
#: Service-area outlines: thin and translucent, so they do not compete with grid lines.
OUTLINE_ALPHA = 0.45
AREA_CHUNK = 64
#: Up to this many symbols on screen are drawn one image each, beyond stamped in numpy.
FEW_SYMBOLS = 200


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


def station_symbols(ctx, style):
    """``(px, py, r)`` of the symbols :func:`paint_stations` draws (labels keep off them), or None."""
    cache, view = ctx.scene.cache(style.name), ctx.view
    if not len(cache):
        return None
    mask = cache.visible(view.bbox, margin=10 * view.mpp)
    if not mask.any():
        return None
    px, py = view.to_pixel(cache.xy[mask, 0], cache.xy[mask, 1])
    return px, py, symbol_radius(view.mpp, ctx.scale)


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
    if ctx.dirty is not None:  # one clipped pass of a frame redrawn in part: any station reaching it?
        reach = np.maximum(np.nan_to_num(cache.radius[mask]) / view.mpp, (MAX_SYMBOL + 3) * ctx.scale)
        reach = reach + 4 * ctx.scale
        if not ctx.dirty.touches_pixels(px - reach, py - reach, px + reach, py + reach).any():
            return
    planned = cache.status[mask] == "planned"
    ctx.painter.save()
    ctx.painter.setOpacity(style.opacity)
    ctx.painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _service_areas(ctx, cache, mask, px, py, cache.radius[mask] / view.mpp, planned, style)
    r = symbol_radius(view.mpp, ctx.scale)
    groups = []
    for cls in np.unique(classes[mask]):
        pick = classes[mask] == cls
        for is_planned in (False, True):
            sub = pick & (planned == is_planned)
            if sub.any():
                groups.append((px[sub], py[sub], _sprite(r, colours[cls], style.outline, is_planned,
                                                         ctx.scale)))
    _stamp(ctx.painter, groups, view.width, view.height)
    ctx.painter.restore()
    ctx.reserve_symbols(px, py, r)


def _service_areas(ctx, cache, mask, px, py, rpx, planned, style) -> None:
    """Circles unioned in an offscreen layer, then laid on the map as one even tint.

    Filling thousands of overlapping translucent circles directly took 3 s
    at city scale (and darkened where they overlap); an opaque fill into a
    separate image is fast and says "covered" once. Many circles come from
    paths cached in metres (chunks of nearby stations, culled by box); a few
    are drawn exactly.
    """
    show = rpx >= 3 * ctx.scale  # a circle smaller than its symbol says nothing
    if not show.any():
        return
    view = ctx.view
    many = int(show.sum()) > FEW_AREAS
    if not style.service_fill:
        _outlines_only(ctx, cache, px[show], py[show], rpx[show], planned[show], style, many)
        return
    if _covers_frame(px[show & ~planned], py[show & ~planned], rpx[show & ~planned], view):
        # close up one service area holds the whole frame: an even tint, no layer to scale
        ctx.painter.save()
        ctx.painter.setOpacity(style.opacity * 0.08)
        ctx.painter.fillRect(QRectF(0, 0, view.width, view.height), QColor(style.colour))
        ctx.painter.restore()
        if not many:
            _circle_outlines(ctx.painter, px[show], py[show], rpx[show], planned[show], style, ctx.scale)
        return
    # a quarter-resolution layer: 16x fewer pixels, and smooth edges when scaled up
    layer = QImage(view.width // COVER_SCALE + 1, view.height // COVER_SCALE + 1,
                   QImage.Format.Format_ARGB32_Premultiplied)
    layer.fill(0)
    p = QPainter(layer)
    p.setPen(Qt.PenStyle.NoPen)
    radius = cache.radius
    cached = many and bool(np.all(radius[radius > 0] / view.mpp >= 3 * ctx.scale))
    if cached:
        chunks = ctx.paths.built(("service", style.name, id(cache)), lambda: _area_chunks(cache))
        b = view.bbox
        p.setTransform(ctx.transform * QTransform.fromScale(1 / COVER_SCALE, 1 / COVER_SCALE))
    else:
        p.scale(1 / COVER_SCALE, 1 / COVER_SCALE)
    for is_planned, alpha in ((True, 0.45), (False, 1.0)):
        p.setBrush(qcolour(style.colour, alpha))
        if cached:
            for chunk_planned, box, path in chunks:
                if chunk_planned == is_planned and box[2] >= b[0] and box[0] <= b[2] \
                        and box[3] >= b[1] and box[1] <= b[3]:
                    p.drawPath(path)  # opaque: overlaps just overwrite
            continue
        pick = show & (planned == is_planned)
        for x, y, r in zip(px[pick].tolist(), py[pick].tolist(), rpx[pick].tolist()):
            p.drawEllipse(QPointF(x, y), r, r)  # opaque: overlaps just overwrite
    p.end()
    ctx.painter.save()
    ctx.painter.setOpacity(style.opacity * 0.08)
    ctx.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    ctx.painter.drawImage(QRectF(0, 0, layer.width() * COVER_SCALE, layer.height() * COVER_SCALE), layer)
    ctx.painter.restore()
    if not many:
        _circle_outlines(ctx.painter, px[show], py[show], rpx[show], planned[show], style, ctx.scale)


def _outlines_only(ctx, cache, px, py, rpx, planned, style, many) -> None:
    """Service areas as outlines: exact circles when few, cached chunk paths when many."""
    if not many:
        _circle_outlines(ctx.painter, px, py, rpx, planned, style, ctx.scale)
        return
    chunks = ctx.paths.built(("service", style.name, id(cache)), lambda: _area_chunks(cache))
    b = ctx.view.bbox
    ctx.painter.save()
    ctx.painter.setTransform(ctx.transform)
    ctx.painter.setBrush(Qt.BrushStyle.NoBrush)
    for is_planned in (False, True):
        ctx.painter.setPen(_outline_pen(style, is_planned, ctx.scale))
        for chunk_planned, box, path in chunks:
            if chunk_planned == is_planned and box[2] >= b[0] and box[0] <= b[2] \
                    and box[3] >= b[1] and box[1] <= b[3]:
                ctx.painter.drawPath(path)
    ctx.painter.restore()


def _outline_pen(style, planned: bool, scale: float) -> QPen:
    pen = QPen(qcolour(style.colour, OUTLINE_ALPHA), 1.0 * scale)
    pen.setCosmetic(True)
    if planned:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def _covers_frame(px, py, rpx, view) -> bool:
    """Whether one of the circles contains all four corners of the frame."""
    if not len(px):
        return False
    inside = np.ones(len(px), dtype=bool)
    for cx, cy in ((0, 0), (view.width, 0), (0, view.height), (view.width, view.height)):
        inside &= (px - cx) ** 2 + (py - cy) ** 2 <= rpx ** 2
    return bool(inside.any())


def _area_chunks(cache) -> list:
    """[(planned, box, path in metres)] of service circles, AREA_CHUNK neighbours a path."""
    out = []
    xy, radius = cache.xy, cache.radius
    ok = (radius > 0) & np.isfinite(xy).all(axis=1)
    for is_planned in (True, False):
        idx = np.flatnonzero(ok & ((cache.status == "planned") == is_planned))
        if not len(idx):
            continue
        idx = idx[np.argsort(morton(xy[idx, 0], xy[idx, 1]), kind="stable")]
        angle = np.linspace(0, 2 * np.pi, CIRCLE_VERTICES + 1)
        for start in range(0, len(idx), AREA_CHUNK):
            part = idx[start:start + AREA_CHUNK]
            x, y, r = xy[part, 0], xy[part, 1], radius[part]
            rings_x = (x[:, None] + r[:, None] * np.cos(angle)[None, :]).ravel()
            rings_y = (y[:, None] + r[:, None] * np.sin(angle)[None, :]).ravel()
            first = np.zeros(len(rings_x), dtype=bool)
            first[::len(angle)] = True
            box = ((x - r).min(), (y - r).min(), (x + r).max(), (y + r).max())
            out.append((is_planned, box, polygons_path(rings_x, rings_y, first)))
    return out


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
        painter.setPen(_outline_pen(style, is_planned, scale))
        painter.drawPath(_circles(px[pick], py[pick], rpx[pick]))


_SPRITES: dict[tuple, tuple] = {}


def _sprite(r, colour, outline, planned, scale=1.0):
    """(premultiplied BGRA array, alpha, QImage) of one station symbol, drawn once per size.

    A disc (and a star when big enough), centred on the array's centre. The
    same drawing as a path per symbol, but stamped with numpy: 11,000 symbols
    at city scale took ~55 ms as paths.
    """
    key = (round(r, 2), colour, outline, bool(planned), round(scale, 3))
    found = _SPRITES.get(key)
    if found is not None:
        return found
    big = r / scale  # the radius in display pixels decides the level of detail
    width = (1.5 if big > 4 else 1.0) * scale
    size = int(np.ceil(2 * r + width)) + 3
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    c = np.array([size / 2])
    fill, line = (QColor(outline), QColor(colour)) if planned else (QColor(colour), QColor(outline))
    p.setPen(QPen(line, width))
    p.setBrush(fill)
    p.drawPath(polygons_path(*circle_rings(c, c, r, 20 if r > 4 else 8)))
    if big >= 5:  # the star only reads when the disc is big enough
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(line if planned else QColor("#FFD700"))
        p.drawPath(polygons_path(*star_rings(c, c, r * 0.62, r * 0.25)))
    p.end()
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(size, image.bytesPerLine() // 4, 4)
    pixels = pixels[:, :size].astype(np.uint16)
    if len(_SPRITES) > 256:
        _SPRITES.clear()
    found = _SPRITES[key] = (pixels, pixels[:, :, 3], image)
    return found


def _stamp(painter, groups, width: int, height: int) -> None:
    """Composite sprites (``groups`` of (px, py, sprite)) over a transparent buffer
    in numpy, then draw the buffer once. Symbols snap to whole pixels."""
    def on_screen(px, py, sprite):
        m = sprite[0].shape[0]
        keep = (px > -m) & (px < width + m) & (py > -m) & (py < height + m)
        return px[keep], py[keep], sprite

    groups = [g for g in (on_screen(*g) for g in groups) if len(g[0])]
    if not groups:
        return
    if sum(len(g[0]) for g in groups) <= FEW_SYMBOLS:  # a few: no full-frame buffer
        for px, py, (sprite, _, image) in groups:
            size = sprite.shape[0]
            for x, y in zip(np.rint(px - size / 2).tolist(), np.rint(py - size / 2).tolist()):
                painter.drawImage(QPointF(x, y), image)
        return
    pad = max(g[2][0].shape[0] for g in groups)
    allx = np.concatenate([g[0] for g in groups])
    ally = np.concatenate([g[1] for g in groups])
    x0 = int(max(np.floor(allx.min()) - pad, -pad))
    y0 = int(max(np.floor(ally.min()) - pad, -pad))
    x1 = int(min(np.ceil(allx.max()) + pad, width + pad))
    y1 = int(min(np.ceil(ally.max()) + pad, height + pad))
    if x1 <= x0 or y1 <= y0:
        return
    buf = np.zeros((y1 - y0 + pad, x1 - x0 + pad, 4), dtype=np.uint8)
    for px, py, (sprite, alpha, _) in groups:
        size = sprite.shape[0]
        ox = np.rint(px - size / 2).astype(np.int64) - x0
        oy = np.rint(py - size / 2).astype(np.int64) - y0
        keep = (ox >= 0) & (oy >= 0) & (ox + size <= buf.shape[1]) & (oy + size <= buf.shape[0])
        ox, oy = ox[keep], oy[keep]
        rest = (255 - alpha)[:, :, None]
        cells = np.argwhere(alpha > 0)
        if len(ox) <= len(cells):  # few symbols: one slice per symbol
            for x, y in zip(ox.tolist(), oy.tolist()):
                region = buf[y:y + size, x:x + size]
                region[:] = sprite + (region * rest + 127) // 255
        else:  # many: one gather/scatter per sprite pixel
            for dy, dx in cells.tolist():
                ys, xs = oy + dy, ox + dx
                a = int(alpha[dy, dx])
                buf[ys, xs] = sprite[dy, dx] + (buf[ys, xs].astype(np.uint16) * (255 - a) + 127) // 255
    w, h = min(x1, width) - max(x0, 0), min(y1, height) - max(y0, 0)
    if w <= 0 or h <= 0:
        return
    view = np.ascontiguousarray(buf[max(0, -y0):max(0, -y0) + h, max(0, -x0):max(0, -x0) + w])
    image = QImage(view.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied)
    painter.drawImage(QPointF(max(x0, 0), max(y0, 0)), image)
    del view  # the QImage borrowed it; it is drawn by now


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
