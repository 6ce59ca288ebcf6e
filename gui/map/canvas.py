"""MapCanvas: the interactive map widget.

Public API (what the main window uses)
--------------------------------------
``MapCanvas(project, selection, styles, parent=None)``
    ``selection`` is a :class:`geo.selection.Selection`, ``styles`` a
    :class:`gui.map.layer_style.LayerStack`; the canvas redraws when the
    project, the selection or the styles change.
``set_project(project, selection=None)``  show another project (zooms to it).
``take_over(preview, layers)``  continue from a preview canvas of the same file
    (its view and last frame, the layer snapshots and caches; see :mod:`gui.opening`).
``zoom_full()``, ``zoom_to_bounds(bounds, crs="project")`` (``crs="metric"`` for
    metres), ``zoom_to_feature(layer, id)``.
``set_tool(name)``: ``"pan"``, ``"zoom_box"``, ``"identify"``, ``"select"`` (click
    or rectangle; ``"select_rect"`` is the same), ``"select_lasso"``.
``set_active_layer(name)``: the layer the select tools act on (default buildings);
    ``None``: whatever is topmost under the cursor (the main window's default).
``register_tool(name, cls)`` (module function): add a map tool (a
    :class:`gui.map.tools.MapTool` subclass) that ``set_tool(name)`` can then use.
``menu_providers``: ``provider(menu, hit, xy)`` callables filling the right-click menu.
``add_overlay(obj)`` / ``remove_overlay(obj)``: ``obj.paint(painter, canvas)`` is
    called on every repaint, above the map image and below the tool's drawing
    (gap markers, highlights, a laser pointer); call ``canvas.update()`` when
    an overlay changes. An optional ``obj.prepare(canvas)`` is called once an edit's
    frame is asked for, to bring cached pictures up to date before that frame's paint.
    ``map_to_pixel(x, y)`` / ``pixel_to_map(px, py)`` convert metric map coordinates
    for overlays and tools.
Signals: ``featureClicked(str layer, object id)`` (identify tool),
``coordinatesChanged(float x, float y)`` (cursor, project CRS, e.g. lon/lat),
``scaleChanged(float metres_per_pixel)``, ``renderFinished()``.

Keys: wheel zooms around the cursor, ``+``/``-`` zoom, arrows pan, space-drag
pans with any tool, Esc cancels the gesture in progress. While the view moves
the last image is shifted and scaled (a transform only); a new frame is
rendered in the background when the view has been still for
:data:`SETTLE_MS`. A frame of the same view (after an edit, a restyle) is
redrawn only where it changed, from the last one (:mod:`.incremental`); between an
edit and its frame the canvas is not repainted (at most :data:`PAINT_HOLD_MS`), so the
render thread does not wait on a repaint of the old map that its frame replaces.
Each new frame is painted once: whoever shows it at once
(:meth:`paint_frame_now`, :class:`~.after_frame.AfterFrame`) spares the
queued update, and a frame over an opaque background is drawn in RGB32, which the
window's backing store takes as a plain copy.
"""
from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from geo.background import DaemonWorker, alone
from geo.hit_test import FeatureIndex, pick_layer

from .decorations import ScaleBarPicture
from .incremental import lay_patches
from .layer_style import BY_GRID
from .renderer import BACKGROUND, MapRenderer
from .render_worker import RenderWorker
from .scene import MapScene
from .tools import HIT_PIXELS, TOOLS, PanTool
from .view import MapView

log = logging.getLogger(__name__)

SETTLE_MS = 120
#: Longest wait for an edit's frame before the canvas repaints without it.
PAINT_HOLD_MS = 250
WHEEL_STEP = 1.25  # zoom factor per wheel notch


class MapCanvas(QWidget):
    featureClicked = Signal(str, object)
    coordinatesChanged = Signal(float, float)
    scaleChanged = Signal(float)
    renderFinished = Signal()
    _editArrived = Signal()  # an edit to show: one refresh per command (see _on_project_changed)

    def __init__(self, project, selection, styles, parent=None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)
        self.styles = styles
        self.active_layer = "buildings"
        self.worker = RenderWorker(self)
        self.worker.finished.connect(self._on_rendered)
        self._timer = QTimer(self, singleShot=True, interval=SETTLE_MS, timeout=self.refresh)
        # queued, not a 0-ms timer: it runs before the repaints and timers the edit set off
        # (those are low-priority events), so the render thread starts while they run
        self._edit_pending = False
        self._editArrived.connect(self._refresh_after_edit, Qt.ConnectionType.QueuedConnection)
        # between an edit and its frame the canvas is not repainted (see _hold_paint_for_edit)
        self._paint_hold = QTimer(self, singleShot=True, interval=PAINT_HOLD_MS, timeout=self._release_paint)
        self._held = False
        self._image = self._image_view = None
        self._frame = None  # the FrameRecord of the image: the next frame of the same view starts from it
        self._image_serial = self.painted_serial = 0  # the render of the image / of the last paint
        self._space_pan = None
        self.overlays = []
        self._scale_bar = ScaleBarPicture()
        self.menu_providers = []  # right-click menu entries (see contextMenuEvent)
        self.warm_colours = False  # work grid colours out behind frames that do not need them
        self._colour_worker = None
        self._colours_for = lambda: None  # the grid geometries last handed to it
        self.tool = PanTool(self)
        self.project = self.selection = None
        styles.changed.connect(self._on_styles_changed)
        self.set_project(project, selection)

    # ------------------------------------------------------------ project
    def set_project(self, project, selection=None) -> None:
        if self.project is not None:
            self.project.changed.disconnect(self._on_project_changed)
        if self.selection is not None and selection is not None:
            self.selection.changed.disconnect(self._on_selection_changed)
        self.project = project
        if selection is not None:
            self.selection = selection
            selection.changed.connect(self._on_selection_changed)
        project.changed.connect(self._on_project_changed)
        from ..app import cjk_family

        self.scene = MapScene(project)
        self.renderer = MapRenderer(self.scene, cjk_family())
        self._indexes = {}
        self._image = self._frame = None
        self.zoom_full()

    def take_over(self, preview, layers) -> None:
        """Continue where ``preview`` (a canvas over a partial read of the same file) is.

        Its view and last frame stay on screen until this canvas's own first
        frame replaces them, so the switch to the full model does not jump;
        ``layers`` (name → snapshot, see :meth:`MapScene.adopt`) are used with
        the caches the preview built from them.
        """
        self.scene.adopt(layers, memo_from=preview.scene)
        self._image, self._image_view = preview._image, preview._image_view
        self._frame = None  # drawn by the preview's renderer: this one draws its own in full
        self.set_view(preview.view)

    def _on_project_changed(self, event) -> None:
        rows = event.inserted or event.deleted
        self.scene.invalidate(event.layer, () if rows else event.columns, None if rows else event.ids)
        if rows or "geometry" in event.columns:  # a reassignment leaves the click index as it is
            self._indexes.pop(event.layer, None)
        # an edit shows at once (one refresh per command, however many layers it wrote);
        # the settle delay is for a view still moving
        if not self._edit_pending:
            self._edit_pending = True
            self._editArrived.emit()

    def _on_selection_changed(self, layer) -> None:
        self.refresh()

    def _on_styles_changed(self, name, what) -> None:
        self.refresh()

    # ------------------------------------------------------------ the view
    @property
    def view(self) -> MapView:
        return self._view

    def set_view(self, view: MapView) -> None:
        old = getattr(self, "_view", None)
        self._view = view.resized(max(self.width(), 1), max(self.height(), 1))
        if old is not None and old != self._view:
            self._release_paint()  # a moving view shows the shifted image at once
        if old is None or old.mpp != self._view.mpp:
            self.scaleChanged.emit(self._view.mpp)
        self.update()
        self.schedule()

    def zoom_full(self) -> None:
        bounds = self.scene.bounds() or (0, 0, 1000, 1000)
        self.set_view(MapView.fit(bounds, max(self.width(), 1), max(self.height(), 1)))

    def zoom_to_bounds(self, bounds, crs: str = "project", margin: float = 0.1) -> None:
        """Show ``bounds`` (minx, miny, maxx, maxy) in the project CRS, or metres with crs="metric"."""
        if crs != "metric":
            minx, miny, maxx, maxy = bounds
            xs, ys = self.scene.to_metric.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy])
            bounds = (min(xs), min(ys), max(xs), max(ys))
        self.set_view(MapView.fit(bounds, max(self.width(), 1), max(self.height(), 1), margin))

    def zoom_to_feature(self, layer: str, id_) -> None:
        cache = self.scene.cache(layer)
        i = cache.position[id_]
        if cache.kind == "point":
            x, y = cache.xy[i]
            r = max(cache.radius[i], 100.0)
            self.zoom_to_bounds((x - r, y - r, x + r, y + r), crs="metric")
        else:
            self.zoom_to_bounds(tuple(cache.bbox[i]), crs="metric")

    def zoom_at(self, px: float, py: float, factor: float) -> None:
        self.set_view(self._view.zoom_at(px, py, factor))

    def zoom_to_pixel_rect(self, rect: QRectF) -> None:
        x0, y0 = self._view.to_map(rect.left(), rect.bottom())
        x1, y1 = self._view.to_map(rect.right(), rect.top())
        self.zoom_to_bounds((x0, y0, x1, y1), crs="metric", margin=0.0)

    def pan_pixels(self, dx: float, dy: float) -> None:
        self.set_view(self._view.pan_pixels(dx, dy))

    # ------------------------------------------------------------ rendering
    def schedule(self) -> None:
        """Render once the view has been still for SETTLE_MS (panning only shifts the image)."""
        self._timer.start()

    def _refresh_after_edit(self) -> None:
        if self._edit_pending and not self._timer.isActive():  # a view still moving renders when it settles
            self.refresh()
            self._hold_paint_for_edit()
            self._prepare_overlays()
        self._edit_pending = False

    def _prepare_overlays(self) -> None:
        """Let overlays with a ``prepare(canvas)`` redraw what the edit changed now, while the render
        thread draws the frame: the paint that shows the frame then only lays their pictures on it."""
        for overlay in list(self.overlays):
            prepare = getattr(overlay, "prepare", None)
            if prepare is not None:
                prepare(self)

    def _hold_paint_for_edit(self) -> None:
        """Skip repaints until the edit's frame arrives: a repaint now shows the old map under the
        new overlays, and its Python (band outlines, the tool) holds the lock the render thread
        needs, delaying the frame that replaces it anyway. One paint shows frame and overlays."""
        # not a top-level canvas: re-enabled updates of a window did not repaint it (Qt 6, offscreen)
        if not self._held and self.updatesEnabled() and self.isVisible() and not self.isWindow():
            self._held = True
            self.setUpdatesEnabled(False)
        if self._held:
            self._paint_hold.start()  # a frame that never comes (a failed render) must not freeze the map

    def _release_paint(self) -> None:
        self._paint_hold.stop()
        if self._held:  # only what this canvas disabled: a parent's own hold is left alone
            self._held = False
            self.setUpdatesEnabled(True)  # Qt repaints what was skipped meanwhile

    def refresh(self) -> None:
        self._timer.stop()
        self._edit_pending = False
        styles = tuple(self.styles.snapshot())
        # frozen here, on the thread that edits the project: the worker never reads live frames
        snapshot = self.scene.snapshot(styles)
        selection = {n: self.selection.ids(n) for n in self.selection.layers()} if self.selection else {}
        # the same view again (an edit, a restyle): the render thread redraws only what changed
        previous = self._frame if self._frame is not None and self._frame.view == self._view else None
        self.worker.request(self.renderer, self._view, styles, selection, snapshot, previous)

    def _on_rendered(self, serial, image, view, record=None) -> None:
        if serial != self.worker.serial:
            return  # an older frame finishing late
        if image is None:  # drawn in part: patches over the frame it was drawn from
            if record.base is not self._frame or self._frame.image is None:
                record.patches = record.base = None  # that frame is no longer shown: draw in full
                self._frame = None
                self._release_paint()  # the held paint would wait for a frame that is not coming
                self.refresh()
                return
            image = record.image = lay_patches(record)
            record.display = self._frame.display
        display = getattr(record, "display", None)
        self._image, self._image_view, self._frame = display if display is not None else image, view, record
        self._image_serial = serial
        self._release_paint()  # before renderFinished, so whoever paints the frame at once can
        self.renderFinished.emit()
        if self.painted_serial != serial:  # nobody painted it at once (see after_frame)
            self.update()
        if self.warm_colours:
            self._warm_colours()

    def _warm_colours(self) -> None:
        """Work the grids' colours out on a thread of their own if no frame has yet.

        A city's whole extent is drawn in one colour (neighbours of a few pixels cannot be
        told apart), so its 50,000 grids were coloured only when the user first zoomed in,
        and that frame waited for it (6-9 s). Done behind the frame, it is there by then
        (a frame asking meanwhile waits for this build instead of doing it again).
        """
        if not any(s.visible and s.mode == BY_GRID for s in self.styles.snapshot()):
            return  # nothing on the map is coloured by grid
        snapshot = self.scene.snapshot(names=["grids"])
        grids = snapshot.layers.get("grids")
        if grids is None or self._colours_for() is grids.geoms or snapshot.colouring_known():
            return
        self._colours_for = weakref.ref(grids.geoms)  # not kept alive by this: edits replace it
        if self._colour_worker is None:
            self._colour_worker = DaemonWorker("map-colours")
        self._colour_worker.submit(_colour_alone, snapshot).add_done_callback(_log_failure)

    def paint_frame_now(self) -> None:
        """Paint the newest frame at once unless a paint since it arrived has shown it."""
        if self.painted_serial != self._image_serial:
            self.repaint()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        if self._image is not None and self._image_fills_canvas():
            # the frame covers the canvas pixel for pixel and is opaque: a plain copy, no blend
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawImage(0, 0, self._image)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        else:
            painter.fillRect(self.rect(), QColor(BACKGROUND))
            if self._image is not None:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(self._image_target(), self._image)
        if event.rect().contains(self.rect()) and event.region().rectCount() == 1:
            self.painted_serial = self._image_serial  # all of it is on screen now
        for overlay in list(self.overlays):
            painter.save()
            overlay.paint(painter, self)
            painter.restore()
        self.tool.paint(painter)
        s = self.renderer.scale  # presenter mode enlarges the bar with the map
        self._scale_bar.paint(painter, self._view.mpp, 16 * s, self.height() - 12 * s, self.renderer.family,
                              scale=s, ratio=self.devicePixelRatioF())
        painter.end()

    def _image_fills_canvas(self) -> bool:
        v, iv, image = self._view, self._image_view, self._image
        return (iv == v and image.width() == v.width == self.width()
                and image.height() == v.height == self.height()
                and image.devicePixelRatio() == 1.0 and QColor(self.renderer.background).alpha() == 255)

    def _image_target(self) -> QRectF:
        """Where the last frame lands in the current view (shift and scale only)."""
        v, iv = self._view, self._image_view
        x0, y0 = v.to_pixel(*iv.to_map(0, 0))
        x1, y1 = v.to_pixel(*iv.to_map(iv.width, iv.height))
        return QRectF(QPointF(x0, y0), QPointF(x1, y1))

    def resizeEvent(self, event) -> None:
        if hasattr(self, "_view"):
            self.set_view(self._view)
        super().resizeEvent(event)

    def closeEvent(self, event) -> None:
        self._release_paint()
        self.warm_colours = False  # a frame still queued for this canvas starts no colouring
        self.worker.shutdown()
        if self._colour_worker is not None:
            self._colour_worker.shutdown()
        super().closeEvent(event)

    # ------------------------------------------------------------ overlays
    def add_overlay(self, overlay) -> None:
        if overlay not in self.overlays:
            self.overlays.append(overlay)
        self.update()

    def remove_overlay(self, overlay) -> None:
        if overlay in self.overlays:
            self.overlays.remove(overlay)
        self.update()

    def map_to_pixel(self, x: float, y: float):
        return self._view.to_pixel(x, y)

    def pixel_to_map(self, px: float, py: float):
        return self._view.to_map(px, py)

    # ------------------------------------------------------------ tools
    def set_tool(self, name: str) -> None:
        self.tool.deactivate()
        self.tool = TOOLS[name](self)
        self.tool.activate()

    def set_active_layer(self, name: str) -> None:
        self.active_layer = name

    def feature_index(self, layer: str) -> FeatureIndex:
        index = self._indexes.get(layer)
        if index is None:
            cache = self.scene.cache(layer)
            index = self._indexes[layer] = FeatureIndex(cache.ids, cache.geoms)
        return index

    def feature_at(self, px: float, py: float):
        """The topmost visible (layer, id) under a pixel, or None."""
        x, y = self._view.to_map(px, py)
        layers = [(s.name, self.feature_index(s.name)) for s in self.styles if s.visible]
        return pick_layer(layers, x, y, HIT_PIXELS * self._view.mpp)

    def select_at(self, px: float, py: float, mode: str) -> None:
        x, y = self._view.to_map(px, py)
        ids = self.feature_index(self.active_layer).at_point(x, y, HIT_PIXELS * self._view.mpp)
        self.selection.select(self.active_layer, ids, mode)

    def select_in_rect(self, rect: QRectF, mode: str) -> None:
        x0, y0 = self._view.to_map(rect.left(), rect.bottom())
        x1, y1 = self._view.to_map(rect.right(), rect.top())
        self.selection.select(self.active_layer, self.feature_index(self.active_layer).in_rect(x0, y0, x1, y1), mode)

    def select_in_lasso(self, pixels, mode: str) -> None:
        coords = [self._view.to_map(px, py) for px, py in pixels]
        self.selection.select(self.active_layer, self.feature_index(self.active_layer).in_polygon(coords), mode)

    # ------------------------------------------------------------ input
    def mousePressEvent(self, event) -> None:
        if self._space_pan is not None:
            self._space_pan.press(event)
        elif event.button() == Qt.MouseButton.LeftButton:
            self.tool.press(event)

    def mouseMoveEvent(self, event) -> None:
        x, y = self._view.to_map(event.position().x(), event.position().y())
        self.coordinatesChanged.emit(*self.scene.to_project.transform(x, y))
        (self._space_pan or self.tool).move(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._space_pan is not None:
            self._space_pan.release(event)
        elif event.button() == Qt.MouseButton.LeftButton:
            self.tool.release(event)

    def contextMenuEvent(self, event) -> None:
        """Right-click: a menu filled by ``menu_providers`` (features append
        ``provider(menu, hit, xy)``: hit is the topmost (layer, id) or None, xy the project-CRS point)."""
        menu = self.context_menu(event.pos().x(), event.pos().y())
        if menu is not None:
            menu.exec(event.globalPos())
            menu.deleteLater()

    def context_menu(self, px: float, py: float):
        """The right-click menu at a pixel, or None when no provider added anything."""
        from PySide6.QtWidgets import QMenu

        hit = self.feature_at(px, py)
        xy = self.scene.to_project.transform(*self._view.to_map(px, py))
        menu = QMenu(self)
        for provider in self.menu_providers:
            provider(menu, hit, xy)
        if menu.isEmpty():
            menu.deleteLater()
            return None
        return menu

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            p = event.position()
            self.zoom_at(p.x(), p.y(), WHEEL_STEP ** steps)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        w, h = self.width(), self.height()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_pan = PanTool(self)
            self._space_pan.activate()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_at(w / 2, h / 2, 2.0)
        elif key == Qt.Key.Key_Minus:
            self.zoom_at(w / 2, h / 2, 0.5)
        elif key in _ARROWS:
            dx, dy = _ARROWS[key]
            self.pan_pixels(dx * w / 4, dy * h / 4)
        elif key == Qt.Key.Key_Escape:
            self.tool.cancel()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space_pan:
            self._space_pan.cancel()
            self._space_pan = None
            self.tool.activate()
        else:
            super().keyReleaseEvent(event)


# the map moves the opposite way to the arrow: "right" shows what is to the east
_ARROWS = {Qt.Key.Key_Left: (1, 0), Qt.Key.Key_Right: (-1, 0),
           Qt.Key.Key_Up: (0, 1), Qt.Key.Key_Down: (0, -1)}


def register_tool(name: str, cls) -> None:
    """Make a map tool available to :meth:`MapCanvas.set_tool` under ``name``."""
    TOOLS[name] = cls


def _colour_alone(snapshot) -> None:
    """Work on one core: the other is the render thread's, and a pan or zoom meanwhile must not
    wait behind this background work for help with its tiles (geo.background.share_work)."""
    with alone():
        snapshot.colour_grids()


def _log_failure(future) -> None:
    """A colouring that failed is done again by the frame that needs it; the log keeps why."""
    if not future.cancelled() and future.exception() is not None:
        log.warning("grid colours behind the frame failed", exc_info=future.exception())
