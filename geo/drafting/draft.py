"""Drafting grids for communities: the assignment, the grids' figures, the exceptions.

The rules, in the order they give way to each other:

1. every grid lies inside one community (communities are drafted independently —
   :mod:`geo.drafting.community_draft`, on several processes for a large draft);
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
7. the same input and seed give the same draft, on any number of processes.

Nothing here writes: :mod:`geo.drafting.to_plan` turns a :class:`DraftResult`
into a plan.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..editing.assign import building_communities
from ..editing.metric import from_metric, to_metric
from ..messages import CodedError, Message, register
from .community_draft import CommunityInput, best_partition, choose_k, draft_community, present_id
from .naming import grid_codes, grid_names
from .workers import run_jobs, worker_count

__all__ = ["DraftCancelled", "DraftException", "DraftGrid", "DraftResult", "best_partition", "check_cancelled",
           "choose_k", "draft", "prepare_draft", "start_draft"]

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
    workers: int = 1                                        # processes that drafted (1: this one)
    phase_seconds: dict = field(default_factory=dict)       # summed over communities, whichever process

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
          cancelled=None, workers=None) -> DraftResult:
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
    workers : int, optional
        Processes drafting communities side by side; by default one per core for a large
        draft and the calling process alone for a small one. The draft is the same
        whatever the number.
    """
    start = time.perf_counter()
    result, jobs = prepare_draft(project, communities, band, keep, seed)
    n_workers = worker_count(len(jobs), sum(len(j.geoms) for j in jobs), workers)
    result.workers = n_workers
    drafts = run_jobs(draft_community, jobs, n_workers, progress, cancelled,
                      on_cancel=lambda: check_cancelled(lambda: True))
    taken = set(project["grids"].index) | _plan_grid_ids(project)
    grids = project["grids"]
    existing = defaultdict(list)
    for g, c, name in zip(grids.index, grids["community_id"], grids["name"]):
        existing[c].append((g, name))
    for job, community_draft in zip(jobs, drafts):
        _emit(project, job, community_draft, taken, existing, result)
        for phase, seconds in community_draft.seconds.items():
            result.phase_seconds[phase] = result.phase_seconds.get(phase, 0.0) + seconds
    _to_project_crs(project, result)
    kept = set(result.kept)
    result.replaced = [g for c in result.communities for g, _ in existing.get(c, []) if g not in kept]
    result.seconds = time.perf_counter() - start
    return result


def prepare_draft(project, communities=None, band=None, keep=(), seed: int = 1):
    """(an empty :class:`DraftResult` with the checked arguments and unplaced buildings, one
    :class:`~geo.drafting.community_draft.CommunityInput` per community with buildings to draft).

    Each input can be drafted anywhere (:func:`~geo.drafting.community_draft.draft_community`);
    the benchmark times :func:`~geo.drafting.community_draft.assign_community` on them.
    """
    result, community_of = start_draft(project, communities, band, keep)
    b = project["buildings"]
    community_values = community_of.reindex(b.index).to_numpy(dtype=object) if len(b) else np.empty(0, object)
    result.unplaced = list(b.index[[_blank(c) for c in community_values]])
    return result, _community_inputs(project, result, community_values, seed)


def _community_inputs(project, result, community_values, seed) -> list:
    """One :class:`CommunityInput` per wanted community with buildings to draft (metric CRS)."""
    b = project["buildings"]
    if not len(b):
        return []
    wanted = set(result.communities)
    free = ~b["grid_id"].isin(result.kept).to_numpy()
    positions = defaultdict(list)
    for i, c in enumerate(community_values):
        if free[i] and c in wanted:
            positions[c].append(i)
    todo = [c for c in result.communities if positions.get(c)]
    if not todo:
        return []
    every = np.concatenate([positions[c] for c in todo])
    metric = dict(zip(every, to_metric(project, b.geometry.values.to_numpy()[every])))
    households = b["households"].to_numpy(dtype=float)
    compound_ids = b["compound_id"].to_numpy(dtype=object)
    outlines = _compound_outlines(project, {c for c in compound_ids[every] if present_id(c)})
    containers = _containers(project, todo, result.kept)
    jobs = []
    for c in todo:
        pos = np.asarray(positions[c])
        comps = compound_ids[pos]
        jobs.append(CommunityInput(
            community=c, seed=seed, band=result.band, building_ids=b.index.to_numpy()[pos],
            geoms=np.array([metric[p] for p in pos], dtype=object), households=households[pos], compounds=comps,
            container=containers[c],
            compound_outlines={k: outlines[k] for k in {k for k in comps if present_id(k)} if k in outlines}))
    return jobs


def _compound_outlines(project, compound_ids) -> dict:
    frame = project["compounds"]
    ids = [c for c in compound_ids if c in frame.index]
    if not ids:
        return {}
    return dict(zip(ids, to_metric(project, frame.loc[ids].geometry.values.to_numpy())))


def _containers(project, communities, keep) -> dict:
    """Each community's area (metric CRS) less the grids kept in it."""
    comms = project["communities"]
    shapes = dict(zip(communities, to_metric(project, comms.loc[communities].geometry.values.to_numpy())))
    grids = project["grids"]
    for c in communities:
        kept_here = [g for g in keep if g in grids.index and grids.at[g, "community_id"] == c]
        if kept_here:
            kept = to_metric(project, grids.loc[kept_here].geometry.values.to_numpy())
            shapes[c] = shapely.difference(shapes[c], shapely.union_all(kept))
    return shapes


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


# ---------------------------------------------------------------- one community's grids into the result

def _emit(project, job, drafted, taken, existing, result) -> None:
    """Name, code and record a drafted community's grids (metric geometry, see :func:`_to_project_crs`).

    ``existing``: community -> [(grid id, name)] of the grids it has now."""
    community, parts = job.community, drafted.parts
    if not parts:
        return
    in_comm = existing.get(community, [])
    kept = set(result.kept)
    codes = grid_codes([g for g, _ in in_comm], len(parts), community, taken)
    taken.update(codes)
    comm_name = project["communities"].at[community, "name"]
    names = grid_names(str(comm_name), len(parts), {name for g, name in in_comm if g in kept})
    labels = np.full(len(job.geoms), -1)
    for i, part in enumerate(parts):
        labels[part] = i
    households, compounds = np.nan_to_num(np.asarray(job.households, dtype=float), nan=0.0), job.compounds
    for i, (code, name, part, reason) in enumerate(zip(codes, names, parts, drafted.reasons)):
        ids = [job.building_ids[p] for p in part]
        for id_ in ids:
            result.assignment[id_] = code
        comps = {c for c in compounds[part] if not _blank(c)}
        result.grids.append(DraftGrid(code, name, community, float(households[part].sum()), ids, len(comps),
                                      float(drafted.polsby_popper[i]), drafted.polygons[i]))
        if reason is not None:
            params = dict(reason[1])
            if reason[0] == "draft.community_below":  # the partition knows households, not whose they are
                params["community"] = comm_name if not _blank(comm_name) else community
            result.exceptions.append(DraftException(code, reason[0], Message(reason[0], **params)))
        for compound in sorted(comps):
            if compound not in drafted.split_compounds:
                continue
            pieces = len(set(labels[compounds == compound]) - {-1})
            if compound in drafted.opened:
                if pieces > 1:
                    result.exceptions.append(DraftException(code, "draft.compound_split_band", Message(
                        "draft.compound_split_band", compound=compound, pieces=pieces)))
                continue
            total = int(households[compounds == compound].sum())
            result.exceptions.append(DraftException(code, "draft.compound_split", Message(
                "draft.compound_split", compound=compound, households=total, pieces=pieces)))


def _to_project_crs(project, result) -> None:
    """The grids' metric boundaries in the project CRS, in one transformation."""
    if not result.grids:
        return
    geometries = from_metric(project, np.array([g.geometry for g in result.grids], dtype=object))
    for grid, geometry in zip(result.grids, geometries):
        grid.geometry = geometry


def _plan_grid_ids(project) -> set:
    frame = project.layers.get("plan_grids")
    return set(frame["grid_id"]) if frame is not None and len(frame) else set()


def _blank(value) -> bool:
    return value is None or value != value or value == ""
