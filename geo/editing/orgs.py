"""How party organizations follow grid edits (change lists, no commands of their own).

The rules, chosen to keep every member and building group attached:

* **move buildings**: a building's party group (building_group org) is re-parented
  to the grid branch of the building's new grid, when that grid has a branch;
  members of the group stay in it; members attached directly to the old grid's
  branch who live in a moved building go to the new grid's branch;
* **merge** (and delete with a target): the target keeps its branch; the
  source branch's child organizations and its members move to the target's
  branch and the source branch is deleted. A target with no branch takes over
  the source's branch (its area becomes the target);
* **split**: the new grid gets a branch of its own when the old grid had one
  (under the same community committee), and the moved buildings' groups follow;
* **delete without target** (an empty grid): its branch is deleted when it has no
  members and no child organizations, otherwise the delete is refused.

These rules apply only while the live layers hold the current layout (or there
are no plans): inside a proposal an edit changes the layout alone, and adopting
the plan derives the organization once (:mod:`geo.editing.plan_adoption`).
"""
from __future__ import annotations

from . import assign  # a module, not its names: assign imports this module too
from ..lookup import positions
from .plan_state import in_proposal
from ..messages import CodedError, register

register("org.branch_not_empty", "网格 {grid} 的党支部 {branch} 还有 {people} 名党员和 {children} 个下级组织："
         "删除网格时请指定接收的网格",
         "Grid {grid}: its branch {branch} still has {people} members and {children} organizations;"
         " delete it with a target grid")


def follows_layout(project) -> bool:
    """True when organizations follow grid edits (not while a proposal is shown)."""
    return not in_proposal(project)


def branch_of(project, grid_id):
    """The grid_branch org of a grid, or None."""
    return _org_for(project, "grid_branch", grid_id)


def building_group_of(project, building_id):
    """The building_group org of a building, or None."""
    return _org_for(project, "building_group", building_id)


def committee_of(project, community_id):
    """The community_committee org of a community, or None."""
    return _org_for(project, "community_committee", community_id)


def _org_for(project, level, area_id):
    orgs = project["organizations"]
    hit = orgs.index[(orgs["level"] == level) & (orgs["area_id"] == area_id)]
    return hit[0] if len(hit) else None


def regroup_buildings(project, moves: dict, branches: dict | None = None, balance=None) -> list[tuple]:
    """Re-parent moved buildings' groups to their new grid's branch.

    ``branches`` maps grid ids that have no branch yet (a split's new grid) to
    the branch that is being created for them. ``balance`` (a GridBalance) makes
    the look-ups constant-time on a city project.
    """
    if not moves or not follows_layout(project):
        return []
    orgs = project["organizations"]
    if balance is not None:
        lookup = balance.org_for
        pairs = [(lookup("building_group", b), b) for b in moves]
        pairs = [(o, b) for o, b in pairs if o is not None]
    else:
        lookup = (lambda level, area: _org_for(project, level, area))
        groups = orgs[(orgs["level"] == "building_group") & orgs["area_id"].isin(list(moves))]
        pairs = list(zip(groups.index, groups["area_id"]))
    changes = []
    for org_id, building in pairs:
        grid = moves[building]
        branch = (branches or {}).get(grid) or (lookup("grid_branch", grid) if grid else None)
        if branch is not None and orgs.at[org_id, "parent_id"] != branch:
            changes.append(("update", "organizations", org_id, {"parent_id": branch}))
    return changes + _move_branch_residents(project, moves, branches or {}, lookup, balance)


def _move_branch_residents(project, moves, branches, lookup, balance) -> list[tuple]:
    """Members attached directly to a moved building's old branch go to its new grid's branch."""
    members = project["members"]
    if balance is not None:
        old_grid = balance.grid_of
        ids = [m for b in moves for m in balance.residents(b)]
    else:
        old_grid = project["buildings"]["grid_id"]
        ids = list(members.index[members["building_id"].isin(list(moves))])
    changes = []
    pos = positions(members.index, ids, missing=True)  # a few residents: no get_indexer table
    buildings, member_orgs = members["building_id"].to_numpy()[pos], members["org_id"].to_numpy()[pos]
    committee: dict = {}  # residents of a building mostly share an organization
    for m, building, org in zip(ids, buildings, member_orgs):
        old = old_grid.get(building)
        old_branch = lookup("grid_branch", old) if old is not None and old == old else None
        try:
            is_committee = committee[org]
        except KeyError:
            is_committee = committee[org] = _is_committee(project, org)
        # filed with the old grid's branch, or with the community because the old grid had none
        if not is_committee and (old_branch is None or org != old_branch):
            continue
        grid = moves[building]
        branch = branches.get(grid) or (lookup("grid_branch", grid) if grid else None)
        if branch is not None and branch != org:
            changes.append(("update", "members", m, {"org_id": branch}))
    return changes


def _is_committee(project, org_id) -> bool:
    # one look-up per resident of a moved building, not a scan of every organization
    orgs = project["organizations"]
    if assign._blank(org_id) or org_id not in orgs.index:
        return False
    return orgs.at[org_id, "level"] == "community_committee"


def fold_branch(project, source, target) -> list[tuple]:
    """Changes moving the source branch's child orgs and members to ``target``, then deleting it."""
    orgs, members = project["organizations"], project["members"]
    changes = [("update", "organizations", o, {"parent_id": target})
               for o in orgs.index[orgs["parent_id"] == source]]
    changes += [("update", "members", m, {"org_id": target})
                for m in members.index[members["org_id"] == source]]
    changes.append(("delete", "organizations", source))
    return changes


def new_branch(project, grid_id, name, community_id) -> tuple[str, tuple]:
    """(org id, insert change) for a new grid branch under the community committee."""
    orgs = project["organizations"]
    org_id = f"O-{grid_id}"
    n = 2
    while org_id in orgs.index:
        org_id, n = f"O-{grid_id}-{n}", n + 1
    row = {"org_id": org_id, "parent_id": committee_of(project, community_id),
           "level": "grid_branch", "name": f"{name}党支部", "area_type": "grid", "area_id": grid_id}
    return org_id, ("insert", "organizations", row)


def drop_empty_branch(project, grid_id) -> list[tuple]:
    """Delete an empty grid's branch; raise CodedError when it still has members or children."""
    branch = branch_of(project, grid_id)
    if branch is None:
        return []
    orgs, members = project["organizations"], project["members"]
    children = int((orgs["parent_id"] == branch).sum())
    people = int((members["org_id"] == branch).sum())
    if children or people:
        raise CodedError("org.branch_not_empty", grid=grid_id, branch=branch, people=people,
                         children=children)
    return [("delete", "organizations", branch)]


def repoint_partner_links(project, source_grid, target_grid) -> list[tuple]:
    """Partner links to a vanishing grid go to the target (or are deleted without one)."""
    links = project["partner_links"]
    hit = links.index[(links["target_type"] == "grid") & (links["target_id"] == source_grid)]
    if target_grid is None:
        return [("delete", "partner_links", link) for link in hit]
    return [("update", "partner_links", link, {"target_id": target_grid}) for link in hit]
