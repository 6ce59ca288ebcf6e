"""Colouring a map so that neighbouring areas never share a colour.

Grids tile their community, so "neighbour" means: the two outlines touch (or
come within ``tolerance`` metres, because boundaries from different sources
rarely meet exactly). The colouring is greedy in *smallest-last* order: a
planar map's adjacency graph always has a vertex with at most five
neighbours, so this order never needs more than six colours, and the
qualitative palettes we use have eight. Among the colours a vertex may take
we pick the least used one so the palette is spread evenly over the map.

Examples
--------
>>> from shapely import box
>>> geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)]
>>> colours = colour_map(geoms, n_colours=8)
>>> bool(colours[0] != colours[1] and colours[1] != colours[2])
True
"""
from __future__ import annotations

import heapq

import numpy as np
import shapely

from .background import share_work

#: Paul Tol's "light" qualitative scheme, designed for filled areas carrying
#: labels and distinguishable under the common colour-vision deficiencies.
#: (His pale grey is kept apart for "no grid".)
TOL_LIGHT = ("#77AADD", "#EE8866", "#EEDD88", "#44BB99", "#FFAABB",
             "#99DDFF", "#BBCC33", "#AAAA00")
UNASSIGNED = "#DDDDDD"


#: Pieces the pairs of :func:`near_pairs` are tested in, shared over the cores.
PAIR_PIECES = 16


def adjacency_pairs(geoms, tolerance: float = 0.0) -> np.ndarray:
    """Index pairs ``(i, j)`` with ``i < j`` of geometries that touch or overlap.

    Parameters
    ----------
    geoms : array-like of shapely geometries (metric CRS when ``tolerance`` > 0)
    tolerance : float
        Geometries closer than this count as neighbours.

    Returns
    -------
    numpy.ndarray, shape (k, 2)
    """
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) < 2:
        return np.empty((0, 2), dtype=np.int64)
    left, right = near_pairs(geoms, np.arange(len(geoms)), tolerance, upper=True)
    return np.column_stack([left, right])


def near_pairs(geoms, sources, tolerance: float = 0.0, upper: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``(v, u)`` position pairs, ``v`` in ``sources``, of geometries within ``tolerance``
    (``u != v``; with ``upper`` only ``v < u``).

    Boxes first (an index of the boxes, widened by ``tolerance``), then the exact
    test on the pairs found, once per pair, each source geometry prepared: on the
    50,000 grids of a city the test took 4.7-6.3 s against 7.8-11 s for the
    index's own ``dwithin`` query (a shared, loaded machine). The prepared
    geometries are private copies, since ``geoms`` may be read by another thread
    meanwhile.
    """
    geoms = np.asarray(geoms, dtype=object)
    sources = np.asarray(sources, dtype=np.int64)
    if not len(geoms) or not len(sources):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    b = shapely.bounds(geoms[sources])
    sources, b = sources[~np.isnan(b).any(axis=1)], b[~np.isnan(b).any(axis=1)]  # empty: no neighbour
    widened = shapely.box(b[:, 0] - tolerance, b[:, 1] - tolerance, b[:, 2] + tolerance, b[:, 3] + tolerance)
    which, near = shapely.STRtree(geoms).query(widened)
    v = sources[which]
    both = np.zeros(len(geoms), dtype=bool)
    both[sources] = True
    both = both[near]  # a pair of two sources is tested once, then given both ways
    keep = v < near if upper else (v < near) | ((v != near) & ~both)
    v, near, which, both = v[keep], near[keep], which[keep], both[keep]
    if not len(v):
        return v, near
    own = shapely.transform(geoms[sources], lambda xy: xy)  # copies, prepared below
    shapely.prepare(own)
    # the pairs in pieces of whole sources, over the cores (GEOS tests outside Python's lock):
    # a prepared geometry indexes its edges on first use, so one is never used by two threads
    by_source = np.argsort(which, kind="stable")  # as STRtree.query gives them; the pieces rely on it
    v, near, which, both = v[by_source], near[by_source], which[by_source], both[by_source]
    cuts = np.unique(np.searchsorted(which, np.linspace(0, len(sources), PAIR_PIECES + 1).astype(np.int64)))

    def test(piece):
        first, second = own[which[piece]], geoms[near[piece]]
        return shapely.dwithin(first, second, tolerance) if tolerance > 0 else shapely.intersects(first, second)

    hit = np.concatenate(share_work(test, [slice(a, b) for a, b in zip(cuts[:-1], cuts[1:])]))
    v, near, both = v[hit], near[hit], both[hit]
    if upper:
        return v, near
    return np.concatenate([v, near[both]]), np.concatenate([near, v[both]])


def _neighbours(n: int, pairs: np.ndarray) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(n)]
    for i, j in pairs.tolist():
        out[i].append(j)
        out[j].append(i)
    return out


def smallest_last_order(neighbours) -> list[int]:
    """Vertices in smallest-last order (repeatedly remove a minimum-degree vertex).

    ``neighbours``: each vertex's neighbours, as a list (every position a vertex)
    or a dict (its keys the vertices to order). A neighbour that is not a key is
    decided already: it counts in the degrees and is never removed -- a few
    edited grids, or the 50,000 grids of a city around the few a first view
    coloured, are each decided after those that are more free than it
    (:func:`repair_colouring`).
    """
    vertices = neighbours.items() if isinstance(neighbours, dict) else enumerate(neighbours)
    degree = {v: len(nb) for v, nb in vertices}
    heap = [(d, v) for v, d in degree.items()]
    heapq.heapify(heap)
    removed, order = set(), []
    while heap:
        d, v = heapq.heappop(heap)
        if v in removed or d != degree[v]:
            continue  # a stale heap entry: the degree has dropped since
        removed.add(v)
        order.append(v)
        for u in neighbours[v]:
            if u in degree and u not in removed:
                degree[u] -= 1
                heapq.heappush(heap, (degree[u], u))
    order.reverse()
    return order


def greedy_colouring(n: int, pairs: np.ndarray, n_colours: int = 8) -> np.ndarray:
    """A colour index per vertex; adjacent vertices differ whenever ``n_colours`` allows.

    If a vertex has neighbours in every colour (impossible for planar maps
    with six or more colours) it takes the colour fewest neighbours share.
    """
    neighbours = _neighbours(n, np.asarray(pairs).reshape(-1, 2))
    colour = [-1] * n
    used = [0] * n_colours
    for v in smallest_last_order(neighbours):
        clash = [0] * n_colours
        for u in neighbours[v]:
            if colour[u] >= 0:
                clash[colour[u]] += 1
        # fewest clashing neighbours first, then the least used colour overall
        best = min(range(n_colours), key=lambda c: (clash[c], used[c]))
        colour[v] = best
        used[best] += 1
    return np.asarray(colour, dtype=np.int64)


def colour_map(geoms, n_colours: int = len(TOL_LIGHT), tolerance: float = 0.0) -> np.ndarray:
    """Colour indices for polygons such that touching polygons differ."""
    geoms = np.asarray(geoms, dtype=object)
    return greedy_colouring(len(geoms), adjacency_pairs(geoms, tolerance), n_colours)


def conflicts(pairs: np.ndarray, colour: np.ndarray) -> int:
    """How many neighbouring pairs share a colour (0 for a proper colouring)."""
    pairs = np.asarray(pairs).reshape(-1, 2)
    return int(np.count_nonzero(colour[pairs[:, 0]] == colour[pairs[:, 1]]))


def repair_colouring(geoms, colour, changed, n_colours: int = len(TOL_LIGHT),
                     tolerance: float = 0.0, bounds=None) -> np.ndarray:
    """Colours after an edit: every polygon keeps ``colour`` except where it must change.

    Only the ``changed`` polygons (positions whose outline moved, or that are new:
    ``colour`` -1) are looked at again, in smallest-last order (the others counted
    as neighbours already decided): one keeps its colour when no neighbour shares
    it, else takes a free colour (the least used). Pairs of two unchanged polygons
    cannot have become neighbours, so the result is a proper colouring whenever the
    input was one. Recolouring the whole map would shuffle the colours of grids far
    from the edit (the planner loses their bearings); a polygon whose neighbours
    already use every colour (not seen on real maps with eight) makes the whole map
    coloured afresh. The same call completes a colouring of part of a map (the
    grids of a first view) without changing the colours given.

    Parameters
    ----------
    geoms : array-like of shapely geometries (metric CRS when ``tolerance`` > 0)
    colour : array-like of int
        The colours before the edit, aligned to ``geoms``; -1 for a polygon without one.
    changed : array-like of int
        Positions whose geometry changed (polygons with colour -1 are added to them).
    n_colours, tolerance
        As for :func:`colour_map`.
    bounds : numpy.ndarray, shape (n, 4), optional
        The polygons' boxes when the caller has them: neighbours are then found from
        the boxes, without building a spatial index of every polygon (50,000 at city scale).

    Returns
    -------
    numpy.ndarray of int64

    Examples
    --------
    >>> from shapely import box
    >>> geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)]
    >>> repair_colouring(geoms, [0, 0, 1], changed=[1]).tolist()  # only the middle one changes
    [0, 2, 1]
    """
    geoms = np.asarray(geoms, dtype=object)
    colour = np.array(colour, dtype=np.int64, copy=True)
    todo = np.union1d(np.asarray(changed, dtype=np.int64), np.flatnonzero(colour < 0))
    if not len(todo):
        return colour
    neighbours = _neighbours_of(geoms, todo, tolerance, bounds)
    before = colour[todo].tolist()
    colour[todo] = -1  # decided below, in order; an undecided neighbour does not clash
    used = np.bincount(colour[colour >= 0], minlength=n_colours).tolist()
    before = dict(zip(todo.tolist(), before))
    for v in smallest_last_order(neighbours):
        clash = [0] * n_colours
        for u in neighbours[v]:
            if colour[u] >= 0:
                clash[colour[u]] += 1
        kept = before[v]
        best = kept if 0 <= kept < n_colours and not clash[kept] else min(
            range(n_colours), key=lambda c: (clash[c], used[c]))
        if clash[best]:
            return colour_map(geoms, n_colours, tolerance)
        colour[v] = best
        used[best] += 1
    return colour


def _prepared(geom):
    """A prepared copy of ``geom``: GEOS then indexes its edges once for the distances to all
    its neighbours (about half the time for a grid of a few hundred vertices). A copy, because
    preparing changes the object, which the map's other threads may be reading."""
    if geom is None:
        return None
    copy = shapely.from_wkb(shapely.to_wkb(geom))
    shapely.prepare(copy)
    return copy


def _neighbours_of(geoms, todo, tolerance, bounds) -> dict:
    """``{v: [neighbours of v]}`` for the positions ``todo``."""
    if bounds is None or len(todo) > 64:  # many polygons: an index pays for itself
        vertex, near = near_pairs(geoms, todo, tolerance)
        pairs = zip(vertex.tolist(), near.tolist())
    else:
        pairs = []
        b = np.asarray(bounds, dtype=float)
        for v in todo.tolist():
            near = np.flatnonzero((b[:, 0] <= b[v, 2] + tolerance) & (b[:, 2] >= b[v, 0] - tolerance)
                                  & (b[:, 1] <= b[v, 3] + tolerance) & (b[:, 3] >= b[v, 1] - tolerance))
            hit = (shapely.dwithin(_prepared(geoms[v]), geoms[near], tolerance) if tolerance > 0
                   else shapely.intersects(_prepared(geoms[v]), geoms[near]))
            pairs += [(v, u) for u in near[hit].tolist()]
    neighbours = {int(v): [] for v in todo}
    for v, u in pairs:
        if u != v:
            neighbours[v].append(u)
    return neighbours
