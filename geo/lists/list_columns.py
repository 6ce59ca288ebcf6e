"""The columns of the four list tables as files spell them: headers in Chinese and English.

One table per list (needs, resources, projects, cases) says, for every column a
file may carry, the header an export writes in each language and the other
headers an import accepts (the issue's 编号/网格编号/发现时间 …). Export and
import read the same table, so an exported workbook imports again unchanged.

The headers the app's exports write (:func:`geo.export.vocabulary.column_label`,
e.g. 事件编号, 反映人电话) are accepted too. Besides the stored columns a file may place an item with ``grid_id``,
``building_id``, ``compound_id`` or ``lon``/``lat`` (instead of
``target_type``/``target_id``), and name a resource's provider with
``partner_id`` or ``member_id``.

Examples
--------
>>> header_targets("cases", ["编号", "网格编号", "状态", "满意度"])
{'编号': 'case_id', '网格编号': 'grid_id', '状态': 'state', '满意度': 'satisfaction'}
>>> header_targets("needs", ["need_id", "Grid ID", "Status"])
{'need_id': 'need_id', 'Grid ID': 'grid_id', 'Status': 'status'}
"""
from __future__ import annotations

from dataclasses import dataclass

from ..export.vocabulary import column_label
from ..importing.fields import normalize_header
from ..messages import register

LISTS = ("needs", "resources", "projects", "cases")
ID_COLUMNS = {"needs": "need_id", "resources": "resource_id", "projects": "project_id",
              "cases": "case_id"}
#: Columns holding a resident's personal data, with their masking kind (geo.masking).
PERSONAL = {"reporter_name": "name", "reporter_phone": "phone"}


@dataclass(frozen=True)
class FileColumn:
    """A column as files name it: ``zh``/``en`` are the headers an export writes."""

    column: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    def headers(self) -> tuple[str, ...]:
        return (self.column, self.zh, self.en, *self.aliases)


def _c(column, zh, en, *aliases) -> FileColumn:
    return FileColumn(column, zh, en, aliases)


_TITLE = {"needs": _c("title", "需求名称", "Title", "名称", "事项", "需求", "内容", "需求内容", "name"),
          "resources": _c("title", "资源名称", "Title", "名称", "资源", "内容", "name"),
          "projects": _c("title", "项目名称", "Title", "名称", "项目", "name"),
          "cases": _c("title", "事项", "Title", "名称", "事件", "问题", "内容", "name")}
_PLACE = (
    _c("target_type", "位置类型", "Place type"), _c("target_id", "位置编号", "Place ID"),
    _c("grid_id", "网格编号", "Grid ID", "网格", "所属网格", "grid"),
    _c("building_id", "楼栋编号", "Building ID", "楼栋", "building"),
    _c("compound_id", "小区编号", "Compound ID", "compound"),
    _c("lon", "经度", "Longitude", "x", "lng"), _c("lat", "纬度", "Latitude", "y"),
)
_NOTE = _c("note", "备注", "Note", "说明")
_REPORTER = (_c("reporter_name", "反映人", "Reporter", "提出人", "姓名", "联系人", "reporter"),
             _c("reporter_phone", "联系电话", "Reporter phone", "电话", "手机", "phone"))

FILE_COLUMNS: dict[str, tuple[FileColumn, ...]] = {
    "needs": (
        _c("need_id", "编号", "Need ID", "需求编号", "id"), _TITLE["needs"],
        _c("category", "类别", "Category", "需求类别", "分类"), *_PLACE,
        _c("created_at", "提出时间", "Created", "提出日期", "登记时间", "created"),
        _c("status", "状态", "Status", "认领状态"), *_REPORTER,
        _c("org_id", "责任党组织编号", "Organization ID", "党组织编号", "责任党组织"), _NOTE),
    "resources": (
        _c("resource_id", "编号", "Resource ID", "资源编号", "id"), _TITLE["resources"],
        _c("category", "类别", "Category", "资源类别", "分类"),
        _c("provider_type", "提供方类型", "Provider type"),
        _c("provider_id", "提供方编号", "Provider ID", "提供方"),
        _c("partner_id", "共建单位编号", "Partner unit ID", "共建单位", "partner"),
        _c("member_id", "党员编号", "Member ID"),
        _c("quantity", "数量", "Quantity", "数额"), _c("unit", "单位", "Unit", "计量单位"),
        *_PLACE, _NOTE),
    "projects": (
        _c("project_id", "编号", "Project ID", "项目编号", "id"), _TITLE["projects"],
        _c("need_id", "需求编号", "Need ID", "need"), _c("resource_id", "资源编号", "Resource ID", "resource"),
        _c("claimed_by_type", "认领方类型", "Claimant type"),
        _c("claimed_by", "认领方", "Claimed by", "认领单位", "认领人"),
        _c("claimed_at", "认领时间", "Claimed", "认领日期"),
        _c("status", "状态", "Status", "项目状态"),
        _c("done_at", "完成时间", "Done", "完成日期"), _NOTE),
    "cases": (
        _c("case_id", "编号", "Case ID", "事件编号", "案件编号", "id"), _TITLE["cases"],
        _c("category", "类别", "Category", "事件类别", "分类"), *_PLACE,
        _c("source", "来源", "Source", "发现方式"), *_REPORTER,
        _c("state", "状态", "State", "办理状态", "status"),
        _c("handler_type", "承办类型", "Handler type", "承办方类型"),
        _c("handler_id", "承办方编号", "Handler ID", "承办方", "承办单位"),
        _c("reported_at", "发现时间", "Reported", "发现日期", "上报时间", "reported"),
        _c("due_at", "办结时限", "Due", "时限", "due"),
        _c("closed_at", "办结时间", "Closed", "办结日期", "closed"),
        _c("satisfaction", "满意度", "Satisfaction", "满意度评分"), _NOTE),
}
#: Columns a file may give that are not stored as such (placement and provider helpers).
HELPER_COLUMNS = frozenset({"grid_id", "building_id", "compound_id", "lon", "lat",
                            "partner_id", "member_id"})

for _layer, _zh, _en in [("needs", "需求清单", "Needs"), ("resources", "资源清单", "Resources"),
                         ("projects", "项目清单", "Projects"), ("cases", "事件", "Cases")]:
    register(f"lists.layer.{_layer}", _zh, _en)
for _list, _columns in FILE_COLUMNS.items():
    for _fc in _columns:
        register(f"lists.header.{_list}.{_fc.column}", _fc.zh, _fc.en)


def header_targets(layer: str, headers) -> dict[str, str]:
    """``{file header: column}`` for the headers of ``layer`` a file carries.

    A header matches when it equals (after :func:`geo.importing.fields.normalize_header`:
    case, width, spaces and bracketed units ignored) the column name, one of its
    export headers or an alias. The first header for a column wins; others are ignored.
    """
    lookup = {}
    for fc in FILE_COLUMNS[layer]:
        for header in fc.headers():
            lookup.setdefault(normalize_header(header), fc.column)
    for fc in FILE_COLUMNS[layer]:  # the words exports write (geo.export.vocabulary)
        if fc.column not in HELPER_COLUMNS:
            for lang in ("zh", "en"):
                lookup.setdefault(normalize_header(column_label(fc.column, lang, layer)), fc.column)
    mapping, used = {}, set()
    for header in headers:
        column = lookup.get(normalize_header(header))
        if column is not None and column not in used:
            mapping[header] = column
            used.add(column)
    return mapping


def header_label(layer: str, column: str, lang: str = "zh") -> str:
    """The header an export writes for ``column`` of ``layer`` (the column name when unknown)."""
    for fc in FILE_COLUMNS[layer]:
        if fc.column == column:
            return fc.en if lang == "en" else fc.zh
    return column
