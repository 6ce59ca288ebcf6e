"""The gap list and the figures as an Excel workbook (through geo.export.safe_excel).

safe_excel writes every text cell as a string, never a formula, marks text
starting with = + - @ with a quote prefix, freezes the header rows, fits the
column widths and sets up printing; this module only chooses sheets and columns
and words codes and values in the chosen language (:mod:`geo.export.vocabulary`).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..export.safe_excel import SheetSpec, write_workbook
from ..export.vocabulary import check_lang, gap_title, indicator_label, is_share, value_label, word
from .gaps import detail_texts

#: Gap columns in a sheet; the type (缺口类型) is worded as the gap's title, never a code.
GAP_COLUMNS = ["severity", "type", "layer", "id", "name", "community_id", "grid_id", "needed",
               "needed_unit", "households", "detail", "x", "y"]
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
#: Excel number format of shares: the cell keeps 0.923, Excel shows 92.3%.
PERCENT_FORMAT = "0.0%"


def write_gaps_xlsx(path, gaps, model=None, lang: str = "zh") -> Path:
    """Write the gap list (and, given a model, grid and community figures) to ``path``.

    Parameters
    ----------
    path : str or os.PathLike
    gaps : pandas.DataFrame
        From :meth:`CoverageModel.gaps`; member names in it are already masked.
    model : CoverageModel, optional
        Adds the sheets 网格指标 and 社区指标.
    lang : str
        ``zh`` (default) or ``en``: sheet names, headers, gap titles and values.
    """
    check_lang(lang)
    sheets = [gap_sheet(gaps, lang, "gap_list")]
    if model is not None:
        sheets.append(figure_sheet(model.grids, GRID_COLUMNS, lang, "grid_figures", "grids"))
        sheets.append(figure_sheet(model.communities, COMMUNITY_COLUMNS, lang, "community_figures",
                                   "communities"))
    return write_workbook(path, sheets)


def gap_sheet(gaps: pd.DataFrame, lang: str, sheet: str) -> SheetSpec:
    """The gap list worded in ``lang``: title from the type, severity, layer and unit as words."""
    frame = gaps.copy()
    frame["type"] = frame["type"].map(lambda t: gap_title(t, lang))
    frame["severity"] = frame["severity"].map(lambda v: value_label("severity", int(v), lang))
    frame["layer"] = frame["layer"].map(lambda v: value_label("layer", v, lang))
    frame["needed_unit"] = frame["needed_unit"].map(lambda v: value_label("unit", v, lang))
    frame["detail"] = detail_texts(frame["detail"], lang)
    return SheetSpec(word(f"value.sheet.{sheet}", lang), frame, columns=GAP_COLUMNS,
                     lang=lang, table="gaps")


def figure_sheet(frame: pd.DataFrame, columns, lang: str, sheet: str, table: str) -> SheetSpec:
    """Grid or community figures: yes/no and bands as words, shares in percent format."""
    out = worded_figures(frame, lang)
    formats = {c: PERCENT_FORMAT for c in columns if is_share(c)}
    return SheetSpec(word(f"value.sheet.{sheet}", lang), out, columns=columns, formats=formats,
                     lang=lang, table=table)


def worded_figures(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Booleans as 是/否 (yes/no), the band as words, other floats rounded."""
    out = frame.copy()
    for c in ("has_branch", "has_grid_head", "has_grid_staff", "has_partner", "in_band"):
        if c in out:
            out[c] = out[c].map(lambda v: value_label("bool", v, lang) if pd.notna(v) else None)
    if "band" in out:
        out["band"] = out["band"].map(lambda v: value_label("band", v, lang))
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].round(4 if is_share(c) else 2)
    return out


#: The figures a short summary of a street or community shows, in this order (the org tree's 统计).
SUMMARY_FIGURES = ["households", "buildings", "grids", "members", "members_per_100_households",
                   "grid_branch_share", "building_group_share", "unit_head_share",
                   "linked_share", "central_households_needed", "station_coverage_share",
                   "grid_in_band_share"]


def figure_summary(figures, lang: str = "zh") -> list[tuple[str, str]]:
    """(label, value) pairs of :data:`SUMMARY_FIGURES` from a street dict or a community row:
    counts with thousands separators, shares as percent ("76 %"), missing figures left out."""
    check_lang(lang)
    out = []
    for key in SUMMARY_FIGURES:
        value = figures.get(key) if hasattr(figures, "get") else None
        if value is None or (isinstance(value, float) and value != value):
            continue
        if is_share(key):
            text = f"{value * 100:.0f} %"
        elif isinstance(value, float) and not value.is_integer():
            text = f"{value:,.1f}"
        else:
            text = f"{int(value):,}"
        out.append((indicator_label(key, lang), text))
    return out


def write_community_xlsx(path, model, community_id, lang: str = "zh") -> Path:
    """One community's report: its gaps, its grids' figures and its own row of figures.

    Parameters
    ----------
    path : str or os.PathLike
    model : CoverageModel
    community_id : str
        Must be a community of the model's project (KeyError otherwise).
    lang : str
        ``zh`` (default) or ``en``.
    """
    check_lang(lang)
    communities = model.communities
    row = communities[communities["community_id"] == community_id] if "community_id" in communities \
        else communities.loc[[community_id]]
    if not len(row):
        raise KeyError(community_id)
    grids = model.grids[model.grids["community_id"] == community_id]
    return write_workbook(path, [
        gap_sheet(model.gaps(community=community_id), lang, "gap_list"),
        figure_sheet(grids, GRID_COLUMNS, lang, "grid_figures", "grids"),
        figure_sheet(row, COMMUNITY_COLUMNS, lang, "community_figures", "communities")])
