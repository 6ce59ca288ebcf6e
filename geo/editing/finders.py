""""Find next …" for the editing tools: each returns ids with a location to zoom to.

Locations are representative points in the project CRS (always inside the
feature, unlike a centroid).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .metric import to_metric
from ..messages import Message, register
from ..topology import AREA_TOLERANCE_M2

register("finder.households", "{n} 户", "{n} households")
register("finder.pieces", "{n} 块", "{n} pieces")
register("finder.inside_grid", "位于网格 {grid} 内", "inside grid {grid}")


@dataclass(frozen=True)
class Found:
    """A feature to show: kind ("unassigned", "under", "over", "non_contiguous", "enclave"),
    its id, a point (x, y) in the project CRS and a short detail (a :class:`Message`,
    worded in the current language by ``str()``)."""

    kind: str
    id: object
    x: float
    y: float
    detail: Message | str = ""


def _found(kind, id_, geom, detail="") -> Found:
    p = shapely.point_on_surface(geom)
    return Found(kind, id_, p.x, p.y, detail)


def unassigned_buildings(project) -> list[Found]:
    """Buildings with no grid, in id order."""
    b = project["buildings"]
    blank = b["grid_id"].isna() | (b["grid_id"] == "")
    return [_found("unassigned", i, g) for i, g in sorted(zip(b.index[blank], b.geometry[blank]))]


def next_unassigned_building(project, after=None) -> Found | None:
    """The first unassigned building after ``after`` (wrapping round), or None."""
    found = unassigned_buildings(project)
    later = [f for f in found if after is None or f.id > after]
    return (later or found or [None])[0]


def out_of_band_grids(project, balance=None) -> list[Found]:
    """Grids whose households are outside the project's band, most extreme first."""
    grids = project["grids"]
    if balance is not None:
        hh = {g: balance.households.get(g, 0) for g in grids.index}
    else:
        hh = project["buildings"].groupby("grid_id")["households"].sum().to_dict()
    rules, out = project.rules, []
    for g, geom in zip(grids.index, grids.geometry):
        n = int(hh.get(g, 0))
        if geom is None or geom.is_empty or rules.in_band(n):
            continue
        kind = "under" if n < rules.households_min else "over"
        gap = rules.households_min - n if kind == "under" else n - rules.households_max
        out.append((gap, _found(kind, g, geom, Message("finder.households", n=n))))
    return [f for _, f in sorted(out, key=lambda t: -t[0])]


def non_contiguous_grids(project) -> list[Found]:
    """Grids in more than one piece (pieces under 1 m² are slivers and ignored)."""
    grids = project["grids"]
    metric = to_metric(project, grids.geometry.values.to_numpy())
    out = []
    for g, geom, m in zip(grids.index, grids.geometry, metric):
        parts = [p for p in shapely.get_parts(m) if p.area > AREA_TOLERANCE_M2]
        if len(parts) > 1:
            small = sorted(shapely.get_parts(geom), key=lambda p: p.area)[0]
            out.append(_found("non_contiguous", g, small, Message("finder.pieces", n=len(parts))))
    return out


def enclaves(project) -> list[Found]:
    """Grids lying wholly inside another grid's outline (in a hole of it)."""
    grids = project["grids"]
    geoms = grids.geometry.values.to_numpy()
    ids = grids.index.to_numpy()
    parts, owner = shapely.get_parts(geoms, return_index=True)
    holed = shapely.get_num_interior_rings(parts) > 0
    filled = shapely.polygons(shapely.get_exterior_ring(parts[holed]))
    owner = owner[holed]
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    tree = shapely.STRtree(np.where(usable, geoms, None))
    outer, inner = tree.query(filled, predicate="contains")
    out, seen = [], set()
    for o, i in zip(owner[outer], inner):
        if o != i and i not in seen:
            seen.add(i)
            out.append(_found("enclave", ids[i], geoms[i], Message("finder.inside_grid", grid=ids[o])))
    return out
