"""The Excel report: one sheet per level, the gaps, the members (masked by default) and the lists.

Sheets: 街道 (the street's figures as indicator/value rows), 社区, 网格, 缺口,
党员, then 清单网格指标 (the 三项清单 and case figures per grid), 需求清单, 资源清单,
项目清单, 事件 and 事件流转记录 (reporters masked like members) — or Street,
Communities, Grids, Gaps, Members, List figures by grid, Needs … with ``lang="en"``; every
header, indicator, gap type and value is worded by :mod:`geo.export.vocabulary`,
never shown as a code. The masked 党员 sheet (the default) follows
:data:`geo.masking.MEMBER_EXPORT_KINDS`: name, phone and ID number masked, the
address cut to the building, and gender, roles, linked households and unit
number left out (they would identify the person beside a masked name; the grid
and community sheets carry them aggregated). Shares stay numbers (0.92) with a
percent format, so a reader sees "92.0%" and a formula can still use them. Every
cell goes through :mod:`geo.export.safe_excel`: strings never become formulas.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.coverage.excel import (COMMUNITY_COLUMNS, GRID_COLUMNS, PERCENT_FORMAT, figure_sheet,
                                gap_sheet)
from geo.export.safe_excel import SheetSpec, write_workbook
from geo.export.vocabulary import check_lang, indicator_label, is_share, roles_label, value_label, word
from geo.households_source import note
from geo.masking import MASKED, MEMBER_EXPORT_KINDS, MaskPolicy

MEMBER_COLUMNS = ["member_id", "name", "gender", "phone", "id_number", "kind", "roles",
                  "linked_households", "org_name", "address", "unit_no", "grid_name", "community_name"]


def write_report(path, project, model=None, policy: MaskPolicy = MASKED, lang: str = "zh") -> Path:
    """Write the full report of ``project`` to ``path`` (an .xlsx file).

    Parameters
    ----------
    path : str or os.PathLike
    project : geo.project.Project
    model : geo.coverage.CoverageModel, optional
        A live model to read figures from (computed once when omitted).
    policy : MaskPolicy
        MASKED (default) or FULL from :func:`geo.masking.resolve_policy`;
        every sheet states which.
    lang : str
        ``zh`` (default) or ``en``: sheet names, headers and values.
    """
    from geo.coverage.model import CoverageModel

    check_lang(lang)
    model = model or CoverageModel(project, live=False)
    street = street_rows(model.street, lang)
    sheets = [
        SheetSpec(word("value.sheet.street", lang), street[["label", "value"]],
                  formats={"value": street["format"].tolist()}, lang=lang, table="street"),
        figure_sheet(model.communities, COMMUNITY_COLUMNS, lang, "communities", "communities"),
        figure_sheet(model.grids, GRID_COLUMNS, lang, "grids", "grids"),
        gap_sheet(model.gaps(), lang, "gaps"),
        SheetSpec(word("value.sheet.members", lang), member_rows(project, lang), columns=MEMBER_COLUMNS,
                  personal=MEMBER_EXPORT_KINDS, lang=lang, table="members"),
        *list_report_sheets(project, policy, lang),
    ]
    return write_workbook(path, sheets, policy)


def list_report_sheets(project, policy: MaskPolicy = MASKED, lang: str = "zh") -> list:
    """三项清单 and the cases: the per-grid figures, then one sheet per list and the case
    events (reporters masked unless the policy is full; :mod:`geo.lists.export_table`)."""
    from geo.lists.export_table import figures_sheet, list_sheets

    return [figures_sheet(project, lang), *list_sheets(project, policy, lang)]


def street_rows(street: dict, lang: str = "zh") -> pd.DataFrame:
    """The street's figures as (label, value, number format) rows; shares keep 0..1 with a % format."""
    rows = []
    for key, value in street.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            share = is_share(key)
            rows.append({"label": indicator_label(key, lang),
                         "value": round(value, 4) if share else round(value, 2),
                         "format": PERCENT_FORMAT if share else None})
        elif key == "name":
            rows.insert(0, {"label": word("column.street", lang), "value": value, "format": None})
    # every household figure below rests on these: say so above them
    caveat = note(street.get("households_estimated_buildings", 0), street.get("households_blank_buildings", 0))
    if caveat is not None:
        at = 1 if rows and "name" in street else 0
        rows.insert(at, {"label": word("value.text.note", lang), "value": caveat.text(lang), "format": None})
    return pd.DataFrame(rows, columns=["label", "value", "format"])


def member_rows(project, lang: str = "zh") -> pd.DataFrame:
    """Members with their organization, address, grid and community spelled out."""
    m = project["members"]
    b, g, c = project["buildings"], project["grids"], project["communities"]
    grid_id = m["building_id"].map(b["grid_id"])
    out = pd.DataFrame({
        "member_id": m["member_id"], "name": m["name"],
        "gender": m["gender"].map(lambda v: value_label("gender", v, lang)), "phone": m["phone"],
        "id_number": m["id_number"], "kind": m["kind"].map(lambda v: value_label("member_kind", v, lang)),
        "roles": m["roles"].map(lambda r: roles_label(r, lang)),
        "linked_households": m["linked_households"],
        "org_name": m["org_id"].map(project["organizations"]["name"]),
        "address": m["building_id"].map(b["address"]) if "address" in b else None,
        "unit_no": m.get("unit_no"),
        "grid_name": grid_id.map(g["name"]),
        "community_name": grid_id.map(g["community_id"]).map(c["name"]),
    })
    return out.reset_index(drop=True)
