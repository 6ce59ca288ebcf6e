"""The indivisible pieces grids are made of.

"一小区一支部": a compound stays whole in one grid, so a compound is one unit.
A compound with more households than the band's upper bound is split into as
few contiguous pieces as possible (each piece one unit, the split listed);
a single building above the upper bound gets a grid of its own (listed);
a building in no compound is a unit by itself.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .bisect import partition
from .neighbours import adjacency, components


@dataclass
class Unit:
    """Buildings (positions into the community's arrays) that go to one grid together."""

    members: np.ndarray
    households: float
    x: float
    y: float
    compound: object = None
    piece: int = 0          # >0: the n-th piece of a split compound
    pieces: int = 1


@dataclass
class Units:
    units: list = field(default_factory=list)
    towers: list = field(default_factory=list)     # building positions above the band, each its own grid
    split_compounds: dict = field(default_factory=dict)  # compound -> number of pieces


def build_units(xy, households, compounds, edges, lower, upper, rng, open_up=()) -> Units:
    """Units of one community from its buildings' points, households and compounds.

    ``open_up``: compounds whose buildings become units of their own although the
    compound fits one grid — the band comes before keeping compounds whole, so a
    community whose whole compounds cannot make grids in the band opens some up.
    """
    out = Units()
    out.opened = set()
    households = np.asarray(households, dtype=float)
    tower = households > upper
    out.towers = list(np.flatnonzero(tower))
    groups: dict = {}
    for pos in np.flatnonzero(~tower):
        key = compounds[pos] if _present(compounds[pos]) else ("building", pos)
        groups.setdefault(key, []).append(pos)
    for key, positions in groups.items():
        positions = np.asarray(positions)
        compound = None if isinstance(key, tuple) else key
        total = households[positions].sum()
        if compound is None or (total <= upper and compound not in open_up):
            out.units.append(_unit(positions, xy, households, compound))
            continue
        if total <= upper:  # opened for the band: one grid is still what it needs
            out.opened.add(compound)
            out.split_compounds[compound] = 1
            for pos in positions:
                out.units.append(_unit(np.array([pos]), xy, households, compound, 1, 2))
            continue
        # Too big for one grid: its buildings become units of their own, so that where the
        # compound is cut is decided together with everything around it (a fixed early cut
        # into equal halves often leaves no way to fill the neighbouring grids).
        needed = math.ceil(total / upper)
        out.split_compounds[compound] = needed
        for pos in positions:
            out.units.append(_unit(np.array([pos]), xy, households, compound, 1, needed))
    return out


def _split(positions, xy, households, edges, lower, upper, rng) -> list[np.ndarray]:
    """A compound above the band: as few contiguous pieces within the band as it allows."""
    local = {p: i for i, p in enumerate(positions)}
    sub = np.array([(local[a], local[b]) for a, b in edges if a in local and b in local], dtype=int).reshape(-1, 2)
    _, labels = components(len(positions), sub)
    pieces = []
    for label in np.unique(labels):
        part = np.flatnonzero(labels == label)
        total = households[positions[part]].sum()
        k = max(1, math.ceil(total / upper))
        cells = [Cell(np.array([i]), households[positions[i]], *xy[positions[i]]) for i in part]
        remap = {old: new for new, old in enumerate(part)}
        part_edges = np.array([(remap[a], remap[b]) for a, b in sub if a in remap and b in remap],
                              dtype=int).reshape(-1, 2)
        for group in partition(cells, part_edges, k, lower, upper, rng):
            pieces.append(positions[part[np.concatenate([cells[g].members for g in group])]])
    return pieces


@dataclass
class Cell:
    """The minimal record :func:`geo.drafting.bisect.partition` works on."""

    members: np.ndarray
    households: float
    x: float
    y: float


def _unit(positions, xy, households, compound, piece=0, pieces=1) -> Unit:
    x, y = xy[positions].mean(axis=0)
    return Unit(np.asarray(positions), float(households[positions].sum()), float(x), float(y),
                compound, piece, pieces)


def unit_edges(units: list, building_edges: np.ndarray, n_buildings: int) -> np.ndarray:
    """Edges between units that hold neighbouring buildings."""
    owner = np.full(n_buildings, -1)
    for i, unit in enumerate(units):
        owner[unit.members] = i
    if not len(building_edges):
        return np.empty((0, 2), dtype=int)
    a, b = owner[building_edges[:, 0]], owner[building_edges[:, 1]]
    ok = (a >= 0) & (b >= 0) & (a != b)
    pairs = np.sort(np.column_stack([a[ok], b[ok]]), axis=1)
    if not len(pairs):
        return np.empty((0, 2), dtype=int)
    n = len(units)
    keys = np.unique(pairs[:, 0].astype(np.int64) * n + pairs[:, 1])  # sorted like np.unique(axis=0)
    return np.column_stack([keys // n, keys % n])


def _present(value) -> bool:
    return value is not None and value == value and value != ""


__all__ = ["Unit", "Units", "Cell", "build_units", "unit_edges", "adjacency"]
