"""Grid topology: grids must tile their community and hold their buildings.

:func:`topology_problems` lists, as :class:`geo.validate.Problem` objects with a
location to zoom to:

* ``grid_overlap`` — two grids overlap;
* ``grid_gap`` — part of a community is covered by none of its grids;
* ``grid_outside_community`` — a grid reaches outside its community;
* ``grid_not_contiguous`` — a grid falls apart in several pieces;
* ``building_unassigned`` — a building has no grid;
* ``building_outside_grid`` — a building's polygon lies (partly) outside its grid.

Areas are measured in the project's metric CRS; pieces under
:data:`AREA_TOLERANCE_M2` are floating-point slivers from reprojection and are
ignored. ``python main.py check`` runs these checks too.

Examples
--------
>>> from geo.store import read_layers            # doctest: +SKIP
>>> topology_problems(read_layers("street.gpkg"))  # doctest: +SKIP
[]
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .crs import metric_crs_for
from .messages import Message, register
from .validate import Problem, _capped

register("topology.detail.overlap", "与网格 {other} 重叠 {area:.1f} 平方米", "overlaps grid {other} by {area:.1f} m²")
register("topology.detail.gap", "社区内有 {area:.0f} 平方米不属于任何网格", "{area:.0f} m² of the community are in none of its grids")
register("topology.detail.outside", "有 {area:.0f} 平方米超出所属社区 {community}", "{area:.0f} m² lie outside its community {community}")
register("topology.detail.pieces", "网格分成 {n} 块互不相连", "grid is in {n} separate pieces")
register("topology.detail.unassigned", "楼栋不属于任何网格", "building is in no grid")
register("topology.detail.building_outside", "楼栋有 {area:.0f} 平方米在其网格 {grid} 之外",
         "{area:.0f} m² of the building lie outside its grid {grid}")

#: Overlaps, gaps and outside parts smaller than this (m²) are reprojection noise.
AREA_TOLERANCE_M2 = 1.0


def topology_problems(source) -> list[Problem]:
    """Topology problems of a :class:`geo.store.LoadedLayers` or a :class:`geo.project.Project`."""
    frames = source.frames if hasattr(source, "frames") else source.layers
    grids, comms, builds = (frames.get(n) for n in ("grids", "communities", "buildings"))
    if not all(isinstance(f, gpd.GeoDataFrame) for f in (grids, comms, builds)):
        return []
    if grids.crs is None or not {"grid_id", "community_id"} <= set(grids.columns):
        return []
    ctx = _Context(grids, comms, builds)
    problems = _overlaps(ctx) + _gaps_and_outside(ctx) + _pieces(ctx) + _buildings(ctx)
    return _capped(problems)


class _Context:
    """Metric copies of the three layers and a way back to project coordinates."""

    def __init__(self, grids, comms, builds):
        self.crs = grids.crs
        self.metric = metric_crs_for(self.crs, tuple(grids.total_bounds) if len(grids) else None)
        # repaired in metres: a polygon valid in degrees can fold on the way (two parts
        # touching along a near-collinear edge then overlap by a hair) and GEOS's overlays
        # refuse it ("side location conflict")
        self.grids = _usable(grids.to_crs(self.metric))
        self.comms = _usable(comms.to_crs(self.metric))
        self.builds = builds.to_crs(self.metric)

    def problem(self, kind, layer, id_, reason: Message, geom) -> Problem:
        """A problem located at ``geom``; the reason is worded now, in the current language."""
        point = shapely.point_on_surface(geom)
        back = gpd.GeoSeries([point], crs=self.metric).to_crs(self.crs).iloc[0]
        return Problem(kind, layer, None if id_ is None else str(id_), reason.text(), back.x, back.y)


def _usable(frame):
    geoms = frame.geometry.values
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    frame = frame[keep].copy()
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    return frame


def _overlaps(ctx) -> list[Problem]:
    geoms = ctx.grids.geometry.values.to_numpy()
    ids = ctx.grids["grid_id"].to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pair = left < right
    left, right = left[pair], right[pair]
    shared = shapely.intersection(geoms[left], geoms[right])
    area = shapely.area(shared)
    return [ctx.problem("grid_overlap", "grids", ids[a],
                        Message("topology.detail.overlap", other=ids[b], area=ar), s)
            for a, b, ar, s in zip(left, right, area, shared) if ar > AREA_TOLERANCE_M2]


def _gaps_and_outside(ctx) -> list[Problem]:
    out = []
    by_comm = ctx.grids.groupby("community_id")
    for cid, comm in zip(ctx.comms["community_id"], ctx.comms.geometry.values):
        mine = by_comm.get_group(cid).geometry.values if cid in by_comm.groups else []
        covered = shapely.union_all(np.asarray(mine, dtype=object)) if len(mine) else None
        gap = comm if covered is None else shapely.difference(comm, covered)
        for part in _big_parts(gap):
            out.append(ctx.problem("grid_gap", "communities", cid,
                                   Message("topology.detail.gap", area=part.area), part))
    comm_geom = dict(zip(ctx.comms["community_id"], ctx.comms.geometry.values))
    for gid, cid, geom in zip(ctx.grids["grid_id"], ctx.grids["community_id"], ctx.grids.geometry.values):
        if cid not in comm_geom:
            continue  # a dangling community id is check's dangling_reference
        outside = _big_parts(shapely.difference(geom, comm_geom[cid]))
        if outside:
            area = sum(p.area for p in outside)
            out.append(ctx.problem("grid_outside_community", "grids", gid,
                                   Message("topology.detail.outside", area=area, community=cid), outside[0]))
    return out


def _big_parts(geom) -> list:
    if geom is None or geom.is_empty:
        return []
    parts = shapely.get_parts(geom)
    return [p for p in parts if p.area > AREA_TOLERANCE_M2]


def _pieces(ctx) -> list[Problem]:
    out = []
    for gid, geom in zip(ctx.grids["grid_id"], ctx.grids.geometry.values):
        parts = _big_parts(geom)
        if len(parts) > 1:
            parts.sort(key=lambda p: p.area)
            out.append(ctx.problem("grid_not_contiguous", "grids", gid,
                                   Message("topology.detail.pieces", n=len(parts)), parts[0]))
    return out


def _buildings(ctx) -> list[Problem]:
    b = ctx.builds
    if "grid_id" not in b.columns:
        return []
    grid_id = b["grid_id"]
    blank = (grid_id.isna() | (grid_id.astype(str).str.strip() == "")).to_numpy()
    ids = b["building_id"].to_numpy() if "building_id" in b.columns else b.index.to_numpy()
    geoms = b.geometry.values.to_numpy()
    out = [ctx.problem("building_unassigned", "buildings", ids[i], Message("topology.detail.unassigned"),
                       geoms[i])
           for i in np.flatnonzero(blank) if geoms[i] is not None and not geoms[i].is_empty]
    grid_geom = pd.Series(ctx.grids.geometry.values.to_numpy(), index=ctx.grids["grid_id"].to_numpy())
    grid_geom = grid_geom[~grid_geom.index.duplicated()]
    assigned = np.flatnonzero(~blank & grid_id.isin(grid_geom.index).to_numpy())
    mine = grid_geom.reindex(grid_id.to_numpy()[assigned]).to_numpy()
    inside = shapely.covers(mine, geoms[assigned])
    suspects = assigned[~inside]
    outside = shapely.area(shapely.difference(shapely.make_valid(geoms[suspects]), mine[~inside]))
    for i, area, g in zip(suspects, outside, grid_id.to_numpy()[suspects]):
        if area > AREA_TOLERANCE_M2:
            out.append(ctx.problem("building_outside_grid", "buildings", ids[i],
                                   Message("topology.detail.building_outside", area=area, grid=g), geoms[i]))
    return out
