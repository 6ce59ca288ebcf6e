"""Run slow view updates after the map has shown an edit, not before it.

After an edit the canvas asks its render thread for a new frame at once. A
dock that rebuilds itself on the GUI thread meanwhile (a tree regrouped, a gap
list recomputed) holds Python's lock, so the render thread waits, and the
finished frame waits in the GUI thread's queue until the dock is done: the
planner sees the edit only after the slowest view. :class:`AfterFrame` runs
such an update once the canvas has drawn its next frame (or after a
``timeout_ms`` when no frame comes, e.g. no canvas is shown), once however
many edits asked for it meanwhile.

Example
-------
>>> later = AfterFrame(lambda: window.canvas, dock.rebuild)   # doctest: +SKIP
>>> later.request()            # in the handler of project.changed  # doctest: +SKIP
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer


#: Canvas property: the serial of the last frame an AfterFrame painted at once.
PAINTED = "after_frame_painted"


class AfterFrame(QObject):
    """``callback()`` once, after the canvas's next frame, per burst of :meth:`request` calls."""

    def __init__(self, canvas_of, callback, timeout_ms: int = 1000, parent=None):
        super().__init__(parent)
        self._canvas_of, self._callback = canvas_of, callback
        self._canvas = None
        self._fallback = QTimer(self, singleShot=True, interval=timeout_ms, timeout=self._no_frame)
        self._run = QTimer(self, singleShot=True, interval=0, timeout=self._callback)

    def request(self) -> None:
        if self._fallback.isActive() or self._run.isActive():
            return  # already waiting: one update covers every edit of the burst
        canvas = self._canvas_of()
        if canvas is None or not canvas.isVisible() or not hasattr(canvas, "renderFinished"):
            self._run.start()
            return
        self._canvas = canvas
        canvas.renderFinished.connect(self._frame_shown)
        self._fallback.start()

    def pending(self) -> bool:
        return self._fallback.isActive() or self._run.isActive()

    def flush(self) -> None:
        """Run a waiting update now (e.g. before the view is read or closed)."""
        if self.pending():
            self._disconnect()
            self._fallback.stop()
            self._run.stop()
            self._callback()

    def _frame_shown(self) -> None:
        canvas = self._canvas
        self._disconnect()
        self._fallback.stop()
        # the frame is on screen before the slow update starts (a queued repaint would wait
        # behind it); once per frame however many updates waited for it (or painted it already)
        if hasattr(canvas, "paint_frame_now"):
            canvas.paint_frame_now()
        else:
            serial = getattr(getattr(canvas, "worker", None), "serial", None)
            if canvas.property(PAINTED) != serial:
                canvas.setProperty(PAINTED, serial)
                canvas.repaint()
        self._run.start()

    def _no_frame(self) -> None:
        self._disconnect()
        self._run.start()

    def _disconnect(self) -> None:
        if self._canvas is not None:
            try:
                self._canvas.renderFinished.disconnect(self._frame_shown)
            except (RuntimeError, TypeError):  # the canvas is gone
                pass
            self._canvas = None
