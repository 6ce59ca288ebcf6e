"""Display names for the schema's layers, columns and coded values, translatable.

The schema's names are English identifiers; users read Chinese (or English
with ``--lang en``). The Chinese names are marked with ``QT_TRANSLATE_NOOP``
so lupdate puts them in the ``.ts`` file; :func:`label` translates at call time,
so a language switch shows at the next repaint.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from geo.schema import LIST_LAYERS

from ..lists import labels as list_labels

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
    "plans": QT_TRANSLATE_NOOP("Labels", "方案"),
    "plan_assignments": QT_TRANSLATE_NOOP("Labels", "方案楼栋分配"),
    "plan_grids": QT_TRANSLATE_NOOP("Labels", "方案网格"),
    "plan_stations": QT_TRANSLATE_NOOP("Labels", "方案服务站"),
    # the schema's table names, not the lists panel's tab nouns (需求, 资源): the
    # attribute table offers them next to the layers
    "needs": QT_TRANSLATE_NOOP("Labels", "需求清单"),
    "resources": QT_TRANSLATE_NOOP("Labels", "资源清单"),
    "projects": QT_TRANSLATE_NOOP("Labels", "项目清单"),
    "cases": QT_TRANSLATE_NOOP("Labels", "事件"),
    "case_events": QT_TRANSLATE_NOOP("Labels", "事件流转记录"),
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
    "households_source": QT_TRANSLATE_NOOP("Labels", "户数来源"),
    "plan_id": QT_TRANSLATE_NOOP("Labels", "方案编号"),
    "created": QT_TRANSLATE_NOOP("Labels", "创建时间"),
    "note": QT_TRANSLATE_NOOP("Labels", "备注"),
    "active": QT_TRANSLATE_NOOP("Labels", "正在显示"),
    "row_id": QT_TRANSLATE_NOOP("Labels", "行编号"),
}

# Coded values (levels, roles, kinds, statuses, genders), keyed by the stored code.
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
    "current": QT_TRANSLATE_NOOP("Labels", "现状"),
    # not 方案 as the plan dock says: that is the plans table's title here, and one
    # source text gets one English word per context
    "proposal": QT_TRANSLATE_NOOP("Labels", "备选方案"),
    "archived": QT_TRANSLATE_NOOP("Labels", "已归档"),
    # genders are stored in Chinese (geo.schema.GENDERS): the English window still words them
    "男": QT_TRANSLATE_NOOP("Labels", "男"),
    "女": QT_TRANSLATE_NOOP("Labels", "女"),
}

# Codes too generic for VALUES ("table" could mean anything in another column):
# worded only in their own column.
COLUMN_VALUES = {
    "households_source": {
        "attribute": QT_TRANSLATE_NOOP("Labels", "图层属性"),
        "table": QT_TRANSLATE_NOOP("Labels", "户数表"),
        "estimate": QT_TRANSLATE_NOOP("Labels", "估算"),
    },
}

# 0/1 columns: a bare 1 under 正在显示 would read as a count.
FLAG_COLUMNS = {"active"}
FLAGS = {1: QT_TRANSLATE_NOOP("Labels", "是"), 0: QT_TRANSLATE_NOOP("Labels", "否")}

# Which columns hold coded values (so "street" as a station level is shown as 街道).
CODED_COLUMNS = {"level", "roles", "kind", "status", "category", "target_type", "area_type", "gender",
                 *COLUMN_VALUES}

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


def column_title(column: str, layer: str | None = None) -> str:
    """The header of ``column``; in a list table, the lists panel's and the exports' header
    (a need's ``target_type`` is where it is, not a partner's linked area)."""
    if layer in LIST_LAYERS:
        return list_labels.column_title(column, layer)
    return tr(COLUMNS[column]) if column in COLUMNS else column


def coded_value(code: str, column: str | None = None) -> str:
    """A stored code as words; a comma-separated list of roles becomes 、-joined words."""
    own = COLUMN_VALUES.get(column, {})
    if code in own:
        return tr(own[code])
    parts = [p.strip() for p in str(code).split(",") if p.strip()]
    words = [tr(VALUES.get(p) or AREA_TYPES.get(p) or p) if (p in VALUES or p in AREA_TYPES) else p
             for p in parts]
    return "、".join(words)


def flag_text(value) -> str:
    return tr(FLAGS[int(value)])


def list_value(layer: str, column: str, value) -> str:
    """A list table's stored code as the lists panel words it."""
    return list_labels.value_text(column, value, layer)
