"""Chinese column headers for exported tables (Excel sheets, map popups).

Keys are column names from :mod:`geo.schema` plus the figure columns the
statistics produce; a column without an entry keeps its own name.
"""
from __future__ import annotations

from typing import Iterable, Mapping

HEADERS_ZH: dict[str, str] = {
    # ids and names
    "street": "街道", "community_id": "社区编号", "grid_id": "网格编号",
    "compound_id": "小区编号", "building_id": "楼栋编号", "station_id": "服务站编号",
    "org_id": "党组织编号", "parent_id": "上级组织编号", "member_id": "党员编号",
    "partner_id": "共建单位编号", "link_id": "包联编号", "name": "名称",
    # buildings and compounds
    "kind": "类别", "built_year": "建成年份", "floors": "层数", "units": "单元数",
    "households": "户数", "residents": "人口", "address": "地址",
    # stations and organizations
    "level": "级别", "status": "状态", "service_radius_m": "服务半径(米)",
    "area_type": "范围类型", "area_id": "范围编号",
    # members (the members sheet overrides "name" with 姓名)
    "gender": "性别", "phone": "电话", "id_number": "身份证号", "roles": "角色",
    "linked_households": "联系户数", "unit_no": "单元号", "work_unit": "工作单位",
    # partners
    "category": "类别", "target_type": "包联对象类型", "target_id": "包联对象编号",
    "items": "认领事项数",
}

#: Overrides for a members table, where "name" is a person's name.
MEMBER_HEADERS_ZH: dict[str, str] = {**HEADERS_ZH, "name": "姓名", "kind": "党员类别"}


def header_for(column: str, headers: Mapping[str, str] | None = None) -> str:
    """Return the display header of ``column`` (``headers`` first, then HEADERS_ZH)."""
    if headers and column in headers:
        return headers[column]
    return HEADERS_ZH.get(column, column)


def headers_for(columns: Iterable[str], headers: Mapping[str, str] | None = None) -> list[str]:
    """Return display headers for several columns, in order."""
    return [header_for(c, headers) for c in columns]
