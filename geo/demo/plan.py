"""One street's physical plan: blocks, compounds, buildings, communities, grids, stations.

All geometry is in local metres around the street's centre; ids and names are
given later, when streets are combined (see ``city``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from . import areas, housing, roads, stations


@dataclass
class StreetPlan:
    """Tables of one street; integer columns refer to row positions in sibling tables."""
    communities: pd.DataFrame  # geometry
    grids: pd.DataFrame        # geometry, community, number
    compounds: pd.DataFrame    # geometry, community, kind, built_year, name, grid (-1 if split)
    buildings: pd.DataFrame    # geometry, compound, grid, number, row, floors, units, per_floor
    stations: pd.DataFrame     # x, y, level, status, radius, community, compound


def plan_street(seed: int) -> StreetPlan:
    """Lay out one street deterministically from ``seed``."""
    rng = np.random.default_rng(seed)
    blocks = roads.blocks(rng)
    built = housing.build(blocks, rng)
    compounds, buildings = built.compounds, built.buildings
    buildings["households"] = buildings.eval("floors * units * per_floor")
    comp_hh = np.bincount(buildings["compound"], weights=buildings["households"], minlength=len(compounds))
    block_hh = np.bincount(compounds["block"], weights=comp_hh, minlength=len(blocks))
    block_comm = areas.assign_communities(blocks, block_hh, rng)
    compounds["community"] = block_comm[compounds["block"].to_numpy()]
    street = roads.street_outline()
    communities = pd.DataFrame({"geometry": areas.community_polygons(street, blocks, block_comm)})
    grid_in_comm, whole = areas.assign_grids(compounds, buildings, rng)
    grids, buildings["grid"] = _number_grids(compounds, buildings, grid_in_comm)
    _compound_grids(compounds, buildings)
    _tile_contiguous(communities, grids, compounds, buildings)
    return StreetPlan(communities, grids, compounds, buildings, stations.place(compounds, rng))


def _number_grids(compounds, buildings, grid_in_comm):
    """Street-wide grid index per building, and the grid table (community, number)."""
    comm = compounds["community"].to_numpy()[buildings["compound"].to_numpy()]
    key = comm * 1000 + grid_in_comm
    uniq, index = np.unique(key, return_inverse=True)
    grids = pd.DataFrame({"community": uniq // 1000, "number": uniq % 1000 + 1})
    return grids, index


def _compound_grids(compounds, buildings) -> None:
    """A compound's grid, or -1 when its buildings are split between grids."""
    per = buildings.groupby("compound")["grid"].agg(["min", "max"]).reindex(range(len(compounds)))
    compounds["grid"] = np.where(per["min"] == per["max"], per["min"].fillna(-1), -1).astype(int)


def _tile_contiguous(communities, grids, compounds, buildings, rounds: int = 6) -> None:
    """Tile the communities, moving detached pieces of a grid to a neighbour until
    every grid is one piece (walking-order grouping can skip over a compound)."""
    for _ in range(rounds):
        grids["geometry"] = _grid_geometries(communities, grids, compounds, buildings)
        if not areas.reattach_detached(grids, buildings):
            return
        _compound_grids(compounds, buildings)
    grids["geometry"] = _grid_geometries(communities, grids, compounds, buildings)


def _grid_geometries(communities, grids, compounds, buildings) -> list:
    """Tile each community among its grids."""
    geoms = [None] * len(grids)
    comp_comm = compounds["community"].to_numpy()
    bld_comm = comp_comm[buildings["compound"].to_numpy()]
    for c, community in enumerate(communities["geometry"]):
        bmask, cmask = bld_comm == c, (comp_comm == c) & (compounds["grid"].to_numpy() >= 0)
        first = int(grids.index[grids["community"] == c][0])
        parts = areas.grid_polygons(
            community, buildings["geometry"].to_numpy()[bmask], buildings["grid"].to_numpy()[bmask] - first,
            compounds["geometry"].to_numpy()[cmask], compounds["grid"].to_numpy()[cmask] - first)
        for g, part in enumerate(parts):
            geoms[first + g] = part
    return geoms

