"""Local repair: move units between neighbouring grids until every grid fits the band.

Bisection works with whole compounds, so a cut can leave a grid a few dozen
households outside the band. Repair moves one unit at a time across a grid
border — from a grid above the band, or into one below it — whenever that
lowers the total distance to the band, keeps both grids contiguous and never
empties a grid. Among such moves it takes the one that helps most, then the one
whose unit lies closest to its new grid's centre (so grids stay compact).
"""
from __future__ import annotations

import numpy as np
from scipy.sparse.csgraph import connected_components

MAX_MOVES = 2000


def violation(total, lower, upper) -> float:
    return max(lower - total, 0.0) + max(total - upper, 0.0)


def repair(parts: list[np.ndarray], households, xy, adj, lower, upper, groups=None, cost=None) -> list[np.ndarray]:
    """Improved copy of ``parts`` (lists of unit indices).

    ``groups``: per unit a number or -1; a unit never joins a grid holding another
    unit of its group (a piece of a split compound joining its sibling).
    ``cost``: per unit, what moving it costs (buildings moved); among equally helpful
    moves the cheapest is taken.
    """
    cost = np.zeros(len(households)) if cost is None else np.asarray(cost, dtype=float)
    groups = np.full(len(households), -1) if groups is None else np.asarray(groups)
    owner = np.full(len(households), -1)
    for i, part in enumerate(parts):
        owner[part] = i
    sums = np.array([households[p].sum() for p in parts], dtype=float)
    members = [set(map(int, p)) for p in parts]
    for _ in range(MAX_MOVES):
        move = _best_move(members, owner, sums, households, xy, adj, lower, upper, groups, cost)
        if move is None:
            break
        unit, src, dst = move
        members[src].discard(unit)
        members[dst].add(unit)
        owner[unit] = dst
        sums[src] -= households[unit]
        sums[dst] += households[unit]
    return [np.array(sorted(m)) for m in members if m]


def total_violation(parts, households, lower, upper) -> float:
    return sum(violation(households[p].sum(), lower, upper) for p in parts)


def _best_move(members, owner, sums, households, xy, adj, lower, upper, groups, cost):
    bad = [i for i in range(len(members)) if violation(sums[i], lower, upper) > 0]
    best, best_key = None, None
    for part in bad:
        for unit, src, dst in _candidate_moves(part, members, owner, sums, adj, lower, upper):
            h = households[unit]
            before = violation(sums[src], lower, upper) + violation(sums[dst], lower, upper)
            after = violation(sums[src] - h, lower, upper) + violation(sums[dst] + h, lower, upper)
            gain = before - after
            if gain <= 1e-9:
                continue
            if groups[unit] >= 0 and any(groups[m] == groups[unit] for m in members[dst]):
                continue
            centre = xy[list(members[dst])].mean(axis=0)
            key = (-gain, cost[unit], float(np.hypot(*(xy[unit] - centre))))
            if best_key is not None and key >= best_key:
                continue
            if len(members[src]) == 1 or not _still_connected(members[src], unit, adj):
                continue
            best, best_key = (unit, src, dst), key
    return best


def _candidate_moves(part, members, owner, sums, adj, lower, upper):
    """Units leaving an over-full grid, or joining an under-full one, across a shared border."""
    over = sums[part] > upper
    for unit in members[part]:
        for nb in adj.indices[adj.indptr[unit]:adj.indptr[unit + 1]]:
            other = owner[nb]
            if other < 0 or other == part:
                continue
            if over:
                yield unit, part, other
            else:
                yield int(nb), other, part


def _still_connected(group: set, removed: int, adj) -> bool:
    rest = np.array(sorted(group - {removed}))
    if len(rest) <= 1:
        return True
    return connected_components(adj[rest][:, rest], directed=False)[0] == 1
