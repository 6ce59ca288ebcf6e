"""Display names for the schema's layers, columns and coded values, translatable.

The schema's names are English identifiers; users read Chinese (or English
with ``--lang en``). The Chinese names are marked with ``QT_TRANSLATE_NOOP``
so lupdate puts them in the ``.ts`` file; :func:`label` translates at call time,
so a language switch shows at the next repaint.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Labels"

LAYER_TITLES = {
    "communities": QT_TRANSLATE_NOOP("Labels", "社区"),
    "grids": QT_TRANSLATE_NOOP("Labels", "网格"),
    "compounds": QT_TRANSLATE_NOOP("Labels", "小区"),
    "buildings": QT_TRANSLATE_NOOP("Labels", "楼栋"),
    "stations": QT_TRANSLATE_NOOP("Labels", "党群服务站"),
    "organizations": QT_TRANSLATE_NOOP("Labels", "党组织"),
    "members": QT_TRANSLATE_NOOP("Labels", "党员"),
    "partners": QT_TRANSLATE_NOOP("Labels", "共建单位"),
    "partner_links": QT_TRANSLATE_NOOP("Labels", "包联关系"),
}

COLUMNS = {
    "street": QT_TRANSLATE_NOOP("Labels", "街道"),
    "community_id": QT_TRANSLATE_NOOP("Labels", "社区编号"),
    "grid_id": QT_TRANSLATE_NOOP("Labels", "网格编号"),
    "compound_id": QT_TRANSLATE_NOOP("Labels", "小区编号"),
    "building_id": QT_TRANSLATE_NOOP("Labels", "楼栋编号"),
    "station_id": QT_TRANSLATE_NOOP("Labels", "服务站编号"),
    "org_id": QT_TRANSLATE_NOOP("Labels", "党组织编号"),
    "parent_id": QT_TRANSLATE_NOOP("Labels", "上级组织编号"),
    "member_id": QT_TRANSLATE_NOOP("Labels", "党员编号"),
    "partner_id": QT_TRANSLATE_NOOP("Labels", "共建单位编号"),
    "link_id": QT_TRANSLATE_NOOP("Labels", "包联编号"),
    "name": QT_TRANSLATE_NOOP("Labels", "名称"),
    "kind": QT_TRANSLATE_NOOP("Labels", "类别"),
    "built_year": QT_TRANSLATE_NOOP("Labels", "建成年份"),
    "floors": QT_TRANSLATE_NOOP("Labels", "层数"),
    "units": QT_TRANSLATE_NOOP("Labels", "单元数"),
    "households": QT_TRANSLATE_NOOP("Labels", "户数"),
    "residents": QT_TRANSLATE_NOOP("Labels", "人口"),
    "address": QT_TRANSLATE_NOOP("Labels", "地址"),
    "level": QT_TRANSLATE_NOOP("Labels", "级别"),
    "status": QT_TRANSLATE_NOOP("Labels", "状态"),
    "service_radius_m": QT_TRANSLATE_NOOP("Labels", "服务半径(米)"),
    "area_type": QT_TRANSLATE_NOOP("Labels", "范围类型"),
    "area_id": QT_TRANSLATE_NOOP("Labels", "范围编号"),
    "gender": QT_TRANSLATE_NOOP("Labels", "性别"),
    "phone": QT_TRANSLATE_NOOP("Labels", "电话"),
    "id_number": QT_TRANSLATE_NOOP("Labels", "身份证号"),
    "roles": QT_TRANSLATE_NOOP("Labels", "角色"),
    "linked_households": QT_TRANSLATE_NOOP("Labels", "联系户数"),
    "unit_no": QT_TRANSLATE_NOOP("Labels", "单元号"),
    "work_unit": QT_TRANSLATE_NOOP("Labels", "工作单位"),
    "category": QT_TRANSLATE_NOOP("Labels", "类别"),
    "target_type": QT_TRANSLATE_NOOP("Labels", "包联对象类型"),
    "target_id": QT_TRANSLATE_NOOP("Labels", "包联对象编号"),
    "items": QT_TRANSLATE_NOOP("Labels", "认领事项数"),
}

# Coded values (levels, roles, kinds, statuses), keyed by the stored code.
VALUES = {
    "street_committee": QT_TRANSLATE_NOOP("Labels", "街道党工委"),
    "community_committee": QT_TRANSLATE_NOOP("Labels", "社区党委"),
    "grid_branch": QT_TRANSLATE_NOOP("Labels", "网格党支部"),
    "building_group": QT_TRANSLATE_NOOP("Labels", "楼栋党小组"),
    "central_household": QT_TRANSLATE_NOOP("Labels", "党员中心户"),
    "unit_head": QT_TRANSLATE_NOOP("Labels", "党群单元长"),
    "grid_head": QT_TRANSLATE_NOOP("Labels", "网格长"),
    "grid_staff": QT_TRANSLATE_NOOP("Labels", "网格员"),
    "building_head": QT_TRANSLATE_NOOP("Labels", "楼栋长"),
    "secretary": QT_TRANSLATE_NOOP("Labels", "书记"),
    "registered": QT_TRANSLATE_NOOP("Labels", "社区党员"),
    "in_service": QT_TRANSLATE_NOOP("Labels", "在职党员"),
    "floating": QT_TRANSLATE_NOOP("Labels", "流动党员"),
    "built": QT_TRANSLATE_NOOP("Labels", "已建"),
    "planned": QT_TRANSLATE_NOOP("Labels", "规划"),
    "level1": QT_TRANSLATE_NOOP("Labels", "一级包联单位"),
    "level2": QT_TRANSLATE_NOOP("Labels", "二级包联单位"),
    "enterprise": QT_TRANSLATE_NOOP("Labels", "企业"),
    "social_org": QT_TRANSLATE_NOOP("Labels", "社会组织"),
}

# Which columns hold coded values (so "street" as a station level is shown as 街道).
CODED_COLUMNS = {"level", "roles", "kind", "status", "category", "target_type", "area_type"}

AREA_TYPES = {
    "street": QT_TRANSLATE_NOOP("Labels", "街道"),
    "community": QT_TRANSLATE_NOOP("Labels", "社区"),
    "grid": QT_TRANSLATE_NOOP("Labels", "网格"),
    "building": QT_TRANSLATE_NOOP("Labels", "楼栋"),
    "compound": QT_TRANSLATE_NOOP("Labels", "小区"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def layer_title(layer: str) -> str:
    return tr(LAYER_TITLES[layer]) if layer in LAYER_TITLES else layer


def column_title(column: str) -> str:
    return tr(COLUMNS[column]) if column in COLUMNS else column


def coded_value(code: str) -> str:
    """A stored code as words; a comma-separated list of roles becomes 、-joined words."""
    parts = [p.strip() for p in str(code).split(",") if p.strip()]
    words = [tr(VALUES.get(p) or AREA_TYPES.get(p) or p) if (p in VALUES or p in AREA_TYPES) else p
             for p in parts]
    return "、".join(words)
