"""Per-layer geometry caches in numpy, prepared once and read by every frame.

No Qt here: these are plain arrays, so a render thread can read them while
the GUI thread replaces a layer's cache with a new object after an edit (the
old one stays valid for the frame in flight).

* :class:`Rings` is a set of polygons flattened to coordinate arrays with
  ring and feature offsets, rings oriented for the winding fill rule.
* :class:`PolygonCache` holds a layer's ids, feature boxes, sizes, label
  points and simplified copies of its rings per level of detail (a grid
  outline of 180 vertices is a waste when the whole grid covers 8 pixels).
* :class:`PointCache` holds point coordinates.
* :class:`Chunking` orders features by (fill class, Morton code of their
  centre) and cuts them into chunks of a few dozen, so one path per chunk has
  one brush and a small extent (antialiasing stays cheap, culling works).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import shapely

#: Simplification tolerances in metres; a frame uses the largest one below
#: a pixel, so the simplification does not show.
LOD_TOLERANCES = (0.0, 0.5, 1.0, 2.0, 8.0, 32.0, 128.0)
#: Roughly how many vertices one chunk's path should hold.
CHUNK_VERTICES = 2048


@dataclass(frozen=True)
class Rings:
    """Polygons as flat arrays: feature ``f`` has coordinates ``x[cstart[f]:cstart[f+1]]``.

    ``ring_start`` flags the first vertex of every ring (a path's move-to).
    """

    x: np.ndarray
    y: np.ndarray
    ring_start: np.ndarray
    cstart: np.ndarray

    @classmethod
    def from_geoms(cls, geoms) -> "Rings":
        geoms = np.asarray(geoms, dtype=object)
        n = len(geoms)
        geoms = shapely.orient_polygons(np.where(shapely.is_missing(geoms), shapely.Polygon(), geoms))
        parts, feat_of_part = shapely.get_parts(geoms, return_index=True)
        rings, part_of_ring = shapely.get_rings(parts, return_index=True)
        coords, ring_of = shapely.get_coordinates(rings, return_index=True)
        ring_len = np.bincount(ring_of, minlength=len(rings))
        feat_of_ring = feat_of_part[part_of_ring]
        feat_len = np.bincount(feat_of_ring, weights=ring_len, minlength=n).astype(np.int64)
        cstart = np.concatenate([[0], np.cumsum(feat_len)])
        flag = np.zeros(len(coords), dtype=bool)
        flag[np.concatenate([[0], np.cumsum(ring_len)[:-1]])[ring_len > 0]] = True
        return cls(coords[:, 0].copy(), coords[:, 1].copy(), flag, cstart)

    def gather(self, features: np.ndarray):
        """x, y and ring-start flags of the given features, concatenated."""
        starts, ends = self.cstart[features], self.cstart[features + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.empty(0), np.empty(0), np.empty(0, dtype=bool)
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        index = np.arange(total) + offsets
        return self.x[index], self.y[index], self.ring_start[index]


class PolygonCache:
    """One polygon layer in the metric CRS, ready for drawing and culling."""

    kind = "polygon"

    def __init__(self, ids, geoms, label_points: bool = True):
        self.ids = np.asarray(ids, dtype=object)
        geoms = np.asarray(geoms, dtype=object)
        self.geoms = np.where(shapely.is_missing(geoms), shapely.Polygon(), geoms)
        self.position = {id_: i for i, id_ in enumerate(self.ids.tolist())}
        self.bbox = shapely.bounds(self.geoms)  # (n, 4); NaN for empty geometries
        self.bbox = np.where(np.isnan(self.bbox), 0.0, self.bbox)
        self.size = np.maximum(self.bbox[:, 2] - self.bbox[:, 0], self.bbox[:, 3] - self.bbox[:, 1])
        self.centre = np.column_stack([(self.bbox[:, 0] + self.bbox[:, 2]) / 2,
                                       (self.bbox[:, 1] + self.bbox[:, 3]) / 2])
        self.median_size = float(np.median(self.size)) if len(self.size) else 0.0
        self.area = shapely.area(self.geoms)
        self.label_xy = self._label_points() if label_points else self.centre
        self._levels: dict[float, Rings] = {}
        self._lock = threading.Lock()
        self.vertices_per_feature = 0.0
        if len(self.ids):
            self.vertices_per_feature = self.rings(0.0).cstart[-1] / len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def _label_points(self) -> np.ndarray:
        if not len(self.geoms):
            return np.empty((0, 2))
        points = shapely.point_on_surface(self.geoms)
        points = np.where(shapely.is_empty(points), None, points)
        xy = np.column_stack([shapely.get_x(points), shapely.get_y(points)])
        return np.where(np.isnan(xy), self.centre, xy)  # empty geometries: their (0, 0) box

    def rings(self, tolerance: float) -> Rings:
        """The rings simplified to ``tolerance`` metres (computed once per level)."""
        with self._lock:
            rings = self._levels.get(tolerance)
            if rings is None:
                geoms = self.geoms if tolerance == 0 else shapely.simplify(
                    self.geoms, tolerance, preserve_topology=False)
                # a feature simplified away keeps its box so it stays visible
                lost = shapely.is_empty(geoms) & ~shapely.is_empty(self.geoms)
                if lost.any():
                    geoms = np.where(lost, shapely.envelope(self.geoms), geoms)
                rings = self._levels[tolerance] = Rings.from_geoms(geoms)
            return rings

    def level_for(self, metres_per_pixel: float) -> float:
        """The coarsest simplification that stays under a pixel."""
        usable = [t for t in LOD_TOLERANCES if t <= metres_per_pixel]
        return max(usable) if usable else 0.0

    def visible(self, bbox) -> np.ndarray:
        """Boolean mask of features whose box meets the view box."""
        b = self.bbox
        return (b[:, 2] >= bbox[0]) & (b[:, 0] <= bbox[2]) & (b[:, 3] >= bbox[1]) & (b[:, 1] <= bbox[3])


class PointCache:
    """One point layer in the metric CRS."""

    kind = "point"

    def __init__(self, ids, geoms, radius=None):
        self.ids = np.asarray(ids, dtype=object)
        self.geoms = np.asarray(geoms, dtype=object)
        self.position = {id_: i for i, id_ in enumerate(self.ids.tolist())}
        xy = shapely.get_coordinates(self.geoms) if len(self.geoms) else np.empty((0, 2))
        self.xy = xy if len(xy) == len(self.ids) else np.full((len(self.ids), 2), np.nan)
        self.radius = np.zeros(len(self.ids)) if radius is None else np.nan_to_num(
            np.asarray(radius, dtype=float))
        self.label_xy = self.xy

    def __len__(self) -> int:
        return len(self.ids)

    def visible(self, bbox, margin: float = 0.0) -> np.ndarray:
        x, y = self.xy[:, 0], self.xy[:, 1]
        reach = margin + self.radius
        return (x + reach >= bbox[0]) & (x - reach <= bbox[2]) & (y + reach >= bbox[1]) & (y - reach <= bbox[3])


def morton(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Z-order codes of points (16 bits per axis over their own extent)."""
    if len(x) == 0:
        return np.empty(0, dtype=np.uint64)

    def spread(v):
        v = v.astype(np.uint64) & np.uint64(0xFFFF)
        for shift, mask in ((8, 0x00FF00FF), (4, 0x0F0F0F0F), (2, 0x33333333), (1, 0x55555555)):
            v = (v | (v << np.uint64(shift))) & np.uint64(mask)
        return v

    def scaled(v):
        lo, hi = np.nanmin(v), np.nanmax(v)
        return np.nan_to_num((v - lo) / max(hi - lo, 1e-9) * 65535)

    return spread(scaled(x)) | (spread(scaled(y)) << np.uint64(1))


@dataclass(frozen=True)
class Chunking:
    """Features ordered by (class, Z-order), cut into single-class chunks.

    ``order[start[k]:start[k+1]]`` are the features of chunk ``k``, all of
    class ``chunk_class[k]``; ``chunk_bbox[k]`` is their joint box.
    """

    order: np.ndarray
    start: np.ndarray
    chunk_class: np.ndarray
    chunk_bbox: np.ndarray

    @classmethod
    def build(cls, cache: PolygonCache, classes: np.ndarray) -> "Chunking":
        n = len(cache)
        if n == 0:
            return cls(np.empty(0, int), np.zeros(1, int), np.empty(0, int), np.empty((0, 4)))
        per_chunk = int(np.clip(CHUNK_VERTICES / max(cache.vertices_per_feature, 1), 4, 64))
        z = morton(cache.centre[:, 0], cache.centre[:, 1])
        # Same-coloured grids are never neighbours, so sorting by class alone
        # makes chunks spread over the whole map; sort by coarse Z-block
        # first (a block holds about one chunk per class), then class.
        n_classes = max(len(np.unique(classes)), 1)
        blocks = max(n / (per_chunk * n_classes), 1.0)
        bits = min(32, 2 * int(np.ceil(np.log2(blocks) / 2)))
        block = z >> np.uint64(32 - bits)
        order = np.lexsort((z, classes, block))
        sorted_classes = classes[order]
        # a chunk ends every per_chunk features and wherever class or block changes
        key = block[order].astype(np.int64) * (int(classes.max()) + 2) + sorted_classes
        new_class = np.flatnonzero(np.diff(key)) + 1
        class_starts = np.concatenate([[0], new_class])
        rank = np.arange(n) - np.repeat(class_starts, np.diff(np.concatenate([class_starts, [n]])))
        starts = np.flatnonzero((rank % per_chunk) == 0)
        start = np.concatenate([starts, [n]])
        b = cache.bbox[order]
        bbox = np.column_stack([np.minimum.reduceat(b[:, 0], starts), np.minimum.reduceat(b[:, 1], starts),
                                np.maximum.reduceat(b[:, 2], starts), np.maximum.reduceat(b[:, 3], starts)])
        return cls(order, start, sorted_classes[starts], bbox)

    def visible(self, bbox) -> np.ndarray:
        b = self.chunk_bbox
        return np.flatnonzero((b[:, 2] >= bbox[0]) & (b[:, 0] <= bbox[2])
                              & (b[:, 3] >= bbox[1]) & (b[:, 1] <= bbox[3]))

    def features(self, k: int) -> np.ndarray:
        return self.order[self.start[k]:self.start[k + 1]]
