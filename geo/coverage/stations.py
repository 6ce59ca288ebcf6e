"""Which buildings lie within a party-mass service station's radius.

Distance is measured in the project's metric CRS from the station point to
the building polygon (0 when the point is inside). A building exactly at the
radius counts as covered; :data:`TOLERANCE_M` absorbs the sub-millimetre
error of projecting geographic coordinates to metres and back, so a building
drawn at exactly the radius does not flicker in and out of coverage.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

#: Slack added to every radius (metres): "at the radius" counts as covered.
TOLERANCE_M = 1e-3


@dataclass(frozen=True)
class StationSet:
    """Stations reduced to arrays in the metric CRS.

    ``ids`` station ids; ``points`` shapely points (metric); ``radius`` the
    station's ``service_radius_m``, or the rules default where missing or not
    positive; ``built`` status is "built" (other statuses count as planned).
    """

    ids: np.ndarray
    points: np.ndarray
    radius: np.ndarray
    built: np.ndarray

    @classmethod
    def from_project(cls, project, default_radius: float) -> "StationSet":
        """Read the stations layer of ``project`` (metric CRS, rules default radius)."""
        st = project["stations"]
        if st.empty:
            empty = np.array([], dtype=object)
            return cls(empty, empty, np.array([], dtype=float), np.array([], dtype=bool))
        radius = pd.to_numeric(st["service_radius_m"], errors="coerce").to_numpy(dtype=float)
        radius = np.where(np.isfinite(radius) & (radius > 0), radius, default_radius)
        points = project.metric_geoms("stations")
        valid = ~shapely.is_missing(points) & ~shapely.is_empty(points)
        built = (st["status"] == "built").to_numpy()
        return cls(st.index.to_numpy()[valid], points[valid], radius[valid], built[valid])


@dataclass
class Coverage:
    """Per-building station coverage, positional like the buildings given.

    ``built`` within a built station's radius; ``any`` within a built or a
    planned station's radius; ``planned_by`` position in the StationSet of a
    planned station covering a building no built one covers (-1 otherwise);
    ``shortfall_m`` for a building no built station covers, its distance to
    the nearest built station minus that station's radius (NaN otherwise or
    when no station is built).
    """

    built: np.ndarray
    any: np.ndarray
    planned_by: np.ndarray
    shortfall_m: np.ndarray


#: Pairs further than this from the radius are decided without GEOS (metres): far above
#: the rounding of either computation, far below any building's size.
_SURE_M = 1e-6

#: Stations measured at once (a few hundred thousand candidate pairs at city scale).
_SLICE = 2048


def _covered(tree, bounds: tuple, stations: StationSet, mask: np.ndarray):
    """(building positions, station positions) pairs within the radius, for stations in mask.

    The same pairs, in the same order, as ``tree.query(points, predicate="dwithin")``,
    whose candidates these are: a building whose box lies wholly within the
    radius is covered, one whose box lies wholly beyond it is not; GEOS measures
    only the rest, where the circle's edge crosses the box (at city scale 15 %
    of the candidates).
    ``bounds`` are the columns (minx, miny, maxx, maxy) of ``tree.geometries``' bounds.
    """
    which = np.flatnonzero(mask)
    # in slices of stations: a city's million candidate pairs at once hold ~150 MB of temporaries
    parts = [_covered_slice(tree, bounds, stations, which[k:k + _SLICE])
             for k in range(0, len(which), _SLICE)]
    if not parts:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    return np.concatenate([b for b, _ in parts]), np.concatenate([s for _, s in parts])


def _covered_slice(tree, bounds: tuple, stations: StationSet, which: np.ndarray):
    """:func:`_covered` for the stations at positions ``which``."""
    points, dist = stations.points[which], stations.radius[which] + TOLERANCE_M
    x, y = shapely.get_x(points), shapely.get_y(points)
    s, b = tree.query(shapely.box(x - dist, y - dist, x + dist, y + dist))
    px, py, d = x[s], y[s], dist[s]
    x0, y0, x1, y1 = (c[b] for c in bounds)
    dx0, dx1, dy0, dy1 = x0 - px, px - x1, y0 - py, py - y1
    far2 = np.square(np.minimum(dx0, dx1)) + np.square(np.minimum(dy0, dy1))
    keep = far2 <= np.square(d - _SURE_M)
    near2 = (np.square(np.maximum(np.maximum(dx0, dx1), 0.0))
             + np.square(np.maximum(np.maximum(dy0, dy1), 0.0)))
    edge = np.flatnonzero(~keep & (near2 <= np.square(d + _SURE_M)))
    keep[edge] = shapely.dwithin(tree.geometries[b[edge]], points[s[edge]], d[edge])
    return b[keep], which[s[keep]]


def _shortfall(geoms: np.ndarray, stations: StationSet) -> np.ndarray:
    """Distance beyond the nearest built station's radius, for each geometry."""
    out = np.full(len(geoms), np.nan)
    built = np.flatnonzero(stations.built)
    if len(built) == 0 or len(geoms) == 0:
        return out
    tree = shapely.STRtree(stations.points[built])
    # query_nearest ranks stations by distance, not by distance minus radius:
    # with mixed radii the named shortfall is an upper bound, good for a to-do list.
    (src, dst), dist = tree.query_nearest(geoms, return_distance=True, all_matches=False)
    out[src] = np.maximum(dist - stations.radius[built[dst]], 0.0)
    return out


def tree_bounds(tree: shapely.STRtree) -> tuple:
    """The columns (minx, miny, maxx, maxy) of the bounds of ``tree.geometries``."""
    return tuple(np.ascontiguousarray(c) for c in shapely.bounds(tree.geometries).T)


def coverage(geoms: np.ndarray, stations: StationSet, tree: shapely.STRtree | None = None,
             bounds: tuple | None = None) -> Coverage:
    """Station coverage of buildings.

    Parameters
    ----------
    geoms : ndarray of shapely geometries
        Building polygons in the metric CRS (None allowed: never covered).
    stations : StationSet
    tree : shapely.STRtree, optional
        A tree already built over ``geoms`` (the coverage model keeps one between edits).
    bounds : tuple of ndarray, optional
        :func:`tree_bounds` of ``tree``, kept beside it.

    Returns
    -------
    Coverage
    """
    n = len(geoms)
    if tree is None:
        tree = shapely.STRtree(geoms)  # half a million polygons take ~0.2 s
    if bounds is None:
        bounds = tree_bounds(tree)
    built = np.zeros(n, dtype=bool)
    b, _ = _covered(tree, bounds, stations, stations.built)
    built[b] = True
    planned_by = np.full(n, -1, dtype=np.int64)
    b, s = _covered(tree, bounds, stations, ~stations.built)
    planned_by[b] = s
    planned_by[built] = -1
    shortfall = np.full(n, np.nan)
    outside = np.flatnonzero(~built & ~shapely.is_missing(geoms))
    shortfall[outside] = _shortfall(geoms[outside], stations)
    return Coverage(built, built | (planned_by >= 0), planned_by, shortfall)
