"""Presenter mode: the map alone, full screen and large, stepping through saved views.

On :meth:`PresenterMode.enter` (F5) the window goes full screen with its
menu bar, status bar, toolbars and docks hidden; the renderer's style scale
grows to :data:`STYLE_SCALE` (thicker lines, bigger symbols and labels); a
title, the current view's name and a legend are drawn over the map; a laser
pointer follows the mouse; personal data is masked in every view. Next and
previous (PageDown/PageUp, arrows, space/backspace: what presentation
clickers send) zoom to the bookmarks of :func:`geo.bookmarks.tour`. Esc
(or F5 again) puts everything back as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QToolBar

from geo.bookmarks import tour

from ..map.view import MapView
from .laser import LaserPointer
from .masking_hook import MaskedDisplay, refresh_personal_views
from .overlay import PresenterOverlay

#: The renderer's style scale while presenting: lines, symbols and labels ~1.8x.
STYLE_SCALE = 1.8


@dataclass
class _Saved:
    """What entering changed, to put back on leaving."""

    shown: list
    maximized: bool
    full_screen: bool
    menu_bar: bool
    status_bar: bool
    cursor: object
    overlays: list  # other features' overlays (gap markers, balance colours), hidden meanwhile


class PresenterMode(QObject):
    """The mode's state and steps; :mod:`gui.features.presenting` wires keys and menus to it."""

    entered = Signal()
    left = Signal()
    bookmarkChanged = Signal(int)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.bookmarks = []
        self.index = -1
        self._saved = None
        self.masking = MaskedDisplay()
        self.overlay = self.laser = None
        # Closing while presenting must remember the normal layout (toolbars, docks,
        # window size), not the bare full-screen one: leave before the window saves it.
        window.installEventFilter(self)

    @property
    def active(self) -> bool:
        return self._saved is not None

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    # ------------------------------------------------------------ entering and leaving
    def enter(self) -> None:
        w = self.window
        if self.active or w.project is None:
            return
        self.masking.install()  # first: nothing may show unmasked once the mode is on
        w.org_dock.set_masked(True)
        refresh_personal_views(w)
        self._saved = self._hide_chrome()
        w.showFullScreen()
        self._dress_canvas(w.canvas)
        self.bookmarks = tour(w.project)
        self.index = -1
        self.entered.emit()
        self.go(0)

    def leave(self) -> None:
        if not self.active:
            return
        w, saved = self.window, self._saved
        self._undress_canvas(w.canvas, saved.cursor)
        if saved.full_screen:
            w.showFullScreen()
        elif saved.maximized:
            w.showMaximized()
        else:
            w.showNormal()
        w.menuBar().setVisible(saved.menu_bar)
        w.statusBar().setVisible(saved.status_bar)
        for widget in saved.shown:
            widget.show()
        self._saved = None
        self.masking.remove()
        w.org_dock.set_masked(False)
        refresh_personal_views(w)
        self.left.emit()

    def _hide_chrome(self) -> _Saved:
        w = self.window
        bars = w.findChildren(QToolBar) + w.findChildren(QDockWidget)
        shown = [b for b in bars if b.isVisible()]
        saved = _Saved(shown, w.isMaximized(), w.isFullScreen(), w.menuBar().isVisible(),
                       w.statusBar().isVisible(), w.canvas.cursor(), list(w.canvas.overlays))
        for bar in shown:
            bar.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        return saved

    def _dress_canvas(self, canvas) -> None:
        from ..app import cjk_family

        family = cjk_family()
        self.overlay = PresenterOverlay(family, STYLE_SCALE)
        self.overlay.title = _title(self.window.project)
        self.laser = LaserPointer(self, STYLE_SCALE)
        for overlay in self._saved.overlays:
            canvas.remove_overlay(overlay)  # the audience sees the map, not editing aids
        canvas.renderer.scale = STYLE_SCALE
        canvas.scaleChanged.connect(self._keep_labels_clear)  # the legend lists what a zoom draws
        canvas.installEventFilter(self)
        canvas.add_overlay(self.overlay)
        self.laser.attach(canvas)
        canvas.setCursor(Qt.CursorShape.BlankCursor)  # the laser dot is the cursor
        canvas.setFocus()
        canvas.refresh()

    def _undress_canvas(self, canvas, cursor) -> None:
        if canvas is None:
            return
        self.laser.detach()
        canvas.removeEventFilter(self)
        canvas.remove_overlay(self.overlay)
        for overlay in self._saved.overlays:
            canvas.add_overlay(overlay)
        canvas.scaleChanged.disconnect(self._keep_labels_clear)
        canvas.renderer.scale = 1.0
        canvas.renderer.label_keep_out = ()
        canvas.setCursor(cursor) if cursor is not None else canvas.unsetCursor()
        canvas.refresh()
        self.overlay = self.laser = None

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.leave()  # the window's closeEvent, which saves the layout, runs after this
            return False
        # going full screen resizes the canvas after the first bookmark was shown (and a
        # window manager may do it late): fit the current bookmark to the new size
        # (not while leaving: the canvas is undressed before the window shrinks back)
        if event.type() == QEvent.Type.Resize and self.active and self.index >= 0 and self.overlay is not None:
            self._show(self.bookmarks[self.index])
        return False

    # ------------------------------------------------------------ stepping
    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def first(self) -> None:
        self.go(0)

    def last(self) -> None:
        self.go(len(self.bookmarks) - 1)

    def go(self, index: int) -> None:
        """Show bookmark ``index`` (clamped: the first and last stay put)."""
        if not self.active or not self.bookmarks:
            return
        index = max(0, min(index, len(self.bookmarks) - 1))
        if index == self.index:
            return
        self.index = index
        self._show(self.bookmarks[index])
        self.bookmarkChanged.emit(index)

    def _show(self, mark) -> None:
        canvas = self.window.canvas
        fit_clear(canvas, mark.bounds, self.overlay.header_bottom(canvas), self.overlay.legend_rect(canvas),
                  margin=0.08)
        self.overlay.show_bookmark(mark, self.index, len(self.bookmarks))
        self._keep_labels_clear()
        canvas.schedule()  # the labels placed clear of this view's caption and legend
        canvas.update()

    def _keep_labels_clear(self, *_args) -> None:
        """The map's labels keep clear of what the overlay draws over it, as it is drawn now."""
        if self.overlay is not None:
            self.window.canvas.renderer.label_keep_out = self.overlay.covered(self.window.canvas)


def fit_clear(canvas, bounds, top: float, legend, margin: float) -> None:
    """Show ``bounds`` (project CRS) whole below pixel row ``top`` (the title and caption) and
    clear of the ``legend`` box (a QRectF in the bottom-right corner, or None): in the band
    left of the legend or in the band above it, whichever shows the area larger. The title
    and the legend never cover the area shown."""
    width, height = max(canvas.width(), 1), max(canvas.height(), 1)
    top = min(top, height / 2)
    bands = [(0.0, top, float(width), float(height))]
    if legend is not None and not legend.isEmpty():
        gap = 8.0
        bands = [(0.0, top, max(legend.left() - gap, width / 2), float(height)),
                 (0.0, top, float(width), max(legend.top() - gap, top + (height - top) / 2))]
    views = [(_fit_band(canvas, bounds, band, margin), band) for band in bands]
    view, band = min(views, key=lambda v: v[0].mpp)
    left, band_top, right, bottom = band
    # the bookmark's centre drawn at the middle of its band, not of the whole canvas
    canvas.set_view(replace(view, width=width, height=height,
                            cx=view.cx - ((left + right) / 2 - width / 2) * view.mpp,
                            cy=view.cy + ((band_top + bottom) / 2 - height / 2) * view.mpp))


def _fit_band(canvas, bounds, band, margin) -> MapView:
    minx, miny, maxx, maxy = bounds
    xs, ys = canvas.scene.to_metric.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy])
    left, top, right, bottom = band
    return MapView.fit((min(xs), min(ys), max(xs), max(ys)), max(right - left, 1), max(bottom - top, 1), margin)


def _title(project) -> str:
    """「幸福街道党建网格一张图」, or "幸福街道 party-building grid map" in the English interface."""
    from geo.export.vocabulary import map_title, word
    from geo.messages import language

    street = project.street_name or (project.path.stem if project.path else "")
    if not street:
        return word("value.text.map_title", language())
    return f"{street}党建网格一张图" if language() == "zh" else map_title(street, "en")
