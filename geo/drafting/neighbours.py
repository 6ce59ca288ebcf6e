"""Which buildings neighbour which: the graph grids must be contiguous in.

Two buildings are neighbours when their representative points are joined by
an edge of the Gabriel graph (an edge of the Delaunay triangulation whose
diametral circle holds no other point). It joins each building to the ones
around it, never across a third, and it stays a chain for buildings in a row,
where a Delaunay triangulation would join the ends.

A gap far wider than the usual spacing (a park, a river, a main road) is not a
neighbourhood: edges longer than ``GAP_FACTOR`` times the median edge (and at
least ``MIN_GAP_M``) are cut. A cluster left below the household band by a cut
is joined back through its shortest cut edge, so a lone building is never a
grid of its own just for standing apart.
"""
from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.spatial import Delaunay, QhullError

GAP_FACTOR = 4.0
MIN_GAP_M = 80.0


def gabriel_edges(xy: np.ndarray) -> np.ndarray:
    """(m, 2) index pairs of the Gabriel graph of points ``xy`` (metres)."""
    n = len(xy)
    if n < 2:
        return np.empty((0, 2), dtype=int)
    if n == 2:
        return np.array([[0, 1]])
    # Centred, and nudged apart by a hair, so that buildings sharing a point still get edges.
    xy = xy - xy.mean(axis=0) + np.arange(n)[:, None] * np.array([1e-4, 7e-5])
    try:
        tri = Delaunay(xy)
        simplices = tri.simplices
    except QhullError:  # all points on a line (a row of buildings): join them in order
        return _chain(xy)
    # each triangle's three edges, with the vertex opposite each
    pq = np.vstack([simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [2, 0]]])
    r = np.concatenate([simplices[:, 2], simplices[:, 0], simplices[:, 1]])
    edges, which = _unique_pairs(np.sort(pq, axis=1), n)
    # the opposite vertex r lies inside the circle on p-q (angle at r obtuse): not a Gabriel edge
    inside = ((xy[pq[:, 0]] - xy[r]) * (xy[pq[:, 1]] - xy[r])).sum(axis=1) < 0
    keep = np.ones(len(edges), dtype=bool)
    keep[np.asarray(which).ravel()[inside]] = False
    kept = edges[keep]
    if _components(n, kept)[0] > 1:  # numerically flat triangles can drop a needed edge
        kept = edges
    return _attach_loose(xy, kept)


def _unique_pairs(pairs: np.ndarray, n: int):
    """``np.unique(pairs, axis=0, return_inverse=True)`` for index pairs below ``n``, faster
    (one integer key per pair instead of a sort of rows)."""
    keys, which = np.unique(pairs[:, 0].astype(np.int64) * n + pairs[:, 1], return_inverse=True)
    return np.column_stack([keys // n, keys % n]), which


def _attach_loose(xy, edges) -> np.ndarray:
    """Points Qhull left out of every triangle (near-duplicates) join their nearest point."""
    degree = np.bincount(edges.ravel(), minlength=len(xy))
    loose = np.flatnonzero(degree == 0)
    if not len(loose):
        return edges
    extra = []
    for p in loose:
        d = np.hypot(*(xy - xy[p]).T)
        d[p] = np.inf
        extra.append((min(p, int(d.argmin())), max(p, int(d.argmin()))))
    return np.unique(np.vstack([edges, np.array(extra)]), axis=0)


def _chain(xy: np.ndarray) -> np.ndarray:
    centred = xy - xy.mean(axis=0)
    axis = np.linalg.svd(centred, full_matrices=False)[2][0]
    order = np.argsort(centred @ axis, kind="stable")
    return np.column_stack([order[:-1], order[1:]])


def neighbour_edges(xy: np.ndarray, households: np.ndarray, lower: float) -> np.ndarray:
    """Gabriel edges with wide gaps cut, except where a cut would strand a small cluster."""
    edges = gabriel_edges(xy)
    if not len(edges):
        return edges
    length = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)
    limit = max(GAP_FACTOR * float(np.median(length)), MIN_GAP_M)
    short = length <= limit
    kept = edges[short]
    cut = edges[~short][np.argsort(length[~short], kind="stable")]
    return _rejoin_small(len(xy), kept, cut, households, lower)


def _rejoin_small(n, kept, cut, households, lower) -> np.ndarray:
    """Add back the shortest cut edges touching clusters below ``lower`` households."""
    kept = list(map(tuple, kept))
    for _ in range(len(cut)):
        count, labels = _components(n, np.array(kept, dtype=int).reshape(-1, 2))
        if count == 1:
            break
        sums = np.bincount(labels, weights=households, minlength=count)
        small = sums < lower
        if not small.any():
            break
        for a, b in cut:
            if labels[a] != labels[b] and (small[labels[a]] or small[labels[b]]):
                kept.append((a, b))
                break
        else:
            break
    return np.array(kept, dtype=int).reshape(-1, 2)


def _components(n: int, edges: np.ndarray) -> tuple[int, np.ndarray]:
    """Union-find: for the few hundred edges of a community it is quicker than building a
    sparse matrix. Components are numbered in the order of their lowest node, as SciPy's
    ``connected_components`` numbers them."""
    parent = list(range(n))

    def root(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in np.asarray(edges, dtype=int).reshape(-1, 2).tolist():
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    numbers: dict = {}
    labels = np.array([numbers.setdefault(root(v), len(numbers)) for v in range(n)], dtype=np.int32)
    return len(numbers), labels


def adjacency(n: int, edges: np.ndarray):
    """Symmetric sparse adjacency matrix of an edge list."""
    edges = np.asarray(edges, dtype=int).reshape(-1, 2)
    data = np.ones(len(edges) * 2)
    rows = np.concatenate([edges[:, 0], edges[:, 1]])
    cols = np.concatenate([edges[:, 1], edges[:, 0]])
    return coo_matrix((data, (rows, cols)), shape=(n, n)).tocsr()


def components(n: int, edges: np.ndarray) -> tuple[int, np.ndarray]:
    """(count, label per node) of the graph's connected components."""
    return _components(n, edges)
