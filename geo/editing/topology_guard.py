"""The topology guard: an edit may not break the tiling of grids unless the caller confirms.

Grid edits re-derive polygons so that grids keep tiling their community
(:mod:`geo.editing.boundaries`), but some requests cannot keep it: merging grids
that do not touch, painting a building into a grid far away, a split that
leaves a piece behind. :func:`guard` compares the grids an edit touches before
and after, and raises :class:`TopologyRefused` listing what would be *new*:

* a grid in several pieces, an overlap with another grid, area outside the community;
* a hole: area the touched grids covered before and none of them covers after;
* a building of a touched grid lying outside it.

It looks at the touched grids (and their community's other grids for overlaps)
only, so it stays cheap on a city project. Grids that :mod:`geo.editing.boundaries`
re-tiled inside their own former union (``retiled``) cover exactly what they
covered before, so they add no area outside the community or over a neighbour
and open no hole: for them only pieces and buildings are checked. (An overlap
or outside area one of them already had and another takes over is therefore
not reported again, where the full checks, judging each grid against its own
past, call it new for the other.) A command built with ``force=True`` skips it
(the GUI asks first, the CLI takes ``--force``).

Examples
--------
>>> guard(project, {"G1": new_polygon}, {"B7": "G1"})   # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import shapely

from ..lookup import positions, rows_of
from ..messages import Message, register
from .assign import EditRefused
from .boundaries import layer_metric
from .metric import IdentityCache, metric_each

#: Slivers below this (m²) are floating-point noise from reprojection, as in :mod:`geo.topology`.
AREA_TOLERANCE_M2 = 1.0
#: Problems named one by one in a refusal; the rest are counted.
LISTED = 5

register("topology.refused", "此编辑会造成网格拓扑问题：{problems}",
         "This edit would leave grid topology problems: {problems}")
register("topology.not_touching", "网格 {grids} 与网格 {target} 不相邻：合并后的网格会分成几块",
         "Grids {grids} do not touch grid {target}: the merged grid would fall apart in pieces")
register("topology.plan_problems", "方案 {plan} 有网格拓扑问题：{problems}",
         "Plan {plan} has grid topology problems: {problems}")
register("topology.pieces", "网格 {grid} 分成 {n} 块", "grid {grid} falls apart in {n} pieces")
register("topology.overlap", "网格 {grid} 与网格 {other} 重叠", "grid {grid} overlaps grid {other}")
register("topology.outside", "网格 {grid} 超出社区 {community}", "grid {grid} reaches outside community {community}")
register("topology.hole", "社区 {community} 有 {area} 平方米不属于任何网格",
         "{area} m² of community {community} are in no grid")
register("topology.building_outside", "楼栋 {building} 不在其网格 {grid} 内",
         "building {building} lies outside its grid {grid}")
register("topology.more", "另有 {n} 处", "{n} more")


class TopologyRefused(EditRefused):
    """An edit refused because it would break the tiling; ``problems`` lists why (Messages).

    The caller may repeat the edit with ``force=True`` after the user confirmed.
    """

    def __init__(self, code, problems, **params):
        self.problems = list(problems)
        super().__init__(code, problems=listed(self.problems), **params)


def listed(problems: list) -> list:
    """The first :data:`LISTED` problems, and a count of the rest."""
    out = list(problems[:LISTED])
    if len(problems) > LISTED:
        out.append(Message("topology.more", n=len(problems) - LISTED))
    return out


def guard(project, new_geoms: dict, moves: dict | None = None, *, community_of: dict | None = None,
          balance=None, retiled=()) -> None:
    """Raise :class:`TopologyRefused` when the edit would add topology problems.

    Parameters
    ----------
    new_geoms : dict
        grid_id -> polygon after the edit (None for a grid the edit deletes).
    moves : dict, optional
        building_id -> grid_id the edit writes.
    community_of : dict, optional
        Community of grids that do not exist yet (a split's new grid).
    balance : GridBalance, optional
        Finds the touched grids' buildings without scanning the layer.
    retiled : collection, optional
        Grids whose new polygons tile exactly the union of the same grids' old ones
        (``derive_boundaries(..., retiled=)``).
    """
    problems = edit_problems(project, new_geoms, moves or {}, community_of or {}, balance, retiled)
    if problems:
        raise TopologyRefused("topology.refused", problems)


def edit_problems(project, new_geoms, moves, community_of=None, balance=None, retiled=()) -> list:
    """The topology problems an edit adds, as :class:`~geo.messages.Message` objects."""
    retiled = frozenset(retiled)
    grids = project["grids"]
    ids = list(new_geoms)
    community = {g: (grids.at[g, "community_id"] if g in grids.index else (community_of or {}).get(g))
                 for g in ids}
    before = dict(zip(ids, _metric_all(project, [grids.at[g, "geometry"] if g in grids.index else None
                                                  for g in ids])))
    after = dict(zip(ids, _metric_all(project, list(new_geoms.values()))))
    problems, shapes, near = [], {}, {}
    for g in ids:
        problems += _grid_problems(project, g, before[g], after[g], community[g], ids, new_geoms[g], shapes,
                                   near, balance, g in retiled)
    for cid in sorted({c for c in community.values() if c is not None}, key=str):
        mine = [g for g in ids if community[g] == cid]
        if retiled.issuperset(mine):
            continue  # together they cover what they covered: no hole can open
        hole = _area(shapely.difference(_union([before[g] for g in mine]), _union([after[g] for g in mine])))
        if hole > AREA_TOLERANCE_M2:
            problems.append(Message("topology.hole", community=cid, area=f"{hole:.0f}"))
    return problems + _buildings_outside(project, after, moves, balance)


def _grid_problems(project, g, before, after, community, touched, raw, shapes, near=None, balance=None,
                   retiled=False) -> list:
    """Problems of grid ``g``; ``shapes`` caches community outlines in metres and ``near`` the
    untouched grids of a community across the edit's grids. A ``retiled`` grid lies in what the
    touched grids covered before: only its pieces can be new."""
    if after is None or shapely.is_empty(after):
        return []
    out = []
    pieces = _pieces(after)
    if pieces > 1 and pieces > _pieces(before):
        out.append(Message("topology.pieces", grid=g, n=pieces))
    if retiled:
        return out
    comms = project["communities"]
    if community in comms.index:
        if community not in shapes:
            shapes[community] = _metric(project, comms.at[community, "geometry"])
        shape = shapes[community]
        # a grid the community covers has nothing outside it: the (costly) difference is
        # only worked out for grids on the community's edge, whose area may stick out
        if not _covers(shape, after) and _area(shapely.difference(after, shape)) > AREA_TOLERANCE_M2 >= _area(
                shapely.difference(before, shape) if before is not None else None):
            out.append(Message("topology.outside", grid=g, community=community))
    neighbours = _neighbours(project, community, touched, raw, near, balance)
    if neighbours:
        geoms = np.empty(len(neighbours), dtype=object)
        geoms[:] = [geom for _, geom in neighbours]
        now = shapely.area(shapely.intersection(after, geoms))
        for (other, geom), area in zip(neighbours, now):
            # what the grid overlapped before only matters once it overlaps now
            if area > AREA_TOLERANCE_M2 >= (_area(shapely.intersection(before, geom)) if before is not None
                                            else 0.0):
                out.append(Message("topology.overlap", grid=g, other=other))
    return out


def _covers(container, geom) -> bool:
    shapely.prepare(container)  # kept with the container (cached across edits)
    return bool(shapely.covers(container, geom))


def _neighbours(project, community, touched, raw, near=None, balance=None):
    """Untouched grids of the same community meeting ``raw`` (project CRS), in metres.

    ``near`` keeps a community's untouched grids for the edit's other grids (``touched``
    is the same for all of them); ``balance`` finds them without scanning every grid.
    """
    if community is None or community != community:  # a blank community is nobody's neighbour
        return []
    found = near.get(community) if near is not None else None
    if found is None:
        grids = project["grids"]
        # positional numpy: label look-ups over every grid cost milliseconds per edit at district scale
        rows = getattr(balance, "community_rows", None)
        same = rows(community) if rows is not None else np.flatnonzero(
            grids["community_id"].to_numpy() == community)
        touched = set(touched)
        keep = [k for k, o in zip(same, grids.index[same]) if o not in touched]
        found = (list(grids.index[keep]), grids.geometry.values[keep].to_numpy())
        if near is not None:
            near[community] = found
    others, geoms = found
    if not others:
        return []
    hit = shapely.intersects(geoms, raw)  # in the project CRS: only neighbours are transformed
    if not hit.any():
        return []
    return list(zip([o for o, h in zip(others, hit) if h], metric_each(project, geoms[hit])))


def _buildings_outside(project, after, moves, balance) -> list:
    """Buildings that end up in a touched grid but outside its new polygon (``after``: metric)."""
    b = project["buildings"]
    touched = {g for g, geom in after.items() if geom is not None}
    if balance is not None:
        ids = set().union(*(balance.members.get(g, ()) for g in touched)) | set(moves)
    else:
        ids = set(b.index[b["grid_id"].isin(list(touched)).to_numpy()]) | set(moves)
    ids = sorted(ids)
    pos = positions(b.index, ids)
    current = rows_of(b["grid_id"], pos)
    keep = [k for k, (i, g) in enumerate(zip(ids, current)) if moves.get(i, g) in touched]
    if not keep:
        return []
    ids, pos = [ids[k] for k in keep], pos[keep]
    grid_of = [moves.get(i, g) for i, g in zip(ids, current[keep])]
    shapes = layer_metric(project, "buildings", pos)
    containers = np.array([after[g] for g in grid_of], dtype=object)
    empty = shapely.is_empty(containers) | shapely.is_missing(containers)
    outside = np.zeros(len(ids))
    ok = ~empty
    shapely.prepare(containers[ok])
    ok[ok] = ~shapely.covers(containers[ok], shapes[ok])  # inside: nothing outside, no difference needed
    outside[ok] = shapely.area(shapely.difference(shapes[ok], containers[ok]))
    outside[empty] = shapely.area(shapes[empty])
    return [Message("topology.building_outside", building=i, grid=g)
            for i, g, area in zip(ids, grid_of, outside) if area > AREA_TOLERANCE_M2]


def _metric(project, geom):
    return _metric_all(project, [geom])[0]


def _metric_all(project, geoms) -> list:
    """Each geometry made valid in metres (None stays None, empty stays as it is);
    one transform for all, each remembered for the next edit (:func:`metric_each`)."""
    out = [None if g is None or shapely.is_missing(g) else g for g in geoms]
    todo = [k for k, g in enumerate(out) if g is not None and not g.is_empty]
    for k, m in zip(todo, metric_each(project, [out[k] for k in todo], "valid", shapely.make_valid)):
        out[k] = m
    return out


def _pieces(geom) -> int:
    if geom is None or shapely.is_empty(geom):
        return 0
    if shapely.get_num_geometries(geom) == 1:  # most grids: the one part's area is the whole's
        return int(_area(geom) > AREA_TOLERANCE_M2)
    parts = shapely.get_parts(geom)
    return int((shapely.area(parts) > AREA_TOLERANCE_M2).sum())


def _area(geom) -> float:
    return 0.0 if geom is None else float(shapely.area(geom))


def _union(geoms):
    geoms = [g for g in geoms if g is not None and not shapely.is_empty(g)]
    if not geoms:
        return shapely.Polygon()
    # the grids an edit leaves are the next edit's "before" when it touches the same grids
    # again (the same objects, see metric_each): their union is then already worked out
    key = tuple(geoms)
    found = _UNIONS.lookup(key)
    if found is None:
        found = shapely.union_all(geoms)
        _UNIONS.store(key, found)
    return found


#: Unions of grids in metres (:func:`_union`), by the identity of the polygons united.
_UNIONS = IdentityCache(16)


def touching(project, grid_ids) -> bool:
    """True when the grids' polygons form one connected area sharing edges (empty grids are ignored).

    Two grids touch when they share at least :data:`SHARED_EDGE_M` of boundary: meeting
    at a corner does not count, because the merged grid would still be two pieces.
    """
    grids = project["grids"]
    geoms = [_metric(project, grids.at[g, "geometry"]) for g in grid_ids]
    geoms = [shapely.buffer(g, EDGE_BAND_M) for g in geoms if g is not None and not g.is_empty]
    if len(geoms) < 2:
        return True
    reached, frontier = {0}, [0]
    while frontier:
        k = frontier.pop()
        for j in range(len(geoms)):
            shared = _area(shapely.intersection(geoms[k], geoms[j])) if j not in reached else 0.0
            if shared > 2 * EDGE_BAND_M * SHARED_EDGE_M:  # a band 2 x EDGE_BAND_M wide along the edge
                reached.add(j)
                frontier.append(j)
    return len(reached) == len(geoms)


#: Boundary two grids must share to count as touching, and the band that finds it (metres).
SHARED_EDGE_M = 1.0
EDGE_BAND_M = 0.05
