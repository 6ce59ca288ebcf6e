"""Drawing one polygon layer: chunked paths per fill class, or dots below a pixel.

Paths are built once per (chunk, level of detail) in map coordinates and
drawn through the painter's transform, so panning and zooming reuse them;
pens are cosmetic (widths in pixels at every scale). Features smaller than
:data:`DOT_PIXELS` on screen are drawn as one pixel each, straight into an
image buffer with numpy (106,000 compounds cost a few milliseconds instead of
seconds). Buildings under :data:`.detail.HIDDEN_BELOW_PIXELS` over drawn grids
are not drawn at all (:func:`.renderer.drawn_styles`).

With a style scale (``ctx.scale``, see :mod:`renderer`) sizes are compared in
display pixels (image pixels / scale), lines are ``scale`` times wider and a
dot covers ``round(scale)`` pixels a side.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QTransform

from .paths import polygons_path

#: Below this median size in pixels a filled layer is drawn as dots (measured:
#: 106,000 compounds of 2.5 px took 190-360 ms as polygons, a few ms as dots).
DOT_PIXELS = 3.0
#: Lines thin out as features shrink on screen, so a city view is not all outline.
FULL_LINE_PIXELS = 40.0
#: Features smaller than this on screen are drawn without outline.
MIN_OUTLINED_PIXELS = 10.0
#: Up to this width (pixels) lines are drawn as several 1-pixel passes.
WIDE_PASSES_UP_TO = 4.5


def qcolour(hex_colour: str, alpha: float = 1.0) -> QColor:
    colour = QColor(hex_colour)
    colour.setAlphaF(max(0.0, min(alpha, 1.0)))
    return colour


def paint_polygons(ctx, style) -> None:
    """Draw ``style.name`` into ``ctx`` (a :class:`renderer.FrameContext`)."""
    scene, view = ctx.scene, ctx.view
    cache = scene.cache(style.name)
    if not len(cache) or style.name in ctx.hidden:
        return
    median_px = cache.median_size / view.mpp / ctx.scale  # display pixels
    classes, colours = scene.classes(style)
    if median_px < DOT_PIXELS and style.fill_alpha > 0:
        paint_dots(ctx, cache, classes, colours, style)
        return
    chunking = scene.chunking(style)
    level = cache.level_for(view.mpp)
    chunks = chunking.visible(view.bbox)
    if ctx.dirty is not None:  # a frame redrawn in part: chunks that cannot reach the clip are left out
        chunks = chunks[ctx.dirty.touches(chunking.chunk_bbox[chunks])]
    group = chunks_per_path(level)
    blocks = _blocks(chunking, chunks, group) if group > 1 else None
    drawn = chunks if not blocks else np.concatenate([members for _key, members in blocks])
    cache.prepare_tiles(level, chunking.features_of(drawn))
    if blocks is not None:
        paths, chunk_classes = _grouped_paths(ctx, style, cache, chunking, level, blocks, group)
    else:
        paths = [ctx.paths.get(style, cache, chunking, level, k) for k in chunks]
        chunk_classes = chunking.chunk_class[chunks]
    painter = ctx.painter
    painter.save()
    painter.setOpacity(style.opacity)
    painter.setTransform(ctx.transform)
    _fill(ctx, paths, chunk_classes, _brushes(colours, style), style, median_px)
    width, colour = _line(style, median_px)
    if width > 0:
        stroke(ctx, paths, colour, width * ctx.scale)
    painter.restore()


def chunks_per_path(level: float) -> int:
    """Chunks drawn as one path at a level of detail: a chunk holds ~2,000 vertices at full
    detail, a handful once simplified to tens of metres, and a city's 20,000 chunk paths
    cost more in their building and drawing than in their vertices."""
    return int(min(32, max(1, level // 4)))


def _blocks(chunking, chunks, group: int) -> list:
    """``[((block, class), chunks)]``: for each block of ``group`` chunk numbers holding a visible
    chunk, its chunks of that chunk's class, in (block, class) order: what a frame draws, in view
    or not (see :func:`_grouped_paths`)."""
    classes = chunking.chunk_class
    keys = np.unique(np.column_stack([chunks // group, classes[chunks]]), axis=0)
    out = []
    for g, c in keys.tolist():
        members = np.arange(g * group, min((g + 1) * group, len(classes)))
        out.append(((g, c), members[classes[members] == c]))
    return out


def _grouped_paths(ctx, style, cache, chunking, level, blocks, group) -> tuple:
    """(paths, classes): the chunks of each of ``blocks`` (:func:`_blocks`) as one path.

    A block is drawn whole even where only some of its chunks are in view (or, in a
    frame redrawn in part, reach the clip): the blocks do not depend on the view, so
    every frame and every clipped pass draws the same paths in the same order.
    """
    paths = [ctx.paths.group(style, cache, chunking, level, (group, g, c), members)
             for (g, c), members in blocks]
    return paths, np.array([c for (_g, c), _members in blocks], dtype=np.int64)


def polygon_plan(ctx, style) -> tuple:
    """What :func:`paint_polygons` decides for the whole layer in this frame:
    ``("empty",)``, ``("dots", dot size)`` or ``("paths", level, line width, line rgba, plain fill)``.
    Two frames with the same plan draw each feature the same way (see :mod:`.incremental`)."""
    cache = ctx.scene.cache(style.name)
    if not len(cache) or style.name in ctx.hidden:
        return ("empty",)  # hidden below a pixel (renderer.drawn_styles) draws nothing, as an empty layer
    median_px = cache.median_size / ctx.view.mpp / ctx.scale
    if median_px < DOT_PIXELS and style.fill_alpha > 0:
        return ("dots", max(1, int(round(ctx.scale))))
    width, colour = _line(style, median_px)
    plain = width > 0 or median_px < 2 * MIN_OUTLINED_PIXELS
    return ("paths", cache.level_for(ctx.view.mpp), width, colour.rgba() if width > 0 else 0, plain)


def _fill(ctx, paths, classes, brushes, style, median_px) -> None:
    """Fills without antialiasing (3-8x faster) when an outline covers their edges
    or the features are too small on screen for jagged edges to show."""
    if style.fill_alpha <= 0:
        return
    plain = _line(style, median_px)[0] > 0 or median_px < 2 * MIN_OUTLINED_PIXELS
    ctx.painter.setRenderHint(QPainter.RenderHint.Antialiasing, not plain)
    ctx.painter.setPen(Qt.PenStyle.NoPen)
    for path, cls in zip(paths, classes):
        if ctx.cancelled():
            return
        ctx.painter.setBrush(brushes[cls])
        ctx.painter.drawPath(path)
    ctx.painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)


def stroke(ctx, paths, colour: QColor, width: float) -> None:
    """Antialiased lines ``width`` pixels wide, the cheapest way Qt offers.

    Qt strokes a 1-pixel cosmetic pen with a fast dedicated stroker; wider
    pens go through the general outline stroker, measured ~10x slower (97 ms
    against 10 ms for a 10 km view of grids). Up to 1.2 pixels one pass; up to
    about 2 pixels, two 1-pixel passes half a pixel apart look the same; up
    to :data:`WIDE_PASSES_UP_TO` five passes in a plus (the community outline
    at community scale: 17 ms with the stroker, ~3 ms so); beyond, the real pen.
    """
    passes = [(0.0, 0.0)]
    pen = QPen(colour, 1.0)
    d = (width - 1.0) / 2
    if 1.2 < width <= 2.2:
        passes = [(-d, -d), (d, d)]
    elif 2.2 < width <= WIDE_PASSES_UP_TO:
        # a plus of five thin lines: as wide as the pen across horizontal and
        # vertical edges, ~80% of it across diagonals; ~3x faster than the stroker
        passes = [(0.0, 0.0), (-d, 0.0), (d, 0.0), (0.0, -d), (0.0, d)]
    elif width > WIDE_PASSES_UP_TO:
        pen.setWidthF(width)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCosmetic(True)
    painter = ctx.painter
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    base = ctx.transform
    for dx, dy in passes:
        painter.setTransform(base * QTransform.fromTranslate(dx, dy))
        for path in paths:
            if ctx.cancelled():
                return
            painter.drawPath(path)
    painter.setTransform(base)


def _brushes(colours, style) -> list[QBrush]:
    if style.fill_alpha <= 0:
        return [QBrush(Qt.BrushStyle.NoBrush)] * len(colours)
    return [QBrush(qcolour(c, style.fill_alpha)) for c in colours]


def _line(style, median_px: float) -> tuple[float, QColor]:
    """Outline width (pixels; 0 for none) and colour: thinner and fainter when small."""
    if style.outline_width <= 0 or median_px < MIN_OUTLINED_PIXELS:
        return 0.0, QColor()  # a 6-pixel grid would be all outline: its fill says enough
    shrink = min(1.0, max(median_px / FULL_LINE_PIXELS, 0.3))
    return max(style.outline_width * shrink, 1.0), qcolour(style.outline, 0.35 + 0.65 * shrink)


def paint_dots(ctx, cache, classes, colours, style) -> None:
    """One display pixel per feature, coloured by its class, composed as an image.

    With a style scale the dots are set in a buffer ``k = round(scale)`` times
    smaller and drawn enlarged, so each dot is ``k`` image pixels a side.
    """
    view, k = ctx.view, max(1, int(round(ctx.scale)))
    width, height = -(-view.width // k), -(-view.height // k)
    alpha = min(1.0, style.fill_alpha * 1.5)  # a one-pixel dot needs more weight than a fill
    # per layer and colouring, reused by every frame: the dot colour of each feature
    argb = ctx.paths.built(("dot colours", style.name, id(classes), tuple(colours)), lambda: np.array(
        [qcolour(c, 1.0).rgba() for c in colours], dtype=np.uint32)[classes])
    extent = ctx.paths.built(("extent", style.name, id(cache)), lambda: (
        cache.bbox[:, 0].min(), cache.bbox[:, 1].min(), cache.bbox[:, 2].max(), cache.bbox[:, 3].max()))
    b = view.bbox
    if extent[0] >= b[0] and extent[1] >= b[1] and extent[2] <= b[2] and extent[3] <= b[3]:
        x, y, colour = cache.centre[:, 0], cache.centre[:, 1], argb  # all in view: no culling
    else:
        mask = cache.visible(b)
        x, y, colour = cache.centre[mask, 0], cache.centre[mask, 1], argb[mask]
    s = 1.0 / (view.mpp * k)
    px = ((x - b[0]) * s).astype(np.int32)  # truncation = floor inside the frame
    py = ((b[3] - y) * s).astype(np.int32)
    inside = (px >= 0) & (px < width) & (py >= 0) & (py < height)
    buffer = np.zeros((height, width), dtype=np.uint32)
    buffer.ravel()[(py[inside] * width + px[inside])] = colour[inside]
    image = QImage(buffer.data, width, height, 4 * width, QImage.Format.Format_ARGB32)
    ctx.painter.save()
    ctx.painter.setOpacity(style.opacity * alpha)
    ctx.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    ctx.painter.drawImage(QRectF(0, 0, width * k, height * k), image)
    ctx.painter.restore()
    del buffer  # the QImage borrowed it; it is drawn by now


def paint_selected_polygons(ctx, name: str, positions: np.ndarray) -> None:
    """Selected features: a bright fill and a strong outline over everything else."""
    cache = ctx.scene.cache(name)
    positions = positions[cache.visible(ctx.view.bbox)[positions]]
    if not len(positions):
        return
    path = polygons_path(*cache.feature_rings(cache.level_for(ctx.view.mpp), positions))
    pen = QPen(QColor("#FF6F00"), 2.2 * ctx.scale)
    pen.setCosmetic(True)
    ctx.painter.save()
    ctx.painter.setTransform(ctx.transform)
    ctx.painter.setPen(pen)
    ctx.painter.setBrush(QColor(255, 235, 0, 150))
    ctx.painter.drawPath(path)
    ctx.painter.restore()
