"""Chunking.patched must give exactly what Chunking.build gives (issue 13)."""
from __future__ import annotations

import copy

import numpy as np
import pytest
import shapely

from gui.map.geometry import Chunking, PolygonCache, _boxes_changed, morton


def _cache(rng, n):
    x, y = rng.uniform(0, 5000, n), rng.uniform(0, 5000, n)
    size = rng.uniform(2, 30, n)
    geoms = shapely.box(x, y, x + size, y + size)
    return PolygonCache([f"F{i}" for i in range(n)], geoms, label_points=False)


def _equal(a: Chunking, b: Chunking):
    assert np.array_equal(a.order, b.order)
    assert np.array_equal(a.start, b.start)
    assert np.array_equal(a.chunk_class, b.chunk_class)
    assert a.chunk_class.dtype == b.chunk_class.dtype
    assert np.array_equal(a.chunk_bbox, b.chunk_bbox)


@pytest.mark.parametrize("seed", range(6))
def test_patched_equals_build_after_class_changes(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(300, 4000))
    cache = _cache(rng, n)
    n_classes = int(rng.integers(2, 9))
    classes = rng.integers(0, n_classes, n)
    z = morton(cache.centre[:, 0], cache.centre[:, 1])
    chunking = Chunking.build(cache, classes, z)
    built = []
    original = Chunking.build.__func__
    monkeypatch.setattr(Chunking, "build", classmethod(lambda cls, *a: built.append(1) or original(cls, *a)))
    for _ in range(8):
        classes = classes.copy()
        k = int(rng.integers(0, 12))
        which = rng.choice(n, k, replace=False)
        classes[which] = rng.integers(0, n_classes, k)
        patched = chunking.patched(cache, classes, z)
        _equal(patched, Chunking.build(cache, classes, z))
        chunking = patched
    assert len(built) == 8  # the reference builds only: every patch worked from the last chunking


@pytest.mark.parametrize("seed", range(4))
def test_patched_equals_build_with_ties_and_moves(seed):
    rng = np.random.default_rng(100 + seed)
    n = 2000
    # many features share a centre: equal (block, class, z) keys, ordered by index
    x = rng.integers(0, 6, n) * 700.0
    y = rng.integers(0, 6, n) * 700.0
    cache = PolygonCache([f"F{i}" for i in range(n)], shapely.box(x, y, x + 10, y + 10), label_points=False)
    classes = rng.integers(0, 3, n)
    chunking = Chunking.build(cache, classes)
    for _ in range(6):
        classes = classes.copy()
        which = rng.choice(n, 15, replace=False)
        classes[which] = rng.integers(0, 3, 15)
        patched = chunking.patched(cache, classes)
        _equal(patched, Chunking.build(cache, classes))
        chunking = patched


@pytest.mark.parametrize("seed", range(4))
def test_patched_equals_build_after_outline_changes(seed):
    rng = np.random.default_rng(200 + seed)
    n = 3000
    cache = _cache(rng, n)
    classes = rng.integers(0, 6, n)
    chunking = Chunking.build(cache, classes)
    for _ in range(5):
        k = int(rng.integers(1, 10))
        positions = np.sort(rng.choice(n, k, replace=False))
        grown = shapely.buffer(cache.geoms[positions], rng.uniform(-1, 25), join_style="mitre")
        cache = cache.patched(positions, grown)
        classes = classes.copy()
        classes[positions[: k // 2]] = rng.integers(0, 6, k // 2)
        z = morton(cache.centre[:, 0], cache.centre[:, 1])
        patched = chunking.patched(cache, classes, z)
        _equal(patched, Chunking.build(cache, classes, z))
        chunking = patched


def test_patched_falls_back_when_the_sort_changes():
    rng = np.random.default_rng(7)
    n = 1500
    cache = _cache(rng, n)
    classes = rng.integers(0, 2, n)
    chunking = Chunking.build(cache, classes)
    more = classes.copy()
    more[:400] = rng.integers(0, 8, 400)  # more classes: fewer bits per block, and many moved
    _equal(chunking.patched(cache, more), Chunking.build(cache, more))
    negative = classes.copy()
    negative[3] = -1  # no 64-bit key: lexsort
    _equal(chunking.patched(cache, negative), Chunking.build(cache, negative))
    assert chunking.patched(copy.copy(cache), classes).order is chunking.order


def test_patched_equals_build_after_hundreds_of_changes():
    """Past a few hundred insertions the order is spliced with masks: still the same result."""
    rng = np.random.default_rng(41)
    n = 9000
    cache = _cache(rng, n)
    classes = rng.integers(0, 5, n)
    chunking = Chunking.build(cache, classes)
    for k in (150, 300, 500):
        classes = classes.copy()
        which = rng.choice(n, k, replace=False)
        classes[which] = (classes[which] + rng.integers(1, 5, k)) % 5
        patched = chunking.patched(cache, classes)
        _equal(patched, Chunking.build(cache, classes))
        chunking = patched


def test_changed_boxes_are_found_among_the_patched_positions_only():
    """After PolygonCache.patched only its positions are compared; the answer equals a
    comparison of every box, also for a position patched with an outline of the same box
    and for a cache patched twice since the chunking's (whole comparison then)."""
    rng = np.random.default_rng(9)
    n = 2500
    cache = _cache(rng, n)
    classes = rng.integers(0, 4, n)
    chunking = Chunking.build(cache, classes)
    positions = np.array([17, 3, 17, 900, 2400])  # unsorted, repeated
    geoms = shapely.buffer(cache.geoms[positions], 4.0, join_style="mitre")
    geoms[1] = shapely.box(*cache.bbox[3])  # the same box, another geometry
    once = cache.patched(positions, geoms)
    assert once.bbox_since[0] is cache.bbox
    found = _boxes_changed(once, cache.bbox)
    assert found.tolist() == [17, 900, 2400]
    assert np.array_equal(found, np.flatnonzero((once.bbox != cache.bbox).any(axis=1)))
    _equal(chunking.patched(once, classes), Chunking.build(once, classes))
    twice = once.patched(np.array([5]), shapely.buffer(once.geoms[[5]], 3.0, join_style="mitre"))
    assert _boxes_changed(twice, cache.bbox).tolist() == [5, 17, 900, 2400]
    _equal(chunking.patched(twice, classes), Chunking.build(twice, classes))
