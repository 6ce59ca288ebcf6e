"""Opening a project without waiting: the window and the view first, the full model behind.

:class:`ProjectLoader` reads in one background thread, in this order: the
features the first view draws (:func:`geo.view_read.read_view`: every map
layer through the R-tree, nothing of a whole layer), projected to metres; then
the full model (:meth:`geo.project.Project.read`, taking the layers already
read whole), the rest of the map layers projected too. :class:`ProgressiveOpening`
shows the first as a map at once (a canvas over the partial read, pan and zoom
only; the full read starts once its first frame is drawn), a progress bar in the status bar and 「正在加载…」 over the panels, with
every editing action off. When the full model arrives the window's real
canvas takes the same view, the preview's last frame and the caches built for
the layers read whole (no visible jump), the panels fill in and editing comes on.
"""
from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QProgressBar

from .map.renderer import BACKGROUND
from .widgets.loading_cover import LoadingCover


class _Cancelled(Exception):
    """The opening was cancelled while its file was read."""


class ProjectLoader(QObject):
    """Reads ``path`` in a thread; signals arrive on the thread that made the loader."""

    previewed = Signal(object, object)   # ViewRead, {name: LayerSnapshot}
    progressed = Signal(int, int, str)   # layers done, layers in all, last layer read
    loaded = Signal(object, object)      # Project (no store yet), {name: LayerSnapshot}
    failed = Signal(str)

    #: The full read waits at most this long (seconds) for the first view to be drawn.
    FIRST_FRAME_WAIT = 15.0
    #: ... and this long when the first view holds more than LARGE_VIEW buildings (a city's
    #: 10 km view: its frame takes seconds, and the model should not queue behind it). A city's
    #: whole extent leaves its buildings out (under a pixel): its frame is drawn in ~4 s, and
    #: the rest is read after it on three threads, sooner than on one beside it (measured:
    #: first frame 16.7 -> 11.6 s, full model 18.1 -> 17.1 s).
    LARGE_VIEW_WAIT = 2.0
    LARGE_VIEW = 50_000

    def __init__(self, path, bbox=None, size=(1, 1), parent=None):
        super().__init__(parent)
        self.path, self.bbox, self.size = path, bbox, size  # size: the map's, in pixels
        #: set when the first view is on screen: the full read starts then, so that the
        #: frame is not slowed by the reading (both hold Python's lock most of the time)
        self.first_frame_drawn = threading.Event()
        #: set when nobody waits for the result any more: the reading stops after the layer
        #: it is in (opening another file while a city loads, closing the window)
        self.cancelled = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._run, name="project-loader", daemon=True).start()

    def _run(self) -> None:
        from .map.preload import read_first, read_full, screen_box, unseen_layers

        try:
            # a whole city's buildings are under a pixel: the first view neither draws nor reads them
            leave_out = unseen_layers(self.path, self.size) if self.bbox is None else ()
            view, preview_layers = read_first(self.path, self.bbox,
                                              lambda project, box: screen_box(project, box, self.size), leave_out)
            self.previewed.emit(view, preview_layers)
            drawn = self.first_frame_drawn.wait(self._frame_wait(view))
            # reading on three threads would starve a first frame still being drawn
            project, layers = read_full(self.path, view, preview_layers, self._progress, overlap=drawn)
            self.loaded.emit(project, layers)
        except _Cancelled:
            pass  # nobody listens any more
        except Exception as exc:  # any reason the file cannot be opened is said, not raised
            self.failed.emit(str(exc) or type(exc).__name__)

    def _progress(self, done: int, total: int, layer: str) -> None:
        if self.cancelled.is_set():
            raise _Cancelled
        self.progressed.emit(done, total, layer)


    def _frame_wait(self, view) -> float:
        buildings = view.project["buildings"] if "buildings" in view.frames else ()
        return self.LARGE_VIEW_WAIT if len(buildings) > self.LARGE_VIEW else self.FIRST_FRAME_WAIT


class ProgressiveOpening(QObject):
    """One opening of ``path`` in ``window`` (see the module doc); ``finished(project)`` at the end.

    ``bbox`` (project CRS) is the first view; None shows the whole project.
    """

    previewShown = Signal()
    modelLoaded = Signal()  # in memory and open for writing; the window takes it next
    finished = Signal(object)
    failed = Signal(str)

    #: window actions that stay on while the model loads (nothing here edits)
    SAFE_ACTIONS = ("new", "open", "quit", "about", "lang_zh", "lang_en")

    def __init__(self, window, path, bbox=None):
        super().__init__(window)
        self.window, self.path, self.bbox = window, path, bbox
        self.preview = None  # the canvas over the partial read
        self._covers, self._disabled = [], []
        self.loader = ProjectLoader(path, bbox, parent=self)
        self.loader.previewed.connect(self._show_preview)
        self.loader.progressed.connect(self._show_progress)
        self.loader.loaded.connect(self._take_model)
        self.loader.failed.connect(self._fail)
        self.progress = QProgressBar(window)
        self.progress.setMaximumWidth(180)
        self.progress.setRange(0, 0)  # busy until the first layer is in
        self.label = QLabel(window)

    # ------------------------------------------------------------ the loading state
    def start(self) -> None:
        w = self.window
        placeholder = QLabel(self.tr("正在读取地图…"), w)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setStyleSheet(f"background: {BACKGROUND};")  # the map's own paper colour
        w.setCentralWidget(placeholder)
        self._measure_map()
        self._cover_panels()
        self.label.setText(self.tr("正在加载项目…"))
        w.statusBar().addWidget(self.label)
        w.statusBar().addWidget(self.progress)
        self.label.show()
        self.progress.show()
        w.repaint()  # on screen now: the reading thread would otherwise hold Python's lock first
        if w.isVisible() and not _exposed(w):  # just shown: its first paint comes from the event loop
            _AfterFirstPaint(w, self._start_reading)
        else:
            QTimer.singleShot(0, self._start_reading)

    def _start_reading(self) -> None:
        if self.label is None:  # cancelled meanwhile
            return
        if self.window.add_features():  # a window shown before its features (gui.launch)
            self._cover_panels()         # their docks change the map's size: measure again
            self._measure_map()
        self.loader.start()

    def _measure_map(self) -> None:
        """The map's size now, so that the first read covers what it will show."""
        self.window.layout().activate()
        placeholder = self.window.centralWidget()
        self.loader.size = (placeholder.width(), placeholder.height())

    def _cover_panels(self) -> None:
        """「正在加载…」 over every panel not covered yet, and editing off."""
        self._disable_editing()
        covered = {cover.widget for cover in self._covers}
        for dock in self.window.findChildren(QDockWidget):
            if dock.widget() is not None and dock.widget() not in covered:
                self._covers.append(LoadingCover(dock.widget()))

    def _disable_editing(self) -> None:
        """Every action off but opening, quitting, the language and showing panels or toolbars."""
        w = self.window
        safe = {getattr(w.actions, name) for name in self.SAFE_ACTIONS}
        safe |= {d.toggleViewAction() for d in w.findChildren(QDockWidget)}
        safe |= {w.toolbar.toggleViewAction()} | {t.toggleViewAction() for t in w.findChildren(type(w.toolbar))}
        for action in w.findChildren(QAction):
            if action.menu() is None and action.isEnabled() and action not in safe:
                action.setEnabled(False)
                self._disabled.append(action)

    def _end_loading_state(self) -> None:
        if self.label is None:
            return  # ended already
        for action in self._disabled:
            if shiboken6.isValid(action):  # a menu rebuilt meanwhile deleted its old actions
                action.setEnabled(True)
        self._disabled = []
        for cover in self._covers:
            cover.remove()
        self._covers = []
        for widget in (self.label, self.progress):
            self.window.statusBar().removeWidget(widget)
            widget.deleteLater()
        self.label = self.progress = None

    # ------------------------------------------------------------ what the loader says
    def _show_preview(self, view_read, layers) -> None:
        from geo.selection import Selection

        from .map.canvas import MapCanvas
        from .map.layer_style import LayerStack

        self.preview = MapCanvas(view_read.project, Selection(), LayerStack.default())
        self.preview.scene.adopt(layers)
        self.preview.resize(*self.loader.size)  # the view is fitted to the size it will have
        self.preview.renderFinished.connect(self.loader.first_frame_drawn.set)
        self.window.setCentralWidget(self.preview)
        self.window.centralWidget().show()
        if self.bbox is not None:
            self.preview.zoom_to_bounds(self.bbox)
        else:
            self.preview.zoom_full()
        self.previewShown.emit()

    def _show_progress(self, done: int, total: int, layer: str) -> None:
        if self.progress is None:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _take_model(self, project, layers) -> None:
        w = self.window
        try:
            project.attach_file()  # the SQLite connection belongs to this (the GUI) thread
        except Exception as exc:
            self._fail(str(exc) or type(exc).__name__)
            return
        self.modelLoaded.emit()
        preview = w.takeCentralWidget() if self.preview is not None else None
        self._end_loading_state()
        w.set_project(project, (preview, layers) if preview is not None else None)
        if preview is not None:
            self._drop_preview(preview)
        self.finished.emit(project)

    def _fail(self, message: str) -> None:
        self.cancel()
        self.failed.emit(message)

    def cancel(self) -> None:
        """Stop showing this opening; its thread stops reading after the layer it is in."""
        self.loader.cancelled.set()
        self.loader.first_frame_drawn.set()
        for signal, slot in ((self.loader.previewed, self._show_preview),
                             (self.loader.progressed, self._show_progress),
                             (self.loader.loaded, self._take_model), (self.loader.failed, self._fail)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._end_loading_state()
        if self.preview is not None and self.window.centralWidget() is self.preview:
            self._drop_preview(self.window.takeCentralWidget())

    def _drop_preview(self, preview) -> None:
        preview.worker.shutdown()  # waits for its render thread (close() of a hidden widget may not)
        preview.close()
        preview.deleteLater()
        self.preview = None


def _exposed(widget) -> bool:
    handle = widget.windowHandle()
    return handle is not None and handle.isExposed()


class _AfterFirstPaint(QObject):
    """Calls ``then`` once ``window`` has painted (or after ``WAIT_MS`` at the latest), so
    that the window is on screen before the features' imports and the reading keep the
    event loop busy."""

    WAIT_MS = 1000

    def __init__(self, window, then):
        super().__init__(window)
        self.window, self.then = window, then
        window.installEventFilter(self)
        QTimer.singleShot(self.WAIT_MS, self, self._fire)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._fire)  # after the paint itself
        return False

    def _fire(self) -> None:
        if self.then is None:
            return
        then, self.then = self.then, None
        self.window.removeEventFilter(self)
        then()
        self.deleteLater()

