"""Incremental map caches equal a fresh build: layer snapshots patched per edited row,
polygon caches patched per feature, grid colours repaired only around the edited grids."""
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import box

from geo.colouring import adjacency_pairs, colour_map, conflicts, repair_colouring
from gui.map.geometry import Chunking, PolygonCache
from gui.map.layer_snapshot import LINEAGE, capture


def _tiling(n=12, size=10.0):
    """An n x n tiling of squares (every inner square has 8 neighbours, corners touching)."""
    return np.array([box(i * size, j * size, (i + 1) * size, (j + 1) * size)
                     for j in range(n) for i in range(n)], dtype=object)


def _moved(geoms, rng, k):
    """``geoms`` with ``k`` random squares grown into a neighbour's half (what a reassignment does)."""
    geoms = geoms.copy()
    picked = rng.choice(len(geoms), size=k, replace=False)
    for p in picked:
        geoms[p] = shapely.buffer(geoms[p], float(rng.uniform(0.5, 4.0)), join_style="mitre")
    return geoms, np.sort(picked)


@pytest.mark.parametrize("seed", range(5))
def test_repaired_colouring_is_proper_and_keeps_the_untouched_grids(seed):
    rng = np.random.default_rng(seed)
    geoms = _tiling()
    colour = colour_map(geoms, 8)
    for _ in range(6):
        geoms, changed = _moved(geoms, rng, 5)
        before = colour
        colour = repair_colouring(geoms, before, changed, 8)
        # found from the boxes instead of an index: the same neighbours, the same colours
        assert np.array_equal(repair_colouring(geoms, before, changed, 8, bounds=shapely.bounds(geoms)), colour)
        assert np.array_equal(repair_colouring(geoms, before, changed, 8, 0.5, shapely.bounds(geoms)),
                              repair_colouring(geoms, before, changed, 8, 0.5))
        assert conflicts(adjacency_pairs(geoms), colour) == 0
        untouched = np.setdiff1d(np.arange(len(geoms)), changed)
        assert np.array_equal(colour[untouched], before[untouched])
        assert colour.min() >= 0 and colour.max() < 8


def test_repair_colours_new_polygons_and_keeps_a_colour_that_still_fits():
    geoms = _tiling(4)
    colour = colour_map(geoms, 8)
    grown = colour.copy()
    grown[5] = -1  # a new grid (e.g. after a split) has no colour yet
    repaired = repair_colouring(geoms, grown, [], 8)
    assert repaired[5] >= 0 and conflicts(adjacency_pairs(geoms), repaired) == 0
    # a changed polygon whose colour still clashes with no neighbour keeps it
    assert np.array_equal(repair_colouring(geoms, colour, [0, 7], 8), colour)


def test_patched_snapshot_and_cache_equal_a_fresh_build():
    rng = np.random.default_rng(3)
    geoms = _tiling(10)
    ids = np.array([f"G{i:03d}" for i in range(len(geoms))], dtype=object)
    frame = pd.DataFrame({"name": [f"网格{i}" for i in range(len(ids))]}, index=ids)
    layer = capture("grids", frame, geoms, ("name",))
    cache = PolygonCache(layer.ids, layer.geoms)
    changed_all = []
    for _ in range(3):  # several edits before the next frame: the lineage spans them
        new_geoms, changed = _moved(layer.geoms, rng, 4)
        layer = layer.with_geoms(changed, new_geoms[changed])
        changed_all.append(changed)
    since = layer.changed_since(_first_geoms(layer, 3))  # the geoms the cache was built from
    assert set(since.tolist()) == set(np.concatenate(changed_all).tolist())
    patched = cache.patched(since, layer.geoms[since])
    fresh = PolygonCache(layer.ids, layer.geoms)
    for name in ("bbox", "size", "centre", "area", "label_xy"):
        assert np.allclose(getattr(patched, name), getattr(fresh, name)), name
    assert patched.median_size == fresh.median_size
    assert patched.vertices_per_feature == pytest.approx(fresh.vertices_per_feature)
    assert shapely.equals_exact(patched.geoms, fresh.geoms, 0.0).all()
    classes = np.arange(len(ids)) % 8
    a, b = Chunking.build(patched, classes), Chunking.build(fresh, classes)
    assert np.array_equal(a.order, b.order) and np.array_equal(a.start, b.start)
    assert np.allclose(a.chunk_bbox, b.chunk_bbox)
    for k in range(0, len(a.chunk_class), 7):
        for level in (0.0, 1.0):
            pa, pb = patched.feature_rings(level, a.features(k)), fresh.feature_rings(level, b.features(k))
            assert all(np.array_equal(x, y) for x, y in zip(pa, pb))


def _first_geoms(layer, steps):
    """The geoms array ``steps`` edits back in ``layer``'s lineage."""
    return layer.lineage[steps - 1][0]


def test_lineage_is_bounded_and_unknown_ancestors_say_so():
    geoms = _tiling(3)
    ids = np.array([f"G{i}" for i in range(len(geoms))], dtype=object)
    layer = capture("grids", pd.DataFrame(index=ids), geoms, ())
    first = layer.geoms
    for k in range(LINEAGE + 2):
        layer = layer.with_geoms([k % len(ids)], [box(0, 0, 1 + k, 1)])
    assert len(layer.lineage) == LINEAGE
    assert layer.changed_since(first) is None  # too far back: the caller rebuilds
    assert len(layer.changed_since(layer.geoms)) == 0
    assert not layer.geoms.flags.writeable
