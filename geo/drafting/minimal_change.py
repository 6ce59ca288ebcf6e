"""Bring the current layout into the band by moving as few buildings as possible.

Starting from the grids as they are, the pieces that can move are a compound's
buildings within one grid (a compound already split stays split no further) and
single buildings. :func:`geo.drafting.repair.repair` moves pieces across grid
borders while that lowers the total distance to the band, keeps both grids
contiguous, and — among equally helpful moves — moves the fewest buildings.
Buildings with no grid join the grid of their nearest neighbour. Only the
grids that change are redrawn (:func:`geo.editing.boundaries.derive_boundaries`),
so the plan differs from the current layout exactly where buildings moved.
"""
from __future__ import annotations

import time

import numpy as np
import shapely

from ..editing.boundaries import derive_boundaries
from ..editing.compactness import compactness_of
from ..editing.metric import to_metric
from ..messages import Message
from .community_draft import best_partition
from .draft import DraftException, DraftGrid, DraftResult, _blank, check_cancelled, start_draft
from .neighbours import adjacency, neighbour_edges
from .repair import repair, violation


def minimal_change(project, communities=None, band=None, keep=(), seed: int = 1, progress=None,
                   cancelled=None) -> DraftResult:
    """A :class:`DraftResult` whose grids keep their codes; ``assignment`` holds moved buildings only."""
    start = time.perf_counter()
    result, community_of = start_draft(project, communities, band, keep)
    wanted, keep, (lower, upper) = result.communities, result.kept, result.band
    b = project["buildings"]
    grids = project["grids"]
    moves: dict = {}
    for n, community in enumerate(wanted):
        check_cancelled(cancelled)
        own = grids.index[(grids["community_id"] == community) & ~grids.index.isin(list(keep))]
        mask = (community_of.to_numpy(dtype=object) == community) & ~b["grid_id"].isin(list(keep)).to_numpy()
        moves.update(_community_moves(project, b.index[mask], list(own), lower, upper))
        if progress is not None:
            progress(n + 1, len(wanted))
    result.assignment = moves
    _record_grids(project, wanted, keep, moves, lower, upper, result)
    result.seconds = time.perf_counter() - start
    return result


def _community_moves(project, building_ids, grid_ids, lower, upper) -> dict:
    if not len(building_ids) or not grid_ids:
        return {}
    b = project["buildings"].loc[building_ids]
    geoms = to_metric(project, b.geometry.values.to_numpy())
    pts = shapely.point_on_surface(geoms)
    xy = np.column_stack([shapely.get_x(pts), shapely.get_y(pts)])
    h = np.nan_to_num(b["households"].to_numpy(dtype=float), nan=0.0)
    current = np.array([g if g in grid_ids else None for g in b["grid_id"]], dtype=object)
    edges = neighbour_edges(xy, h, lower)
    current = _place_unassigned(current, xy, edges)
    # pieces: a compound's buildings within one grid, or a building alone
    compound_total = b.groupby("compound_id")["households"].sum()
    keys = [((c if not _blank(c) and compound_total.get(c, 0) <= upper else ("b", i)), g)
            for i, (c, g) in enumerate(zip(b["compound_id"], current))]
    piece_of: dict = {}
    piece = np.array([piece_of.setdefault(k, len(piece_of)) for k in keys])
    n = len(piece_of)
    ph = np.bincount(piece, weights=h, minlength=n)
    pxy = np.column_stack([np.bincount(piece, weights=xy[:, 0], minlength=n),
                           np.bincount(piece, weights=xy[:, 1], minlength=n)]) / np.bincount(piece, minlength=n)[:, None]
    size = np.bincount(piece, minlength=n).astype(float)
    pe = np.unique(np.sort(np.column_stack([piece[edges[:, 0]], piece[edges[:, 1]]]), axis=1), axis=0) \
        if len(edges) else np.empty((0, 2), dtype=int)
    pe = pe[pe[:, 0] != pe[:, 1]]
    labels = sorted({g for g in current if g is not None})
    owner_grid = {}
    for k, p in piece_of.items():
        owner_grid[p] = k[1]
    parts = [np.array([p for p in range(n) if owner_grid[p] == g]) for g in labels]
    adj = adjacency(n, pe)
    fixed = repair(parts, ph, pxy, adj, lower, upper, cost=size)
    fixed = _redraw_stuck(fixed, ph, pxy, pe, adj, lower, upper)
    new_grid = {}
    for part in fixed:
        # a repaired part keeps the code of the grid most of its households came from
        votes: dict = {}
        for p in part:
            votes[owner_grid[p]] = votes.get(owner_grid[p], 0) + ph[p]
        grid = max(sorted(votes), key=votes.get)
        for p in part:
            new_grid[p] = grid
    moves = {}
    for i, id_ in enumerate(building_ids):
        target = new_grid.get(piece[i], current[i])
        if target != b["grid_id"].iloc[i]:
            moves[id_] = target
    return moves


def _redraw_stuck(parts, ph, pxy, pe, adj, lower, upper) -> list[np.ndarray]:
    """Grids single moves cannot fix are redrawn together with their neighbours.

    Moves more buildings than a repair, so it runs only where the repair got stuck,
    and a redraw is kept only when it brings the neighbourhood closer to the band.
    """
    from .units import Cell

    rng = np.random.default_rng(0)
    parts = [np.asarray(p) for p in parts]
    for _ in range(len(parts)):
        owner = np.full(len(ph), -1)
        for i, p in enumerate(parts):
            owner[p] = i
        stuck = [i for i, p in enumerate(parts) if violation(ph[p].sum(), lower, upper) > 0]
        improved = False
        for i in stuck:
            near = {int(owner[w]) for v in parts[i] for w in adj.indices[adj.indptr[v]:adj.indptr[v + 1]]}
            region = sorted(near | {i})
            nodes = np.concatenate([parts[j] for j in region])
            local = {int(v): k for k, v in enumerate(nodes)}
            sub = np.array([(local[a], local[b]) for a, b in pe if a in local and b in local], dtype=int).reshape(-1, 2)
            cells = [Cell(np.array([v]), ph[v], *pxy[v]) for v in nodes]
            before = sum(violation(ph[parts[j]].sum(), lower, upper) for j in region)
            redrawn = best_partition(cells, sub, ph[nodes].sum(), lower, upper, rng, k=len(region))
            after = sum(violation(ph[nodes[g]].sum(), lower, upper) for g in redrawn)
            if after < before - 1e-9 and len(redrawn) == len(region):
                for j, g in zip(region, _match(redrawn, [parts[j] for j in region], nodes, ph)):
                    parts[j] = nodes[g]
                improved = True
                break
        if not improved:
            break
    return parts


def _match(new_parts, old_parts, nodes, ph):
    """Order ``new_parts`` so each takes the place of the old part it shares most households with."""
    old_of = {}
    for j, p in enumerate(old_parts):
        for v in p:
            old_of[int(v)] = j
    order, free = [None] * len(old_parts), set(range(len(new_parts)))
    scores = sorted(((-sum(ph[nodes[k]] for k in g if old_of[int(nodes[k])] == j), j, n)
                     for n, g in enumerate(new_parts) for j in range(len(old_parts))))
    for _, j, n in scores:
        if order[j] is None and n in free:
            order[j] = new_parts[n]
            free.discard(n)
    return order


def _place_unassigned(current, xy, edges) -> np.ndarray:
    """Buildings with no grid take the grid of their nearest assigned neighbour."""
    current = current.copy()
    missing = [i for i, g in enumerate(current) if g is None]
    assigned = np.array([i for i, g in enumerate(current) if g is not None])
    if not len(assigned):
        return current
    for i in missing:
        d = np.hypot(*(xy[assigned] - xy[i]).T)
        current[i] = current[assigned[d.argmin()]]
    return current


def _record_grids(project, communities, keep, moves, lower, upper, result) -> None:
    grids = project["grids"]
    b = project["buildings"]
    final = b["grid_id"].copy()
    for id_, g in moves.items():
        final[id_] = g
    touched = sorted({g for g in moves.values()} | {b.at[i, "grid_id"] for i in moves} - {None}, key=str)
    touched = [g for g in touched if not _blank(g) and g in grids.index]
    geoms = derive_boundaries(project, touched, moves) if touched else {}
    for g in grids.index[grids["community_id"].isin(communities) & ~grids.index.isin(list(keep))]:
        members = list(final.index[final == g])
        households = float(b.loc[members, "households"].fillna(0).sum()) if members else 0.0
        geometry = geoms.get(g, grids.geometry[g])
        pp = float(compactness_of(to_metric(project, np.array([geometry], dtype=object)))["polsby_popper"][0])
        comps = b.loc[members, "compound_id"].dropna().nunique() if members else 0
        result.grids.append(DraftGrid(g, grids.at[g, "name"], grids.at[g, "community_id"], households, members,
                                      int(comps), pp, geometry))
        if violation(households, lower, upper) > 0:
            result.exceptions.append(DraftException(g, "draft.no_fit", Message(
                "draft.no_fit", households=int(households), lower=lower, upper=upper)))
