"""Communities (社区) from blocks and grids (网格) from compounds, for one street.

Communities are groups of whole blocks, so their boundaries run along road
centrelines. Grids group whole compounds ("一小区一网格") to roughly 300-500
households; a compound that is too big is cut between building rows.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import tiling

BAND = (300, 500)
#: Grid target kinds: (probability, target range, hard cap). "under" and "over"
#: are the realistic misfits that coverage analysis should find.
TARGETS = {"normal": (0.84, (310, 430), BAND[1]),
           "under": (0.08, (170, 260), BAND[0] - 1),
           "over": (0.08, (530, 620), 660)}


def assign_communities(blocks: np.ndarray, block_households: np.ndarray, rng) -> np.ndarray:
    """Community index per block: a households-weighted k-means on block centroids."""
    xy = shapely.get_coordinates(shapely.centroid(blocks))
    n = int(rng.integers(4, 7))
    turn = rng.uniform(0, 2 * np.pi)
    angles = turn + 2 * np.pi * np.arange(n) / n
    centres = np.column_stack([np.cos(angles), np.sin(angles)]) * xy.std(axis=0) * 1.1
    weights = block_households + 1.0
    for _ in range(12):
        label = np.argmin(((xy[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
        for k in range(n):
            mine = label == k
            if mine.any():
                centres[k] = np.average(xy[mine], axis=0, weights=weights[mine])
    # Communities without households would have no grid: drop them, renumber by position.
    live = [k for k in range(n) if block_households[label == k].sum() > 0]
    live.sort(key=lambda k: (-round(centres[k, 1], 3), centres[k, 0]))
    remap = np.full(n, -1)
    remap[live] = np.arange(len(live))
    label = remap[label]
    orphan = label < 0
    if orphan.any():  # empty blocks of a dropped community go to the nearest kept one
        keep = np.flatnonzero(~orphan)
        near = np.argmin(((xy[orphan, None] - xy[None, keep]) ** 2).sum(axis=2), axis=1)
        label[orphan] = label[keep[near]]
    return label


def community_polygons(street, blocks: np.ndarray, block_community: np.ndarray) -> list:
    """Community polygons tiling the street, with boundaries on road centrelines."""
    xy, labels = tiling.sample_outlines(blocks, block_community, spacing=10.0)
    parts = tiling.tile_by_labels(street, xy, labels.astype(np.int64))
    return [parts[k] for k in range(int(block_community.max()) + 1)]


def assign_grids(compounds: pd.DataFrame, buildings: pd.DataFrame, rng) -> tuple[np.ndarray, np.ndarray]:
    """Grid of every building, numbered 0.. within each community.

    Returns
    -------
    grid_in_community : numpy.ndarray
        Per building, the grid's number within its community.
    whole : numpy.ndarray of bool
        Per compound, whether it lies in a single grid.
    """
    hh = (buildings["floors"] * buildings["units"] * buildings["per_floor"]).to_numpy()
    grid = np.full(len(buildings), -1)
    whole = np.ones(len(compounds), dtype=bool)
    for c in range(int(compounds["community"].max()) + 1):
        members = np.flatnonzero(compounds["community"].to_numpy() == c)
        pieces = _pieces(compounds.iloc[members], buildings, hh, whole)
        forced = "under" if c == 0 else "over" if c == 1 else None
        for g, bld in enumerate(_group(pieces, hh, rng, forced)):
            grid[bld] = g
    return grid, whole


def _pieces(comps: pd.DataFrame, buildings: pd.DataFrame, hh: np.ndarray, whole: np.ndarray) -> list:
    """Compounds in walking order (serpentine by bands); big ones split between rows.

    Each piece is (building indices, is a chunk of a split compound)."""
    xy = shapely.get_coordinates(shapely.centroid(comps["geometry"].to_numpy()))
    band = np.floor((xy[:, 1].max() - xy[:, 1]) / 300.0)
    order = np.lexsort((np.where(band % 2 == 0, xy[:, 0], -xy[:, 0]), band))
    pieces = []
    for ci in comps.index.to_numpy()[order]:
        bld = np.flatnonzero(buildings["compound"].to_numpy() == ci)
        total = hh[bld].sum()
        if total <= BAND[1] or round(total / 430) <= 1:
            pieces.append((bld, False))
            continue
        whole[ci] = False
        k = max(1, round(total / 430))  # up to ~645 households stays whole (a mild "over")
        # buildings are numbered row by row, so cumulative cuts fall between rows
        cut = np.minimum((np.cumsum(hh[bld]) - 1) * k // total, k - 1)
        pieces.extend((bld[cut == j], True) for j in range(k) if (cut == j).any())
    return pieces


def _group(pieces: list, hh: np.ndarray, rng, forced: str | None) -> list:
    """Greedy grouping of consecutive pieces into grids of about the target size."""
    pieces = list(pieces)
    groups, current, cur_hh = [], [], 0
    target, cap = _target(rng, forced)
    i = 0
    while i < len(pieces):
        bld, is_chunk = pieces[i]
        size = hh[bld].sum()
        if current and (is_chunk or cur_hh + size > cap):
            j = _fitting(pieces, hh, i, cap - cur_hh) if cur_hh < BAND[0] else None
            if j is not None:  # a nearby smaller compound fills the grid instead
                pieces.insert(i, pieces.pop(j))
                continue
            groups.append(np.concatenate(current))
            current, cur_hh = [], 0
            target, cap = _target(rng, None)
        current.append(bld)
        cur_hh += size
        i += 1
        if is_chunk or cur_hh >= target:
            groups.append(np.concatenate(current))
            current, cur_hh = [], 0
            target, cap = _target(rng, None)
    if current:
        if cur_hh < 150 and groups:  # a scrap is merged into the previous grid
            groups[-1] = np.concatenate([groups[-1], *current])
        else:
            groups.append(np.concatenate(current))
    return groups


def _fitting(pieces: list, hh: np.ndarray, start: int, room: int) -> int | None:
    """Index of one of the next few whole compounds that fits in ``room`` households."""
    for j in range(start + 1, min(start + 4, len(pieces))):
        bld, is_chunk = pieces[j]
        if not is_chunk and hh[bld].sum() <= room:
            return j
    return None


def _target(rng, forced: str | None) -> tuple[int, int]:
    kinds = list(TARGETS)
    kind = forced or kinds[rng.choice(len(kinds), p=[t[0] for t in TARGETS.values()])]
    _, (lo, hi), cap = TARGETS[kind]
    return int(rng.integers(lo, hi + 1)), cap


def grid_polygons(community, bld_geoms: np.ndarray, bld_grid: np.ndarray,
                  comp_geoms: np.ndarray, comp_grid: np.ndarray) -> list:
    """Polygons of grids 0..n-1 of one community (compounds kept whole guide the edges)."""
    extra = tiling.sample_outlines(comp_geoms, comp_grid, spacing=10.0)
    parts = tiling.derive_grid_polygons(community, bld_geoms, bld_grid, extra_points=extra)
    return [parts[g] for g in range(int(bld_grid.max()) + 1)]


def reattach_detached(grids: pd.DataFrame, buildings: pd.DataFrame) -> bool:
    """Give the buildings of every detached piece of a grid to the neighbouring grid
    (same community) that shares the longest border with that piece.

    Returns whether any building moved.
    """
    geoms = grids["geometry"].to_numpy()
    community = grids["community"].to_numpy()
    centroids = shapely.centroid(buildings["geometry"].to_numpy())
    grid_of = buildings["grid"].to_numpy().copy()
    moved = False
    for g, geom in enumerate(geoms):
        parts = shapely.get_parts(geom)
        if len(parts) < 2:
            continue
        keep = int(np.argmax(shapely.area(parts)))
        for k, part in enumerate(parts):
            target = None if k == keep else _best_neighbour(part, g, geoms, community)
            inside = (grid_of == g) & shapely.intersects(centroids, part)
            if target is not None and inside.any():
                grid_of[inside] = target
                moved = True
    buildings["grid"] = grid_of
    return moved


def _best_neighbour(part, g: int, geoms: np.ndarray, community: np.ndarray) -> int | None:
    others = np.flatnonzero((community == community[g]) & (np.arange(len(geoms)) != g))
    if len(others) == 0:
        return None
    shared = shapely.length(shapely.intersection(shapely.boundary(part), geoms[others]))
    return int(others[np.argmax(shared)]) if shared.max() > 0 else None
