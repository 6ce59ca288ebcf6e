"""The words of the coverage views: gap types, severities, units and figures, in the interface language.

Gap titles, severities, units and the figures a map can be coloured by are
worded by :mod:`geo.export.vocabulary`, the catalogue the Excel report, the
gaps workbook and ``main.py stats`` read, so the figure menu, the map legend,
the gap list and the workbook say the same thing (中心户联系覆盖率, not a
second wording). The language is the engine's (:func:`geo.messages.language`),
which the app switches together with its translator
(:func:`gui.app.install_translator`): a word asked for after a switch comes in
the new language. What only the app shows stays here, translated by Qt
(context "Coverage"): the units of a legend title and the chart categories.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from geo.export import vocabulary
from geo.messages import language

CONTEXT = "Coverage"

#: Marker and text colours by severity (red, orange, yellow-brown: readable on the map).
SEVERITY_COLOURS = {3: "#C8102E", 2: "#EC7014", 1: "#B8860B"}

#: Figures that can be drawn as a choropleth (docs/stats_json.md); both grids and communities have them.
FIGURES = ("households", "members", "members_per_100_households", "building_group_share", "unit_head_share",
           "linked_share", "unlinked_households", "central_households_needed", "station_coverage_share",
           "station_coverage_share_with_planned", "partner_building_share", "organizations")
#: Only grids have these.
GRID_FIGURES = ("band_needed",)
#: Only communities have these.
COMMUNITY_FIGURES = ("grid_branch_share", "grid_in_band_share", "compound_partner_share")

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
    """The title of a gap type as the gaps workbook words it (the code itself when unknown)."""
    return vocabulary.gap_title(gap_type, language())


def severity_text(severity) -> str:
    """高/中/低 (high/medium/low) for a severity 3/2/1; "" when blank."""
    if severity != severity or severity is None:
        return ""
    text = vocabulary.value_label("severity", str(int(severity)), language())
    return text if text != str(int(severity)) else ""


def unit_text(unit: str) -> str:
    """The unit of a gap's "needed to close" (an English count has none: "3", not "3 个")."""
    return vocabulary.value_label("unit", str(unit), language()) if unit else ""


def figures_of(layer: str) -> dict[str, str]:
    """field -> title of the figures a layer ("grids" or "communities") can show."""
    extra = GRID_FIGURES if layer == "grids" else COMMUNITY_FIGURES
    return {field: vocabulary.indicator_label(field, language()) for field in (*FIGURES, *extra)}


def figure_title(layer: str, field: str) -> str:
    """The title of a figure of ``layer``, ``field`` itself when the layer does not offer it."""
    return figures_of(layer).get(field, field)


def figure_unit(field: str) -> str:
    """The translated unit of a figure: "%" for shares, "" when it has none."""
    if field.endswith("_share"):
        return "%"
    return tr(FIGURE_UNITS[field]) if field in FIGURE_UNITS else ""
