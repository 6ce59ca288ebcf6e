"""The interactive map of a whole project: its layers with their figures attached.

Grid and community popups carry the figures of ``stats --json``; grids also
name their grid head, which is personal data and so goes through the masking
policy like every other name.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from geo.export.html_map import MapLayer
from geo.export.map_layers import default_layers, layer_title, standard_layer
from geo.export.vocabulary import column_label
from geo.schema import split_roles

#: Figures shown in grid popups when the statistics provide them (worded by the catalogue).
GRID_FIGURES = ("households", "buildings", "members", "has_branch", "building_group_share",
                "unit_head_share", "linked_households", "central_households_needed",
                "station_covered_households", "in_band")


def project_layers(project, figures: dict, lang: str = "zh") -> list[MapLayer]:
    """Communities, grids (with figures and grid head), buildings, stations, coverage, in ``lang``."""
    grids = _with_figures(project["grids"], figures.get("grids", []), "grid_id")
    grids = _with_grid_heads(project, grids)
    communities = _with_figures(project["communities"], figures.get("communities", []),
                                "community_id")
    layers = default_layers(communities=communities, buildings=project["buildings"],
                            stations=project["stations"], lang=lang)
    grid_layer = standard_layer("grids", grids, lang=lang)
    fields = dict(grid_layer.fields)
    fields.update({c: column_label(c, lang, "grids") for c in GRID_FIGURES if c in grids.columns})
    fields["grid_head"] = column_label("grid_head", lang)
    grid_layer = replace(grid_layer, fields=fields, personal={"grid_head": "name"})
    layers.insert(1 if layers and layers[0].title == layer_title("communities", lang) else 0, grid_layer)
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
