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

Speed: every direction and cut position is scored in one pass of numpy (prefix
sums of households and of the spread along each sorted projection), and cuts are
offered lazily, best first — a cut's sides are checked for connectivity only when
the search asks for it, and the search usually takes the first. Sub-problems (a set
of units cut into k grids) are memoised, also across the partitions of the same
units into different numbers of grids.
"""
from __future__ import annotations

from heapq import merge
from itertools import chain, islice

import numpy as np


ANGLES = 16
#: Random spanning trees cut when no straight cut fits the band (8 found no better drafts).
TREE_TRIES = 4
#: Positions tried per direction, nearest the even split first.
POSITIONS_PER_ANGLE = 4
#: Cuts tried at each level of the search, best first.
BRANCHES = 6
#: Cuts tried in all for one connected set (bounds the search on hard inputs).
SEARCH_BUDGET = 60


def partition(cells, edges, k: int, lower: float, upper: float, rng, groups=None, memo=None) -> list[np.ndarray]:
    """Split ``cells`` (objects with households, x, y) into ``k`` parts; lists of cell indices.

    ``groups``: per cell a number, or -1; cells sharing a number (the pieces of one
    split compound) are kept in different parts where possible.
    ``memo``: a dict shared by the partitions of the same cells into different numbers of
    grids (a set of cells cut into k grids is the same problem whichever count asked for it).
    """
    n = len(cells)
    if n == 0:
        return []
    solver = _Bisector(np.array([c.households for c in cells], dtype=float),
                       np.array([[c.x, c.y] for c in cells], dtype=float),
                       np.asarray(edges, dtype=int).reshape(-1, 2), lower, upper, rng)
    if memo is not None:
        solver.memo = memo
    solver.groups = np.full(n, -1) if groups is None else np.asarray(groups)
    solver.grouped = bool((solver.groups >= 0).any())
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
        key = (frozenset(nodes.tolist()), k)
        if key in self.memo:
            return self.memo[key]
        k = min(k, len(nodes))
        best = None
        for a, b, ka, kb in islice(self._candidates(nodes, k // 2, k - k // 2), BRANCHES):
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
        doubled = 0
        if self.grouped:
            # two pieces of one split compound in one grid undo the split: as bad as a grid too big
            groups = self.groups[nodes]
            groups = groups[groups >= 0]
            doubled = len(groups) - len(np.unique(groups))
        return float(max(self.lower - total, 0) + max(total - self.upper, 0) + doubled * self.upper)

    # ------------------------------------------------------------ finding cuts
    def _candidates(self, nodes, k1, k2):
        """Connected cuts, best first (a lazy iterator): fitting the band before violating it,
        then by score; each side once.

        Random-tree cuts are added only when no straight cut fits the band (they cost more
        and give less compact grids). Straight cuts are checked for connectivity only as the
        search asks for them: it usually takes the first."""
        total = self.h[nodes].sum()
        seen = set()

        def fresh(cut):
            side = frozenset(cut[0].tolist())
            if side in seen:
                return False
            seen.add(side)
            return True

        straight = self._straight_cuts(nodes, k1, k2, total, seen)
        first = next(straight, None)
        if first is not None and first[0][0] == 0:
            ranked = chain([first], straight)
        else:  # no straight cut fits the band: trees too, merged by score as they are asked for
            trees = sorted(self._tree_cuts(nodes, k1, k2, total), key=lambda c: c[0])
            ranked = merge(chain([first] if first else [], straight), trees, key=lambda c: c[0])
        for _, cut in ranked:
            if fresh(cut):
                yield cut

    def _straight_cuts(self, nodes, k1, k2, total, seen=frozenset()):
        """((badness, score), cut) for straight cuts in ``ANGLES`` directions, best first (lazy).

        Every direction and cut position is scored at once (prefix sums of households and of
        spread along each sorted projection); per direction and side order the best-scored of
        the least band-violating positions whose two sides are connected is a candidate.
        A side in ``seen`` was offered already (so it is connected): its direction is done."""
        offset = self.rng.uniform(0, np.pi / ANGLES)
        xy = self.xy[nodes]
        xy = xy - xy.mean(axis=0)  # centred: the spreads below subtract large squares, and Σx = Σy = 0
        n = len(nodes)
        angles = offset + np.arange(ANGLES) * np.pi / ANGLES
        rank = np.argsort(xy @ np.vstack([np.cos(angles), np.sin(angles)]), axis=0, kind="stable")  # (n, A)
        per_node = np.column_stack([self.h[nodes], xy, (xy ** 2).sum(axis=1)])
        running = np.cumsum(per_node[rank], axis=0)[:-1]  # (n-1, A, 4): households, Σx, Σy, Σ(x²+y²)
        csum, squares = running[..., 0], running[..., 3]
        whole = max(float(per_node[:, 3].sum()), 1e-9)
        count = np.arange(1, n, dtype=float)[:, None]
        moment = running[..., 1] ** 2 + running[..., 2] ** 2  # the rest's Σx, Σy are the negatives
        head, tail = squares - moment / count, whole - squares - moment / (n - count)
        ka = np.array(sorted({k1, k2}), dtype=float)[:, None, None]  # one or two side orders
        kb = k1 + k2 - ka
        badness = self._violation(csum, ka, total - csum, kb)  # (orders, n-1, A)
        eligible = badness <= badness.min(axis=1, keepdims=True) + 1e-9
        score = (head / ka + tail / kb) / whole + np.abs(csum / max(total, 1e-9) - ka / (ka + kb))
        # the eligible positions of every direction and side order, best first; each direction
        # and side order offers its first connected one among its POSITIONS_PER_ANGLE best
        flat = np.flatnonzero(eligible)
        bad, value = np.round(badness.ravel()[flat], 6), score.ravel()[flat]
        pick = np.lexsort((flat, value, bad))
        done, tries, connected, per_order = set(), {}, {}, (n - 1) * ANGLES
        for f, bad_f, value_f in zip(flat[pick].tolist(), bad[pick].tolist(), value[pick].tolist()):
            which, rest = divmod(f, per_order)
            pos, col = divmod(rest, ANGLES)
            group = (col, int(ka[which, 0, 0]))
            if group in done or tries.get(group, 0) >= POSITIONS_PER_ANGLE:
                continue
            tries[group] = tries.get(group, 0) + 1
            order = nodes[rank[:, col]]
            a, b = order[: pos + 1], order[pos + 1:]
            side = frozenset(a.tolist())
            if side in seen:
                done.add(group)
                continue
            if side not in connected:  # nearby directions often cut off the same side
                connected[side] = self._connected(a) and self._connected(b)
            if connected[side]:
                done.add(group)
                yield (bad_f, value_f), (a, b, group[1], k1 + k2 - group[1])

    def _tree_cuts(self, nodes, k1, k2, total):
        """Cuts along an edge of random spanning trees (``TREE_TRIES`` of them): for each tree and
        side order, the least band-violating edge nearest the even split. Both sides are
        connected by construction. Works on local indices 0..n-1 of ``nodes``."""
        n = len(nodes)
        local = np.full(len(self.h), -1)
        local[nodes] = np.arange(n)
        ends = local[self.edges]
        sub = ends[(ends[:, 0] >= 0) & (ends[:, 1] >= 0)]
        if not len(sub):
            return []
        xy = self.xy[nodes] - self.xy[nodes].mean(axis=0)
        # per node: households, count, x, y, x²+y² — summed over subtrees they give each side's spread
        stats = np.column_stack([self.h[nodes], np.ones(n), xy, (xy ** 2).sum(axis=1)])
        everything = stats.sum(axis=0)
        whole = max(float(everything[4]), 1e-9)
        length = np.hypot(*(xy[sub[:, 0]] - xy[sub[:, 1]]).T) + 1e-6
        households = self.h[nodes].tolist()
        out = []
        for _ in range(TREE_TRIES):
            tree = _spanning_tree(n, sub, length * self.rng.uniform(1.0, 2.0, len(length)))
            if tree is None:
                break  # the set is not connected: no tree spans it
            order, parent = _tree_order(tree, 0)
            below, size = households.copy(), [1] * n  # plain floats: many tiny additions
            for v in reversed(order[1:]):
                below[parent[v]] += below[v]
                size[parent[v]] += size[v]
            sums = np.array([below[v] for v in order[1:]])
            for ka, kb in sorted({(k1, k2), (k2, k1)}):
                badness = self._violation(sums, ka, total - sums, kb)
                ok = np.flatnonzero(badness <= badness.min() + 1e-9)
                pick = int(ok[np.argmin(np.abs(sums[ok] - total * ka / (ka + kb)))])
                side = np.zeros(n, dtype=bool)
                side[order[pick + 1: pick + 1 + size[order[pick + 1]]]] = True  # the child's subtree
                mine = stats[side].sum(axis=0)
                spread = _spread_of(mine) / ka + _spread_of(everything - mine) / kb
                evenness = abs(mine[0] / max(total, 1e-9) - ka / (ka + kb))
                out.append(((round(float(badness[pick]), 6), spread / whole + evenness),
                            (nodes[side], nodes[~side], ka, kb)))
        return out

    # ------------------------------------------------------------ judging a cut
    def _violation(self, sum_a, ka, sum_b, kb) -> np.ndarray:
        lo, hi = self.lower, self.upper
        return (np.maximum(ka * lo - sum_a, 0) + np.maximum(sum_a - ka * hi, 0)
                + np.maximum(kb * lo - sum_b, 0) + np.maximum(sum_b - kb * hi, 0))

    def _connected(self, nodes) -> bool:
        return _connected(self.nbrs, nodes)


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


def _spread_of(stats) -> float:
    """Spread (sum of squared distances to the centre) from summed (households, count, x, y, x²+y²)."""
    return float(stats[4] - (stats[2] ** 2 + stats[3] ** 2) / stats[1]) if stats[1] else 0.0


def _spanning_tree(n: int, edges, weights):
    """Kruskal's minimum spanning tree of nodes 0..n-1 as adjacency sets, or None when not connected."""
    parent = list(range(n))

    def root(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    tree = [set() for _ in range(n)]
    joined = 0
    for a, b in edges[np.argsort(weights, kind="stable")].tolist():
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
            tree[a].add(b)
            tree[b].add(a)
            joined += 1
            if joined == n - 1:
                break
    return tree if joined == n - 1 else None


def _tree_order(tree, start):
    """Depth-first preorder of a tree (each subtree is one run of it) and each node's parent."""
    order, parent, todo = [], [None] * len(tree), [start]
    parent[start] = start
    while todo:
        v = todo.pop()
        order.append(v)
        for w in tree[v]:
            if parent[w] is None:
                parent[w] = v
                todo.append(w)
    return order, parent
