"""``check``: does the party organization match the grid layout it serves?

The organization follows the **current** (adopted) layout, also while a proposal
is shown (:mod:`geo.editing.plan_state`), so the layout compared with is the
current plan's (:func:`current_layout`). Three findings, each a
:class:`geo.validate.Problem`:

* ``group_misplaced`` — a building party group (building_group) is not under the
  branch of its building's grid (only where that grid has a branch);
* ``branch_without_grid`` — a grid branch whose grid is not in the current layout
  (a grid missing from the live layer too is already a ``dangling_reference``);
* ``member_misplaced`` — a member attached to another building's party group, or
  living in a grid whose branch is neither the member's organization nor above it.

Vectorized over the tables: a city project holds a million members.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .messages import Message, register
from .validate import Problem

register("orgcheck.group_misplaced", "楼栋党小组在 {parent} 之下，但楼栋 {building} 属于网格 {grid}（党支部 {branch}）",
         "the building party group is under {parent}, but building {building} is in grid {grid} (branch {branch})")
register("orgcheck.branch_without_grid", "网格党支部的网格 {grid} 不在现状布局中",
         "the grid branch's grid {grid} is not in the current layout")
register("orgcheck.member_other_group", "党员属于楼栋 {group_building} 的党小组，但住在楼栋 {building}",
         "the member belongs to the party group of building {group_building} but lives in building {building}")
register("orgcheck.member_other_branch", "党员住在网格 {grid}，但其党组织 {org} 不在该网格党支部 {branch} 之下",
         "the member lives in grid {grid}, but their organization {org} is not under its branch {branch}")

#: Organization levels above a member are at most four deep (street → community → branch → group).
MAX_DEPTH = 4


def org_consistency_problems(frames) -> list[Problem]:
    """Organization/layout mismatches in the frames of a tolerant read (:func:`geo.store.read_layers`)."""
    orgs, members, buildings = (frames.get(n) for n in ("organizations", "members", "buildings"))
    if orgs is None or buildings is None or not {"org_id", "parent_id", "level", "area_id"} <= set(orgs.columns):
        return []
    orgs = orgs.drop_duplicates("org_id").set_index("org_id", drop=False)
    grid_of, grids = current_layout(frames)
    grid_of = grid_of[~grid_of.index.duplicated()]  # duplicate ids are check's duplicate_id
    branches = orgs[orgs["level"] == "grid_branch"]
    branch_of = pd.Series(branches.index.to_numpy(), index=branches["area_id"].to_numpy())
    branch_of = branch_of[~branch_of.index.duplicated()]
    problems = _groups(orgs, grid_of, branch_of) + _branches(frames, branches, grids)
    if members is not None and {"member_id", "org_id", "building_id"} <= set(members.columns):
        problems += _members(orgs, members, grid_of, branch_of)
    return problems


def current_layout(frames) -> tuple[pd.Series, set]:
    """(building_id -> grid_id, grid ids) of the current plan; the live layers when it is shown."""
    b = frames["buildings"]
    live = pd.Series(b["grid_id"].to_numpy(), index=b["building_id"].to_numpy())
    grids = frames.get("grids")
    live_grids = set(grids["grid_id"]) if grids is not None and "grid_id" in grids.columns else set()
    plans = frames.get("plans")
    if plans is None or plans.empty or not {"plan_id", "status", "active"} <= set(plans.columns):
        return live, live_grids
    current = plans.loc[plans["status"] == "current", "plan_id"]
    active = plans.loc[plans["active"] == 1, "plan_id"]
    if current.empty or (not active.empty and active.iloc[0] == current.iloc[0]):
        return live, live_grids
    rows = frames["plan_assignments"]
    rows = rows[rows["plan_id"] == current.iloc[0]]
    plan_grids = frames["plan_grids"]
    return (pd.Series(rows["grid_id"].to_numpy(), index=rows["building_id"].to_numpy()),
            set(plan_grids.loc[plan_grids["plan_id"] == current.iloc[0], "grid_id"]))


def _groups(orgs, grid_of, branch_of) -> list[Problem]:
    groups = orgs[orgs["level"] == "building_group"]
    grid = groups["area_id"].map(grid_of)
    want = grid.map(branch_of)
    bad = want.notna() & (groups["parent_id"] != want)
    return [Problem("group_misplaced", "organizations", str(o), str(Message(
        "orgcheck.group_misplaced", parent=p, building=b, grid=g, branch=w)))
        for o, p, b, g, w in zip(groups.index[bad], groups["parent_id"][bad], groups["area_id"][bad],
                                 grid[bad], want[bad])]


def _branches(frames, branches, grids) -> list[Problem]:
    live = frames.get("grids")
    live_ids = set(live["grid_id"]) if live is not None and "grid_id" in live.columns else set()
    # a grid missing from the live layer too is reported by check's dangling references
    gone = ~branches["area_id"].isin(grids) & branches["area_id"].isin(live_ids)
    return [Problem("branch_without_grid", "organizations", str(o),
                    str(Message("orgcheck.branch_without_grid", grid=g)))
            for o, g in zip(branches.index[gone], branches["area_id"][gone])]


def _members(orgs, members, grid_of, branch_of) -> list[Problem]:
    m = members[members["building_id"].notna() & members["org_id"].isin(orgs.index)]
    level = m["org_id"].map(orgs["level"])
    group_building = m["org_id"].map(orgs["area_id"])
    other_group = ((level == "building_group") & (group_building != m["building_id"])).to_numpy()
    out = [Problem("member_misplaced", "members", str(i), str(Message(
        "orgcheck.member_other_group", group_building=g, building=b)))
        for i, g, b in zip(m["member_id"][other_group], group_building[other_group], m["building_id"][other_group])]
    rest = m[~other_group]
    grid = rest["building_id"].map(grid_of)
    branch = grid.map(branch_of)
    under = _chain_contains(orgs, rest["org_id"], branch)
    bad = (branch.notna() & ~under).to_numpy()
    out += [Problem("member_misplaced", "members", str(i), str(Message(
        "orgcheck.member_other_branch", grid=g, org=o, branch=br)))
        for i, g, o, br in zip(rest["member_id"][bad], grid[bad], rest["org_id"][bad], branch[bad])]
    return out


def _chain_contains(orgs, org_ids: pd.Series, wanted: pd.Series) -> pd.Series:
    """True where ``wanted`` is the organization or one of its ancestors."""
    parent = orgs["parent_id"]
    hit = np.zeros(len(org_ids), dtype=bool)
    step = org_ids
    for _ in range(MAX_DEPTH):
        hit |= (step.to_numpy() == wanted.to_numpy())
        step = step.map(parent)
    return pd.Series(hit, index=org_ids.index)
