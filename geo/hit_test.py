"""Which features lie under a click, inside a rectangle or inside a lasso.

The map's select and identify tools turn mouse gestures into map coordinates
and ask a :class:`FeatureIndex` which features they hit; the selection mode
(replace / add / remove, QGIS's Shift and Ctrl) is applied by
:class:`geo.selection.Selection`. Keeping this here lets the gestures be
tested without a window.

Examples
--------
>>> from shapely import box
>>> index = FeatureIndex(["a", "b"], [box(0, 0, 10, 10), box(10, 0, 20, 10)])
>>> index.at_point(5, 5)
['a']
>>> index.in_rect(8, 2, 12, 3)
['a', 'b']
>>> index.in_polygon([(15, 1), (19, 1), (19, 9)])
['b']
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely


class FeatureIndex:
    """Ids and geometries of one layer (in one CRS) with an R-tree over them."""

    def __init__(self, ids: Sequence, geoms):
        self.ids = np.asarray(list(ids), dtype=object)
        self.geoms = np.asarray(geoms, dtype=object)
        self.tree = shapely.STRtree(self.geoms)

    def __len__(self) -> int:
        return len(self.ids)

    def at_point(self, x: float, y: float, tolerance: float = 0.0) -> list:
        """The one feature a click at (x, y) means, as a list of 0 or 1 ids.

        A click picks the smallest polygon containing the point (a building
        rather than the compound around it), else the nearest feature within
        ``tolerance`` (points and lines are hit by coming near them).
        """
        point = shapely.Point(x, y)
        found = self.tree.query(point, predicate="intersects")
        if len(found) == 0 and tolerance > 0:
            found = self.tree.query(point, predicate="dwithin", distance=tolerance)
        if len(found) == 0:
            return []
        geoms = self.geoms[found]
        # smallest area first, then the nearest (points all have area 0)
        key = np.lexsort((shapely.distance(geoms, point), shapely.area(geoms)))
        return [self.ids[found[key[0]]]]

    def in_rect(self, minx: float, miny: float, maxx: float, maxy: float) -> list:
        """Features intersecting the rectangle, in layer order."""
        minx, maxx = sorted((minx, maxx))
        miny, maxy = sorted((miny, maxy))
        return self._intersecting(shapely.box(minx, miny, maxx, maxy))

    def in_polygon(self, coords) -> list:
        """Features intersecting the lasso polygon through ``coords`` (closed implicitly)."""
        coords = np.asarray(coords, dtype=float).reshape(-1, 2)
        if len(coords) < 3:
            return []
        lasso = shapely.make_valid(shapely.Polygon(coords))
        return self._intersecting(lasso)

    def _intersecting(self, region) -> list:
        found = np.sort(self.tree.query(region, predicate="intersects"))
        return self.ids[found].tolist()


def pick_layer(indexes: Sequence[tuple[str, FeatureIndex]], x: float, y: float,
               tolerance: float = 0.0) -> tuple[str, object] | None:
    """The ``(layer, id)`` a click at (x, y) means across layers (listed top first).

    The smallest feature hit wins (a point, then a building inside its
    compound, grid and community); equal sizes go to the upper layer.
    """
    best, best_area = None, None
    for name, index in indexes:
        hit = index.at_point(x, y, tolerance)
        if hit:
            area = float(shapely.area(index.geoms[np.flatnonzero(index.ids == hit[0])[0]]))
            if best_area is None or area < best_area:
                best, best_area = (name, hit[0]), area
    return best
