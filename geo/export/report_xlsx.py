"""The Excel report: one sheet per level, the gaps, and the members (masked by default).

Sheets: 街道 (the street's figures as label/value rows), 社区, 网格, 缺口,
党员. The masked 党员 sheet (the default) follows :data:`geo.masking.MEMBER_EXPORT_KINDS`:
name, phone and ID number masked, the address cut to the building, and
gender, roles, linked households and unit number left out (they would
identify the person beside a masked name; the grid and community sheets
carry them aggregated). Shares are written as percentages with one decimal so that a reader
sees "92.0" under "楼栋党小组覆盖率(%)" rather than 0.92. Every cell goes
through :mod:`geo.export.safe_excel`: strings never become formulas.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.coverage.excel import (COMMUNITY_COLUMNS, FIGURE_HEADERS, GAP_HEADERS, GRID_COLUMNS,
                                _yes_no)
from geo.export.headers_zh import MEMBER_HEADERS_ZH
from geo.export.safe_excel import SheetSpec, write_workbook
from geo.households_source import note
from geo.masking import MASKED, MEMBER_EXPORT_KINDS, MaskPolicy
from geo.schema import split_roles

ROLE_ZH = {"central_household": "党员中心户", "unit_head": "党群单元长", "grid_head": "网格长",
           "grid_staff": "网格员", "building_head": "楼栋长", "secretary": "书记"}
KIND_ZH = {"registered": "在册党员", "in_service": "在职党员(双报到)", "floating": "流动党员"}
MEMBER_COLUMNS = ["member_id", "name", "gender", "phone", "id_number", "kind", "roles",
                  "linked_households", "org_name", "address", "unit_no", "grid_name", "community_name"]
MEMBER_EXTRA_HEADERS = {"org_name": "所在党组织", "grid_name": "网格", "community_name": "社区",
                        "address": "住址"}
STREET_LABELS = {**FIGURE_HEADERS, "communities": "社区数", "stations": "党群服务站数",
                 "organizations": "党组织数", "grids_in_band": "户数达标网格数",
                 "grids_under_band": "户数偏少网格数", "grids_over_band": "户数偏多网格数",
                 "unlinked_households": "未联系户数", "members_counted": "计入党员数",
                 "grids_with_grid_head": "有网格长网格数", "grids_with_partner": "有包联单位网格数",
                 "planned_added_households": "规划站新增覆盖户数",
                 "central_households_required": "按比例应有中心户数",
                 "households_estimated_buildings": "户数为估算的楼栋数",
                 "households_blank_buildings": "缺户数的楼栋数"}


def write_report(path, project, model=None, policy: MaskPolicy = MASKED) -> Path:
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
    """
    from geo.coverage.model import CoverageModel

    model = model or CoverageModel(project, live=False)
    gaps = model.gaps().assign(severity=lambda f: f["severity"].map({3: "高", 2: "中", 1: "低"}))
    sheets = [
        SheetSpec("街道", street_rows(model.street), headers={"label": "指标", "value": "数值"}),
        SheetSpec("社区", percent(model.communities), columns=COMMUNITY_COLUMNS,
                  headers=percent_headers(COMMUNITY_COLUMNS)),
        SheetSpec("网格", percent(_yes_no(model.grids)), columns=GRID_COLUMNS,
                  headers=percent_headers(GRID_COLUMNS)),
        SheetSpec("缺口", gaps, columns=list(GAP_HEADERS), headers=GAP_HEADERS),
        SheetSpec("党员", member_rows(project), columns=MEMBER_COLUMNS,
                  headers={**MEMBER_HEADERS_ZH, **MEMBER_EXTRA_HEADERS},
                  personal=MEMBER_EXPORT_KINDS),
    ]
    return write_workbook(path, sheets, policy)


def is_share(column: str) -> bool:
    return column.endswith("_share")


def percent(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if is_share(column):
            out[column] = (pd.to_numeric(out[column], errors="coerce") * 100).round(1)
        elif out[column].dtype.kind == "f":
            out[column] = out[column].round(2)
    return out


def percent_headers(columns) -> dict:
    return {c: FIGURE_HEADERS.get(c, c) + ("(%)" if is_share(c) else "") for c in columns}


def street_rows(street: dict) -> pd.DataFrame:
    rows = []
    for key, value in street.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            label = STREET_LABELS.get(key, key) + ("(%)" if is_share(key) else "")
            rows.append({"label": label, "value": round(value * 100, 1) if is_share(key) else round(value, 2)})
        elif key == "name":
            rows.insert(0, {"label": "街道", "value": value})
    # every household figure below rests on these: say so above them
    caveat = note(street.get("households_estimated_buildings", 0), street.get("households_blank_buildings", 0))
    if caveat is not None:
        rows.insert(1 if rows and rows[0]["label"] == "街道" else 0, {"label": "说明", "value": caveat.text("zh")})
    return pd.DataFrame(rows, columns=["label", "value"])


def member_rows(project) -> pd.DataFrame:
    """Members with their organization, address, grid and community spelled out."""
    m = project["members"]
    b, g, c = project["buildings"], project["grids"], project["communities"]
    grid_id = m["building_id"].map(b["grid_id"])
    out = pd.DataFrame({
        "member_id": m["member_id"], "name": m["name"], "gender": m["gender"], "phone": m["phone"],
        "id_number": m["id_number"], "kind": m["kind"].map(KIND_ZH).fillna(m["kind"]),
        "roles": m["roles"].map(lambda r: "、".join(ROLE_ZH.get(x, x) for x in split_roles(r))),
        "linked_households": m["linked_households"],
        "org_name": m["org_id"].map(project["organizations"]["name"]),
        "address": m["building_id"].map(b["address"]) if "address" in b else None,
        "unit_no": m.get("unit_no"),
        "grid_name": grid_id.map(g["name"]),
        "community_name": grid_id.map(g["community_id"]).map(c["name"]),
    })
    return out.reset_index(drop=True)
