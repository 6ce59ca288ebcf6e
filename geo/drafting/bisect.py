"""Recursive bisection: k contiguous, compact parts within the household band.

A set of units that must become k grids is cut in two, k//2 and k - k//2
grids' worth, and each side is cut again. A cut is acceptable when both sides
are connected in the neighbour graph and each side's households fit its number
of grids (between k·lower and k·upper). Among acceptable cuts the most compact
wins (least spread of the units around each side's centre, then the most even
split). Cuts are looked for first as straight lines in 16 directions, which
give compact, convex-looking grids; when no straight line works (a U-shaped
community), along the edges of random spanning trees, as GerryChain's
recursive_tree_part does, which always yields connected sides. When no cut fits
the band at all, the least-violating connected cut is taken and the grids
outside the band are reported by the caller. Because whole compounds are coarse,
a cut that fits the band one level up can leave a side that cannot be split
further; the search then backs up and tries the next cut (depth first, bounded).
"""
from __future__ import annotations

import numpy as np


ANGLES = 16
TREE_TRIES = 8
#: Positions tried per direction, nearest the even split first.
POSITIONS_PER_ANGLE = 4
#: Cuts tried at each level of the search, best first.
BRANCHES = 6
#: Cuts tried in all for one connected set (bounds the search on hard inputs).
SEARCH_BUDGET = 60


def partition(cells, edges, k: int, lower: float, upper: float, rng, groups=None) -> list[np.ndarray]:
    """Split ``cells`` (objects with households, x, y) into ``k`` parts; lists of cell indices.

    ``groups``: per cell a number, or -1; cells sharing a number (the pieces of one
    split compound) are kept in different parts where possible.
    """
    n = len(cells)
    if n == 0:
        return []
    solver = _Bisector(np.array([c.households for c in cells], dtype=float),
                       np.array([[c.x, c.y] for c in cells], dtype=float),
                       np.asarray(edges, dtype=int).reshape(-1, 2), lower, upper, rng)
    solver.groups = np.full(n, -1) if groups is None else np.asarray(groups)
    return solver.split(np.arange(n), k)


class _Bisector:
    """Depth-first search over cuts: the best-scored cut first, the next ones when its sides
    cannot be split into grids within the band (a bounded number of tries, memoised)."""

    def __init__(self, households, xy, edges, lower, upper, rng):
        self.h, self.xy, self.edges = households, xy, edges
        self.lower, self.upper, self.rng = lower, upper, rng
        self.budget = SEARCH_BUDGET
        self.memo: dict = {}
        self.nbrs = [set() for _ in range(len(households))]
        for a, b in edges:
            self.nbrs[a].add(int(b))
            self.nbrs[b].add(int(a))

    def split(self, nodes: np.ndarray, k: int) -> list[np.ndarray]:
        return self._search(np.asarray(nodes), k)[0]

    def _search(self, nodes, k):
        """(parts, total distance to the band) for ``nodes`` cut into ``k`` grids."""
        if k <= 1 or len(nodes) <= 1:
            return [nodes], self._violation_of(nodes, max(k, 1))
        key = (frozenset(map(int, nodes)), k)
        if key in self.memo:
            return self.memo[key]
        k = min(k, len(nodes))
        best = None
        for a, b, ka, kb in self._candidates(nodes, k // 2, k - k // 2)[:BRANCHES]:
            if self.budget <= 0 and best is not None:
                break
            self.budget -= 1
            parts_a, va = self._search(a, ka)
            if best is not None and va >= best[1]:
                continue
            parts_b, vb = self._search(b, kb)
            if best is None or va + vb < best[1]:
                best = (parts_a + parts_b, va + vb)
            if best[1] == 0:
                break
        if best is None:
            best = ([nodes], self._violation_of(nodes, 1))
        self.memo[key] = best
        return best

    def _violation_of(self, nodes, k) -> float:
        if k != 1:
            return 0.0
        total = self.h[nodes].sum()
        # two pieces of one split compound in one grid undo the split: as bad as a grid too big
        groups = self.groups[nodes]
        groups = groups[groups >= 0]
        doubled = len(groups) - len(np.unique(groups))
        return float(max(self.lower - total, 0) + max(total - self.upper, 0) + doubled * self.upper)

    # ------------------------------------------------------------ finding cuts
    def _candidates(self, nodes, k1, k2):
        """Connected cuts, best first: fitting the band before violating it, then by score.

        Random-tree cuts are added only when no straight cut fits the band (they cost more
        and give less compact grids)."""
        total = self.h[nodes].sum()
        found = self._straight_cuts(nodes, k1, k2, total)
        if not any(score[0] == 0 for score, _ in found):
            found += self._tree_cuts(nodes, k1, k2, total)
        found.sort(key=lambda c: c[0])
        seen, out = set(), []
        for _, cut in found:
            side = frozenset(map(int, cut[0]))
            if side not in seen:
                seen.add(side)
                out.append(cut)
        return out

    def _straight_cuts(self, nodes, k1, k2, total):
        out = []
        offset = self.rng.uniform(0, np.pi / ANGLES)
        xy = self.xy[nodes]
        whole = max(_inertia(xy), 1e-9)
        for angle in offset + np.arange(ANGLES) * np.pi / ANGLES:
            rank = np.argsort(xy @ np.array([np.cos(angle), np.sin(angle)]), kind="stable")
            order = nodes[rank]
            csum = np.cumsum(self.h[order])[:-1]
            spread_a, spread_b = _prefix_inertia(xy[rank])
            for ka, kb in {(k1, k2), (k2, k1)}:
                badness = self._violation(csum, ka, total - csum, kb)
                candidates = np.flatnonzero(badness <= badness.min() + 1e-9)
                share = ka / (ka + kb)
                score = (spread_a[candidates] / ka + spread_b[candidates] / kb) / whole \
                    + np.abs(csum[candidates] / max(total, 1e-9) - share)
                ranked = np.argsort(score, kind="stable")[:POSITIONS_PER_ANGLE]
                for pos, value in zip(candidates[ranked], score[ranked]):
                    a, b = order[: pos + 1], order[pos + 1:]
                    if self._connected(a) and self._connected(b):
                        out.append(((round(float(badness[pos]), 6), float(value)), (a, b, ka, kb)))
                        break
        return out

    def _tree_cuts(self, nodes, k1, k2, total):
        inside = set(map(int, nodes))
        mask = np.isin(self.edges[:, 0], nodes) & np.isin(self.edges[:, 1], nodes)
        sub = self.edges[mask]
        if not len(sub):
            return []
        length = np.hypot(*(self.xy[sub[:, 0]] - self.xy[sub[:, 1]]).T) + 1e-6
        out = []
        for _ in range(TREE_TRIES):
            tree = _spanning_tree(inside, sub, length * self.rng.uniform(1.0, 2.0, len(length)))
            if tree is None:
                break  # the set is not connected: no tree spans it
            order, parent = _tree_order(tree, int(nodes[0]))
            below = {v: self.h[v] for v in order}
            for v in reversed(order[1:]):
                below[parent[v]] += below[v]
            children = order[1:]
            sums = np.array([below[v] for v in children])
            for ka, kb in {(k1, k2), (k2, k1)}:
                badness = self._violation(sums, ka, total - sums, kb)
                ok = np.flatnonzero(badness <= badness.min() + 1e-9)
                target = total * ka / (ka + kb)
                pick = ok[np.argmin(np.abs(sums[ok] - target))]
                side = _below(tree, children[pick], parent)
                a = np.array(sorted(side))
                b = np.array(sorted(inside - side))
                out.append((self._score(a, b, ka, kb, total, badness[pick]), (a, b, ka, kb)))
        return out

    # ------------------------------------------------------------ judging a cut
    def _violation(self, sum_a, ka, sum_b, kb) -> np.ndarray:
        lo, hi = self.lower, self.upper
        return (np.maximum(ka * lo - sum_a, 0) + np.maximum(sum_a - ka * hi, 0)
                + np.maximum(kb * lo - sum_b, 0) + np.maximum(sum_b - kb * hi, 0))

    def _connected(self, nodes) -> bool:
        return _connected(self.nbrs, nodes)

    def _score(self, a, b, ka, kb, total, badness) -> tuple:
        spread = _inertia(self.xy[a]) / ka + _inertia(self.xy[b]) / kb
        whole = max(_inertia(self.xy[np.concatenate([a, b])]), 1e-9)
        evenness = abs(self.h[a].sum() / max(total, 1e-9) - ka / (ka + kb))
        return (round(float(badness), 6), spread / whole + evenness)


def _prefix_inertia(xy):
    """Spread of the first i+1 points and of the rest, for every cut position i (O(n) in all)."""
    n = len(xy)
    sx, sy = np.cumsum(xy[:, 0]), np.cumsum(xy[:, 1])
    sq = np.cumsum((xy ** 2).sum(axis=1))
    count = np.arange(1, n + 1, dtype=float)
    head = sq - (sx ** 2 + sy ** 2) / count
    tail_count = n - count
    tx, ty, tq = sx[-1] - sx, sy[-1] - sy, sq[-1] - sq
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = np.where(tail_count > 0, tq - (tx ** 2 + ty ** 2) / np.maximum(tail_count, 1), 0.0)
    return head[:-1], tail[:-1]


def _inertia(xy) -> float:
    return float(((xy - xy.mean(axis=0)) ** 2).sum()) if len(xy) else 0.0


def _connected(nbrs, nodes) -> bool:
    """Breadth-first search inside ``nodes`` (plain sets: the sets here are small)."""
    if len(nodes) <= 1:
        return True
    inside = set(map(int, nodes))
    start = next(iter(inside))
    seen, todo = {start}, [start]
    while todo:
        v = todo.pop()
        for w in nbrs[v]:
            if w in inside and w not in seen:
                seen.add(w)
                todo.append(w)
    return len(seen) == len(inside)


def _spanning_tree(nodes: set, edges, weights):
    """Kruskal's minimum spanning tree as adjacency sets, or None when ``nodes`` is not connected."""
    parent = {v: v for v in nodes}

    def root(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    tree = {v: set() for v in nodes}
    joined = 0
    for i in np.argsort(weights, kind="stable"):
        a, b = int(edges[i, 0]), int(edges[i, 1])
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
            tree[a].add(b)
            tree[b].add(a)
            joined += 1
    return tree if joined == len(nodes) - 1 else None


def _tree_order(tree, start):
    order, parent, todo = [start], {start: None}, [start]
    while todo:
        v = todo.pop()
        for w in tree[v]:
            if w not in parent:
                parent[w] = v
                order.append(w)
                todo.append(w)
    return order, parent


def _below(tree, child, parent) -> set:
    """The nodes on ``child``'s side of the tree edge to its parent."""
    side, todo = {child}, [child]
    while todo:
        v = todo.pop()
        for w in tree[v]:
            if w != parent[v] and w not in side and parent.get(w) == v:
                side.add(w)
                todo.append(w)
    return side
