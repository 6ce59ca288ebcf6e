"""Redesigning grids: new, split (by buildings or by a line), merge, rename, delete.

Each is a command (one undo step, one transaction). Polygons stay a tiling of
the community: a split re-derives the old grid's area between its two halves,
a merge unites the polygons, a delete hands the area to the target. How the
grid branch organizations follow is documented in :mod:`geo.editing.orgs`.
"""
from __future__ import annotations

import re

import numpy as np
import pyproj
import shapely
from shapely.ops import split as split_geometry

from . import orgs
from .assign import EditRefused, check_moves, id_list
from .boundaries import derive_for, empty_grid_geometry
from .topology_guard import TopologyRefused, guard, touching
from ..commands import ChangeSet
from ..messages import CodedError, Message, register

register("grid.with_branch_in_plan", "方案中新建网格不能同时建立党支部：党支部在采纳方案时建立",
         "A grid made inside a plan gets no branch now: branches are made when the plan is adopted")
register("edit.unknown_community", "没有社区 {community}", "There is no community {community}")
register("grid.exists", "网格 {grid} 已存在", "Grid {grid} already exists")
register("grid.split_outside", "楼栋 {ids} 不在网格 {grid} 内", "Buildings {ids} are not in grid {grid}")
register("grid.split_empty", "拆分网格至少要选一栋楼", "A split needs at least one building")
register("grid.line_no_cut", "这条线没有把网格 {grid} 分成两部分", "The line does not cut grid {grid} in two")
register("grid.line_one_side", "网格 {grid} 的楼栋都在线的同一侧", "No building of grid {grid} lies on the other side of the line")
register("grid.merge_other_community", "网格 {ids} 不属于网格 {target} 所在的社区 {community}",
         "Grids {ids} are not in community {community} of grid {target}")
register("grid.delete_not_empty", "网格 {grid} 还有 {n} 栋楼：请指定接收的网格",
         "Grid {grid} still has {n} buildings: give a target grid")


def next_grid_id(project, community_id) -> str:
    """A free grid id in the community's numbering (G0101, G0102 → G0103)."""
    grids = project["grids"]
    ids = [str(g) for g in grids.index[grids["community_id"] == community_id]] or [str(g) for g in grids.index]
    best = None
    for g in ids:
        m = re.fullmatch(r"(.*?)(\d+)", g)
        if m and (best is None or int(m.group(2)) > int(best.group(2))):
            best = m
    prefix, width, n = ((best.group(1), len(best.group(2)), int(best.group(2)) + 1) if best
                        else (f"{community_id}-G", 1, 1))
    while f"{prefix}{n:0{width}d}" in grids.index:
        n += 1
    return f"{prefix}{n:0{width}d}"


def _grid_row(grid_id, name, community_id, geometry) -> dict:
    return {"grid_id": grid_id, "name": name, "community_id": community_id, "geometry": geometry}


class NewGrid(ChangeSet):
    """An empty grid (no area until buildings are painted into it); optionally with a branch."""

    def __init__(self, community_id, name: str | None = None, grid_id=None, with_branch: bool = False):
        super().__init__(Message("command.new_grid"))
        self.community_id, self.name, self.grid_id, self.with_branch = community_id, name, grid_id, with_branch

    def changes(self, project):
        if self.community_id not in project["communities"].index:
            raise EditRefused("edit.unknown_community", community=self.community_id)
        self.grid_id = self.grid_id or next_grid_id(project, self.community_id)
        if self.grid_id in project["grids"].index:
            raise EditRefused("grid.exists", grid=self.grid_id)
        name = self.name or f"{self.grid_id}网格"
        changes = [("insert", "grids", _grid_row(self.grid_id, name, self.community_id,
                                                  empty_grid_geometry()))]
        if self.with_branch and orgs.follows_layout(project):
            changes.append(orgs.new_branch(project, self.grid_id, name, self.community_id)[1])
        elif self.with_branch:
            raise EditRefused("grid.with_branch_in_plan")
        return changes


class SplitGrid(ChangeSet):
    """Move ``building_ids`` of a grid into a new grid; the old area is re-derived between the two."""

    def __init__(self, grid_id, building_ids, new_grid_id=None, name: str | None = None, balance=None,
                 force: bool = False):
        super().__init__(Message("command.split_grid", grid=grid_id))
        self.grid_id, self.building_ids = grid_id, list(building_ids)
        self.new_grid_id, self.name, self.balance, self.force = new_grid_id, name, balance, force

    def changes(self, project):
        grids, b = project["grids"], project["buildings"]
        if self.grid_id not in grids.index:
            raise EditRefused("edit.unknown_grid", grid=self.grid_id)
        check_moves(project, dict.fromkeys(self.building_ids, self.grid_id))
        outside = [i for i in self.building_ids if b.at[i, "grid_id"] != self.grid_id]
        if outside or not self.building_ids:
            raise (EditRefused("grid.split_outside", ids=id_list(outside), grid=self.grid_id) if outside
                   else EditRefused("grid.split_empty"))
        community = grids.at[self.grid_id, "community_id"]
        new = self.new_grid_id = self.new_grid_id or next_grid_id(project, community)
        name = self.name or f"{grids.at[self.grid_id, 'name']}(分)"
        moves = dict.fromkeys(self.building_ids, new)
        parts = derive_for(project, community, [self.grid_id, new], moves, balance=self.balance)
        if not self.force:
            guard(project, parts, moves, community_of={new: community}, balance=self.balance)
        changes = [("insert", "grids", _grid_row(new, name, community, parts.pop(new)))]
        changes += [("update", "grids", g, {"geometry": geom}) for g, geom in parts.items()]
        branches = {}
        if orgs.follows_layout(project) and orgs.branch_of(project, self.grid_id) is not None:
            branch, insert = orgs.new_branch(project, new, name, community)
            changes.append(insert)
            branches[new] = branch
        changes += [("update", "buildings", i, {"grid_id": new}) for i in self.building_ids]
        return changes + orgs.regroup_buildings(project, moves, branches)


def split_by_line(project, grid_id, line, **kwargs) -> SplitGrid:
    """A :class:`SplitGrid` moving the buildings on the lighter side of ``line`` to a new grid.

    Parameters
    ----------
    line : shapely LineString
        In the project CRS; must cross the grid's polygon. Buildings go by the
        side their representative point lies on; the side with more households
        keeps the old grid id.
    """
    polygon = project["grids"].at[grid_id, "geometry"]
    pieces = list(shapely.get_parts(split_geometry(polygon, line)))
    if len(pieces) < 2:
        raise EditRefused("grid.line_no_cut", grid=grid_id)
    b = project["buildings"]
    mine = b[b["grid_id"] == grid_id]
    points = shapely.point_on_surface(mine.geometry.values.to_numpy())
    side = np.full(len(mine), -1)
    for k, piece in enumerate(pieces):
        side[(side < 0) & shapely.contains(piece, points)] = k
    hh = np.bincount(side[side >= 0], weights=mine["households"].to_numpy()[side >= 0],
                     minlength=len(pieces))
    keep = int(np.argmax(hh))
    moving = list(mine.index[(side >= 0) & (side != keep)])
    if not moving:
        raise EditRefused("grid.line_one_side", grid=grid_id)
    return SplitGrid(grid_id, moving, **kwargs)


class MergeGrids(ChangeSet):
    """Fold ``source_ids`` into ``target_id``: buildings, area, branch and partner links.

    Grids that do not touch are refused (:class:`TopologyRefused`) unless ``force``.
    """

    def __init__(self, source_ids, target_id, text: str | None = None, force: bool = False):
        super().__init__(text or Message("command.merge_grids", grid=target_id))
        self.source_ids, self.target_id = [s for s in source_ids if s != target_id], target_id
        self.force = force

    def changes(self, project):
        grids, b = project["grids"], project["buildings"]
        unknown = [g for g in [*self.source_ids, self.target_id] if g not in grids.index]
        if unknown:
            raise EditRefused("edit.unknown_grids", ids=id_list(unknown))
        community = grids.at[self.target_id, "community_id"]
        foreign = [g for g in self.source_ids if grids.at[g, "community_id"] != community]
        if foreign:
            raise EditRefused("grid.merge_other_community", ids=id_list(foreign), community=community,
                               target=self.target_id)
        if not self.force and not touching(project, [self.target_id, *self.source_ids]):
            raise TopologyRefused("topology.not_touching", [], grids=", ".join(map(str, self.source_ids)),
                                  target=self.target_id)
        area = _united(project, grids.loc[[self.target_id, *self.source_ids], "geometry"].to_numpy())
        if not self.force:
            guard(project, {self.target_id: area, **dict.fromkeys(self.source_ids)})
        moved = b.index[b["grid_id"].isin(self.source_ids)]
        changes = [("update", "buildings", i, {"grid_id": self.target_id}) for i in moved]
        changes.append(("update", "grids", self.target_id, {"geometry": _multi(area)}))
        changes += _fold_orgs(project, self.source_ids, self.target_id)
        return changes + [("delete", "grids", g) for g in self.source_ids]


def _united(project, geoms):
    """The union of grid polygons, one piece where they share edges.

    Edges that run along each other without shared vertices can leave the plain
    union in two pieces; snapping to a grid far below survey precision joins them.
    """
    geoms = geoms[~shapely.is_empty(geoms)]
    area = shapely.union_all(geoms)
    if len(shapely.get_parts(area)) > 1:
        geographic = project.crs is None or pyproj.CRS.from_user_input(project.crs).is_geographic
        area = shapely.union_all(geoms, grid_size=1e-10 if geographic else 1e-5)  # ~0.01 mm
    return area


def _fold_orgs(project, sources, target) -> list[tuple]:
    """Branches and partner links of ``sources`` go to ``target`` (each row touched once)."""
    if not orgs.follows_layout(project):
        return []  # inside a proposal the organization waits for the adoption
    target_branch = orgs.branch_of(project, target)
    changes = []
    for g in sources:
        source_branch = orgs.branch_of(project, g)
        if source_branch is not None and target_branch is None:
            # a target without a branch takes over the first source's branch
            changes.append(("update", "organizations", source_branch, {"area_id": target}))
            target_branch = source_branch
        elif source_branch is not None:
            changes += orgs.fold_branch(project, source_branch, target_branch)
        changes += orgs.repoint_partner_links(project, g, target)
    return changes


def _multi(geom):
    from ..tiling import _as_multipolygon  # noqa: PLC0415 (private helper, same package family)
    return _as_multipolygon(geom)


class RenameGrid(ChangeSet):
    def __init__(self, grid_id, name: str):
        super().__init__(Message("command.rename_grid", grid=grid_id))
        self.grid_id, self.name = grid_id, name

    def changes(self, project):
        if self.grid_id not in project["grids"].index:
            raise EditRefused("edit.unknown_grid", grid=self.grid_id)
        return [("update", "grids", self.grid_id, {"name": self.name})]


class DeleteGrid(ChangeSet):
    """Delete a grid. Its buildings go to ``target_id`` (required when it has any)."""

    def __init__(self, grid_id, target_id=None, force: bool = False):
        super().__init__(Message("command.delete_grid", grid=grid_id))
        self.grid_id, self.target_id, self.force = grid_id, target_id, force

    def changes(self, project):
        grids, b = project["grids"], project["buildings"]
        if self.grid_id not in grids.index:
            raise EditRefused("edit.unknown_grid", grid=self.grid_id)
        if self.target_id is not None:
            return MergeGrids([self.grid_id], self.target_id, force=self.force).changes(project)
        count = int((b["grid_id"] == self.grid_id).sum())
        if count:
            raise EditRefused("grid.delete_not_empty", grid=self.grid_id, n=count)
        changes = []
        if orgs.follows_layout(project):  # inside a proposal the organization waits for the adoption
            try:
                changes = orgs.drop_empty_branch(project, self.grid_id)
            except CodedError as exc:
                raise EditRefused(exc.message) from None
            changes += orgs.repoint_partner_links(project, self.grid_id, None)
        geom = grids.at[self.grid_id, "geometry"]
        if geom is not None and not geom.is_empty:  # its area goes to the neighbours
            community = grids.at[self.grid_id, "community_id"]
            others = [g for g in grids.index[grids["community_id"] == community] if g != self.grid_id]
            parts = derive_for(project, community, others, {}, scope="community")
            parts.pop(self.grid_id, None)
            if not self.force:
                guard(project, {**parts, self.grid_id: None})
            changes += [("update", "grids", g, {"geometry": p}) for g, p in parts.items()]
        return changes + [("delete", "grids", self.grid_id)]
