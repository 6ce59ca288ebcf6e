"""Translatable words of the three lists and the case loop (context "Lists").

The project stores English codes (``open``, ``in_progress``, ``patrol``);
users read the Chinese words of the reports (待认领, 办理中, 网格巡查) or
their English. The words are marked with ``QT_TRANSLATE_NOOP`` so lupdate
finds them and translated when shown, so a language switch shows at once.
Categories are stored as the words people use (矛盾纠纷, 环境卫生) and shown
as they are.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Lists"

#: The list layers, in the dock's tab order.
LIST_LAYERS = ("needs", "resources", "projects", "cases")

LAYER_TITLES = {
    "needs": QT_TRANSLATE_NOOP("Lists", "需求"),
    "resources": QT_TRANSLATE_NOOP("Lists", "资源"),
    "projects": QT_TRANSLATE_NOOP("Lists", "项目"),
    "cases": QT_TRANSLATE_NOOP("Lists", "事件"),
}

COLUMN_TITLES = {
    "need_id": QT_TRANSLATE_NOOP("Lists", "需求编号"),
    "resource_id": QT_TRANSLATE_NOOP("Lists", "资源编号"),
    "project_id": QT_TRANSLATE_NOOP("Lists", "项目编号"),
    "case_id": QT_TRANSLATE_NOOP("Lists", "事件编号"),
    "title": QT_TRANSLATE_NOOP("Lists", "标题"),
    "category": QT_TRANSLATE_NOOP("Lists", "类别"),
    "grid": QT_TRANSLATE_NOOP("Lists", "网格"),
    "target_type": QT_TRANSLATE_NOOP("Lists", "位置类型"),
    "target_id": QT_TRANSLATE_NOOP("Lists", "位置编号"),
    "created_at": QT_TRANSLATE_NOOP("Lists", "提出日期"),
    "status": QT_TRANSLATE_NOOP("Lists", "状态"),
    "state": QT_TRANSLATE_NOOP("Lists", "状态"),
    "reporter_name": QT_TRANSLATE_NOOP("Lists", "反映人"),
    "reporter_phone": QT_TRANSLATE_NOOP("Lists", "反映人电话"),
    "org_id": QT_TRANSLATE_NOOP("Lists", "责任党组织"),
    "note": QT_TRANSLATE_NOOP("Lists", "备注"),
    "provider_type": QT_TRANSLATE_NOOP("Lists", "提供方类型"),
    "provider_id": QT_TRANSLATE_NOOP("Lists", "提供方编号"),
    "quantity": QT_TRANSLATE_NOOP("Lists", "数量"),
    "unit": QT_TRANSLATE_NOOP("Lists", "单位"),
    "claimed_by_type": QT_TRANSLATE_NOOP("Lists", "认领方类型"),
    "claimed_by": QT_TRANSLATE_NOOP("Lists", "认领方"),
    "claimed_at": QT_TRANSLATE_NOOP("Lists", "认领日期"),
    "done_at": QT_TRANSLATE_NOOP("Lists", "完成日期"),
    "source": QT_TRANSLATE_NOOP("Lists", "来源"),
    "handler_type": QT_TRANSLATE_NOOP("Lists", "承办方类型"),
    "handler_id": QT_TRANSLATE_NOOP("Lists", "承办方编号"),
    "reported_at": QT_TRANSLATE_NOOP("Lists", "发现日期"),
    "due_at": QT_TRANSLATE_NOOP("Lists", "办结时限"),
    "closed_at": QT_TRANSLATE_NOOP("Lists", "办结日期"),
    "satisfaction": QT_TRANSLATE_NOOP("Lists", "满意度"),
    "overdue": QT_TRANSLATE_NOOP("Lists", "超期"),
    "time": QT_TRANSLATE_NOOP("Lists", "时间"),
    "from_state": QT_TRANSLATE_NOOP("Lists", "原状态"),
    "to_state": QT_TRANSLATE_NOOP("Lists", "新状态"),
    "actor": QT_TRANSLATE_NOOP("Lists", "经办人"),
}

#: Stored codes -> words, per column (the contract's vocabulary).
VALUES = {
    "status": {
        "open": QT_TRANSLATE_NOOP("Lists", "待认领"),
        "claimed": QT_TRANSLATE_NOOP("Lists", "已认领"),
        "in_progress": QT_TRANSLATE_NOOP("Lists", "实施中"),
        "done": QT_TRANSLATE_NOOP("Lists", "已完成"),
    },
    "state": {
        "found": QT_TRANSLATE_NOOP("Lists", "发现"),
        "triage": QT_TRANSLATE_NOOP("Lists", "研判分流"),
        "in_progress": QT_TRANSLATE_NOOP("Lists", "办理中"),
        "closed": QT_TRANSLATE_NOOP("Lists", "办结"),
        "visited": QT_TRANSLATE_NOOP("Lists", "回访"),
        "returned": QT_TRANSLATE_NOOP("Lists", "退回"),
        "escalated": QT_TRANSLATE_NOOP("Lists", "升级"),
    },
    "target_type": {
        "building": QT_TRANSLATE_NOOP("Lists", "楼栋"),
        "compound": QT_TRANSLATE_NOOP("Lists", "小区"),
        "grid": QT_TRANSLATE_NOOP("Lists", "网格"),
        "point": QT_TRANSLATE_NOOP("Lists", "地点"),
    },
    "provider_type": {
        "partner": QT_TRANSLATE_NOOP("Lists", "共建单位"),
        "member": QT_TRANSLATE_NOOP("Lists", "党员"),
        "org": QT_TRANSLATE_NOOP("Lists", "党组织"),
    },
    "source": {
        "patrol": QT_TRANSLATE_NOOP("Lists", "网格巡查"),
        "resident": QT_TRANSLATE_NOOP("Lists", "居民反映"),
        "central_household": QT_TRANSLATE_NOOP("Lists", "党员中心户"),
        "other": QT_TRANSLATE_NOOP("Lists", "其他"),
    },
    "handler_type": {
        "grid": QT_TRANSLATE_NOOP("Lists", "网格"),
        "community": QT_TRANSLATE_NOOP("Lists", "社区"),
        "street_dept": QT_TRANSLATE_NOOP("Lists", "街道部门"),
        "partner": QT_TRANSLATE_NOOP("Lists", "共建单位"),
        "mediation": QT_TRANSLATE_NOOP("Lists", "调解队"),
    },
}
VALUES["claimed_by_type"] = VALUES["provider_type"]
VALUES["from_state"] = VALUES["to_state"] = VALUES["state"]

#: The status codes each layer uses (needs and projects share words but not codes).
STATUSES = {"needs": ("open", "claimed", "done"), "projects": ("claimed", "in_progress", "done")}
#: Case states in the order of the loop.
STATES = ("found", "triage", "in_progress", "closed", "visited", "returned", "escalated")

#: Case state -> colour on the map and in the table (overdue cases are red whatever the state).
STATE_COLOURS = {"found": "#4477AA", "triage": "#66CCEE", "in_progress": "#CCBB44",
                 "escalated": "#AA3377", "returned": "#888888", "closed": "#228833",
                 "visited": "#117733"}
OVERDUE_COLOUR = "#D7191C"

#: Per-grid figures of :func:`geo.lists.figures.list_figures` offered as map themes and charts.
FIGURES = {
    "needs_total": QT_TRANSLATE_NOOP("Lists", "需求总数"),
    "needs_open": QT_TRANSLATE_NOOP("Lists", "待认领需求"),
    "needs_matched": QT_TRANSLATE_NOOP("Lists", "已匹配需求"),
    "resources_total": QT_TRANSLATE_NOOP("Lists", "资源总数"),
    "projects_total": QT_TRANSLATE_NOOP("Lists", "项目总数"),
    "projects_done": QT_TRANSLATE_NOOP("Lists", "已完成项目"),
    "cases_total": QT_TRANSLATE_NOOP("Lists", "事件总数"),
    "cases_open": QT_TRANSLATE_NOOP("Lists", "未办结事件"),
    "cases_overdue": QT_TRANSLATE_NOOP("Lists", "超期事件"),
    "cases_resolved_share": QT_TRANSLATE_NOOP("Lists", "事件办结率"),
    "cases_closed_on_time_share": QT_TRANSLATE_NOOP("Lists", "按时办结率"),
    "satisfaction_mean": QT_TRANSLATE_NOOP("Lists", "平均满意度"),
}
FIGURE_UNITS = {
    "needs_total": QT_TRANSLATE_NOOP("Lists", "项"), "needs_open": QT_TRANSLATE_NOOP("Lists", "项"),
    "needs_matched": QT_TRANSLATE_NOOP("Lists", "项"), "resources_total": QT_TRANSLATE_NOOP("Lists", "项"),
    "projects_total": QT_TRANSLATE_NOOP("Lists", "个"), "projects_done": QT_TRANSLATE_NOOP("Lists", "个"),
    "cases_total": QT_TRANSLATE_NOOP("Lists", "件"), "cases_open": QT_TRANSLATE_NOOP("Lists", "件"),
    "cases_overdue": QT_TRANSLATE_NOOP("Lists", "件"), "satisfaction_mean": QT_TRANSLATE_NOOP("Lists", "分"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def layer_title(layer: str) -> str:
    return tr(LAYER_TITLES[layer]) if layer in LAYER_TITLES else layer


def column_title(column: str) -> str:
    return tr(COLUMN_TITLES[column]) if column in COLUMN_TITLES else column


def value_text(column: str, value) -> str:
    """The word for a stored code (the code itself when unknown, "" when blank)."""
    if value is None or value != value or value == "":
        return ""
    words = VALUES.get(column, {})
    return tr(words[value]) if value in words else str(value)


def figure_title(field: str) -> str:
    return tr(FIGURES[field]) if field in FIGURES else field


def figure_unit(field: str) -> str:
    if field.endswith("_share"):
        return "%"
    return tr(FIGURE_UNITS[field]) if field in FIGURE_UNITS else ""
