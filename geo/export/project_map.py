"""The interactive map of a whole project: its layers with their figures attached.

Grid and community popups carry the figures of ``stats --json``; grids also
name their grid head, which is personal data and so goes through the masking
policy like every other name.
"""
from __future__ import annotations

import pandas as pd

from geo.export.html_map import MapLayer
from geo.export.map_layers import default_layers, standard_layer
from geo.schema import split_roles

#: Figures shown in grid popups when the statistics provide them (column -> label).
GRID_FIGURES = {
    "households": "户数", "buildings": "楼栋数", "members": "党员数",
    "has_branch": "网格党支部", "building_group_share": "楼栋党小组覆盖率",
    "unit_head_share": "单元长覆盖率", "linked_households": "中心户联系户数",
    "central_households_needed": "尚需中心户", "station_covered_households": "服务站覆盖户数",
    "in_band": "户数在标准内",
}


def project_layers(project, figures: dict) -> list[MapLayer]:
    """Communities, grids (with figures and grid head), buildings, stations, coverage."""
    grids = _with_figures(project["grids"], figures.get("grids", []), "grid_id")
    grids = _with_grid_heads(project, grids)
    communities = _with_figures(project["communities"], figures.get("communities", []),
                                "community_id")
    layers = default_layers(communities=communities, buildings=project["buildings"],
                            stations=project["stations"])
    grid_layer = standard_layer("grids", grids)
    fields = dict(grid_layer.fields)
    fields.update({c: label for c, label in GRID_FIGURES.items() if c in grids.columns})
    fields["grid_head"] = "网格长"
    grid_layer = MapLayer(grid_layer.title, grids, fields, tooltip="name", style=grid_layer.style,
                          personal={"grid_head": "name"})
    layers.insert(1 if layers and layers[0].title == "社区" else 0, grid_layer)
    return layers


def _with_figures(frame, rows: list[dict], key: str):
    if not rows:
        return frame
    table = pd.DataFrame(rows).set_index(key)
    extra = [c for c in table.columns if c not in frame.columns]
    return frame.join(table[extra], on=key)


def _with_grid_heads(project, grids):
    members = project["members"]
    # astype(bool): an empty map() is object-typed and would select columns instead of rows
    heads = members[members["roles"].map(lambda r: "grid_head" in split_roles(r)).astype(bool)]
    grid_of = heads["building_id"].map(project["buildings"]["grid_id"])
    names = heads.assign(grid_id=grid_of).dropna(subset=["grid_id"]).groupby("grid_id")["name"].first()
    return grids.assign(grid_head=grids["grid_id"].map(names))
