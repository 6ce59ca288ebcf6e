"""Translatable names of gap types, severities and coverage figures (context "Coverage").

``geo.coverage`` names its gap types and figures with English identifiers and
Chinese titles for reports; the GUI shows them through Qt's translator so the
English interface reads English. The detail of a gap is a ``geo`` message,
worded in the interface's language too (:func:`geo.coverage.gaps.detail_texts`).
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Coverage"

GAP_TITLES = {
    "grid_no_branch": QT_TRANSLATE_NOOP("Coverage", "网格未建党支部"),
    "org_area_missing": QT_TRANSLATE_NOOP("Coverage", "党组织所辖范围不存在"),
    "grid_out_of_band": QT_TRANSLATE_NOOP("Coverage", "网格户数不在规定范围"),
    "households_unlinked": QT_TRANSLATE_NOOP("Coverage", "住户未被党员中心户联系"),
    "building_outside_stations": QT_TRANSLATE_NOOP("Coverage", "楼栋不在已建服务站服务半径内"),
    "grid_no_head": QT_TRANSLATE_NOOP("Coverage", "网格无网格长"),
    "building_no_grid": QT_TRANSLATE_NOOP("Coverage", "楼栋未划入网格"),
    "member_no_grid": QT_TRANSLATE_NOOP("Coverage", "党员所在楼栋不在任何网格"),
    "grid_no_staff": QT_TRANSLATE_NOOP("Coverage", "网格无网格员"),
    "grid_no_partner": QT_TRANSLATE_NOOP("Coverage", "网格无一级包联单位"),
    "building_no_group": QT_TRANSLATE_NOOP("Coverage", "楼栋未建党小组"),
    "unit_no_head": QT_TRANSLATE_NOOP("Coverage", "单元无单元长"),
}

SEVERITIES = {
    3: QT_TRANSLATE_NOOP("Coverage", "高"),
    2: QT_TRANSLATE_NOOP("Coverage", "中"),
    1: QT_TRANSLATE_NOOP("Coverage", "低"),
}
#: Marker and text colours by severity (red, orange, yellow-brown: readable on the map).
SEVERITY_COLOURS = {3: "#C8102E", 2: "#EC7014", 1: "#B8860B"}

UNITS = {
    "个": QT_TRANSLATE_NOOP("Coverage", "个"),
    "户": QT_TRANSLATE_NOOP("Coverage", "户"),
    "米": QT_TRANSLATE_NOOP("Coverage", "米"),
    "人": QT_TRANSLATE_NOOP("Coverage", "人"),
}

#: Figures that can be drawn as a choropleth: field -> title. Both grids and
#: communities have them (docs/stats_json.md).
FIGURES = {
    "households": QT_TRANSLATE_NOOP("Coverage", "户数"),
    "members": QT_TRANSLATE_NOOP("Coverage", "党员数"),
    "members_per_100_households": QT_TRANSLATE_NOOP("Coverage", "每百户党员数"),
    "building_group_share": QT_TRANSLATE_NOOP("Coverage", "楼栋党小组覆盖率"),
    "unit_head_share": QT_TRANSLATE_NOOP("Coverage", "单元长覆盖率"),
    "linked_share": QT_TRANSLATE_NOOP("Coverage", "中心户联系率"),
    "unlinked_households": QT_TRANSLATE_NOOP("Coverage", "未联系户数"),
    "central_households_needed": QT_TRANSLATE_NOOP("Coverage", "尚缺中心户数"),
    "station_coverage_share": QT_TRANSLATE_NOOP("Coverage", "服务站覆盖率"),
    "station_coverage_share_with_planned": QT_TRANSLATE_NOOP("Coverage", "服务站覆盖率（含规划）"),
    "partner_building_share": QT_TRANSLATE_NOOP("Coverage", "共建楼栋比例"),
    "organizations": QT_TRANSLATE_NOOP("Coverage", "党组织数"),
}
#: Only grids have these.
GRID_FIGURES = {
    "band_needed": QT_TRANSLATE_NOOP("Coverage", "距户数范围差额"),
}
#: Only communities have these.
COMMUNITY_FIGURES = {
    "grid_branch_share": QT_TRANSLATE_NOOP("Coverage", "网格党支部覆盖率"),
    "grid_in_band_share": QT_TRANSLATE_NOOP("Coverage", "户数达标网格比例"),
    "compound_partner_share": QT_TRANSLATE_NOOP("Coverage", "小区包联比例"),
}

#: The unit a figure is counted in, for legend titles ("每百户党员数（人/百户）").
#: Shares are drawn in percent (see :mod:`.overlay`).
FIGURE_UNITS = {
    "households": QT_TRANSLATE_NOOP("Coverage", "户"),
    "members": QT_TRANSLATE_NOOP("Coverage", "人"),
    "members_per_100_households": QT_TRANSLATE_NOOP("Coverage", "人/百户"),
    "unlinked_households": QT_TRANSLATE_NOOP("Coverage", "户"),
    "central_households_needed": QT_TRANSLATE_NOOP("Coverage", "户"),
    "organizations": QT_TRANSLATE_NOOP("Coverage", "个"),
    "band_needed": QT_TRANSLATE_NOOP("Coverage", "户"),
}

#: Category names in the charts.
CHART_LABELS = {
    "branch": QT_TRANSLATE_NOOP("Coverage", "网格党支部"),
    "group": QT_TRANSLATE_NOOP("Coverage", "楼栋党小组"),
    "unit_head": QT_TRANSLATE_NOOP("Coverage", "单元长"),
    "linked": QT_TRANSLATE_NOOP("Coverage", "中心户联系"),
    "station": QT_TRANSLATE_NOOP("Coverage", "服务站覆盖"),
    "grid_head": QT_TRANSLATE_NOOP("Coverage", "网格长"),
    "central": QT_TRANSLATE_NOOP("Coverage", "党员中心户"),
    "linked_households": QT_TRANSLATE_NOOP("Coverage", "联系住户"),
    "stations": QT_TRANSLATE_NOOP("Coverage", "党群服务站"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def gap_title(gap_type: str) -> str:
    return tr(GAP_TITLES[gap_type]) if gap_type in GAP_TITLES else gap_type


def severity_text(severity) -> str:
    return tr(SEVERITIES.get(int(severity), "")) if severity == severity else ""


def unit_text(unit: str) -> str:
    return tr(UNITS[unit]) if unit in UNITS else str(unit or "")


def figures_of(layer: str) -> dict[str, str]:
    """field -> translated title of the figures a layer ("grids" or "communities") can show."""
    extra = GRID_FIGURES if layer == "grids" else COMMUNITY_FIGURES
    return {field: tr(title) for field, title in {**FIGURES, **extra}.items()}


def figure_title(layer: str, field: str) -> str:
    """The translated title of a figure, ``field`` itself when unknown."""
    return figures_of(layer).get(field, field)


def figure_unit(field: str) -> str:
    """The translated unit of a figure: "%" for shares, "" when it has none."""
    if field.endswith("_share"):
        return "%"
    return tr(FIGURE_UNITS[field]) if field in FIGURE_UNITS else ""
