"""The columns of the four list tables as files spell them: the headers an import accepts.

The header an export writes for a column is the vocabulary's
(:func:`geo.export.vocabulary.column_label` with the list as the table: 事件编号 /
Case ID, 发现时间 / Reported on, 位置类型 / Located at), the same word the
lists panel and ``main.py cases list`` show; :func:`header_label` gives it and
:func:`geo.export.vocabulary.column_message` names the column in a rejection reason. An import
accepts that header in either language, the column name itself, and the
aliases below: headers people write by hand (the issue's 编号/发现时间/办结时限 …)
and the headers earlier versions exported (编号, 联系电话, 承办类型, Reported,
Place type …), so their files still import.

Besides the stored columns a file may place an item with ``grid_id``,
``building_id``, ``compound_id`` or ``lon``/``lat`` (instead of
``target_type``/``target_id``), and name a resource's provider with
``partner_id`` or ``member_id``.

Examples
--------
>>> header_targets("cases", ["编号", "网格编号", "状态", "满意度"])
{'编号': 'case_id', '网格编号': 'grid_id', '状态': 'state', '满意度': 'satisfaction'}
>>> header_targets("needs", ["need_id", "Grid ID", "Status"])
{'need_id': 'need_id', 'Grid ID': 'grid_id', 'Status': 'status'}
>>> header_label("cases", "reporter_phone", "zh"), header_label("cases", "reported_at", "en")
('反映人电话', 'Reported on')
"""
from __future__ import annotations

import functools

from ..export.vocabulary import column_label
from ..importing.fields import normalize_header

LISTS = ("needs", "resources", "projects", "cases")
ID_COLUMNS = {"needs": "need_id", "resources": "resource_id", "projects": "project_id",
              "cases": "case_id"}
#: Columns holding a resident's personal data, with their masking kind (geo.masking).
PERSONAL = {"reporter_name": "name", "reporter_phone": "phone"}

_TITLE = {"needs": ("需求名称", "名称", "事项", "需求", "内容", "需求内容", "name"),
          "resources": ("资源名称", "名称", "资源", "内容", "name"),
          "projects": ("项目名称", "名称", "项目", "name"),
          "cases": ("事项", "名称", "事件", "问题", "内容", "name")}
_PLACE = {
    "target_type": ("Place type",), "target_id": ("Place ID",),
    "grid_id": ("网格", "所属网格", "grid"), "building_id": ("楼栋", "building"),
    "compound_id": ("compound",), "lon": ("x", "lng"), "lat": ("y",),
}
_NOTE = {"note": ("说明",)}
_REPORTER = {"reporter_name": ("Reporter", "提出人", "姓名", "联系人", "reporter"),
             "reporter_phone": ("联系电话", "Reporter phone", "电话", "手机", "phone")}

#: Per list, its columns in file order with the headers accepted besides the export's own
#: (see the module notes); dict order decides which column an ambiguous header means.
FILE_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "needs": {
        "need_id": ("编号", "id"), "title": _TITLE["needs"], "category": ("需求类别", "分类"), **_PLACE,
        "created_at": ("Created", "提出日期", "登记时间", "created"), "status": ("认领状态",), **_REPORTER,
        "org_id": ("Organization ID", "党组织编号", "责任党组织"), **_NOTE},
    "resources": {
        "resource_id": ("编号", "id"), "title": _TITLE["resources"], "category": ("资源类别", "分类"),
        "provider_type": (), "provider_id": ("提供方",), "partner_id": ("共建单位", "partner"),
        "member_id": (), "quantity": ("数额",), "unit": ("计量单位",), **_PLACE, **_NOTE},
    "projects": {
        "project_id": ("编号", "id"), "title": _TITLE["projects"], "need_id": ("need",),
        "resource_id": ("resource",), "claimed_by_type": (), "claimed_by": ("认领单位", "认领人"),
        "claimed_at": ("Claimed", "认领日期"), "status": ("项目状态",), "done_at": ("Done", "完成日期"),
        **_NOTE},
    "cases": {
        "case_id": ("编号", "案件编号", "id"), "title": _TITLE["cases"], "category": ("事件类别", "分类"),
        **_PLACE, "source": ("发现方式",), **_REPORTER, "state": ("办理状态", "status"),
        "handler_type": ("承办类型",), "handler_id": ("Handler ID", "承办方编号", "承办单位"),
        "reported_at": ("Reported", "发现日期", "上报时间", "reported"), "due_at": ("Due", "时限", "due"),
        "closed_at": ("Closed", "办结日期", "closed"), "satisfaction": ("满意度评分",), **_NOTE},
}
#: Columns a file may give that are not stored as such (placement and provider helpers).
HELPER_COLUMNS = frozenset({"grid_id", "building_id", "compound_id", "lon", "lat",
                            "partner_id", "member_id"})

def header_label(layer: str, column: str, lang: str = "zh") -> str:
    """The header an export writes for ``column`` of ``layer`` (the column name when unworded)."""
    return column_label(column, lang, layer)


def accepted_headers(layer: str, column: str) -> tuple[str, ...]:
    """Every header an import reads as ``column`` of ``layer``: the column name, the export's
    header in Chinese and English, then the aliases."""
    return (column, header_label(layer, column, "zh"), header_label(layer, column, "en"),
            *FILE_COLUMNS[layer][column])


@functools.lru_cache(maxsize=None)
def _lookup(layer: str) -> dict[str, str]:
    """``{normalised header: column}``; where two columns claim a header the earlier column wins."""
    lookup = {}
    for column in FILE_COLUMNS[layer]:
        for header in accepted_headers(layer, column):
            lookup.setdefault(normalize_header(header), column)
    return lookup


def header_targets(layer: str, headers) -> dict[str, str]:
    """``{file header: column}`` for the headers of ``layer`` a file carries.

    A header matches when it equals (after :func:`geo.importing.fields.normalize_header`:
    case, width, spaces and bracketed units ignored) one of :func:`accepted_headers`.
    The first header for a column wins; others are ignored.
    """
    lookup = _lookup(layer)
    mapping, used = {}, set()
    for header in headers:
        column = lookup.get(normalize_header(header))
        if column is not None and column not in used:
            mapping[header] = column
            used.add(column)
    return mapping
