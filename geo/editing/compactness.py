"""Compactness of grids: Polsby-Popper and Reock, in the project's metric CRS.

Polsby-Popper is 4πA/P² (1 for a circle, near 0 for a long thin shape); Reock
is A / area of the smallest enclosing circle. Both flag grids drawn as strips.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .metric import to_metric


def compactness_of(geoms) -> pd.DataFrame:
    """Columns ``polsby_popper`` and ``reock`` for metric polygons (NaN for empty ones)."""
    geoms = np.asarray(geoms, dtype=object)
    area, perimeter = shapely.area(geoms), shapely.length(geoms)
    circle = shapely.area(shapely.minimum_bounding_circle(geoms))
    with np.errstate(divide="ignore", invalid="ignore"):
        pp = np.where(perimeter > 0, 4 * np.pi * area / perimeter ** 2, np.nan)
        reock = np.where(circle > 0, area / circle, np.nan)
    return pd.DataFrame({"polsby_popper": pp, "reock": reock})


def grid_compactness(project, grid_ids=None, *, index=None, geoms=None, metric=None) -> pd.DataFrame:
    """Per grid (index grid_id): area_m2, polsby_popper, reock; KeyError for an unknown grid.

    The shapes are read by position from the grids layer, or from ``index`` with
    ``geoms`` (its rows in the project CRS: a snapshot a thread reads while the
    layer is edited). ``metric`` holds the same rows already in metres: given, or
    the layer's (:meth:`geo.project.Project.cached_metric`) when the live layer is
    read, they are not projected again.

    Examples
    --------
    >>> grid_compactness(project).loc["G1", "polsby_popper"]  # doctest: +SKIP
    0.785...
    """
    if index is None:
        layer = project["grids"]
        index, geoms = layer.index, layer.geometry.values
        metric = project.cached_metric("grids") if metric is None else metric
    if grid_ids is None:
        pos = np.arange(len(index))
    else:
        ids = pd.Index(list(grid_ids), dtype=object)
        pos = index.get_indexer(ids)
        if (pos < 0).any():  # as .loc: position -1 would silently read the last grid
            raise KeyError(f"{list(ids[pos < 0])} not in index")
    shapes = metric[pos] if metric is not None else to_metric(project, np.asarray(geoms[pos], dtype=object))
    out = compactness_of(shapes)
    out.insert(0, "area_m2", shapely.area(shapes))
    out.index = index[pos]
    return out
