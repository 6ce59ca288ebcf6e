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

Examples
--------
>>> prefetch = MetricPrefetch("EPSG:4490", "EPSG:4547", ["buildings"])  # doctest: +SKIP
>>> project = Project.read(path, on_layer=prefetch)                         # doctest: +SKIP
>>> prefetch.take("buildings", project["buildings"].geometry.to_numpy(),
...               project.crs, project.metric_crs)                          # doctest: +SKIP
"""
from __future__ import annotations

import operator
import numpy as np

from .background import DaemonWorker
from .crs import project_geoms, same_crs


class MetricPrefetch:
    """Projects ``names`` from ``crs`` to ``metric`` as each is read; see the module doc."""

    def __init__(self, crs, metric, names, threads: int | None = 1):
        # one core by default: the other is the reader's, whose work is the longer (a whole model)
        self.crs, self.metric, self.names, self.threads = crs, metric, frozenset(names), threads
        self._pool = DaemonWorker("metric-prefetch")
        self._jobs: dict = {}

    def __call__(self, name: str, frame) -> None:
        """``on_layer`` of :func:`geo.store.read_layers`: start projecting a layer just read."""
        if name not in self.names or "geometry" not in getattr(frame, "columns", ()) or not len(frame):
            return
        geoms = np.asarray(frame.geometry.to_numpy(), dtype=object)
        self._jobs[name] = (geoms, self._pool.submit(project_geoms, geoms, self.crs, self.metric, self.threads))

    def take(self, name: str, geoms, crs, metric) -> np.ndarray | None:
        """The metric geometries of ``geoms`` if this prefetch projected exactly these, else None.

        Waits for the projection when it is still running; a projection that failed
        counts as none (the caller projects again and sees the error itself).
        """
        job = self._jobs.pop(name, None)
        if job is None or not same_crs(crs, self.crs) or not same_crs(metric, self.metric):
            return None
        source, future = job
        try:
            result = future.result()
        except Exception:  # noqa: BLE001 (projected again by the caller, which reports it)
            return None
        geoms = np.asarray(geoms, dtype=object)
        if len(source) != len(geoms) or not all(map(operator.is_, source, geoms)):
            return None  # rows dropped, reordered or replaced since they were read
        return result

    def close(self) -> None:
        """Drop what was not taken; a projection still running finishes on its own."""
        self._jobs.clear()
        self._pool.shutdown()
