"""Assigning party members, building party groups, unit heads and partner units.

Thin commands over :class:`geo.commands.ChangeList`; each checks its ids so
that a bad edit is refused before anything is written.
"""
from __future__ import annotations

from ..schema import MEMBER_ROLES, PARTNER_TARGET_TYPES, join_roles, split_roles
from . import orgs
from .assign import EditRefused
from ..commands import ChangeList
from ..messages import Message, register

# what an unknown id was looked up as, worded with the refusal
_THING = {
    "members": register("thing.member", "党员", "member"),
    "organizations": register("thing.organization", "党组织", "organization"),
    "buildings": register("thing.building", "楼栋", "building"),
    "partners": register("thing.partner", "共建单位", "partner unit"),
    "grids": register("thing.grid", "网格", "grid"),
    "compounds": register("thing.compound", "小区", "compound"),
    "stations": register("thing.station", "党群服务站", "station"),
}
register("edit.unknown_thing", "没有{thing} {id}", "There is no {thing} {id}")
register("member.unknown_roles", "未知的角色 {roles}；可用角色：{expected}", "Unknown roles {roles}; expected {expected}")
register("member.negative_linked", "联系户数不能为负数", "Linked households cannot be negative")
register("member.group_exists", "楼栋 {building} 已有党小组", "Building {building} already has a party group")
register("member.org_exists", "党组织 {org} 已存在", "Organization {org} already exists")
register("member.no_group", "楼栋 {building} 没有党小组", "Building {building} has no party group")
register("member.bad_target_type", "包联对象类型 {value} 无效；可用类型：{expected}",
         "Target type {value} is not one of {expected}")


def _need(project, layer, id_) -> None:
    if id_ not in project[layer].index:
        raise EditRefused("edit.unknown_thing", thing=Message(_THING[layer]), id=id_)


def move_member(project, member_id, *, org_id=None, building_id=None, roles=None) -> ChangeList:
    """Move a member to another organization and/or building, or give new roles."""
    _need(project, "members", member_id)
    values = {}
    if org_id is not None:
        _need(project, "organizations", org_id)
        values["org_id"] = org_id
    if building_id is not None:
        _need(project, "buildings", building_id)
        values["building_id"] = building_id
    if roles is not None:
        unknown = [r for r in roles if r not in MEMBER_ROLES]
        if unknown:
            raise EditRefused("member.unknown_roles", roles=", ".join(map(str, unknown)),
                              expected=", ".join(MEMBER_ROLES))
        values["roles"] = join_roles(roles)
    return ChangeList(Message("command.move_member", member=member_id), [("update", "members", member_id, values)])


def _with_role(project, member_id, role, add: bool) -> str:
    roles = [r for r in split_roles(project["members"].at[member_id, "roles"]) if r != role]
    return join_roles(roles + [role] if add else roles)


def set_central_household(project, member_id, linked_households: int) -> ChangeList:
    """Make a member a 党员中心户 linking ``linked_households`` (0 removes the role)."""
    _need(project, "members", member_id)
    if linked_households < 0:
        raise EditRefused("member.negative_linked")
    roles = _with_role(project, member_id, "central_household", linked_households > 0)
    return ChangeList(Message("command.central_household", member=member_id), [
        ("update", "members", member_id, {"roles": roles, "linked_households": int(linked_households)})])


def set_unit_head(project, building_id, unit_no: int, member_id) -> ChangeList:
    """Make ``member_id`` the 单元长 of a stairwell unit; the previous head loses the role."""
    _need(project, "buildings", building_id)
    _need(project, "members", member_id)
    m = project["members"]
    changes = []
    previous = m.index[(m["building_id"] == building_id) & (m["unit_no"] == unit_no)
                       & m["roles"].fillna("").str.contains("unit_head")]
    for other in previous:
        if other != member_id:
            changes.append(("update", "members", other,
                            {"roles": _with_role(project, other, "unit_head", False)}))
    changes.append(("update", "members", member_id, {
        "roles": _with_role(project, member_id, "unit_head", True),
        "building_id": building_id, "unit_no": int(unit_no)}))
    return ChangeList(Message("command.unit_head", building=building_id, unit=unit_no), changes)


def set_building_group(project, building_id, name: str | None = None, org_id=None) -> ChangeList:
    """Create the building's party group (楼栋党小组) under its grid's branch."""
    _need(project, "buildings", building_id)
    if orgs.building_group_of(project, building_id) is not None:
        raise EditRefused("member.group_exists", building=building_id)
    b = project["buildings"].loc[building_id]
    parent = orgs.branch_of(project, b["grid_id"]) or orgs.committee_of(
        project, project["grids"]["community_id"].get(b["grid_id"]))
    org_id = org_id or f"O-{building_id}"
    if org_id in project["organizations"].index:
        raise EditRefused("member.org_exists", org=org_id)
    row = {"org_id": org_id, "parent_id": parent, "level": "building_group",
           "name": name or f"{b['name']}党小组", "area_type": "building", "area_id": building_id}
    return ChangeList(Message("command.add_group", building=building_id), [("insert", "organizations", row)])


def remove_building_group(project, building_id) -> ChangeList:
    """Delete a building's party group; its members move up to the group's parent."""
    group = orgs.building_group_of(project, building_id)
    if group is None:
        raise EditRefused("member.no_group", building=building_id)
    parent = project["organizations"].at[group, "parent_id"]
    m = project["members"]
    changes = [("update", "members", i, {"org_id": parent}) for i in m.index[m["org_id"] == group]]
    return ChangeList(Message("command.remove_group", building=building_id), changes + [("delete", "organizations", group)])


def link_partner(project, partner_id, target_type, target_id, items=None, link_id=None) -> ChangeList:
    """Link a partner unit (共建单位) to a grid, compound or building ("四包")."""
    _need(project, "partners", partner_id)
    if target_type not in PARTNER_TARGET_TYPES:
        raise EditRefused("member.bad_target_type", value=target_type,
                          expected=", ".join(PARTNER_TARGET_TYPES))
    _need(project, {"grid": "grids", "compound": "compounds", "building": "buildings"}[target_type],
          target_id)
    links = project["partner_links"]
    link_id = link_id or _free_id(links.index, "L")
    row = {"link_id": link_id, "partner_id": partner_id, "target_type": target_type,
           "target_id": target_id, "items": items}
    return ChangeList(Message("command.link_partner", partner=partner_id, target=target_id), [("insert", "partner_links", row)])


def unlink_partner(project, link_id) -> ChangeList:
    _need(project, "partner_links", link_id)
    return ChangeList(Message("command.unlink_partner", link=link_id), [("delete", "partner_links", link_id)])


def _free_id(existing, prefix: str) -> str:
    n = len(existing) + 1
    while f"{prefix}{n:05d}" in existing:
        n += 1
    return f"{prefix}{n:05d}"
