"""Map labels that never pile up: an occupancy grid of placed label boxes.

Layers offer candidates (text, pixel position, priority); the placer takes
them best first and skips any whose box would overlap one already placed.
The occupancy grid (cells of :data:`CELL` pixels) makes each test a small
numpy slice instead of a comparison with every placed label.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

CELL = 4
#: The most labels one layer offers per frame (beyond that nobody reads them).
MAX_CANDIDATES = 1500


@dataclass(frozen=True)
class LabelStyle:
    size: float = 9.0
    bold: bool = False
    italic: bool = False
    colour: str = "#222222"
    halo: str = "#FFFFFF"
    halo_width: float = 3.0
    anchor: str = "centre"  # or "right": text starts right of the point (point symbols)


def scaled(style: LabelStyle, scale: float) -> LabelStyle:
    """The same label ``scale`` times bigger (font and halo); see the renderer's style scale."""
    if scale == 1.0:
        return style
    return replace(style, size=style.size * scale, halo_width=style.halo_width * scale)


def make_font(family: str | None, style: LabelStyle) -> QFont:
    font = QFont(family) if family else QFont()
    font.setPixelSize(int(round(style.size * 4 / 3)))  # points → pixels at 96 dpi
    font.setBold(style.bold)
    font.setItalic(style.italic)
    return font


class SpriteCache:
    """Label images with their halo, drawn once per (text, style).

    Stroking glyph outlines for a halo costs milliseconds per label; the same
    grid name ("第3网格") recurs hundreds of times on a city map, so each text
    is rasterised once (halo from eight offset copies) and then only blitted.
    """

    MAX = 20000

    def __init__(self, family: str | None):
        self.family = family
        self._sprites: dict[tuple, QImage] = {}
        self._fonts: dict[LabelStyle, tuple[QFont, QFontMetricsF]] = {}
        self._widths: dict[LabelStyle, dict[str, float]] = {}

    def widths(self, style: LabelStyle) -> dict:
        """text → advance width in pixels for ``style`` (filled in by the placer)."""
        found = self._widths.get(style)
        if found is None or len(found) > self.MAX:
            found = self._widths[style] = {}
        return found

    def font(self, style: LabelStyle):
        found = self._fonts.get(style)
        if found is None:
            font = make_font(self.family, style)
            found = self._fonts[style] = (font, QFontMetricsF(font))
        return found

    def sprite(self, text: str, style: LabelStyle) -> QImage:
        key = (text, style)
        image = self._sprites.get(key)
        if image is None:
            if len(self._sprites) > self.MAX:
                self._sprites.clear()
            image = self._sprites[key] = self._draw(text, style)
        return image

    def _draw(self, text: str, style: LabelStyle) -> QImage:
        font, metrics = self.font(style)
        pad = int(np.ceil(style.halo_width / 2)) + 1
        w, h = int(np.ceil(metrics.horizontalAdvance(text))) + 2 * pad, int(np.ceil(metrics.height())) + 2 * pad
        image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setFont(font)
        base = QPointF(pad, pad + metrics.ascent())
        p.setPen(QColor(style.halo))
        r = style.halo_width / 2
        for dx, dy in _HALO_OFFSETS:
            p.drawText(base + QPointF(dx * r, dy * r), text)
        p.setPen(QColor(style.colour))
        p.drawText(base, text)
        p.end()
        return image


_HALO_OFFSETS = [(np.cos(a), np.sin(a)) for a in np.linspace(0, 2 * np.pi, 12, endpoint=False)]


class LabelPlacer:
    """Greedy label placement on one image; call :meth:`place` in priority order.

    With ``painter`` None nothing is drawn: ``placements`` lists what would be,
    ``(text, style, x, y, width, height)`` per sprite in drawing order, so a
    frame redrawn in part can tell which labels moved (:func:`draw_placements`).
    """

    def __init__(self, painter: QPainter | None, width: int, height: int, sprites: SpriteCache):
        self.painter = painter
        self.sprites = sprites
        self.busy = np.zeros((height // CELL + 2, width // CELL + 2), dtype=bool)
        self.width, self.height = width, height
        self.placed = 0
        self.placements: list[tuple] = []

    def reserve(self, rect: QRectF) -> None:
        """Mark a box as taken (a legend, a scale bar, a symbol) so labels avoid it."""
        rect = rect.intersected(QRectF(0, 0, self.width, self.height))
        if not rect.isEmpty():
            self._mark(*self._cells(rect))

    def place(self, texts, xs, ys, style: LabelStyle, offset: float = 0.0) -> int:
        """Draw (or only place) every label that fits; returns how many.

        Plain floats in the loop (no QRectF per candidate) and text widths
        cached per style: 1,500 candidates a layer cost a few ms, not tens.
        """
        _, metrics = self.sprites.font(style)
        widths = self.sprites.widths(style)
        h = metrics.height()
        right_anchor = style.anchor == "right"
        shifts = (0.0,) if right_anchor else (0.0, 1.2 * h, -1.2 * h)
        busy, width, height, painter = self.busy, self.width, self.height, self.painter
        drawn = 0
        for text, x, y in zip(texts, xs, ys):
            if not text:
                continue
            w = widths.get(text)
            if w is None:
                w = widths[text] = metrics.horizontalAdvance(text)
            left = x + offset if right_anchor else x - w / 2
            right = left + w
            if left < 0 or right > width:
                continue  # a label cut by the frame edge reads worse than none
            c0, c1 = int(left) // CELL, int(right) // CELL + 1
            for shift in shifts:
                top = y + shift - h / 2
                bottom = top + h
                if top < 0 or bottom > height:
                    continue
                r0, r1 = int(top) // CELL, int(bottom) // CELL + 1
                if busy[r0:r1, c0:c1].any():
                    continue
                busy[r0:r1, c0:c1] = True
                sprite = self.sprites.sprite(text, style)
                pad = (sprite.height() - h) / 2
                self.placements.append((text, style, left - pad, top - pad, sprite.width(), sprite.height()))
                if painter is not None:
                    painter.drawImage(QPointF(left - pad, top - pad), sprite)
                drawn += 1
                break
        self.placed += drawn
        return drawn

    def _free_spot(self, metrics, text, x, y, style, offset):
        """The label's box at its point, else just below or above it (areas only)."""
        shifts = (0.0,) if style.anchor == "right" else (0.0, 1.2, -1.2)
        for shift in shifts:
            rect = self._rect(metrics, text, x, y + shift * metrics.height(), style.anchor, offset)
            cells = self._cells(rect)
            if cells is not None and not self._taken(*cells):
                return rect, cells
        return None, None

    @staticmethod
    def _rect(metrics, text, x, y, anchor, offset) -> QRectF:
        w, h = metrics.horizontalAdvance(text), metrics.height()
        if anchor == "right":
            return QRectF(x + offset, y - h / 2, w, h)
        return QRectF(x - w / 2, y - h / 2, w, h)

    def _cells(self, rect: QRectF):
        if rect.left() < 0 or rect.top() < 0 or rect.right() > self.width or rect.bottom() > self.height:
            return None  # a label cut by the frame edge reads worse than none
        return (int(rect.top()) // CELL, int(rect.bottom()) // CELL + 1,
                int(rect.left()) // CELL, int(rect.right()) // CELL + 1)

    def _taken(self, r0, r1, c0, c1) -> bool:
        return bool(self.busy[r0:r1, c0:c1].any())

    def _mark(self, r0, r1, c0, c1) -> None:
        self.busy[r0:r1, c0:c1] = True


def draw_placements(painter: QPainter, sprites: SpriteCache, placements) -> None:
    """Draw ``LabelPlacer.placements`` as the placer would have, in the same order."""
    for text, style, x, y, _w, _h in placements:
        painter.drawImage(QPointF(x, y), sprites.sprite(text, style))
