"""BandPicture: the out-of-band grid outlines as one transparent image over the canvas.

An edit changes the status (or the polygon) of a few grids; drawing every
out-of-band grid in view again cost most of the first paint after it. The
picture remembers what it drew for each grid (status, path, pixel box) and,
while the view stays put, clears and redraws only the box around the grids
whose drawing changed (old box ∪ new box), clipped to it. Inside that box
every grid touching it is drawn again in the same order as a full drawing, so
the pixels equal a picture drawn from scratch.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QTransform

#: pixels around a path's box that its outline may reach (2.5 px cosmetic pen, miter joins, antialiasing)
STROKE_MARGIN = 5
#: a change covering more of the canvas than this share is drawn from scratch (the clip gains nothing)
FULL_REDRAW_SHARE = 0.5


class BandPicture:
    """The outlines of ``{status: [grid, …]}`` drawn with ``paths`` (a GridPaths) for one view."""

    def __init__(self, paths, colours: dict):
        self.paths, self.colours = paths, colours
        self.image = None
        self.full_draws = self.partial_draws = 0  # how the picture was last brought up to date (tests)
        self._view = None
        self._drawn: dict = {}  # grid -> (status, path, pixel box) as in the image
        self._content = QRect()

    def update(self, canvas, transform, by_status: dict) -> int:
        """Bring the image up to date; return how many grids it outlines."""
        view = self._view_key(canvas)
        if view != self._view or self.image is None:
            self._drawn = {}  # its boxes are pixels of the old view
            wanted = self._wanted(transform, by_status)
            self._view = view
            self._draw(canvas, transform, by_status, wanted, None)
            self.full_draws += 1
        else:
            wanted = self._wanted(transform, by_status)
            dirty = self._dirty(wanted)
            if not dirty.isEmpty():
                area = dirty.intersected(self.image_rect(canvas))
                if area.width() * area.height() > FULL_REDRAW_SHARE * canvas.width() * canvas.height():
                    self._draw(canvas, transform, by_status, wanted, None)
                    self.full_draws += 1
                else:
                    self._draw(canvas, transform, by_status, wanted, dirty)
                    self.partial_draws += 1
        self._drawn = wanted
        self._content = QRect()  # the image's drawn part: a paint blits only that
        for _status, _path, box in wanted.values():
            self._content = self._content.united(box)
        self._content = self._content.intersected(self.image_rect(canvas))
        return len(wanted)

    def paint(self, painter) -> None:
        """Lay the picture on the canvas (its transparent remainder left out)."""
        if self.image is None or self._content.isEmpty():
            return
        ratio = self.image.devicePixelRatio()
        c = self._content
        painter.drawImage(QRectF(c), self.image, QRectF(c.x() * ratio, c.y() * ratio,
                                                        c.width() * ratio, c.height() * ratio))

    @staticmethod
    def image_rect(canvas) -> QRect:
        return QRect(0, 0, canvas.width(), canvas.height())

    @staticmethod
    def _view_key(canvas) -> tuple:
        v = canvas.view
        return v.cx, v.cy, v.mpp, v.width, v.height, canvas.width(), canvas.height(), canvas.devicePixelRatioF()

    def _wanted(self, transform, by_status) -> dict:
        wanted = {}
        for status, grids in by_status.items():
            for g in grids:
                path = self.paths.path(g)
                if path is None or path.isEmpty():
                    continue
                old = self._drawn.get(g)
                if old is not None and old[1] is path:
                    box = old[2]  # the same path in the same view: the same box
                else:
                    box = transform.mapRect(path.controlPointRect()).toAlignedRect().adjusted(
                        -STROKE_MARGIN, -STROKE_MARGIN, STROKE_MARGIN, STROKE_MARGIN)
                wanted[g] = (status, path, box)
        return wanted

    def _dirty(self, wanted) -> QRect:
        """The box of every grid drawn differently now than in the image (old and new place)."""
        dirty = QRect()
        for g, old in self._drawn.items():
            new = wanted.get(g)
            if new is None or new[0] != old[0] or new[1] is not old[1]:
                dirty = dirty.united(old[2])
        for g, new in wanted.items():
            old = self._drawn.get(g)
            if old is None or new[0] != old[0] or new[1] is not old[1]:
                dirty = dirty.united(new[2])
        return dirty

    def _draw(self, canvas, transform, by_status, wanted, clip: QRect | None) -> None:
        if clip is None:
            ratio = canvas.devicePixelRatioF()
            self.image = QImage(max(round(canvas.width() * ratio), 1), max(round(canvas.height() * ratio), 1),
                                QImage.Format.Format_ARGB32_Premultiplied)
            self.image.setDevicePixelRatio(ratio)
            self.image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(self.image)
        if clip is not None:
            painter.setClipRect(clip)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.fillRect(clip, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        for status, grids in by_status.items():
            # the same order as a full drawing, leaving out what cannot reach the clip
            paths = [wanted[g][1] for g in grids
                     if g in wanted and (clip is None or wanted[g][2].intersects(clip))]
            self._draw_status(painter, transform, paths, QColor(self.colours[status]))
        painter.end()

    @staticmethod
    def _draw_status(painter, transform, paths, colour) -> None:
        fill = QColor(colour)
        fill.setAlpha(25)
        painter.setTransform(transform)
        # the hatching without antialiasing (a pixel pattern gains nothing from it, and it
        # costs most of the time); the outlines over it smooth
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(fill, Qt.BrushStyle.BDiagPattern))
        for path in paths:
            painter.drawPath(path)
        dashed_outlines(painter, transform, paths, colour)


#: The outline: 2.5 px dashes of 10 px with 5 px gaps, as five 1 px passes in a plus
#: (Qt's fast cosmetic stroker) instead of one wide dashed pen through its general
#: stroker: 1.2 ms against 9.4 for 15 grids (measured). See gui.map.polygon_painter.stroke.
OUTLINE_PASSES = ((0.0, 0.0), (-0.75, 0.0), (0.75, 0.0), (0.0, -0.75), (0.0, 0.75))
#: A solid 3 px line the same way (the brush target): 0.9 ms against 3.8 for a wide pen
#: along a 600-vertex grid outline (measured); diagonals come out a little thinner.
#: Offsets are device pixels (see outline_passes).
WIDE_PASSES = ((0.0, 0.0), (-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0))


def dashed_outlines(painter, transform, paths, colour) -> None:
    pen = QPen(colour, 1.0)
    pen.setDashPattern([10.0, 5.0])
    outline_passes(painter, transform, paths, pen, OUTLINE_PASSES)


def outline_passes(painter, transform, paths, pen: QPen, passes) -> None:
    """``paths`` outlined with ``pen`` (made cosmetic, antialiased) once per offset of ``passes``,
    in device pixels: a cosmetic pen is one device pixel wide on a high-density image too, so
    the offsets are divided by its pixel ratio (else the passes stand apart, with gaps)."""
    ratio = painter.device().devicePixelRatioF() or 1.0
    pen.setCosmetic(True)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for dx, dy in passes:
        painter.setTransform(transform * QTransform.fromTranslate(dx / ratio, dy / ratio))
        for path in paths:
            painter.drawPath(path)
    painter.resetTransform()


def stroke_paths(painter, transform, paths, pen: QPen, brush=Qt.BrushStyle.NoBrush) -> None:
    """Metric ``paths`` drawn through ``transform`` with ``pen`` made cosmetic, antialiased."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setTransform(transform)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(brush)
    for path in paths:
        painter.drawPath(path)
    painter.resetTransform()
