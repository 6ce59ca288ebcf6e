"""What adopting a plan does to the organization: derived from the two layouts, in one step.

While a proposal is edited the organization stays as it is (:mod:`geo.editing.plan_state`).
Adopting the plan compares the current layout with the plan's and moves the
organization once, with the same rules :mod:`geo.editing.orgs` applies edit by edit:

* every building party group goes under the branch of its building's grid in the plan;
* a grid that exists only in the plan, whose buildings mostly come from a grid with
  a branch, gets a branch of its own (:func:`geo.editing.orgs.new_branch`);
* the branch of a grid the plan drops is folded (:func:`geo.editing.orgs.fold_branch`)
  into the branch of the grid that received most of its buildings, or that grid takes
  the branch over when it has none; partner links to the dropped grid go there too;
* members attached directly to a branch follow their building to its new grid's branch.

Before any of this, the plan's grids must tile their communities
(:func:`plan_topology_problems`) unless the adoption is forced.
"""
from __future__ import annotations

import pandas as pd

from ..messages import Message, register
from ..schema import REFERENCES
from ..topology import topology_problems
from . import orgs as org_rules
from .plan_state import current_plan
from .plans import plan_assignment, plan_grids
from .topology_guard import TopologyRefused

#: What a plan must not have to be adopted without ``--force``.
BLOCKING_KINDS = {
    "grid_overlap": register("topology.kind.grid_overlap", "与其他网格重叠", "overlaps another grid"),
    "grid_gap": register("topology.kind.grid_gap", "有不属于任何网格的区域", "has area in no grid"),
    "grid_outside_community": register("topology.kind.grid_outside_community", "超出所属社区",
                                       "reaches outside its community"),
    "grid_not_contiguous": register("topology.kind.grid_not_contiguous", "分成几块", "falls apart in pieces"),
    "building_outside_grid": register("topology.kind.building_outside_grid", "楼栋不在其网格内",
                                      "building lies outside its grid"),
}
register("plan.topology_problem", "{layer} {id}：{kind}", "{layer} {id}: {kind}")


def adoption_changes(project, plan_id, *, force: bool = False) -> list[tuple]:
    """Organization and partner-link changes that adopting ``plan_id`` implies (checks topology first)."""
    if not force:
        problems = plan_topology_problems(project, plan_id)
        if problems:
            raise TopologyRefused("topology.plan_problems", problems, plan=plan_id)
    current = current_plan(project)
    return organization_changes(project, plan_assignment(project, current), plan_assignment(project, plan_id),
                                plan_grids(project, current), plan_grids(project, plan_id))


def plan_topology_problems(project, plan_id) -> list[Message]:
    """The blocking topology problems of a plan's layout, worded as messages."""
    grids = plan_grids(project, plan_id).copy()
    grids["grid_id"] = grids.index
    buildings = project["buildings"].copy()
    assignment = plan_assignment(project, plan_id)
    buildings["grid_id"] = [assignment.get(i) for i in buildings.index]
    frames = {"grids": grids, "communities": project["communities"], "buildings": buildings}
    found = topology_problems(_Frames(frames))
    return [Message("plan.topology_problem", layer=p.layer, id=p.id or "", kind=Message(BLOCKING_KINDS[p.kind]))
            for p in found if p.kind in BLOCKING_KINDS]


class _Frames:
    """The shape :func:`geo.topology.topology_problems` reads (``.frames``)."""

    def __init__(self, frames):
        self.frames = frames


def organization_changes(project, old_assign: dict, new_assign: dict, old_grids, new_grids) -> list[tuple]:
    """Changes moving the organization from the ``old`` layout to the ``new`` one (see module doc)."""
    orgs, members = project["organizations"], project["members"]
    branches = orgs[orgs["level"] == "grid_branch"]
    branch_of = dict(zip(branches["area_id"], branches.index))
    flows = _flows(old_assign, new_assign)
    final = {g: branch_of[g] for g in new_grids.index if g in old_grids.index and g in branch_of}
    parent, member_org, area, folded, inserts, links = {}, {}, {}, {}, [], []
    for gone in sorted((g for g in old_grids.index if g not in new_grids.index), key=str):
        receiver = _most(flows, "old", gone, "new")
        links += org_rules.repoint_partner_links(project, gone, receiver)
        branch = branch_of.get(gone)
        if branch is None or receiver is None:
            continue  # a branch with nowhere to go stays; check reports it
        if final.get(receiver) is None:
            area[branch], final[receiver] = receiver, branch
            continue
        parent.update(dict.fromkeys(orgs.index[orgs["parent_id"] == branch], final[receiver]))
        member_org.update(dict.fromkeys(members.index[members["org_id"] == branch], final[receiver]))
        folded[branch] = final[receiver]
    for grid in (g for g in new_grids.index if g not in old_grids.index and g not in final):
        source = _most(flows, "new", grid, "old")
        if source is not None and source in branch_of:
            final[grid], insert = org_rules.new_branch(project, grid, new_grids.at[grid, "name"],
                                                       new_grids.at[grid, "community_id"])
            inserts.append(insert)
    _regroup(orgs, new_assign, final, parent)
    committees = set(orgs.index[orgs["level"] == "community_committee"])
    _residents(members, old_assign, new_assign, branch_of, final, member_org, committees)
    return (inserts + _updates("organizations", parent, "parent_id", orgs, folded)
            + [("update", "organizations", o, {"area_id": g}) for o, g in area.items()]
            + _updates("members", member_org, "org_id", members, ())
            + _other_org_references(project, folded)
            + [("delete", "organizations", o) for o in folded] + links)


#: Organization references adoption re-points by its own rules (groups follow buildings,
#: members follow their building); every other column naming an organization follows its fold.
_OWN_RULES = {("organizations", "parent_id"), ("members", "org_id")}


def _other_org_references(project, folded: dict) -> list[tuple]:
    """Point every other reference to a folded branch (a need's responsible org …) at the
    branch it was folded into, so nothing is left naming a deleted organization."""
    changes = []
    for (layer, column), target in REFERENCES.items():
        if target != "organizations" or (layer, column) in _OWN_RULES:
            continue
        frame = project[layer]
        if frame.empty or column not in frame.columns:
            continue
        hits = frame[column].isin(list(folded))
        changes += [("update", layer, i, {column: folded[org]})
                    for i, org in zip(frame.index[hits], frame[column][hits])]
    return changes


def _flows(old_assign, new_assign) -> pd.DataFrame:
    """One row per building: its grid in the old and in the new layout."""
    ids = list(old_assign)
    frame = pd.DataFrame({"old": [old_assign[i] for i in ids], "new": [new_assign.get(i) for i in ids]})
    return frame.dropna()


def _most(flows, side, grid, other):
    """The grid on the ``other`` side that most buildings of ``grid`` (on ``side``) map to."""
    counts = flows.loc[flows[side] == grid, other].value_counts()
    if counts.empty:
        return None
    top = counts[counts == counts.iloc[0]]
    return sorted(top.index, key=str)[0]  # a tie goes to the first id, so adoption is repeatable


def _regroup(orgs, new_assign, final, parent) -> None:
    groups = orgs[orgs["level"] == "building_group"]
    for org, building, now in zip(groups.index, groups["area_id"], groups["parent_id"]):
        target = final.get(new_assign.get(building))
        if target is not None and parent.get(org, now) != target:
            parent[org] = target


def _residents(members, old_assign, new_assign, branch_of, final, member_org, committees=()) -> None:
    """Members filed with their old grid's branch — or with the community, because their old
    grid had none — go to the branch of their building's new grid."""
    mine = members[members["org_id"].isin(list(branch_of.values()) + list(committees))]
    for m, org, building in zip(mine.index, mine["org_id"], mine["building_id"]):
        old, new = old_assign.get(building), new_assign.get(building)
        if old == new and org not in committees:
            continue
        if org not in committees and branch_of.get(old) != org:
            continue
        target = final.get(new)
        if target is not None and member_org.get(m, org) != target:
            member_org[m] = target


def _updates(layer, values: dict, column, frame, skip) -> list[tuple]:
    return [("update", layer, i, {column: v}) for i, v in values.items()
            if i not in skip and frame.at[i, column] != v]

