"""Put imported points into the building they obviously belong to.

A point inside a building is assigned to it as is. A point just outside (a
pin dropped on the pavement, a GCJ-02 remnant) within ``tolerance_m`` of
exactly one nearest building is moved to that building's representative
point. Distances are measured in a local azimuthal equidistant projection,
which is accurate to well under 1 % across a street.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely


@dataclass
class SnapResult:
    """Per point: building_id ('' when none), whether moved, and the new geometries."""

    building_ids: list
    moved: np.ndarray
    geometries: np.ndarray


def _local_crs(points) -> str:
    x, y = shapely.get_x(points), shapely.get_y(points)
    lon, lat = float(np.nanmean(x)), float(np.nanmean(y))
    return f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +ellps=GRS80 +units=m +no_defs"


def snap_points(points, buildings, tolerance_m: float = 15.0) -> SnapResult:
    """Assign points to buildings and move near-misses inside.

    Parameters
    ----------
    points : GeoSeries
        Point geometries in a geographic CRS (the project's).
    buildings : GeoDataFrame
        Columns building_id and polygon geometry, same CRS as ``points``.
    tolerance_m : float
        How far outside a building a point may lie and still be snapped.
    """
    geoms = np.asarray(points.values, dtype=object)
    ids = [""] * len(geoms)
    moved = np.zeros(len(geoms), dtype=bool)
    valid = np.array([g is not None and not g.is_empty for g in geoms])
    if not valid.any() or len(buildings) == 0:
        return SnapResult(ids, moved, geoms)
    crs = _local_crs(geoms[valid])
    local_pts = points.to_crs(crs).values
    local_bld = buildings.geometry.to_crs(crs).values
    tree = shapely.STRtree(local_bld)
    inside = _inside(tree, local_pts, valid)
    near, dist = tree.query_nearest(local_pts[valid], max_distance=tolerance_m,
                                    return_distance=True)
    nearest = _unique_nearest(near, dist, np.flatnonzero(valid))
    anchors = shapely.point_on_surface(buildings.geometry.values)
    bids = buildings["building_id"].astype(str).tolist()
    out = geoms.copy()
    for i in range(len(geoms)):
        if i in inside:
            ids[i] = bids[inside[i]]
        elif i in nearest:
            ids[i], out[i], moved[i] = bids[nearest[i]], anchors[nearest[i]], True
    return SnapResult(ids, moved, out)


def _inside(tree, local_pts, valid) -> dict:
    pairs = tree.query(local_pts[valid], predicate="within")
    rows = np.flatnonzero(valid)[pairs[0]]
    found = {}
    for point, building in zip(rows, pairs[1]):
        found.setdefault(int(point), []).append(int(building))
    # Overlapping buildings make "inside" ambiguous: leave such points alone.
    return {p: b[0] for p, b in found.items() if len(b) == 1}


def _unique_nearest(pairs, dist, rows) -> dict:
    # query_nearest returns every building tied for nearest; a tie is not obvious.
    found = {}
    for point, building, d in zip(pairs[0], pairs[1], dist):
        if d > 0:
            found.setdefault(int(rows[point]), []).append(int(building))
    return {p: b[0] for p, b in found.items() if len(b) == 1}
