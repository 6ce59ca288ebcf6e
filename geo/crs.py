"""Choosing a metric CRS for distance and area work.

Data stays in the CRS it came in (the demo: CGCS2000 geographic, EPSG:4490);
metres come from the CGCS2000 3-degree Gauss-Krüger zone of the data's
centre, the projection Chinese surveyors use. Whole layers go there through
:func:`project_geoms`: every vertex of the layer in one pass through PROJ,
sliced over the cores.

Examples
--------
>>> gauss_kruger_epsg(117.0)
4548
>>> gauss_kruger_epsg(75.2)
4534
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyproj
import shapely


def gauss_kruger_epsg(lon: float) -> int:
    """EPSG code of the CGCS2000 3-degree GK zone (no zone prefix) for a longitude."""
    central = 3 * round(lon / 3)
    central = min(max(central, 75), 135)
    return 4534 + (central - 75) // 3


def metric_crs_for(crs, bounds) -> pyproj.CRS:
    """A metric CRS for data in ``crs`` covering ``bounds`` (minx, miny, maxx, maxy)."""
    crs = pyproj.CRS.from_user_input(crs)
    if crs.is_projected:
        return crs
    lon = (bounds[0] + bounds[2]) / 2 if bounds is not None else 117.0
    return pyproj.CRS.from_epsg(gauss_kruger_epsg(lon))


# ---------------------------------------------------------------- whole layers to metres
#: Coordinates per slice below which a layer is projected on the calling thread alone.
SLICE = 400_000
#: Slices projected at once at most (PROJ releases Python's lock: each takes a core).
MAX_THREADS = 4

_local = threading.local()


def _transformer(src_wkt: str, dst_wkt: str) -> pyproj.Transformer:
    """This thread's transformer for the pair (a transformer is not shared between threads)."""
    cache = getattr(_local, "transformers", None)
    if cache is None:
        cache = _local.transformers = {}
    key = (src_wkt, dst_wkt)
    if key not in cache:
        cache[key] = pyproj.Transformer.from_crs(src_wkt, dst_wkt, always_xy=True)
    return cache[key]


def _project_slice(src_wkt, dst_wkt, x, y, start, stop) -> None:
    xs, ys = x[start:stop], y[start:stop]
    px, py = _transformer(src_wkt, dst_wkt).transform(xs, ys, inplace=True)
    if px is not xs:  # pyproj wrote to a buffer of its own after all
        xs[:], ys[:] = px, py


def project_xy(x: np.ndarray, y: np.ndarray, src, dst, threads: int | None = None) -> None:
    """Project coordinate arrays ``x`` and ``y`` (contiguous float64) from ``src`` to ``dst`` in place.

    Point by point the same numbers as ``pyproj.Transformer.from_crs(src, dst,
    always_xy=True).transform(x, y)``; a long array is cut into slices projected
    on several threads at once (``threads``: at most that many; default: one per
    core, up to :data:`MAX_THREADS`).
    """
    src_wkt, dst_wkt = pyproj.CRS.from_user_input(src).to_wkt(), pyproj.CRS.from_user_input(dst).to_wkt()
    n = len(x)
    if threads is None:
        threads = min(os.cpu_count() or 1, MAX_THREADS)
    parts = max(1, min(threads, n // SLICE))
    bounds = np.linspace(0, n, parts + 1).astype(np.int64)
    if parts == 1:
        _project_slice(src_wkt, dst_wkt, x, y, 0, n)
        return
    with ThreadPoolExecutor(parts, thread_name_prefix="project-xy") as pool:
        for done in [pool.submit(_project_slice, src_wkt, dst_wkt, x, y, bounds[i], bounds[i + 1])
                     for i in range(parts)]:
            done.result()


def project_geoms(geoms, src, dst, threads: int | None = None, cache: bool = False) -> np.ndarray:
    """Geometries (array-like) from ``src`` to ``dst``: new geometries, the inputs untouched.

    Bit for bit what ``GeoSeries.to_crs`` gives (both project every vertex with
    the same PROJ operation), but every vertex of the array goes through PROJ
    in one contiguous pass, sliced over cores (:func:`project_xy`): at city
    scale (14 million vertices) the projection is most of opening's work.
    Missing geometries (None) stay None; 2-D results, as ``to_crs`` gives.
    ``cache``: look the projected vertices up in, and keep them for the next
    opening in, :mod:`geo.projection_cache` (polygons of one ring, from
    :data:`~geo.projection_cache.MIN_VERTICES` vertices on).
    """
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return geoms.copy()
    layout = _single_rings(geoms)
    if layout is not None:
        xy = shapely.get_coordinates(geoms)
        kind, offsets = layout
        entry = _cache_entry(xy, layout, src, dst) if cache else None
        projected = entry.load() if entry is not None else None
        if projected is None:
            columns = np.ascontiguousarray(xy.T)
            project_xy(columns[0], columns[1], src, dst, threads)
            projected = np.ascontiguousarray(columns.T)
            if entry is not None:
                entry.store_later(projected)
        return shapely.from_ragged_array(kind, projected, offsets)

    def in_place(xy: np.ndarray) -> np.ndarray:
        columns = np.ascontiguousarray(xy.T)  # x and y each contiguous, as PROJ takes them
        project_xy(columns[0], columns[1], src, dst, threads)
        xy[:, 0], xy[:, 1] = columns[0], columns[1]
        return xy

    return shapely.transform(geoms, in_place)


def _cache_entry(xy, layout, src, dst):
    from . import projection_cache

    if len(xy) < projection_cache.MIN_VERTICES or projection_cache.cache_dir() is None:
        return None
    src_wkt, dst_wkt = pyproj.CRS.from_user_input(src).to_wkt(), pyproj.CRS.from_user_input(dst).to_wkt()
    # the operation PROJ picks for the pair (it may depend on the grids installed) is part of the key
    return projection_cache.Entry(xy, layout, src_wkt, dst_wkt, _transformer(src_wkt, dst_wkt).definition)


def _single_rings(geoms: np.ndarray):
    """``(type, ragged offsets)`` when every geometry is a polygon of one ring, or a multipolygon
    of one such polygon (buildings, compounds, grids and communities as drawn): the layer
    is then rebuilt from its projected vertices by :func:`shapely.from_ragged_array`, which
    leaves Python's lock to other threads most of the time, where setting the coordinates
    of each geometry holds it throughout (a city's grids: 0.25 s of the lock against 0.85).
    None for anything else (holes, several parts, missing or empty geometries, other types):
    those are projected geometry by geometry."""
    types = shapely.get_type_id(geoms)
    kind = int(types[0])
    if kind not in (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON) or (types != kind).any():
        return None  # missing geometries have type -1
    if shapely.is_empty(geoms).any():
        return None
    if kind == shapely.GeometryType.MULTIPOLYGON:
        if (shapely.get_num_geometries(geoms) != 1).any():
            return None
        polygons = shapely.get_geometry(geoms, 0)
    else:
        polygons = geoms
    if (shapely.get_num_interior_rings(polygons) != 0).any():
        return None
    rings = np.zeros(len(geoms) + 1, dtype=np.int64)
    np.cumsum(shapely.get_num_coordinates(geoms), out=rings[1:])
    one = np.arange(len(geoms) + 1, dtype=np.int64)  # one ring per polygon, one polygon per multipolygon
    if kind == shapely.GeometryType.MULTIPOLYGON:
        return shapely.GeometryType.MULTIPOLYGON, (rings, one, one)
    return shapely.GeometryType.POLYGON, (rings, one)


def same_crs(a, b) -> bool:
    """Whether two CRS descriptions (EPSG strings, WKT, pyproj CRSs; None for none) name one CRS."""
    if a is None or b is None:
        return a is b
    if a == b:
        return True
    return pyproj.CRS.from_user_input(a) == pyproj.CRS.from_user_input(b)
