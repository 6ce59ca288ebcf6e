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
        points = project.metric("stations").to_numpy()
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


def _covered(tree, stations: StationSet, mask: np.ndarray):
    """(building positions, station positions) pairs within the radius, for stations in mask."""
    which = np.flatnonzero(mask)
    if len(which) == 0:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    pairs = tree.query(stations.points[which], predicate="dwithin",
                       distance=stations.radius[which] + TOLERANCE_M)
    return pairs[1], which[pairs[0]]


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


def coverage(geoms: np.ndarray, stations: StationSet, tree: shapely.STRtree | None = None) -> Coverage:
    """Station coverage of buildings.

    Parameters
    ----------
    geoms : ndarray of shapely geometries
        Building polygons in the metric CRS (None allowed: never covered).
    stations : StationSet
    tree : shapely.STRtree, optional
        A tree already built over ``geoms`` (the coverage model keeps one between edits).

    Returns
    -------
    Coverage
    """
    n = len(geoms)
    if tree is None:
        tree = shapely.STRtree(geoms)  # half a million polygons take ~0.2 s
    built = np.zeros(n, dtype=bool)
    b, _ = _covered(tree, stations, stations.built)
    built[b] = True
    planned_by = np.full(n, -1, dtype=np.int64)
    b, s = _covered(tree, stations, ~stations.built)
    planned_by[b] = s
    planned_by[built] = -1
    shortfall = np.full(n, np.nan)
    outside = np.flatnonzero(~built & ~shapely.is_missing(geoms))
    shortfall[outside] = _shortfall(geoms[outside], stations)
    return Coverage(built, built | (planned_by >= 0), planned_by, shortfall)
