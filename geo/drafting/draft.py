"""Drafting grids for communities: the assignment, the grids' figures, the exceptions.

The rules, in the order they give way to each other:

1. every grid lies inside one community (communities are drafted one by one);
2. every grid is contiguous: its buildings are connected through neighbouring
   buildings (:mod:`geo.drafting.neighbours`);
3. every grid is within the household band, unless impossible — a building above
   the upper bound gets a grid of its own, a community (or a cluster cut off by a
   wide gap) below the lower bound gets one grid — and each such grid is listed in
   the exceptions with its reason;
4. compounds stay whole unless one alone exceeds the upper bound (split into as few
   grids as possible, listed);
5. kept grids (``keep``: given by the user, or locked) are not touched;
6. grids are compact (straight cuts first; Polsby-Popper reported per grid);
7. the same input and seed give the same draft.

Nothing here writes: :mod:`geo.drafting.to_plan` turns a :class:`DraftResult`
into a plan.
"""
from __future__ import annotations

import math
import time
import zlib
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..editing.assign import building_communities
from ..editing.compactness import compactness_of
from ..editing.metric import from_metric, to_metric
from ..messages import CodedError, Message, register
from ..tiling import derive_grid_polygons, sample_outlines
from .bisect import partition
from .naming import grid_codes, grid_names, reading_order
from .neighbours import adjacency, components, neighbour_edges
from .repair import repair, total_violation
from .units import build_units, unit_edges

#: Bisections tried per grid count; the first that fits the band ends the search.
RESTARTS = 2

register("draft.tower", "楼栋 {building} 有 {households} 户，超过上限 {upper}，单独成格",
         "building {building} has {households} households, above the upper bound {upper}: a grid of its own")
register("draft.community_below", "社区 {community} 共 {households} 户，不足下限 {lower}，只划一个网格",
         "community {community} has {households} households in all, below the lower bound {lower}: one grid")
register("draft.cluster_below", "这片楼栋与其他楼栋隔开，共 {households} 户，不足下限 {lower}",
         "these buildings stand apart from the rest, {households} households, below the lower bound {lower}")
register("draft.no_fit", "{households} 户，无法在保持小区完整和网格连片的前提下调入户数范围 {lower}-{upper}",
         "{households} households: cannot be brought into the band {lower}-{upper} while keeping compounds"
         " whole and the grid contiguous")
register("draft.compound_split", "小区 {compound} 共 {households} 户，超过上限，拆为 {pieces} 个网格",
         "compound {compound} has {households} households, above the upper bound: split into {pieces} grids")
register("draft.compound_split_band", "小区 {compound} 整体划入时无法使网格户数在范围内，拆为 {pieces} 个网格",
         "compound {compound} kept whole leaves grids outside the band: split into {pieces} grids")
register("draft.bad_band", "户数范围 {lower}-{upper} 无效", "the household band {lower}-{upper} is not valid")
register("draft.unknown_community", "没有社区 {community}", "there is no community {community}")
register("draft.unknown_grid", "没有网格 {grid}（--keep）", "there is no grid {grid} (--keep)")
register("draft.cancelled", "已取消自动划分", "drafting was cancelled")


class DraftCancelled(CodedError):
    pass


@dataclass
class DraftGrid:
    grid_id: str
    name: str
    community_id: str
    households: float
    buildings: list
    compounds: int
    polsby_popper: float = float("nan")
    geometry: object = None  # project CRS


@dataclass
class DraftException:
    grid_id: str
    code: str
    message: Message

    def to_dict(self, lang: str = "zh") -> dict:
        return {"grid_id": self.grid_id, "reason": self.message.text(lang), "code": self.code}


@dataclass
class DraftResult:
    assignment: dict = field(default_factory=dict)          # building_id -> new grid_id
    grids: list = field(default_factory=list)               # list[DraftGrid] (new grids only)
    exceptions: list = field(default_factory=list)          # list[DraftException]
    communities: list = field(default_factory=list)         # drafted community ids
    kept: list = field(default_factory=list)                # grid ids left untouched
    replaced: list = field(default_factory=list)            # old grid ids the plan no longer has
    unplaced: list = field(default_factory=list)            # buildings in no community
    band: tuple = (300, 500)
    seconds: float = 0.0

    def to_json(self, plan_id=None, lang: str = "zh") -> dict:
        """The ``draft --json`` document (a stable interface: see the README)."""
        return {
            "plan": plan_id,
            "seconds": round(self.seconds, 3),
            "grids": [{"grid_id": g.grid_id, "community_id": g.community_id, "households": int(g.households),
                       "buildings": len(g.buildings), "compounds": g.compounds,
                       "polsby_popper": None if g.polsby_popper != g.polsby_popper else round(g.polsby_popper, 4)}
                      for g in self.grids],
            "exceptions": [e.to_dict(lang) for e in self.exceptions],
        }


def draft(project, communities=None, band=None, keep=(), seed: int = 1, progress=None,
          cancelled=None) -> DraftResult:
    """Draft grids for ``communities`` (all when None).

    Parameters
    ----------
    band : (lower, upper), optional
        Households per grid; the project's rules when not given.
    keep : iterable of grid ids
        Grids left as they are, with their buildings (``--keep`` and locked grids).
    progress : callable(done, total), optional
    cancelled : callable() -> bool, optional
        Checked between communities; True raises :class:`DraftCancelled`.
    """
    start = time.perf_counter()
    result, community_of = start_draft(project, communities, band, keep)
    wanted, keep, (lower, upper) = result.communities, result.kept, result.band
    b = project["buildings"]
    result.unplaced = [i for i in b.index if _blank(community_of.get(i))]
    kept_buildings = b["grid_id"].isin(keep).to_numpy()
    taken = set(project["grids"].index) | _plan_grid_ids(project)
    for n, community in enumerate(wanted):
        check_cancelled(cancelled)
        mask = (community_of.to_numpy(dtype=object) == community) & ~kept_buildings
        _draft_community(project, community, b.index[mask], (lower, upper), keep, seed, taken, result)
        grids = project["grids"]
        result.replaced += [g for g in grids.index[grids["community_id"] == community] if g not in keep]
        if progress is not None:
            progress(n + 1, len(wanted))
    result.seconds = time.perf_counter() - start
    return result


def start_draft(project, communities, band, keep):
    """(an empty :class:`DraftResult` holding the checked arguments, each building's community)."""
    lower, upper = band or (project.rules.households_min, project.rules.households_max)
    if not (0 < lower <= upper):
        raise CodedError("draft.bad_band", lower=lower, upper=upper)
    comms = project["communities"]
    wanted = list(comms.index) if not communities else list(communities)
    for c in wanted:
        if c not in comms.index:
            raise CodedError("draft.unknown_community", community=c)
    keep = list(dict.fromkeys(keep))
    for g in keep:
        if g not in project["grids"].index:
            raise CodedError("draft.unknown_grid", grid=g)
    b = project["buildings"]
    community_of = building_communities(project, b.index) if len(b) else b["grid_id"]
    return DraftResult(communities=wanted, kept=keep, band=(lower, upper)), community_of


def check_cancelled(cancelled) -> None:
    if cancelled is not None and cancelled():
        raise DraftCancelled("draft.cancelled")


# ---------------------------------------------------------------- one community

def _draft_community(project, community, building_ids, band, keep, seed, taken, result) -> None:
    lower, upper = band
    if not len(building_ids):
        return
    rng = np.random.default_rng([seed, zlib.crc32(str(community).encode())])
    b = project["buildings"].loc[building_ids]
    geoms = to_metric(project, b.geometry.values.to_numpy())
    points = shapely.point_on_surface(geoms)
    xy = np.column_stack([shapely.get_x(points), shapely.get_y(points)])
    households = np.nan_to_num(b["households"].to_numpy(dtype=float), nan=0.0)
    compounds = b["compound_id"].to_numpy(dtype=object)
    edges = neighbour_edges(xy, households, lower)
    units = build_units(xy, households, compounds, edges, lower, upper, rng)
    parts, reasons = _partition_units(units, edges, len(xy), households, lower, upper, rng)
    parts, reasons, units = _open_compounds_for_band(parts, reasons, units, xy, households, compounds, edges,
                                                     band, rng)
    for pos in units.towers:
        parts.append(np.array([pos]))
        reasons.append(("draft.tower", {"building": building_ids[pos], "households": int(households[pos]),
                                        "upper": upper}))
    _emit(project, community, building_ids, geoms, xy, households, compounds, parts, reasons, units,
          band, keep, taken, result)


def _open_compounds_for_band(parts, reasons, units, xy, households, compounds, edges, band, rng):
    """The band comes before whole compounds: when grids stay outside the band, draft again
    with the compounds of those grids (and of the grids next to them) opened up, and keep
    that draft if it is closer to the band. The opened compounds that end up split are listed."""
    lower, upper = band
    missed = [p for p, r in zip(parts, reasons) if r is not None and r[0] == "draft.no_fit"]
    if not missed:
        return parts, reasons, units
    owner = np.full(len(xy), -1)
    for i, part in enumerate(parts):
        owner[part] = i
    involved = {owner[p] for part in missed for p in part}
    involved |= {owner[b] for a, b in edges if owner[a] in involved} | {owner[a] for a, b in edges if owner[b] in involved}
    open_up = {c for i in involved if i >= 0 for c in compounds[parts[i]] if _present_id(c)}
    opened = build_units(xy, households, compounds, edges, lower, upper, rng, open_up=open_up)
    again, again_reasons = _partition_units(opened, edges, len(xy), households, lower, upper, rng)

    def distance(ps):
        return sum(max(lower - households[p].sum(), 0) + max(households[p].sum() - upper, 0) for p in ps)

    if distance(again) < distance(parts):
        return again, again_reasons, opened
    return parts, reasons, units


def _present_id(value) -> bool:
    return value is not None and value == value and value != ""


def choose_k(total: float, lower: float, upper: float) -> int:
    """How many grids a connected set of ``total`` households becomes."""
    if total < lower:
        return 1
    k_min, k_max = math.ceil(total / upper), math.floor(total / lower)
    if k_min > k_max:
        return max(k_min, 1)
    return int(min(max(round(total / ((lower + upper) / 2)), k_min), k_max))


def _partition_units(units, edges, n, households, lower, upper, rng):
    """Building-position arrays per grid, and the exception (or None) for each."""
    cells = units.units
    if not cells:
        return [], []
    u_edges = unit_edges(cells, edges, n)
    count, labels = components(len(cells), u_edges)
    parts, reasons = [], []
    for label in range(count):
        idx = np.flatnonzero(labels == label)
        remap = {old: new for new, old in enumerate(idx)}
        sub = np.array([(remap[a], remap[b]) for a, b in u_edges if a in remap and b in remap],
                       dtype=int).reshape(-1, 2)
        group_cells = [cells[i] for i in idx]
        total = sum(c.households for c in group_cells)
        for group in _best_partition(group_cells, sub, total, lower, upper, rng):
            members = np.concatenate([group_cells[g].members for g in group])
            parts.append(members)
            reasons.append(_band_reason(households[members].sum(), total, count, lower, upper))
    return parts, reasons


def _best_partition(cells, edges, total, lower, upper, rng, k=None) -> list[np.ndarray]:
    """The best of a few bisections (grid counts around the ideal, several seeds), each repaired.

    Best: least total distance to the band, then most compact (least spread).
    """
    fixed_k = k is not None
    k = k or choose_k(total, lower, upper)
    h = np.array([c.households for c in cells], dtype=float)
    groups = None
    xy = np.array([[c.x, c.y] for c in cells], dtype=float)
    adj = adjacency(len(cells), edges)
    ks = [k] + ([] if fixed_k else [kk for kk in (k - 1, k + 1) if kk >= 1 and kk * lower <= total <= kk * upper * 1.2])
    best, best_key = None, None
    for kk in ks:
        for _ in range(RESTARTS):
            parts = repair(partition(cells, edges, kk, lower, upper, rng, groups), h, xy, adj, lower, upper,
                           groups)
            key = (round(total_violation(parts, h, lower, upper), 6), _extra_pieces(parts, cells),
                   _spread(parts, xy))
            if best_key is None or key < best_key:
                best, best_key = parts, key
            if key[0] == 0 and kk == k:
                break
        if best_key[0] == 0:
            break
    return best


def _extra_pieces(parts, cells) -> int:
    """Grids a split compound spans beyond the fewest it needs."""
    spans: dict = {}
    for i, part in enumerate(parts):
        for c in part:
            if getattr(cells[c], "pieces", 1) > 1:
                spans.setdefault(cells[c].compound, set()).add(i)
    return sum(max(len(grids) - next(c.pieces for c in cells if getattr(c, "compound", None) == comp), 0)
               for comp, grids in spans.items())


def _spread(parts, xy) -> float:
    return float(sum(((xy[p] - xy[p].mean(axis=0)) ** 2).sum() for p in parts if len(p)))


def _band_reason(h, total, clusters, lower, upper):
    if lower <= h <= upper:
        return None
    if h < lower and total < lower:
        code = "draft.community_below" if clusters == 1 else "draft.cluster_below"
        return (code, {"households": int(h), "lower": lower})
    return ("draft.no_fit", {"households": int(h), "lower": lower, "upper": upper})


def _emit(project, community, building_ids, geoms, xy, households, compounds, parts, reasons, units,
          band, keep, taken, result) -> None:
    """Name, code, draw and record the community's new grids."""
    grids = project["grids"]
    centres = np.array([xy[p].mean(axis=0) for p in parts])
    order = reading_order(centres[:, 0], centres[:, 1])
    parts = [parts[i] for i in order]
    reasons = [reasons[i] for i in order]
    in_comm = grids[grids["community_id"] == community]
    kept_here = [g for g in keep if g in in_comm.index]
    codes = grid_codes(list(in_comm.index), len(parts), community, taken)
    taken.update(codes)
    comm_name = project["communities"].at[community, "name"]
    names = grid_names(str(comm_name), len(parts), set(in_comm.loc[kept_here, "name"]))
    labels = np.empty(len(xy), dtype=object)
    for code, part in zip(codes, parts):
        labels[part] = code
    polygons = _boundaries(project, community, geoms, labels, compounds, kept_here)
    metric_polys = np.array([polygons.get(code) for code in codes], dtype=object)
    pp = compactness_of(metric_polys)["polsby_popper"].to_numpy() if len(codes) else []
    geometries = from_metric(project, metric_polys) if len(codes) else []
    result.communities = result.communities or []
    for i, (code, name, part, reason) in enumerate(zip(codes, names, parts, reasons)):
        ids = [building_ids[p] for p in part]
        for id_ in ids:
            result.assignment[id_] = code
        comps = {c for c in compounds[part] if not _blank(c)}
        result.grids.append(DraftGrid(code, name, community, float(households[part].sum()), ids, len(comps),
                                      float(pp[i]), geometries[i]))
        if reason is not None:
            result.exceptions.append(DraftException(code, reason[0], Message(reason[0], **reason[1])))
        for compound in sorted(comps):
            if compound in units.split_compounds:
                pieces = len(set(labels[compounds == compound]) - {None})
                if compound in getattr(units, "opened", ()):
                    if pieces > 1:
                        result.exceptions.append(DraftException(code, "draft.compound_split_band", Message(
                            "draft.compound_split_band", compound=compound, pieces=pieces)))
                    continue
                total = int(households[compounds == compound].sum())
                result.exceptions.append(DraftException(code, "draft.compound_split", Message(
                    "draft.compound_split", compound=compound, households=total, pieces=pieces)))


def _boundaries(project, community, geoms, labels, compounds, kept_here) -> dict:
    """Grid polygons tiling the community minus its kept grids (metric CRS)."""
    container = to_metric(project, np.array([project["communities"].geometry[community]], dtype=object))[0]
    if kept_here:
        kept = to_metric(project, project["grids"].loc[kept_here].geometry.values.to_numpy())
        container = shapely.difference(container, shapely.union_all(kept))
    whole = {}
    for c in {c for c in compounds if not _blank(c)}:
        grid_labels = set(labels[compounds == c])
        if len(grid_labels) == 1 and c in project["compounds"].index:
            whole[c] = grid_labels.pop()
    extra = None
    if whole:
        comp_geoms = to_metric(project, project["compounds"].loc[list(whole)].geometry.values.to_numpy())
        extra = sample_outlines(comp_geoms, list(whole.values()))
    valid = labels != None  # noqa: E711 - numpy elementwise comparison
    return derive_grid_polygons(container, geoms[valid], labels[valid], extra_points=extra)


def _plan_grid_ids(project) -> set:
    frame = project.layers.get("plan_grids")
    return set(frame["grid_id"]) if frame is not None and len(frame) else set()


def _blank(value) -> bool:
    return value is None or value != value or value == ""
