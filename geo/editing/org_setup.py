"""Setting up the organization where a gap says it is missing (issue 16, "closing gaps").

Commands for the gap list and the organization tree: a grid branch for a grid
without one (网格未建党支部), a community committee (社区党委), a new member
(添加党员), and moving a member to the building picked on the map. Each is one
:class:`geo.commands.ChangeList` with a coded text (both languages in the
history); inside a proposal the organization is locked and the project-wide
check :func:`geo.editing.plan_state.refuse_org_edits` refuses them.

Where a member moves to another building, the organization follows the
building by the rules of :mod:`geo.editing.orgs`: a member filed by place (with
the old building's party group, the old grid's branch or a community
committee) is filed with the new building's group, else its grid's branch,
else its community's committee; a member of any other organization keeps it.

Example
-------
>>> command = add_grid_branch(project, "G0102")        # doctest: +SKIP
>>> command.do(project); command.undo(project)          # doctest: +SKIP
"""
from __future__ import annotations

import re

from ..commands import ChangeList, layer_word
from ..messages import Message, register
from ..schema import MEMBER_KINDS, join_roles, split_roles
from . import orgs
from .assign import EditRefused

register("org_setup.unknown", "{layer}中没有 {id}", "{id} is not in {layer}")
register("org_setup.branch_exists", "网格 {grid} 已有党支部 {branch}", "Grid {grid} already has a party branch, {branch}")
register("org_setup.committee_exists", "社区 {community} 已有社区党委 {org}",
         "Community {community} already has a community committee, {org}")
register("org_setup.name_empty", "请填写党员姓名", "Give the member's name")
register("org_setup.bad_kind", "党员类别 {value} 无效；可用类别：{expected}", "Member kind {value} is not one of {expected}")
register("org_setup.same_building", "党员 {member} 已在楼栋 {building}", "Member {member} is already in building {building}")
register("command.add_grid_branch", "新建网格党支部 {name}", "New grid branch {name}")
register("command.add_committee", "新建社区党委 {name}", "New community committee {name}")
register("command.add_member", "添加党员 {id}（楼栋 {building}）", "Add member {id} (building {building})")
register("command.member_to_building", "党员 {member} 改到楼栋 {building}", "Member {member} moves to building {building}")


def _need(project, layer, id_) -> None:
    if id_ not in project[layer].index:
        raise EditRefused("org_setup.unknown", layer=layer_word(layer), id=id_)


def _grid_name(project, grid_id) -> str:
    """The grid's name with its community's in front (和平社区第2网格), as the demo names branches."""
    grids, communities = project["grids"], project["communities"]
    name = str(grids.at[grid_id, "name"] or grid_id)
    owner = communities["name"].get(grids.at[grid_id, "community_id"])
    return name if not owner or name.startswith(str(owner)) else f"{owner}{name}"


def add_grid_branch(project, grid_id, name: str | None = None) -> ChangeList:
    """Create the grid's party branch (网格党支部) under its community committee.

    Parameters
    ----------
    project : geo.project.Project
    grid_id : str
    name : str, optional
        Default: community and grid name + 党支部 (和平社区第2网格党支部).

    Raises
    ------
    EditRefused
        The grid does not exist or already has a branch.
    """
    _need(project, "grids", grid_id)
    existing = orgs.branch_of(project, grid_id)
    if existing is not None:
        raise EditRefused("org_setup.branch_exists", grid=grid_id, branch=existing)
    community = project["grids"].at[grid_id, "community_id"]
    org_id, change = orgs.new_branch(project, grid_id, _grid_name(project, grid_id), community)
    if name:
        change[2]["name"] = name
    # a community's members filed with the committee because the grid had no branch stay there:
    # moving them is the user's choice (the tree's drag and drop), not a side effect
    return ChangeList(Message("command.add_grid_branch", name=change[2]["name"]), [change])


def add_community_committee(project, community_id, name: str | None = None) -> ChangeList:
    """Create a community's committee (社区党委) under the street's working committee;
    the community's grid branches without a parent are put under it."""
    _need(project, "communities", community_id)
    existing = orgs.committee_of(project, community_id)
    if existing is not None:
        raise EditRefused("org_setup.committee_exists", community=community_id, org=existing)
    table = project["organizations"]
    org_id = _free(table.index, f"O-{community_id}")
    street = table.index[table["level"] == "street_committee"]
    label = name or f"{project['communities'].at[community_id, 'name'] or community_id}党委"
    row = {"org_id": org_id, "parent_id": street[0] if len(street) else None,
           "level": "community_committee", "name": label, "area_type": "community",
           "area_id": community_id}
    grids = project["grids"].index[project["grids"]["community_id"] == community_id]
    orphans = table.index[(table["level"] == "grid_branch") & table["area_id"].isin(list(grids))
                          & table["parent_id"].isna()]
    changes = [("insert", "organizations", row)]
    changes += [("update", "organizations", o, {"parent_id": org_id}) for o in orphans]
    return ChangeList(Message("command.add_committee", name=label), changes)


def home_org(project, building_id):
    """The organization a member living in ``building_id`` is filed with by place:
    the building's group, else its grid's branch, else its community's committee (or None)."""
    group = orgs.building_group_of(project, building_id)
    if group is not None:
        return group
    grid = project["buildings"]["grid_id"].get(building_id)
    if grid is None or grid != grid:
        return None
    branch = orgs.branch_of(project, grid)
    return branch if branch is not None else orgs.committee_of(
        project, project["grids"]["community_id"].get(grid))


def add_member(project, name: str, building_id, *, kind: str = "registered", phone: str | None = None,
               unit_no: int | None = None, linked_households: int = 0, org_id=None,
               member_id=None) -> ChangeList:
    """Add a party member living in ``building_id``, filed with :func:`home_org` unless
    ``org_id`` is given; ``linked_households`` > 0 makes them a 党员中心户.

    Raises
    ------
    EditRefused
        An empty name, an unknown building, organization or kind.
    """
    name = (name or "").strip()
    if not name:
        raise EditRefused("org_setup.name_empty")
    _need(project, "buildings", building_id)
    if org_id is not None:
        _need(project, "organizations", org_id)
    if kind not in MEMBER_KINDS:
        raise EditRefused("org_setup.bad_kind", value=kind, expected=", ".join(MEMBER_KINDS))
    if linked_households < 0:
        raise EditRefused("member.negative_linked")
    member_id = member_id or _next_member_id(project["members"].index)
    roles = ["central_household"] if linked_households > 0 else []
    row = {"member_id": member_id, "name": name, "gender": None, "phone": phone or None,
           "id_number": None, "org_id": org_id or home_org(project, building_id),
           "building_id": building_id, "kind": kind, "roles": join_roles(roles),
           "linked_households": int(linked_households), "unit_no": unit_no, "work_unit": None}
    return ChangeList(Message("command.add_member", id=member_id, building=building_id),
                      [("insert", "members", row)])


def member_to_building(project, member_id, building_id) -> ChangeList:
    """Move a member to ``building_id``; a member filed by place follows it (module docstring).

    The unit number is cleared (it belonged to the old building) and so is a
    unit-head role.
    """
    _need(project, "members", member_id)
    _need(project, "buildings", building_id)
    member = project["members"].loc[member_id]
    if member["building_id"] == building_id:
        raise EditRefused("org_setup.same_building", member=member_id, building=building_id)
    values = {"building_id": building_id, "unit_no": None}
    roles = split_roles(member["roles"])
    if "unit_head" in roles:
        values["roles"] = join_roles([r for r in roles if r != "unit_head"])
    old = member["building_id"]
    by_place = old is not None and old == old and old in project["buildings"].index \
        and member["org_id"] == home_org(project, old)
    by_place = by_place or orgs._is_committee(project, member["org_id"])
    new_org = home_org(project, building_id)
    if by_place and new_org is not None and new_org != member["org_id"]:
        values["org_id"] = new_org
    return ChangeList(Message("command.member_to_building", member=member_id, building=building_id),
                      [("update", "members", member_id, values)])


def _free(existing, stem: str) -> str:
    candidate, n = stem, 2
    while candidate in existing:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def _next_member_id(existing) -> str:
    """``M000123`` after the highest numbered member id (the demo's and the import's style)."""
    numbers = [int(m.group(1)) for m in (re.fullmatch(r"M(\d+)", str(i)) for i in existing) if m]
    n = max(numbers, default=0) + 1
    while f"M{n:06d}" in existing:
        n += 1
    return f"M{n:06d}"
