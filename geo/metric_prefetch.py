"""Layers projected to metres on a thread of their own while the rest of a file is read.

Opening a city project reads ~2 million rows (members, households, organizations)
after the map layers, and then projects ~14 million map vertices to metres: about
seven and six seconds one after the other. The projection mostly runs outside
Python's lock (PROJ, GEOS), the reading partly, so the two overlap: each map
layer is handed to :class:`MetricPrefetch` as soon as it is read
(``geo.store.read_layers`` ``on_layer``; a first view's layers:
``geo.view_read.read_view`` ``prefetch``) and projected while the next layers
are read. The result is taken only for the very geometries that were projected
(the same objects, in the same order) and for the same pair of CRSs; anything
else is projected again by the caller, so a prefetch can only save time.

Once the reading is done the reader's core is free: a caller taking a layer projects
the layers nobody has started yet itself instead of waiting (:meth:`MetricPrefetch.take`),
so that the last of the projection runs on both cores (a city opened at one community:
the projection ended ~3 s after the reading on one core). Layers are projected in pieces
of about :data:`PIECE_VERTICES` vertices for that, and each piece is looked up in and
kept for the next opening in :mod:`geo.projection_cache`.

Examples
--------
>>> prefetch = MetricPrefetch("EPSG:4490", "EPSG:4547", ["buildings"])  # doctest: +SKIP
>>> project = Project.read(path, on_layer=prefetch)                         # doctest: +SKIP
>>> prefetch.take("buildings", project["buildings"].geometry.to_numpy(),
...               project.crs, project.metric_crs)                          # doctest: +SKIP
"""
from __future__ import annotations

import operator
import threading
from collections import deque
from concurrent.futures import Future

import numpy as np
import shapely

from .crs import project_geoms, same_crs


class MetricPrefetch:
    """Projects ``names`` from ``crs`` to ``metric`` as each is read; see the module doc."""

    def __init__(self, crs, metric, names, threads: int | None = 1):
        # one core by default: the other is the reader's, whose work is the longer (a whole model)
        self.crs, self.metric, self.names, self.threads = crs, metric, frozenset(names), threads
        self._jobs: dict = {}  # name -> (geometries, Future), until taken
        # a queue of its own, not a DaemonWorker's: take() claims queued pieces for its caller
        self._queue: deque = deque()  # (geometries, Future) nobody has started yet, in reading order
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def __call__(self, name: str, frame) -> None:
        """``on_layer`` of :func:`geo.store.read_layers`: start projecting a layer just read."""
        if name not in self.names or "geometry" not in getattr(frame, "columns", ()) or not len(frame):
            return
        geoms = np.asarray(frame.geometry.to_numpy(), dtype=object)
        pieces = [(geoms[start:stop], Future()) for start, stop in _pieces(geoms)]
        with self._ready:
            if self._closed:  # kept, its pieces would wait for a thread that has ended
                raise RuntimeError("metric prefetch: closed")
            self._jobs[name] = (geoms, [future for _part, future in pieces])
            self._queue.extend(pieces)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="metric-prefetch", daemon=True)
                self._thread.start()
            self._ready.notify()

    def take(self, name: str, geoms, crs, metric) -> np.ndarray | None:
        """The metric geometries of ``geoms`` if this prefetch projected exactly these, else None.

        The calling thread, which would only wait, projects what nobody has started
        yet (the pieces of the layer asked for first, then from the last read back)
        while the prefetch's thread finishes its own. A projection that failed counts
        as none (the caller projects again and sees the error itself).
        """
        job = self._jobs.pop(name, None)
        if job is None or not same_crs(crs, self.crs) or not same_crs(metric, self.metric):
            return None
        source, futures = job
        for future in futures:
            self._run(self._claim(future))
        while not all(future.done() for future in futures) and self._run(self._claim(None)):
            pass
        try:
            parts = [future.result() for future in futures]
        except Exception:  # noqa: BLE001 (projected again by the caller, which reports it)
            return None
        geoms = np.asarray(geoms, dtype=object)
        if len(source) != len(geoms) or not all(map(operator.is_, source, geoms)):
            return None  # rows dropped, reordered or replaced since they were read
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def __enter__(self) -> "MetricPrefetch":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Drop what was not taken; a piece still being projected finishes on its own."""
        self._jobs.clear()
        with self._ready:
            self._closed = True
            for _geoms, future in self._queue:
                future.cancel()
            self._queue.clear()
            self._ready.notify_all()

    # ------------------------------------------------------------ who projects what
    def _work(self) -> None:
        """The prefetch's thread: the layers in the order they were read."""
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if self._closed:
                    return
                job = self._queue.popleft()
            self._run(job if job[1].set_running_or_notify_cancel() else None)

    def _claim(self, future):
        """The queued job of ``future`` (None: the last queued), taken off the queue; None if none."""
        with self._ready:
            k = -1 if future is None else next((k for k, (_g, f) in enumerate(self._queue) if f is future), None)
            if k is None or not self._queue:
                return None
            job = self._queue[k]
            del self._queue[k]
        return job if job[1].set_running_or_notify_cancel() else None

    def _run(self, job) -> bool:
        """Project ``job`` (geometries, Future) into its future; False when there was none."""
        if job is None:
            return False
        geoms, future = job
        try:
            future.set_result(project_geoms(geoms, self.crs, self.metric, self.threads, cache=True))
        except Exception as exc:  # noqa: BLE001 (handed to whoever takes the layer)
            future.set_exception(exc)
        except BaseException as exc:  # an interrupt: whoever waits hears it, and so does this thread
            future.set_exception(exc)
            raise
        return True


#: Vertices per piece a layer is projected in: the last pieces are shared out between the
#: prefetch's thread and the caller's (a city's buildings are 2.3 million, its grids 8.5).
PIECE_VERTICES = 1_000_000


def _pieces(geoms: np.ndarray) -> list:
    """``[(start, stop)]``: consecutive rows of about PIECE_VERTICES vertices each."""
    counts = shapely.get_num_coordinates(geoms)
    total = int(counts.sum())
    if total <= PIECE_VERTICES:
        return [(0, len(geoms))]
    ends = np.searchsorted(np.cumsum(counts), np.arange(PIECE_VERTICES, total, PIECE_VERTICES), side="right")
    bounds = [0, *sorted(set(int(e) for e in ends if 0 < e < len(geoms))), len(geoms)]
    return list(zip(bounds[:-1], bounds[1:]))
