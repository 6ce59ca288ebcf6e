"""Moving a handful of geometries between the project CRS and metres, cheaply.

``GeoSeries.to_crs`` builds a transformer on every call (milliseconds); the
editing paths transform a few dozen polygons many times a second, so the two
transformers are built once per project and CRS pair.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyproj
import shapely


@lru_cache(maxsize=16)
def _transformer(src: str, dst: str) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(src, dst, always_xy=True)


@lru_cache(maxsize=32)
def _crs_key(crs) -> str:
    return pyproj.CRS.from_user_input(crs).to_wkt()


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
