"""Moving a handful of geometries between the project CRS and metres, cheaply.

``GeoSeries.to_crs`` builds a transformer on every call (milliseconds); the
editing paths transform a few dozen polygons many times a second, so the two
transformers are built once per project and CRS pair, and :func:`metric_each`
remembers the polygons an edit transforms for the next one (the grids it touched,
their neighbours, the community), which mostly transforms the same ones again.
"""
from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np
import pyproj
import shapely


@lru_cache(maxsize=16)
def _transformer(src: str, dst: str) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(src, dst, always_xy=True)


@lru_cache(maxsize=32)
def _wkt(crs) -> str:
    return pyproj.CRS.from_user_input(crs).to_wkt()


#: id(crs) -> (crs, wkt). Hashing a pyproj CRS writes its WKT (~0.2 ms), and an edit
#: transforms a dozen times: CRS objects are immutable, so the identity is a safe key
#: while the entry keeps the object alive (its id cannot be reused).
_BY_IDENTITY: dict[int, tuple[object, str]] = {}


def _crs_key(crs) -> str:
    if isinstance(crs, str):
        return _wkt(crs)
    hit = _BY_IDENTITY.get(id(crs))
    if hit is not None and hit[0] is crs:
        return hit[1]
    key = pyproj.CRS.from_user_input(crs).to_wkt()
    if len(_BY_IDENTITY) >= 64:  # projects opened one after another: keep only recent ones
        _BY_IDENTITY.clear()
    _BY_IDENTITY[id(crs)] = (crs, key)
    return key


def transform(geoms, src, dst):
    """Geometries (array-like or one) from ``src`` to ``dst`` CRS; same shape back."""
    if _crs_key(src) == _crs_key(dst):
        return geoms
    t = _transformer(_crs_key(src), _crs_key(dst))

    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = t.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, fn)


def to_metric(project, geoms):
    """Project-CRS geometries in the project's metric CRS (metres)."""
    return transform(geoms, project.crs or "EPSG:4490", project.metric_crs)


def from_metric(project, geoms):
    """Metric geometries back in the project CRS."""
    return transform(geoms, project.metric_crs, project.crs or "EPSG:4490")


# ---------------------------------------------------------------- the same geometries again
# An edit transforms the same grid, neighbour and community polygons as the edit before
# (a grid's new polygon is the next edit's "before"; undo puts the old objects back).
# Shapely geometries and pyproj CRS objects are immutable, so a result keyed by their
# identity stays right while the entry holds them (their ids cannot be reused meanwhile).

_MISSING = object()


class IdentityCache:
    """Values keyed by a tuple of objects compared by identity; the newest ``size`` kept."""

    def __init__(self, size: int):
        self.size = size
        self._entries: dict = {}
        self._lock = threading.Lock()  # the GUI may run geo work in threads

    def lookup(self, objects: tuple, default=None):
        key = tuple(map(id, objects))
        with self._lock:
            hit = self._entries.pop(key, None)
            if hit is None or not all(a is b for a, b in zip(hit[0], objects)):
                return default
            self._entries[key] = hit  # re-inserted: now the newest
            return hit[1]

    def store(self, objects: tuple, value) -> None:
        with self._lock:
            self._entries[tuple(map(id, objects))] = (objects, value)
            while len(self._entries) > self.size:
                del self._entries[next(iter(self._entries))]  # dicts keep insertion order

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


#: Polygons of grids, communities and compounds in metres (an edit needs a few dozen).
_METRIC = IdentityCache(4096)


def metric_each(project, geoms, tag: str = "", prepare=None) -> np.ndarray:
    """``to_metric(project, prepare(g))`` for each geometry, remembered per geometry object.

    Bit for bit what :func:`to_metric` gives (the transform works point by point);
    ``tag`` names ``prepare`` (e.g. ``"valid"`` for ``make_valid``) so that different
    preparations of one geometry are kept apart. Missing geometries (None) stay None.
    """
    geoms = list(geoms)
    src, dst = project.crs or "EPSG:4490", project.metric_crs
    out = np.empty(len(geoms), dtype=object)
    misses = []
    for k, geom in enumerate(geoms):
        if geom is None:
            continue
        hit = _METRIC.lookup((tag, geom, src, dst), _MISSING)
        if hit is _MISSING:
            misses.append(k)
        else:
            out[k] = hit
    if misses:
        todo = np.empty(len(misses), dtype=object)
        todo[:] = [geoms[k] if prepare is None else prepare(geoms[k]) for k in misses]
        for k, value in zip(misses, transform(todo, src, dst)):
            _METRIC.store((tag, geoms[k], src, dst), value)
            out[k] = value
    return out
