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


def grid_compactness(project, grid_ids=None) -> pd.DataFrame:
    """Per grid (index grid_id): area_m2, polsby_popper, reock.

    Examples
    --------
    >>> grid_compactness(project).loc["G1", "polsby_popper"]  # doctest: +SKIP
    0.785...
    """
    grids = project["grids"] if grid_ids is None else project["grids"].loc[list(grid_ids)]
    geoms = to_metric(project, grids.geometry.values.to_numpy())
    out = compactness_of(geoms)
    out.insert(0, "area_m2", shapely.area(geoms))
    out.index = grids.index
    return out
