"""Counts per street, community and grid (the figures every later view builds on)."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd


def grid_of_building(project) -> pd.Series:
    return project["buildings"]["grid_id"]


def station_grids(project) -> pd.Series:
    """The grid each station stands in (None outside every grid)."""
    stations, grids = project["stations"], project["grids"]
    if stations.empty or grids.empty:
        return pd.Series([None] * len(stations), index=stations.index, dtype=object)
    joined = gpd.sjoin(stations[["geometry"]], grids[["grid_id", "geometry"]],
                       how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    return joined["grid_id"].reindex(stations.index).astype(object)


def counts(project) -> dict:
    """``{"street": {...}, "communities": [...], "grids": [...]}`` with plain counts."""
    b = project["buildings"]
    m = project["members"]
    grids = project["grids"]
    member_grid = m["building_id"].map(b["grid_id"])
    orgs = project["organizations"]
    org_grid = _org_grid(project)
    per_grid = pd.DataFrame(index=grids.index)
    per_grid["households"] = b.groupby("grid_id")["households"].sum()
    per_grid["buildings"] = b.groupby("grid_id").size()
    per_grid["members"] = member_grid.value_counts()
    per_grid["stations"] = station_grids(project).value_counts()
    per_grid["organizations"] = org_grid.value_counts()
    per_grid = per_grid.fillna(0).astype(int)
    per_grid.insert(0, "community_id", grids["community_id"])
    per_grid.insert(0, "name", grids["name"])
    per_grid.insert(0, "grid_id", grids["grid_id"])
    fields = ["households", "buildings", "members", "stations", "organizations"]
    comm = project["communities"]
    per_comm = per_grid.groupby("community_id")[fields].sum().reindex(comm.index, fill_value=0)
    per_comm["grids"] = per_grid.groupby("community_id").size().reindex(comm.index, fill_value=0)
    street = {
        "name": project.street_name,
        "communities": int(len(comm)), "grids": int(len(grids)),
        "households": int(b["households"].sum()), "buildings": int(len(b)),
        "members": int(len(m)), "stations": int(len(project["stations"])),
        "organizations": int(len(orgs)),
    }
    communities = [
        {"community_id": cid, "name": comm.at[cid, "name"],
         **{k: int(v) for k, v in per_comm.loc[cid].items()}}
        for cid in comm.index
    ]
    grid_rows = [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
                 for row in per_grid.to_dict("records")]
    return {"street": street, "communities": communities, "grids": grid_rows}


def _org_grid(project) -> pd.Series:
    orgs = project["organizations"]
    b = project["buildings"]
    by_grid = orgs["area_id"].where(orgs["area_type"] == "grid").astype(object)
    by_building = orgs["area_id"].where(orgs["area_type"] == "building").map(b["grid_id"]).astype(object)
    # where(), not fillna(): an all-empty object column (a new project) would be downcast by fillna
    return by_grid.where(by_grid.notna(), by_building).dropna()


def add_list_figures(data: dict, project, as_of=None) -> dict:
    """Add the list and case figures (:mod:`geo.lists.figures`) to a ``stats --json`` dict, in place.

    Every entry of ``data["grids"]`` and ``data["communities"]`` and ``data["street"]``
    gains the keys of :data:`geo.lists.figures.FIGURE_COLUMNS` (counts as int,
    shares and the mean as float, null when undefined); ``data["as_of"]`` says
    which day they count (``null``: as stored, overdue as of today). Existing keys
    are left as they are.
    """
    from .lists.figures import FIGURE_COLUMNS, list_figures

    for level, key, id_column in (("grid", "grids", "grid_id"), ("community", "communities", "community_id")):
        frame = list_figures(project, as_of, level)
        for entry in data.get(key, []):
            row = frame.loc[entry[id_column]] if entry.get(id_column) in frame.index else None
            entry.update({c: _json_value(None if row is None else row[c], c) for c in FIGURE_COLUMNS})
    street = list_figures(project, as_of, "street").iloc[0]
    data.setdefault("street", {}).update({c: _json_value(street[c], c) for c in FIGURE_COLUMNS})
    data["as_of"] = None if as_of is None else str(as_of)
    return data


def _json_value(value, column):
    if value is None or value != value:
        return None if column.endswith(("_share", "_mean")) else 0
    return float(value) if column.endswith(("_share", "_mean")) else int(value)
