"""Which grid each party-mass service station stands in, kept current as outlines change.

The per-grid figure ``stations`` counts the stations standing in a grid
(``within``; a station inside two overlapping grids counts for the first one,
as the spatial join of :func:`geo.stats.station_grids` reads). That join
costs tens of milliseconds per edit at district scale, so after an edit of
some grids' outlines only the stations that stood in them or lie within their
new bounding boxes are placed again, and after a station edit only the edited
stations.
"""
from __future__ import annotations

import numpy as np
import shapely

from ..stats import station_grids
from .tables import codes_of


class StationGrids:
    """Grid position of every station (row order of the stations layer; -1: in no grid).

    Parameters
    ----------
    project : geo.project.Project
    """

    def __init__(self, project):
        self.project = project
        p = project
        self.grid_of = codes_of(station_grids(p), p["grids"].index)
        self.bounds = shapely.bounds(p["grids"].geometry.values.to_numpy())
        self._points()

    def _points(self) -> None:
        self.points = self.project["stations"].geometry.values.to_numpy()
        self.x, self.y = _xy(self.points)

    def counts(self, n: int) -> np.ndarray:
        """Stations per grid position (length ``n``)."""
        ok = self.grid_of >= 0
        return np.bincount(self.grid_of[ok], minlength=n).astype(np.int64)

    def grids_reshaped(self, positions: np.ndarray) -> tuple:
        """The grids at ``positions`` have new outlines; place the stations they concern again.

        Returns ``(old, new)`` grid positions of the stations whose grid changed.
        """
        geoms = self.project["grids"].geometry.values.to_numpy()
        self.bounds[positions] = shapely.bounds(geoms[positions])
        # one pass over the stations per reshaped grid (an edit reshapes two or three): a
        # stations-by-grids table and np.isin cost ~1.3 ms an edit for 11,500 stations
        near = np.zeros(len(self.x), dtype=bool)
        for (x0, y0, x1, y1), p in zip(self.bounds[positions], positions):
            near |= (self.x >= x0) & (self.x <= x1) & (self.y >= y0) & (self.y <= y1)
            near |= self.grid_of == p
        rows = np.flatnonzero(near)
        new = np.array([self._place(k, geoms, positions) for k in rows], dtype=np.int64)
        return self._set(rows, new)

    def stations_moved(self, rows: np.ndarray) -> tuple:
        """Stations at ``rows`` moved (same row order); returns ``(old, new)`` as above."""
        self._points()
        geoms = self.project["grids"].geometry.values.to_numpy()
        new = np.array([self._first_containing(k, geoms) for k in rows], dtype=np.int64)
        return self._set(rows, new)

    def _set(self, rows, new) -> tuple:
        old = self.grid_of[rows]
        moved = old != new
        self.grid_of[rows] = new
        return old[moved], new[moved]

    def _place(self, k: int, geoms, changed: np.ndarray) -> int:
        """Station k after the grids ``changed`` were reshaped.

        Its grid was the first of those containing it; grids not reshaped still
        contain it or not as before, so unless its grid was reshaped the answer
        is the first of that grid and the reshaped ones containing it now.
        """
        was = int(self.grid_of[k])
        if was >= 0 and was in changed:
            return self._first_containing(k, geoms)
        hits = changed[shapely.within(self.points[k], geoms[changed])]
        first = int(hits.min()) if len(hits) else -1
        return first if was < 0 else (was if first < 0 else min(was, first))

    def _first_containing(self, k: int, geoms) -> int:
        x, y, b = self.x[k], self.y[k], self.bounds
        cand = np.flatnonzero((b[:, 0] <= x) & (x <= b[:, 2]) & (b[:, 1] <= y) & (y <= b[:, 3]))
        if not len(cand):
            return -1
        hits = cand[shapely.within(self.points[k], geoms[cand])]
        return int(hits.min()) if len(hits) else -1


def _xy(points: np.ndarray) -> tuple:
    """Coordinates of point geometries; NaN where missing or empty (such a station is in no grid)."""
    x = np.full(len(points), np.nan)
    y = np.full(len(points), np.nan)
    ok = ~(shapely.is_missing(points) | shapely.is_empty(points))
    if ok.any():
        x[ok], y[ok] = shapely.get_x(points[ok]), shapely.get_y(points[ok])
    return x, y
