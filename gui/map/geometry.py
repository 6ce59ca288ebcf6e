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

import copy
import threading
from dataclasses import dataclass

import numpy as np
import shapely

#: Simplification tolerances in metres; a frame uses the largest one below
#: a pixel, so the simplification does not show.
LOD_TOLERANCES = (0.0, 0.5, 1.0, 2.0, 8.0, 32.0, 128.0)
#: Roughly how many vertices one chunk's path should hold.
CHUNK_VERTICES = 2048
#: Roughly how many vertices one tile of a level of detail holds (built together, on demand).
TILE_VERTICES = 16384


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

    def replaced(self, features: np.ndarray, rings: "Rings") -> "Rings":
        """A copy whose ``features`` (sorted positions) have the coordinates of ``rings``
        (one feature each, in that order)."""
        lengths = np.diff(self.cstart)
        new_lengths = lengths.copy()
        new_lengths[features] = np.diff(rings.cstart)
        xs, ys, flags, at = [], [], [], 0
        pairs = ((xs, self.x, rings.x), (ys, self.y, rings.y), (flags, self.ring_start, rings.ring_start))
        for k, f in enumerate(features.tolist()):
            for out, old, new in pairs:
                out.append(old[at:self.cstart[f]])
                out.append(new[rings.cstart[k]:rings.cstart[k + 1]])
            at = self.cstart[f + 1]
        xs.append(self.x[at:])
        ys.append(self.y[at:])
        flags.append(self.ring_start[at:])
        return Rings(np.concatenate(xs), np.concatenate(ys), np.concatenate(flags),
                     np.concatenate([[0], np.cumsum(new_lengths)]).astype(self.cstart.dtype))

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
        self._tiles: dict[tuple, Rings] = {}  # (level, tile) -> that tile's rings, built on demand
        self._tile_bases: dict[tuple, Rings] = {}  # after patched(): the tiles' rings before it
        self._patched = np.empty(0, dtype=np.int64)  # ... and the positions patched since
        # [(tile of each feature, rank within the tiles' order, tile starts, order)], in a list
        # so that the shallow copies a scene makes per snapshot share it with this cache
        self._tiling_box = [None]
        self._lock = threading.Lock()
        # counted, not flattened: no level of detail is built for the whole layer up front
        self.vertices_per_feature = 0.0
        if len(self.ids):
            self.vertices_per_feature = float(shapely.get_num_coordinates(self.geoms).sum()) / len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def patched(self, positions, geoms) -> "PolygonCache":
        """A copy with the features at ``positions`` given new (metric) ``geoms``, same ids.

        An edit of a few grids re-derives their boxes, sizes and label points,
        not the layer's; levels of detail are built again on demand.
        """
        positions = np.asarray(positions, dtype=np.int64)
        geoms = np.asarray(geoms, dtype=object)
        new = copy.copy(self)
        new.geoms = self.geoms.copy()
        new.geoms[positions] = np.where(shapely.is_missing(geoms), shapely.Polygon(), geoms)
        bbox = shapely.bounds(new.geoms[positions])
        new.bbox = self.bbox.copy()
        new.bbox[positions] = np.where(np.isnan(bbox), 0.0, bbox)
        b = new.bbox
        new.size = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])
        new.centre = np.column_stack([(b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2])
        new.median_size = float(np.median(new.size)) if len(new.size) else 0.0
        new.area = self.area.copy()
        new.area[positions] = shapely.area(new.geoms[positions])
        if self.label_xy is self.centre:
            new.label_xy = new.centre
        else:
            new.label_xy = self.label_xy.copy()
            new.label_xy[positions] = _surface_points(new.geoms[positions], new.centre[positions])
        new._levels, new._lock = {}, threading.Lock()
        # the tiles keep their members (a tile is a batch to simplify, in Z-order of the
        # original boxes; nothing else depends on it); those holding a patched feature are
        # simplified again, the others' rings are the same (features simplify on their own)
        tiling = self._tiling_box[0]
        new._tiling_box, new._tile_bases, new._patched = [tiling], {}, positions
        if tiling is None:
            new._tiles = {}
        else:
            stale = set(tiling[0][positions].tolist())
            with self._lock:
                new._tiles = {key: rings for key, rings in self._tiles.items() if key[1] not in stale}
                # a stale tile is built again from the old one: only the patched features simplified
                new._tile_bases = {key: rings for key, rings in self._tiles.items() if key[1] in stale}
        if len(new.ids):  # the vertex count changes by what the patched features changed
            total = round(self.vertices_per_feature * len(self.ids))
            total += int(shapely.get_num_coordinates(new.geoms[positions]).sum()
                         - shapely.get_num_coordinates(self.geoms[positions]).sum())
            new.vertices_per_feature = float(total) / len(new.ids)
        return new

    def _label_points(self) -> np.ndarray:
        if not len(self.geoms):
            return np.empty((0, 2))
        points = shapely.point_on_surface(self.geoms)
        points = np.where(shapely.is_empty(points), None, points)
        xy = np.column_stack([shapely.get_x(points), shapely.get_y(points)])
        return np.where(np.isnan(xy), self.centre, xy)  # empty geometries: their (0, 0) box

    def rings(self, tolerance: float) -> Rings:
        """The whole layer's rings simplified to ``tolerance`` metres (computed once per level).

        Drawing does not need this: it asks for the features of one chunk at a
        time (:meth:`feature_rings`), so a first frame never waits for a level
        of detail of 450,000 buildings it mostly does not show.
        """
        with self._lock:
            rings = self._levels.get(tolerance)
            if rings is None:
                rings = self._levels[tolerance] = Rings.from_geoms(simplified(self.geoms, tolerance))
            return rings

    def feature_rings(self, tolerance: float, features: np.ndarray):
        """x, y and ring-start flags of ``features`` simplified to ``tolerance`` metres.

        The same coordinates as ``rings(tolerance).gather(features)``, built
        only for the tiles these features lie in (:data:`TILE_VERTICES` vertices
        of neighbouring features each, in Z-order) and kept per tile: a first
        frame builds what it shows, a pan what comes into view, and one chunk
        costs a gather, not a simplification of its own. A whole-layer level
        already built is used as it is.
        """
        features = np.asarray(features, dtype=np.int64)
        if not len(features):
            return np.empty(0), np.empty(0), np.empty(0, dtype=bool)
        whole = self._levels.get(tolerance)
        if whole is not None:
            return whole.gather(features)
        tile_of, rank, starts = self._tile_index()
        tiles = np.unique(tile_of[features])
        parts = [self._tile_rings(tolerance, int(t), starts) for t in tiles]
        if len(parts) == 1:
            return parts[0].gather(rank[features] - starts[tiles[0]])
        # the tiles' rings side by side: feature f sits at its tile's offset plus its rank inside
        offsets = np.concatenate([[0], np.cumsum([len(p.cstart) - 1 for p in parts])])
        coords = np.concatenate([[0], np.cumsum([p.cstart[-1] for p in parts])])
        joined = Rings(np.concatenate([p.x for p in parts]), np.concatenate([p.y for p in parts]),
                       np.concatenate([p.ring_start for p in parts]),
                       np.concatenate([p.cstart[:-1] + c for p, c in zip(parts, coords)] + [coords[-1:]]))
        where = np.searchsorted(tiles, tile_of[features])
        return joined.gather(offsets[where] + rank[features] - starts[tiles[where]])

    def _tile_index(self):
        """Tile of each feature, its rank in tile order, and where each tile starts in that order."""
        tiling = self._tiling_box[0]
        if tiling is None:
            order = np.argsort(morton(self.centre[:, 0], self.centre[:, 1]), kind="stable")
            per_tile = int(np.clip(TILE_VERTICES / max(self.vertices_per_feature, 1.0), 16, 8192))
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            starts = np.arange(0, len(order) + per_tile, per_tile)
            tiling = self._tiling_box[0] = (rank // per_tile, rank, starts, order)
        return tiling[:3]

    def _tile_rings(self, tolerance: float, tile: int, starts) -> Rings:
        key = (tolerance, tile)
        rings = self._tiles.get(key)
        if rings is None:
            members = self._tiling_box[0][3][starts[tile]:starts[tile + 1]]
            base = self._tile_bases.get(key)
            if base is not None:
                which = np.flatnonzero(np.isin(members, self._patched))
                rings = base.replaced(which, Rings.from_geoms(simplified(self.geoms[members[which]], tolerance)))
            else:
                rings = Rings.from_geoms(simplified(self.geoms[members], tolerance))
            with self._lock:
                self._tiles[key] = rings
        return rings

    def level_for(self, metres_per_pixel: float) -> float:
        """The coarsest simplification that stays under a pixel."""
        usable = [t for t in LOD_TOLERANCES if t <= metres_per_pixel]
        return max(usable) if usable else 0.0

    def visible(self, bbox) -> np.ndarray:
        """Boolean mask of features whose box meets the view box."""
        b = self.bbox
        return (b[:, 2] >= bbox[0]) & (b[:, 0] <= bbox[2]) & (b[:, 3] >= bbox[1]) & (b[:, 1] <= bbox[3])


def simplified(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """``geoms`` simplified to ``tolerance`` metres; a feature simplified away keeps its box.

    Feature by feature (shapely simplifies each geometry on its own), so a
    chunk simplified alone equals the same features cut from the whole layer.
    """
    if tolerance == 0:
        return geoms
    out = shapely.simplify(geoms, tolerance, preserve_topology=False)
    lost = shapely.is_empty(out) & ~shapely.is_empty(geoms)
    return np.where(lost, shapely.envelope(geoms), out) if lost.any() else out


def _surface_points(geoms: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """A point inside each polygon (its box centre for an empty one)."""
    points = shapely.point_on_surface(geoms)
    points = np.where(shapely.is_empty(points), None, points)
    xy = np.column_stack([shapely.get_x(points), shapely.get_y(points)])
    return np.where(np.isnan(xy), centre, xy)


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
    def build(cls, cache: PolygonCache, classes: np.ndarray, z: np.ndarray | None = None) -> "Chunking":
        """``z``: the features' Z-order (``morton`` of their box centres), when known."""
        n = len(cache)
        if n == 0:
            return cls(np.empty(0, int), np.zeros(1, int), np.empty(0, int), np.empty((0, 4)))
        per_chunk = int(np.clip(CHUNK_VERTICES / max(cache.vertices_per_feature, 1), 4, 64))
        z = morton(cache.centre[:, 0], cache.centre[:, 1]) if z is None else z
        # Same-coloured grids are never neighbours, so sorting by class alone
        # makes chunks spread over the whole map; sort by coarse Z-block
        # first (a block holds about one chunk per class), then class.
        present = np.bincount(classes) if classes.min() >= 0 else np.unique(classes)
        n_classes = max(int(np.count_nonzero(present)) if classes.min() >= 0 else len(present), 1)
        blocks = max(n / (per_chunk * n_classes), 1.0)
        bits = min(32, 2 * int(np.ceil(np.log2(blocks) / 2)))
        block = z >> np.uint64(32 - bits)
        if bits <= 24 and 0 <= classes.min() and classes.max() < 256 and int(z.max()) < 2 ** 32:
            # one 64-bit key sorts as (block, class, z) in one pass, twice as fast as lexsort
            key64 = (block << np.uint64(40)) | (classes.astype(np.uint64) << np.uint64(32)) | z.astype(np.uint64)
            order = np.argsort(key64, kind="stable")
        else:
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
