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
from dataclasses import dataclass, field

import numpy as np
import shapely

from geo.background import share_work

#: Simplification tolerances in metres; a frame uses the largest one below
#: a pixel, so the simplification does not show.
LOD_TOLERANCES = (0.0, 0.5, 1.0, 2.0, 8.0, 32.0, 128.0)
#: Roughly how many vertices one chunk's path should hold.
CHUNK_VERTICES = 2048
#: Roughly how many vertices one tile of a level of detail holds (built together, on demand).
TILE_VERTICES = 16384
#: From this many tiles missing a frame has them built on the other cores too (prepare_tiles).
SHARED_TILES_FROM = 16


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
        index = ranges(self.cstart[features], self.cstart[features + 1])
        if not len(index):
            return np.empty(0), np.empty(0), np.empty(0, dtype=bool)
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
        # points on the surface are found when a label asks (label_points): a frame labels a
        # few hundred features, and finding them for a city's grids took 0.3 s of its first frame
        self._surface = label_points
        self._label_xy = np.full((len(self.ids), 2), np.nan) if label_points else self.centre
        self._label_found = np.zeros(len(self.ids), dtype=bool) if label_points else None
        #: (the centre array of the cache this one was patched from, positions patched), or None
        self.centre_since = None
        #: the same for the box array (:meth:`Chunking.patched` compares only those boxes)
        self.bbox_since = None
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
        new.centre_since = (self.centre, positions)
        new.bbox_since = (self.bbox, positions)
        new.median_size = float(np.median(new.size)) if len(new.size) else 0.0
        new.area = self.area.copy()
        new.area[positions] = shapely.area(new.geoms[positions])
        if not self._surface:
            new._label_xy = new.centre
        else:
            with self._lock:  # the render thread may be finding points of this cache meanwhile
                new._label_xy, new._label_found = self._label_xy.copy(), self._label_found.copy()
            new._label_found[positions] = False
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

    @property
    def label_xy(self) -> np.ndarray:
        """(n, 2): where each feature's label goes, a point inside it (its box centre when
        built with ``label_points=False``, or for an empty geometry)."""
        return self.label_points(np.arange(len(self.ids)))

    @property
    def label_store(self) -> np.ndarray:
        """The array :meth:`label_points` fills: the same object while this cache's points are."""
        return self._label_xy

    def label_points(self, positions) -> np.ndarray:
        """(len(positions), 2): the label points of the features at ``positions``, each found
        once (:attr:`label_xy` for all of them)."""
        positions = np.asarray(positions, dtype=np.int64)
        if not self._surface:
            return self._label_xy[positions]
        with self._lock:
            todo = positions[~self._label_found[positions]]
            if len(todo):
                todo = np.unique(todo)
                self._label_xy[todo] = _surface_points(self.geoms[todo], self.centre[todo])
                self._label_found[todo] = True
            return self._label_xy[positions]

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

    def prepare_tiles(self, tolerance: float, features) -> None:
        """Build the tiles at ``tolerance`` that ``features`` (a boolean mask or positions) lie in
        and that are not built yet, on more than one core: simplifying runs in GEOS outside
        Python's lock, and a first frame of a whole city needs hundreds of tiles (~1.4 s on one
        core) while the second core has nothing to do. A frame that needs fewer than
        :data:`SHARED_TILES_FROM` (an edit, a pan, a first view of a community while the rest of
        the file is read on the other cores) builds them as it draws (:meth:`feature_rings`)."""
        if tolerance in self._levels or not len(self.ids):
            return
        tile_of, _, starts = self._tile_index()
        needed = np.flatnonzero(np.bincount(tile_of[features], minlength=len(starts) - 1))
        missing = [t for t in needed.tolist() if (tolerance, t) not in self._tiles]
        if len(missing) >= SHARED_TILES_FROM:
            share_work(lambda tile: self._tile_rings(tolerance, tile, starts), missing)

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


def ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The positions ``starts[k]:ends[k]`` of every range, concatenated: one index for numpy
    instead of a slice per feature or chunk."""
    lengths = ends - starts
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    return np.repeat(starts - first, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)


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
    return np.where(np.isnan(xy), centre, xy)  # empty geometries: their (0, 0) box


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
        self.label_xy = self.label_store = self.xy

    def __len__(self) -> int:
        return len(self.ids)

    def label_points(self, positions) -> np.ndarray:
        return self.label_xy[positions]

    def visible(self, bbox, margin: float = 0.0) -> np.ndarray:
        x, y = self.xy[:, 0], self.xy[:, 1]
        reach = margin + self.radius
        return (x + reach >= bbox[0]) & (x - reach <= bbox[2]) & (y + reach >= bbox[1]) & (y - reach <= bbox[3])


def morton(x: np.ndarray, y: np.ndarray, extent=None) -> np.ndarray:
    """Z-order codes of points (16 bits per axis over their own extent, or over
    ``extent`` = (xmin, ymin, xmax, ymax): a few points coded as among many others)."""
    if len(x) == 0:
        return np.empty(0, dtype=np.uint64)

    def spread(v):
        v = v.astype(np.uint64) & np.uint64(0xFFFF)
        for shift, mask in ((8, 0x00FF00FF), (4, 0x0F0F0F0F), (2, 0x33333333), (1, 0x55555555)):
            v = (v | (v << np.uint64(shift))) & np.uint64(mask)
        return v

    def scaled(v, lo, hi):
        return np.nan_to_num((v - lo) / max(hi - lo, 1e-9) * 65535)

    x0, y0, x1, y1 = morton_extent(x, y) if extent is None else extent
    return spread(scaled(x, x0, x1)) | (spread(scaled(y, y0, y1)) << np.uint64(1))


def morton_extent(x: np.ndarray, y: np.ndarray) -> tuple:
    """The extent :func:`morton` scales points to."""
    return np.nanmin(x), np.nanmin(y), np.nanmax(x), np.nanmax(y)


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
    #: what :meth:`patched` starts from: (the sort keys in ``order``, (per_chunk, bits), the
    #: classes, Z-order and boxes it was built from, the class counts, the largest Z-order);
    #: None when the key does not fit in 64 bits (then every change is a full build)
    basis: tuple | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, cache: PolygonCache, classes: np.ndarray, z: np.ndarray | None = None) -> "Chunking":
        """``z``: the features' Z-order (``morton`` of their box centres), when known."""
        n = len(cache)
        if n == 0:
            return cls(np.empty(0, int), np.zeros(1, int), np.empty(0, int), np.empty((0, 4)))
        z = morton(cache.centre[:, 0], cache.centre[:, 1]) if z is None else z
        low, high, zmax = int(classes.min()), int(classes.max()), int(z.max())
        # Same-coloured grids are never neighbours, so sorting by class alone
        # makes chunks spread over the whole map; sort by coarse Z-block
        # first (a block holds about one chunk per class), then class.
        counts = np.bincount(classes) if low >= 0 else None
        n_classes = int(np.count_nonzero(counts)) if low >= 0 else len(np.unique(classes))
        per_chunk, bits = _chunk_params(n, cache.vertices_per_feature, n_classes)
        block = z >> np.uint64(32 - bits)
        basis = None
        if bits <= 24 and 0 <= low and high < 256 and zmax < 2 ** 32:
            # one 64-bit key sorts as (block, class, z) in one pass, twice as fast as lexsort
            key64 = _key64(block, classes, z)
            order = np.argsort(key64, kind="stable")
            basis = (key64[order], (per_chunk, bits), classes, z, cache.bbox, counts, zmax)
        else:
            order = np.lexsort((z, classes, block))
        sorted_classes = classes[order]
        # a chunk ends every per_chunk features and wherever class or block changes
        key = block[order].astype(np.int64) * (high + 2) + sorted_classes
        new_class = np.flatnonzero(np.diff(key)) + 1
        class_starts = np.concatenate([[0], new_class])
        rank = np.arange(n) - np.repeat(class_starts, np.diff(np.concatenate([class_starts, [n]])))
        starts = np.flatnonzero((rank % per_chunk) == 0)
        start = np.concatenate([starts, [n]])
        b = cache.bbox[order]
        bbox = np.column_stack([np.minimum.reduceat(b[:, 0], starts), np.minimum.reduceat(b[:, 1], starts),
                                np.maximum.reduceat(b[:, 2], starts), np.maximum.reduceat(b[:, 3], starts)])
        return cls(order, start, sorted_classes[starts], bbox, basis)

    def patched(self, cache: PolygonCache, classes: np.ndarray, z: np.ndarray | None = None) -> "Chunking":
        """``build(cache, classes, z)``, worked out from this chunking of the same features.

        An edit recolours or moves a few features: they leave the order and go back in
        where (block, class, z, index) puts them -- where the stable sort would --
        and only the chunks of the (block, class) groups they left, joined or changed
        the box of are cut again; the others keep their members and boxes. Falls back
        to a full build when the sort's parameters change or many features moved.
        """
        n = len(cache)
        if self.basis is None or len(self.order) != n or n == 0:
            return Chunking.build(cache, classes, z)
        old_sorted, params, old_classes, old_z, old_bbox, counts, zmax = self.basis
        z = morton(cache.centre[:, 0], cache.centre[:, 1]) if z is None else z
        moved = np.zeros(n, dtype=bool) if classes is old_classes else classes != old_classes
        if z is not old_z:
            moved |= z != old_z
            zmax = int(z.max())
        moved = np.flatnonzero(moved)
        if len(moved) and classes[moved].min() < 0:
            return Chunking.build(cache, classes, z)
        # the class counts follow the moved features (no count over the layer)
        size = max(len(counts), int(classes[moved].max()) + 1 if len(moved) else 0)
        counts = np.pad(counts, (0, size - len(counts)))
        np.add.at(counts, classes[moved], 1)
        np.subtract.at(counts, old_classes[moved], 1)
        counts = np.trim_zeros(counts, "b")  # as long as bincount makes it
        per_chunk, bits = _chunk_params(n, cache.vertices_per_feature, int(np.count_nonzero(counts)))
        if (per_chunk, bits) != params or len(counts) > 256 or zmax >= 2 ** 32:
            return Chunking.build(cache, classes, z)
        boxed = _boxes_changed(cache, old_bbox)
        if len(moved) + len(boxed) > n // 16:  # the sort is cheaper than this many insertions
            return Chunking.build(cache, classes, z)
        if not len(moved) and not len(boxed):
            return Chunking(self.order, self.start, self.chunk_class, self.chunk_bbox,
                            (old_sorted, params, classes, z, cache.bbox, counts, zmax))

        def key(which, classes, z):  # the sort key of some features (as build makes it)
            return _key64(z[which] >> np.uint64(32 - bits), classes[which], z[which])

        old_key, new_key = key(moved, old_classes, old_z), key(moved, classes, z)
        # out of the order, then back in by (key, index): ties keep rising indexes, as a stable sort
        by_old = np.lexsort((moved, old_key))
        gone = _place(old_sorted, self.order, old_key[by_old], moved[by_old])
        by_new = np.lexsort((moved, new_key))
        back, back_key = moved[by_new], new_key[by_new]
        at = _place(old_sorted, self.order, back_key, back)
        order = _splice(self.order, gone, at, back)
        sorted_key = _splice(old_sorted, gone, at, back_key)
        # groups (block, class) whose chunks are cut again
        shift = np.uint64(32)
        groups = np.unique(np.concatenate([old_key >> shift, new_key >> shift, key(boxed, classes, z) >> shift]))
        lo = np.searchsorted(sorted_key, groups << shift, side="left")
        hi = np.searchsorted(sorted_key, (groups + np.uint64(1)) << shift, side="left")
        cuts = -(-(hi - lo) // per_chunk)
        group_of = np.repeat(np.arange(len(groups)), cuts)
        first = np.concatenate([[0], np.cumsum(cuts)[:-1]])
        cut = lo[group_of] + (np.arange(int(cuts.sum())) - first[group_of]) * per_chunk
        cut_class = (groups[group_of] & np.uint64(0xFF)).astype(classes.dtype)
        if len(cut):
            lengths = hi - lo
            # sorted position minus position among the gathered members, per group
            offset = lo - np.concatenate([[0], np.cumsum(lengths)[:-1]])
            members = np.repeat(offset, lengths) + np.arange(int(lengths.sum()))
            b = cache.bbox[order[members]]
            local = cut - np.repeat(offset, cuts)
            cut_bbox = np.column_stack([np.minimum.reduceat(b[:, 0], local), np.minimum.reduceat(b[:, 1], local),
                                        np.maximum.reduceat(b[:, 2], local), np.maximum.reduceat(b[:, 3], local)])
        else:
            cut_bbox = np.empty((0, 4))
        # the other chunks keep members and boxes; their starts shift by what left and came before
        old_starts = self.start[:-1]
        # groups is sorted (np.unique): one binary search per chunk instead of np.isin's
        # pass over all chunks per group
        first_group = old_sorted[old_starts] >> shift
        stay = groups[np.minimum(np.searchsorted(groups, first_group), len(groups) - 1)] != first_group \
            if len(groups) else np.ones(len(old_starts), dtype=bool)
        s = old_starts[stay]
        s = s - np.searchsorted(gone, s) + np.searchsorted(at, s, side="right")
        starts = np.concatenate([s, cut])
        by_start = np.argsort(starts, kind="stable")
        return Chunking(order, np.concatenate([starts[by_start], [n]]),
                        np.concatenate([self.chunk_class[stay], cut_class])[by_start].astype(classes.dtype, copy=False),
                        np.concatenate([self.chunk_bbox[stay], cut_bbox])[by_start],
                        (sorted_key, params, classes, z, cache.bbox, counts, zmax))

    def visible(self, bbox) -> np.ndarray:
        b = self.chunk_bbox
        return np.flatnonzero((b[:, 2] >= bbox[0]) & (b[:, 0] <= bbox[2])
                              & (b[:, 3] >= bbox[1]) & (b[:, 1] <= bbox[3]))

    def features(self, k: int) -> np.ndarray:
        return self.order[self.start[k]:self.start[k + 1]]

    def features_of(self, chunks: np.ndarray) -> np.ndarray:
        """The features of several chunks, concatenated."""
        chunks = np.asarray(chunks, dtype=np.int64)
        return self.order[ranges(self.start[chunks], self.start[chunks + 1])]


def _chunk_params(n: int, vertices_per_feature: float, n_classes: int):
    """(features per chunk, bits of Z-order per block) for ``n`` features of ``n_classes`` classes."""
    per_chunk = int(np.clip(CHUNK_VERTICES / max(vertices_per_feature, 1), 4, 64))
    blocks = max(n / (per_chunk * max(n_classes, 1)), 1.0)
    return per_chunk, min(32, 2 * int(np.ceil(np.log2(blocks) / 2)))


def _key64(block, classes, z) -> np.ndarray:
    return (block << np.uint64(40)) | (classes.astype(np.uint64) << np.uint64(32)) | z.astype(np.uint64)


def _place(sorted_key, order, keys, index) -> np.ndarray:
    """Where each (key, index) pair is, or would go, in ``order`` sorted by (key, index)
    (``sorted_key`` = its keys). Also where to insert it once some others are taken out:
    taking features out of a sorted order leaves it sorted."""
    at = np.searchsorted(sorted_key, keys, side="left")
    tie_end = np.searchsorted(sorted_key, keys, side="right")
    for i in np.flatnonzero(tie_end > at).tolist():  # equal keys: rising indexes
        at[i] += int(np.searchsorted(order[at[i]:tie_end[i]], index[i]))
    return at


def _boxes_changed(cache, old_bbox) -> np.ndarray:
    """Positions whose box in ``cache`` differs from ``old_bbox``: after
    :meth:`PolygonCache.patched` only the patched positions are compared (a city's
    50,000 grid boxes were compared whole on every edit that redrew an outline)."""
    if cache.bbox is old_bbox:
        return np.empty(0, dtype=np.int64)
    since = getattr(cache, "bbox_since", None)
    if since is not None and since[0] is old_bbox:
        p = np.unique(np.asarray(since[1], dtype=np.int64))
        return p[(cache.bbox[p] != old_bbox[p]).any(axis=1)]
    return np.flatnonzero((cache.bbox != old_bbox).any(axis=1))


def _splice(array: np.ndarray, gone: np.ndarray, at: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``array`` without the (sorted) positions ``gone``, with ``values`` inserted before the
    (sorted) positions ``at`` of ``array``; a few slices copied instead of a mask over all of it."""
    if len(gone) + len(at) > 256:
        keep = np.ones(len(array), dtype=bool)
        keep[gone] = False
        kept_at = at - np.searchsorted(gone, at)
        return np.insert(array[keep], kept_at, values)
    events = sorted([(int(p), 1, k) for k, p in enumerate(at.tolist())] + [(int(p), 0, 0) for p in gone.tolist()])
    pieces, current = [], 0
    for position, insert, k in events:
        pieces.append(array[current:position])
        if insert:
            pieces.append(values[k:k + 1])
            current = max(current, position)  # an insertion where one went out: that one stays out
        else:
            current = position + 1
    pieces.append(array[current:])
    return np.concatenate(pieces)
