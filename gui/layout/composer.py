"""Drawing one layout page with any QPainter (QImage, QPdfWriter, QSvgGenerator).

Page, top to bottom: title and subtitle; the map in a thin frame with its
north arrow (top right), legend (bottom right) and scale bar (bottom left);
a footer with the source note and the map scale. The map is rendered by the
canvas's :class:`gui.map.renderer.MapRenderer` at the page's dpi with the
style scale ``dpi / 96`` (lines, symbols and labels as on screen, only
sharper) and laid in as an image; every text and decoration is drawn as
vector, so PDF and SVG keep their text searchable.
"""
from __future__ import annotations

import numpy as np

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from geo.messages import Message

from ..map.decorations import draw_legend, draw_scale_bar
from ..map.renderer import legend_styles
from ..map.view import MapView
from .north_arrow import draw_north_arrow
from .spec import LayoutPage, LayoutSpec

INK = QColor("#1B2433")
#: Space kept around the page's features in the map frame (fraction of the extent).
MAP_MARGIN = 0.04
#: How strongly an atlas page veils what lies outside its feature (0..255).
VEIL_ALPHA = 150
#: The atlas page's outline of its feature, in display pixels (times the style scale).
OUTLINE_WIDTH = 3.0


class LayoutComposer:
    """Draws pages of one project: ``composer.paint(painter, spec, page)``.

    ``raster_dpi`` caps the resolution of the map image (None: the page's dpi);
    the PDF writer sets it, because the map raster is what makes a PDF large
    while text and decorations stay vector at any dpi.
    """

    def __init__(self, scene, renderer, styles, family: str | None = None):
        self.scene, self.renderer, self.styles = scene, renderer, styles
        self.family = family
        self.raster_dpi: int | None = None

    def paint(self, painter: QPainter, spec: LayoutSpec, page: LayoutPage) -> None:
        w, h = spec.page_pixels()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(QRectF(0, 0, w, h), QColor("white"))
        m = spec.px(spec.margin_mm)
        top = self._header(painter, spec, page, QRectF(m, m, w - 2 * m, h))
        footer_h = spec.pt(8) * 1.8
        frame = QRectF(m, top + spec.px(3), w - 2 * m, h - m - footer_h - top - spec.px(3))
        view = self._map(painter, spec, page, frame)
        self._footer(painter, spec, view, QRectF(m, frame.bottom(), w - 2 * m, footer_h))
        painter.restore()

    # ------------------------------------------------------------ parts
    def _font(self, pixels: int, bold: bool = False) -> QFont:
        font = QFont(self.family) if self.family else QFont()
        font.setPixelSize(pixels)
        font.setBold(bold)
        return font

    def _header(self, painter, spec, page, area: QRectF) -> float:
        """Title and subtitle, centred; returns where the map may start."""
        y = area.top()
        for text, size, bold, colour in ((page.title, 20, True, INK),
                                         (page.subtitle, 11, False, QColor("#555555"))):
            if not text:
                continue
            font = self._font(spec.pt(size), bold)
            height = QFontMetricsF(font).height()
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QRectF(area.left(), y, area.width(), height),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, text)
            y += height * 1.1
        return y

    def _map(self, painter, spec, page, frame: QRectF) -> MapView:
        """The rendered map in its frame, with the decorations that sit on it."""
        view = MapView.fit(page.bounds, int(frame.width()), int(frame.height()), MAP_MARGIN)
        scale = spec.style_scale
        f = min(1.0, self.raster_dpi / spec.dpi) if self.raster_dpi else 1.0
        raster_view = view if f == 1.0 else _coarser(view, f)
        image = self.map_image(page, raster_view, scale * f).convertToFormat(QImage.Format.Format_RGB32)
        if f == 1.0:
            painter.drawImage(frame.topLeft(), image)
        else:  # laid in at the frame's size: the decorations below stay at the page's dpi
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(QRectF(frame.topLeft(), frame.size()), image)
            painter.restore()
        painter.save()
        painter.translate(frame.topLeft())
        # the styles as the raster drew them (one colour far out, undrawn layers left out)
        legend = legend_styles(self.renderer.scene.snapshot(self.styles), raster_view, self.styles, scale * f)
        draw_legend(painter, legend, frame.width() - spec.px(3), frame.height() - spec.px(3),
                    self.family, scale)
        draw_scale_bar(painter, view.mpp, spec.px(5), frame.height() - spec.px(3), self.family,
                       scale=scale)
        draw_north_arrow(painter, QPointF(frame.width() - spec.px(11), spec.px(13)), spec.px(14),
                         self.family)
        painter.restore()
        painter.setPen(QPen(QColor("#444444"), spec.px(0.3)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame)
        return view

    def map_image(self, page: LayoutPage, view: MapView, scale: float) -> QImage:
        """The map of ``view`` with its labels; an atlas page's feature outlined, the rest veiled."""
        if page.focus is None:
            return self.renderer.render(view, self.styles, scale=scale)
        image, labels = self.renderer.render_unlabelled(view, self.styles, scale=scale)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        try:
            self._veil(p, image, view, page.focus, scale, labels)
        finally:
            p.end()
        return image

    def _veil(self, p: QPainter, image: QImage, view, focus, scale: float, labels) -> None:
        """Fade everything outside the page's feature and outline the feature.

        A label across the outline goes over veil and outline: under them its part
        outside was faded and struck through, and it read as cut ("…服务中").
        """
        path = feature_path(self.scene, view, *focus)
        if path is None:
            self.renderer.draw_labels(p, labels)
            return
        width = OUTLINE_WIDTH * scale
        over = labels_across(labels, path, width / 2)
        self.renderer.draw_labels(p, [label for label, across in zip(labels, over) if not across])
        outside = QPainterPath()
        outside.addRect(QRectF(0, 0, image.width(), image.height()))
        p.fillPath(outside.subtracted(path), QColor(255, 255, 255, VEIL_ALPHA))
        p.setPen(QPen(QColor("#B3001B"), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        self.renderer.draw_labels(p, [label for label, across in zip(labels, over) if across])

    def _footer(self, painter, spec, view, area: QRectF) -> None:
        font = self._font(spec.pt(8))
        painter.setFont(font)
        painter.setPen(QColor("#444444"))
        flags = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(area, flags | Qt.AlignmentFlag.AlignLeft, spec.source)
        ratio = Message("layout.scale", denominator=f"{_round_scale(spec.scale_denominator(view.mpp)):,}",
                        paper=spec.paper).text()
        painter.drawText(area, flags | Qt.AlignmentFlag.AlignRight, ratio)


def _coarser(view: MapView, f: float) -> MapView:
    """The same extent as ``view`` in ``f`` times fewer pixels per side."""
    w, h = max(1, round(view.width * f)), max(1, round(view.height * f))
    return MapView(view.cx, view.cy, view.mpp * view.width / w, w, h)


def labels_across(placements, path: QPainterPath, reach: float) -> list[bool]:
    """Per label placement (``LabelPlacer.placements``): does its box, grown by ``reach``
    (half the outline's width), cross the outline of ``path``, partly inside and partly out?"""
    found = []
    for *_, x, y, w, h in placements:
        box = QRectF(x - reach, y - reach, w + 2 * reach, h + 2 * reach)
        found.append(path.intersects(box) and not path.contains(box))
    return found


def feature_path(scene, view, layer: str, id_) -> QPainterPath | None:
    """The outline of one polygon feature in the view's pixels (holes kept), or None."""
    cache = scene.cache(layer)
    i = cache.position.get(id_) if cache.kind == "polygon" else None
    if i is None:
        return None
    geom = cache.geoms[i]
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for polygon in getattr(geom, "geoms", [geom]):
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = np.asarray(ring.coords)
            if not len(xy):
                continue
            xs, ys = view.to_pixel(xy[:, 0], xy[:, 1])
            path.moveTo(xs[0], ys[0])
            for x, y in zip(xs[1:].tolist(), ys[1:].tolist()):
                path.lineTo(x, y)
            path.closeSubpath()
    return path


def _round_scale(denominator: float) -> int:
    """1:12,345 reads as noise; two significant figures are what a map scale states."""
    if denominator <= 0:
        return 0
    digits = len(str(int(denominator))) - 2
    return int(round(denominator, -max(digits, 0)))
