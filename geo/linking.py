"""Spatial linking: fill in which compound, grid and community each feature lies in.

Imports arrive in any order: buildings before grids, grids after buildings,
compounds last. Linking closes the gap afterwards, the same whatever the order:

* building → compound: the compound holding the building's representative
  point, else the compound covering the largest share of its footprint;
* building → grid: likewise with grids;
* compound / grid / station → community: likewise with communities.

A feature whose footprint lies substantially in two candidates (a building
across a grid border, a grid across a community border) is *ambiguous*: it is
listed and left as it is, never guessed. Explicit values are kept unless
``relink`` is asked for. The result is a change list for one undoable command.

Example
-------
>>> result = plan_links(project)                  # doctest: +SKIP
>>> result.linked[("buildings", "grid_id")]       # doctest: +SKIP
376
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from .commands import ChangeList
from .messages import Message, register

#: A second candidate holding at least this share of a footprint makes the link
#: ambiguous; below it the overlap is taken as drawing slack (hand-drawn grid
#: borders often clip the edge of a building).
CROSSING_SHARE = 0.25
#: With no candidate under the representative point, the largest overlap must
#: cover at least this share of the footprint to count.
MIN_OVERLAP_SHARE = 0.25

#: (layer, column, target layer), in the order they are worked out: communities
#: first, so that a building's grid can be checked against its compound's community.
LINKS = (
    ("compounds", "community_id", "communities"),
    ("grids", "community_id", "communities"),
    ("stations", "community_id", "communities"),
    ("buildings", "compound_id", "compounds"),
    ("buildings", "grid_id", "grids"),
)

register("link.crossing", "{layer} {id} 跨越 {candidates}，未自动关联",
         "{layer} {id} lies across {candidates}; not linked automatically")
register("link.other_community", "楼栋 {id} 所在网格 {grid} 属于社区 {grid_community}，而其小区属于社区 {community}",
         "building {id} lies in grid {grid} of community {grid_community}, but its compound is in community {community}")
register("link.summary", "已关联 {linked} 处，{ambiguous} 处有歧义，{unlinked} 处未找到",
         "linked {linked}, {ambiguous} ambiguous, {unlinked} not found")
register("link.kind", "{layer}.{column}：关联 {linked}，歧义 {ambiguous}，未找到 {unlinked}",
         "{layer}.{column}: linked {linked}, ambiguous {ambiguous}, not found {unlinked}")


@dataclass(frozen=True)
class Ambiguity:
    """One feature left unlinked because two candidates hold it."""

    layer: str
    id: object
    column: str
    candidates: tuple
    message: Message


@dataclass
class LinkResult:
    """What linking would change and what it could not decide."""

    changes: list = field(default_factory=list)
    linked: dict = field(default_factory=dict)      # (layer, column) -> count
    ambiguous: list = field(default_factory=list)   # list[Ambiguity]
    unlinked: dict = field(default_factory=dict)    # (layer, column) -> list of ids

    @property
    def summary(self) -> Message:
        return Message("link.summary", linked=sum(self.linked.values()), ambiguous=len(self.ambiguous),
                       unlinked=sum(len(v) for v in self.unlinked.values()))

    def lines(self) -> list[Message]:
        """One message per link kind that had anything to do."""
        out = []
        for layer, column, _ in LINKS:
            key = (layer, column)
            n_amb = sum(1 for a in self.ambiguous if (a.layer, a.column) == key)
            if self.linked.get(key) or n_amb or self.unlinked.get(key):
                out.append(Message("link.kind", layer=layer, column=column, linked=self.linked.get(key, 0),
                                   ambiguous=n_amb, unlinked=len(self.unlinked.get(key, []))))
        return out


def plan_links(project, relink: bool = False, skip=()) -> LinkResult:
    """Work out every missing link (every link with ``relink``) against the project as it is.

    ``skip``: (layer, column) links to leave alone (``import --leave-unassigned``).
    """
    result = LinkResult()
    decided: dict[tuple[str, str], pd.Series] = {}
    for layer, column, target in LINKS:
        if (layer, column) in skip:
            continue
        frame = project[layer]
        if not len(frame) or not len(project[target]) or column not in frame.columns:
            continue
        todo = frame.index if relink else frame.index[frame[column].map(_blank).to_numpy(dtype=bool)]
        if not len(todo):
            continue
        found, ambiguous = _locate(project, layer, todo, target)
        if (layer, column) == ("buildings", "grid_id"):
            found, more = _same_community(project, found, decided)
            ambiguous += more
        key = (layer, column)
        current = frame[column]
        changed = {i: g for i, g in found.items() if _norm(current.get(i)) != g}
        result.changes += [("update", layer, i, {column: g}) for i, g in changed.items()]
        result.linked[key] = len(changed)
        result.ambiguous += [Ambiguity(layer, i, column, c, m) for i, c, m in ambiguous]
        missing = set(todo) - set(found) - {i for i, _, _ in ambiguous}
        result.unlinked[key] = sorted(i for i in missing if _blank(current.get(i)))
        merged = current.astype(object).copy()
        if found:
            merged.loc[list(found)] = list(found.values())
        decided[key] = merged
    return result


def link_command(project, relink: bool = False) -> tuple[ChangeList, LinkResult]:
    """An undoable command applying :func:`plan_links` (one transaction)."""
    result = plan_links(project, relink)
    return ChangeList(result.summary, result.changes), result  # coded: both languages in the history


# ---------------------------------------------------------------- locating

def _locate(project, layer, ids, target):
    """(id -> target id, [(id, candidates, message)]) for the features ``ids``."""
    geoms = project[layer].geometry.loc[list(ids)]
    targets = project[target]
    if geoms.crs is not None and targets.crs is not None and geoms.crs != targets.crs:
        geoms = geoms.to_crs(targets.crs)
    target_geoms = targets.geometry.values
    tree = shapely.STRtree(target_geoms)
    valid = ~(geoms.isna() | geoms.is_empty).to_numpy()
    points = shapely.point_on_surface(geoms.values[valid])
    ids_valid = np.asarray(list(ids), dtype=object)[valid]
    holders = _hits_by_source(tree.query(points, predicate="within"), len(points))
    # Most features meet exactly one target: no area arithmetic needed for them.
    touching = np.bincount(tree.query(geoms.values[valid], predicate="intersects")[0], minlength=len(points))
    found, ambiguous = {}, []
    is_area = geoms.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()[valid]
    for pos, id_ in enumerate(ids_valid):
        cands = holders[pos]
        if not is_area[pos] or (len(cands) == 1 and touching[pos] == 1):
            if len(cands) == 1:
                found[id_] = targets.index[cands[0]]
            elif len(cands) > 1:
                ambiguous.append(_ambiguity(layer, id_, targets.index[cands]))
            continue
        shares = _shares(geoms.values[valid][pos], target_geoms, tree)
        if not shares:
            continue
        order = sorted(shares, key=shares.get, reverse=True)
        best = cands[0] if len(cands) == 1 else order[0]
        others = [t for t in order if t != best and shares[t] >= CROSSING_SHARE]
        if len(cands) > 1 or others:
            ambiguous.append(_ambiguity(layer, id_, targets.index[[best, *others]]))
        elif len(cands) == 1 or shares[best] >= MIN_OVERLAP_SHARE:
            found[id_] = targets.index[best]
    return found, ambiguous


def _hits_by_source(hits, n) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(n)]
    for src, dst in zip(*hits):
        out[int(src)].append(int(dst))
    return out


def _shares(geom, target_geoms, tree) -> dict[int, float]:
    """Share of ``geom``'s area inside each target it meets (planar; the ratio is what matters)."""
    area = geom.area
    if area <= 0:
        return {}
    near = tree.query(geom, predicate="intersects")
    inter = shapely.area(shapely.intersection(target_geoms[near], geom))
    return {int(t): float(a / area) for t, a in zip(near, inter) if a > 0}


def _ambiguity(layer, id_, candidates):
    cands = tuple(candidates)
    return (id_, cands, Message("link.crossing", layer=layer, id=id_, candidates="、".join(map(str, cands))))


def _same_community(project, found: dict, decided: dict):
    """Refuse a grid in another community than the building's compound (listed as ambiguous)."""
    compound_of = decided.get(("buildings", "compound_id"), project["buildings"]["compound_id"])
    community_of_compound = decided.get(("compounds", "community_id"), project["compounds"]["community_id"])
    community_of_grid = decided.get(("grids", "community_id"), project["grids"]["community_id"])
    keep, ambiguous = {}, []
    for id_, grid in found.items():
        compound = compound_of.get(id_)
        community = None if _blank(compound) else community_of_compound.get(compound)
        grid_community = community_of_grid.get(grid)
        if _blank(community) or _blank(grid_community) or community == grid_community:
            keep[id_] = grid
            continue
        ambiguous.append((id_, (grid,), Message("link.other_community", id=id_, grid=grid,
                                                grid_community=grid_community, community=community)))
    return keep, ambiguous


def _blank(value) -> bool:
    return value is None or value != value or value == ""


def _norm(value):
    return None if _blank(value) else value


# ---------------------------------------------------------------- linking what an import brings

class _Preview:
    """The project's layers as they will be after an import's inserts and updates (read-only)."""

    def __init__(self, project, layer, inserts, updates):
        self.layers = dict(project.layers)
        frame = project[layer].copy()
        for id_, values in updates.items():
            for column, value in values.items():
                if column != "geometry" and column in frame.columns:
                    frame.loc[id_, column] = value
        if inserts:
            import geopandas as gpd

            added = pd.DataFrame(inserts)
            added.index = pd.Index(added[_id_column(layer)].to_numpy())
            if "geometry" in added.columns and hasattr(frame, "crs"):
                added = gpd.GeoDataFrame(added, geometry="geometry", crs=frame.crs)
            frame = pd.concat([frame, added[[c for c in frame.columns if c in added.columns]]])
        self.layers[layer] = frame

    def __getitem__(self, name):
        return self.layers[name]


def _id_column(layer):
    from .schema import LAYERS as _LAYERS

    return _LAYERS[layer].id_column


def preview_links(project, layer, inserts: list[dict], updates: dict, skip=()) -> LinkResult:
    """:func:`plan_links` for the project as an import would leave it (nothing written)."""
    import warnings

    with warnings.catch_warnings():  # all-empty optional columns in the appended rows
        warnings.filterwarnings("ignore", "The behavior of DataFrame concatenation", FutureWarning)
        preview = _Preview(project, layer, inserts, updates)
    return plan_links(preview, skip=skip)
