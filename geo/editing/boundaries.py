"""Grid boundaries follow the assignment: polygons derived from what each grid contains.

After buildings change grid, only the grids involved are re-drawn: their
current polygons together form the *container*, which :mod:`geo.tiling` splits
again among them by nearest building outline (compounds kept whole in one grid
add their outlines, so edges follow compound fences and road centrelines).
The container is unchanged, so the community stays tiled with no gap and no
overlap and every other grid keeps its boundary exactly. When the container
does not hold the buildings (a building painted into a grid far away, a grid
with no polygon yet) the whole community is re-derived instead.

Examples
--------
>>> parts = derive_boundaries(project, ["G0101", "G0102"], {"B000007": "G0102"})  # doctest: +SKIP
>>> sorted(parts)                                                                  # doctest: +SKIP
['G0101', 'G0102']
"""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPolygon

from .. import tiling
from ..commands import ChangeSet
from ..lookup import positions, rows_of
from ..messages import Message
from .metric import from_metric, metric_each, to_metric

#: Compound outlines are sampled coarser than buildings: they only steer edges.
COMPOUND_SPACING = 10.0


def empty_grid_geometry() -> MultiPolygon:
    return MultiPolygon()


def derive_boundaries(project, grid_ids, overrides=None, *, scope: str = "grids",
                      balance=None, retiled: set | None = None) -> dict:
    """New polygons for ``grid_ids`` after the moves in ``overrides`` (building -> grid).

    Parameters
    ----------
    project : geo.project.Project
    grid_ids : iterable
        Grids whose boundaries change (the old and new grids of moved buildings).
    overrides : dict, optional
        Pending assignment not yet applied (a command computes geometry before it writes).
    scope : {"grids", "community"}
        Re-derive only ``grid_ids`` inside their current union, or every grid of their
        communities inside the community polygon.
    balance : geo.editing.balance.GridBalance, optional
        Speeds up finding a grid's buildings on large projects.
    retiled : set, optional
        Receives the ids of grids whose new polygons tile exactly the area the same
        grids covered before (see :func:`derive_for`).

    Returns
    -------
    dict
        grid_id -> MultiPolygon in the project CRS (empty when a grid keeps no area).
    """
    grids = project["grids"]
    wanted = [g for g in dict.fromkeys(grid_ids) if g in grids.index]
    by_community: dict = {}
    for g in wanted:
        by_community.setdefault(grids.at[g, "community_id"], []).append(g)
    out = {}
    for community, members in by_community.items():
        out.update(derive_for(project, community, members, overrides or {}, scope, balance, retiled))
    return out


def derive_for(project, community, members, overrides, scope="grids", balance=None,
               retiled: set | None = None) -> dict:
    """Polygons of ``members`` (grid ids, possibly not created yet) in one community.

    Same as :func:`derive_boundaries` for grids of one community; a member not yet in
    the grids layer (the new half of a split) takes part with no current polygon.
    When the members were tiled inside their own current union (scope "grids", the
    buildings held), their ids are added to ``retiled``: the new polygons then cover
    what the old ones did and nothing more (the topology guard leans on it).
    """
    grids = project["grids"]
    communities = project["communities"]
    if scope == "community" and community in communities.index:
        members = list(dict.fromkeys([*grids.index[grids["community_id"] == community], *members]))
        container = communities.at[community, "geometry"]
    else:
        geoms = np.array([grids.at[g, "geometry"] for g in members if g in grids.index], dtype=object)
        geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
        container = shapely.union_all(geoms) if len(geoms) else None
    ids, labels = _buildings_of(project, members, overrides, balance)
    pos = positions(project["buildings"].index, ids)
    geoms = project["buildings"].geometry.values[pos].to_numpy() if len(ids) else np.empty(0, dtype=object)
    if scope == "grids" and not _holds(container, geoms):
        if community in communities.index:
            return derive_for(project, community, members, overrides, "community", balance, retiled)
    if container is None or shapely.is_empty(container) or len(ids) == 0:
        return {g: empty_grid_geometry() for g in members}
    extra = _whole_compounds(project, pos, labels, balance)
    parts = tiling.derive_grid_polygons(to_metric(project, container), layer_metric(project, "buildings", pos),
                                        labels, extra_points=extra)
    out = {g: empty_grid_geometry() for g in members}
    if parts:
        back = np.empty(len(parts), dtype=object)
        back[:] = list(parts.values())
        # projecting back can fold a near-collinear vertex into a tiny self-intersection
        # (~3 % of district edits): repair it, or ``check`` reports the grid invalid
        for g, geom in zip(parts, shapely.make_valid(from_metric(project, back))):
            out[g] = tiling._as_multipolygon(geom)  # noqa: SLF001
        kept = np.array([out[g] for g in parts], dtype=object)
        # the guard may lean on the tiling only if the way back lost no polygon of it
        whole = bool((shapely.get_num_geometries(kept) >= shapely.get_num_geometries(back)).all())
        if scope == "grids" and retiled is not None and whole:
            retiled.update(members)
    return out


def _buildings_of(project, members, overrides, balance):
    """Ids and labels of buildings that will be in ``members`` once ``overrides`` apply."""
    member_set = set(members)
    if balance is not None:
        ids = set().union(*(balance.members.get(g, ()) for g in members))
        current = balance.grid_of
    else:
        b = project["buildings"]
        ids = set(b.index[b["grid_id"].isin(member_set)])
        current = None
    ids |= set(overrides)
    if current is None:
        current = project["buildings"]["grid_id"].reindex(list(ids)).to_dict()
    pairs = sorted((i, overrides.get(i, current.get(i))) for i in ids)
    pairs = [(i, g) for i, g in pairs if g in member_set]
    return (np.array([p[0] for p in pairs], dtype=object),
            np.array([p[1] for p in pairs], dtype=object))


def layer_metric(project, layer, pos) -> np.ndarray:
    """Geometries of rows ``pos`` of ``layer`` in metres: from the project's copy of the whole
    layer in metres when the map already made it (the same bits), else transformed here."""
    cached = project.cached_metric(layer) if hasattr(project, "cached_metric") else None
    if cached is not None:
        return cached[pos]
    return metric_each(project, project[layer].geometry.values[pos].to_numpy())


def _holds(container, geoms) -> bool:
    if container is None or shapely.is_empty(container):
        return False
    if len(geoms) == 0:
        return True
    points = shapely.point_on_surface(geoms)
    return bool(shapely.contains_xy(container, shapely.get_x(points), shapely.get_y(points)).all())


def _whole_compounds(project, pos, labels, balance):
    """Sample outlines of compounds whose every building ends up in one grid (``pos``:
    the buildings' rows)."""
    b = project["buildings"]
    comps = rows_of(b["compound_id"], pos)
    seen: dict = {}
    for comp, label in zip(comps, labels):
        if comp is not None:
            seen.setdefault(comp, []).append(label)
    if balance is not None:
        size = balance.compound_size
    else:
        counts = b["compound_id"].value_counts()
        size = (lambda c: int(counts.get(c, 0)))
    whole = {c: ls[0] for c, ls in seen.items() if len(set(ls)) == 1 and len(ls) == size(c)}
    compounds = project["compounds"]
    whole = {c: g for c, g in whole.items() if c in compounds.index}
    if not whole:
        return None
    geoms = layer_metric(project, "compounds", positions(compounds.index, list(whole)))
    return tiling.sample_outlines(geoms, list(whole.values()), spacing=COMPOUND_SPACING)


class DeriveBoundaries(ChangeSet):
    """Re-draw grid polygons from their buildings (a whole community, or some grids)."""

    def __init__(self, grid_ids=None, community_id=None, scope: str = "grids", balance=None):
        super().__init__(Message("command.derive_boundaries"))
        self.grid_ids, self.community_id, self.scope, self.balance = grid_ids, community_id, scope, balance

    def changes(self, project):
        grid_ids = self.grid_ids
        scope = self.scope
        if self.community_id is not None:
            grids = project["grids"]
            grid_ids = list(grids.index[grids["community_id"] == self.community_id])
            scope = "community"
        parts = derive_boundaries(project, grid_ids or [], scope=scope, balance=self.balance)
        return [("update", "grids", g, {"geometry": geom}) for g, geom in parts.items()]
