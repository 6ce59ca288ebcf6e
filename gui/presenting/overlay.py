"""What presenter mode draws over the map: title, current view, legend, highlight.

A canvas overlay (``paint(painter, canvas)``), sized by the same style scale
as the map so that it reads from the back of a room. The features a
bookmark is about (a community, the grids that changed) get a bright
outline; their outline path is cached per view because the laser pointer
repaints the canvas thirty times a second.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QPen

from ..layout.composer import feature_path
from ..map.decorations import draw_legend, draw_title, legend_box, title_box
from ..map.renderer import legend_styles

HIGHLIGHT = QColor(255, 111, 0, 230)


class PresenterOverlay:
    def __init__(self, family: str | None, scale: float):
        self.family, self.scale = family, scale
        self.title = ""
        self.bookmark = None
        self.position = (0, 0)  # (index, count) of the current bookmark
        self._outline_key = self._outline = None

    def show_bookmark(self, bookmark, index: int, count: int) -> None:
        self.bookmark, self.position = bookmark, (index, count)
        self._outline_key = None

    def header_bottom(self, canvas) -> float:
        """Pixel row below the title and the bookmark caption (what :meth:`paint` draws on top)."""
        s = self.scale
        title_font = QFont(self.family) if self.family else QFont()
        title_font.setPixelSize(round(24 * s))
        title_font.setBold(True)
        caption_font = QFont(self.family) if self.family else QFont()
        caption_font.setPixelSize(round(17 * s))
        title_h = QFontMetricsF(title_font).height() + 14 * s
        caption_h = QFontMetricsF(caption_font).height() + 10 * s
        return 10 * s + title_h + 8 * s + caption_h + 8 * s

    def legend_rect(self, canvas):
        """Where :meth:`paint` draws the legend (bottom right), so the bookmark can keep clear of it."""
        s = self.scale
        return legend_box(_legend_styles(canvas), canvas.width() - 16 * s, canvas.height() - 16 * s,
                          self.family, s)

    def covered(self, canvas) -> tuple:
        """The boxes (x, y, w, h) :meth:`paint` draws over the map: title, caption and legend.
        The map's labels keep clear of them (a station's name went under the legend)."""
        title = title_box(self.title, canvas.width(), self.family, self.scale)
        boxes = [title, self.legend_rect(canvas)]
        if self.bookmark is not None:
            boxes.append(self._caption_box(self._caption_text(), canvas.width(), title.bottom() + 8 * self.scale)[0])
        return tuple((b.x(), b.y(), b.width(), b.height()) for b in boxes if not b.isEmpty())

    def paint(self, painter, canvas) -> None:
        s = self.scale
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        self._highlight(painter, canvas)
        box = draw_title(painter, self.title, canvas.width(), self.family, s)
        if self.bookmark is not None:
            self._caption(painter, self._caption_text(), canvas.width(), box.bottom() + 8 * s)
        draw_legend(painter, _legend_styles(canvas), canvas.width() - 16 * s,
                    canvas.height() - 16 * s, self.family, s)

    def _caption_text(self) -> str:
        index, count = self.position
        return f"{self.bookmark.name}（{index + 1}/{count}）"

    def _caption_box(self, text: str, width: int, top: float) -> tuple:
        """(box, font) of the bookmark's caption."""
        s = self.scale
        font = QFont(self.family) if self.family else QFont()
        font.setPixelSize(round(17 * s))
        metrics = QFontMetricsF(font)
        w, h = metrics.horizontalAdvance(text) + 28 * s, metrics.height() + 10 * s
        return QRectF((width - w) / 2, top, w, h), font

    def _caption(self, painter, text: str, width: int, top: float) -> None:
        s = self.scale
        box, font = self._caption_box(text, width, top)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(27, 36, 51, 210))
        painter.drawRoundedRect(box, 5 * s, 5 * s)
        painter.setPen(QColor("white"))
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _highlight(self, painter, canvas) -> None:
        mark = self.bookmark
        if mark is None or not mark.layer or not mark.ids:
            return
        key = (canvas.view, mark)
        if key != self._outline_key:
            path = QPainterPath()
            for id_ in mark.ids:
                found = feature_path(canvas.scene, canvas.view, mark.layer, id_)
                if found is not None:
                    path.addPath(found)
            self._outline_key, self._outline = key, path
        pen = QPen(HIGHLIGHT, 5 * self.scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._outline)


def _legend_styles(canvas) -> tuple:
    """The canvas's styles as its frame draws them (one colour far out, undrawn layers left out)."""
    styles = canvas.styles.snapshot()
    return legend_styles(canvas.scene.snapshot(styles), canvas.view, styles, canvas.renderer.scale)
