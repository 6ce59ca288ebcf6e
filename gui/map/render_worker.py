"""Rendering off the GUI thread: one job at a time, a newer request cancels the older.

The job carries frozen inputs taken on the GUI thread: the view, the style
tuple, the selection tuples and a :class:`~.scene_snapshot.SceneSnapshot` of
the layers; edits made meanwhile replace the scene's snapshots, never change
the one a job holds. Painting holds Python's lock, but the renderer draws in small chunks
and checks ``cancelled`` between them, so the window keeps responding.
"""
from __future__ import annotations

import threading
import time
from typing import NamedTuple

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class JobTimes(NamedTuple):
    """When the last job (finished or cancelled) was asked for, started and ended
    (``time.perf_counter``), and the render thread's CPU seconds in it (benchmarks)."""

    serial: int
    requested: float
    started: float
    finished: float
    cpu: float


class _Job(QRunnable):
    def __init__(self, worker, serial, renderer, view, styles, selection, snapshot, previous):
        super().__init__()
        self.worker, self.serial = worker, serial
        self.args = (renderer, view, styles, selection, snapshot)
        self.previous = previous  # the FrameRecord on screen, or None
        self.cancel = threading.Event()
        self.requested = time.perf_counter()

    def run(self) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            (renderer, view, styles, selection, snapshot), previous = self.args, self.previous
            if self.cancel.is_set():
                return
            # drawn in part, the frame comes back as patches: the canvas lays them on its image
            image, record = renderer.render_frame(view, styles, selection, cancelled=self.cancel.is_set,
                                                  snapshot=snapshot, previous=previous, patches=True)
            self._times(started, cpu)  # before the frame is announced: whoever shows it may read them
            if not self.cancel.is_set():
                try:
                    self.worker.finished.emit(self.serial, image, view, record)
                except RuntimeError:  # the canvas went away meanwhile (a preview replaced by the full map)
                    pass
        finally:
            if self.worker.timings is None or self.worker.timings.serial != self.serial:
                self._times(started, cpu)
            self.worker._live.discard(self)

    def _times(self, started, cpu) -> None:
        # a wall time longer than the thread's own CPU time: it waited for Python's lock or a core
        self.worker.timings = JobTimes(self.serial, self.requested, started, time.perf_counter(),
                                       time.thread_time() - cpu)


class RenderWorker(QObject):
    """``request(...)`` starts a render; ``finished(serial, QImage, MapView, FrameRecord)`` reports it
    (the image None when the record holds patches over the previous frame's, see ``lay_patches``)."""

    finished = Signal(int, object, object, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # painting threads do not add cores (GIL)
        self.pool.setStackSize(16 * 1024 * 1024)  # PROJ parsing a CRS overflowed a small thread stack
        self.serial = 0
        self._job = None
        self._live = set()  # Python must keep the jobs alive while the pool runs them
        self.timings = None  # JobTimes of the last job that ran

    def request(self, renderer, view, styles, selection, snapshot, previous=None) -> int:
        """Render ``snapshot`` (taken on the GUI thread, see ``MapScene.snapshot``); ``previous``:
        the FrameRecord of the frame on screen, redrawn only where it changed (same view)."""
        self.cancel()
        self.serial += 1
        self._job = _Job(self, self.serial, renderer, view, styles, selection, snapshot, previous)
        self._job.setAutoDelete(False)
        self._live.add(self._job)
        self.pool.start(self._job)
        return self.serial

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel.set()
            self._job = None

    def busy(self) -> bool:
        return self.pool.activeThreadCount() > 0

    def shutdown(self) -> None:
        self.cancel()
        self.pool.waitForDone()
