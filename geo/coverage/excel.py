"""The gap list and the figures as an Excel workbook (through geo.export.safe_excel).

safe_excel writes every text cell as a string, never a formula, marks text
starting with = + - @ with a quote prefix, freezes the header rows and fits
the column widths; this module only chooses sheets, columns and Chinese headers.
"""
from __future__ import annotations

from pathlib import Path

from ..export.safe_excel import SheetSpec, write_workbook

GAP_HEADERS = {
    "type": "缺口类型", "severity": "严重程度", "title": "缺口", "layer": "图层", "id": "编号",
    "name": "名称", "community_id": "社区编号", "grid_id": "网格编号", "needed": "补齐所需",
    "needed_unit": "单位", "households": "涉及户数", "detail": "说明", "x": "经度/X", "y": "纬度/Y",
}
FIGURE_HEADERS = {
    "grid_id": "网格编号", "community_id": "社区编号", "name": "名称", "households": "户数",
    "buildings": "楼栋数", "units": "单元数", "residents": "人口", "members": "党员数",
    "members_registered": "在册党员", "members_in_service": "在职党员(双报到)",
    "members_floating": "流动党员", "members_per_100_households": "每百户党员数",
    "has_branch": "已建网格党支部", "building_group_share": "楼栋党小组覆盖率",
    "unit_head_share": "单元长覆盖率", "linked_households": "中心户联系户数",
    "central_households": "党员中心户数", "central_households_needed": "还需中心户数",
    "station_covered_households": "服务站覆盖户数", "station_coverage_share": "服务站覆盖率",
    "station_covered_households_with_planned": "含规划站覆盖户数",
    "has_grid_head": "有网格长", "has_grid_staff": "有网格员", "has_partner": "有一级包联单位",
    "partner_buildings": "有包联单位楼栋数", "band": "户数区间", "band_needed": "偏离户数",
    "grids": "网格数", "grids_with_branch": "已建支部网格数", "compounds": "小区数",
    "compounds_with_partner": "有二级包联小区数", "grid_branch_share": "网格支部覆盖率",
}
GRID_COLUMNS = ["grid_id", "name", "community_id", "households", "buildings", "units", "residents",
                "members", "members_registered", "members_in_service", "members_floating",
                "members_per_100_households", "has_branch", "building_group_share",
                "unit_head_share", "central_households", "linked_households",
                "central_households_needed", "station_covered_households",
                "station_coverage_share", "station_covered_households_with_planned",
                "has_grid_head", "has_grid_staff", "has_partner", "partner_buildings",
                "band", "band_needed"]
COMMUNITY_COLUMNS = ["community_id", "name", "grids", "households", "buildings", "members",
                     "members_per_100_households", "grids_with_branch", "grid_branch_share",
                     "building_group_share", "unit_head_share", "linked_households",
                     "central_households_needed", "station_coverage_share", "compounds",
                     "compounds_with_partner"]


def write_gaps_xlsx(path, gaps, model=None) -> Path:
    """Write the gap list (and, given a model, grid and community figures) to ``path``.

    Parameters
    ----------
    path : str or os.PathLike
    gaps : pandas.DataFrame
        From :meth:`CoverageModel.gaps`; member names in it are already masked.
    model : CoverageModel, optional
        Adds the sheets 网格指标 and 社区指标.
    """
    frame = gaps.copy()
    frame["severity"] = frame["severity"].map({3: "高", 2: "中", 1: "低"})
    sheets = [SheetSpec("缺口清单", frame, columns=list(GAP_HEADERS), headers=GAP_HEADERS)]
    if model is not None:
        sheets.append(SheetSpec("网格指标", _yes_no(model.grids), columns=GRID_COLUMNS,
                                headers=FIGURE_HEADERS))
        sheets.append(SheetSpec("社区指标", model.communities, columns=COMMUNITY_COLUMNS,
                                headers=FIGURE_HEADERS))
    return write_workbook(path, sheets)


def _yes_no(frame):
    out = frame.copy()
    for c in ("has_branch", "has_grid_head", "has_grid_staff", "has_partner"):
        out[c] = out[c].map({True: "是", False: "否"})
    out["band"] = out["band"].map({"in": "区间内", "under": "偏少", "over": "偏多"})
    return out
