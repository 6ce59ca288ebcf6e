"""Where a list item is: its point, and the grid it is counted in.

Needs, resources and cases name their place as ``target_type`` / ``target_id``
(a building, a compound, a grid, or ``point`` for a point of their own). The
point of a building, compound or grid is its representative point (always
inside it); the grid an item is counted in follows the target:

* building → the building's ``grid_id``;
* compound → the grid holding most of its buildings (ties: the first by id);
* grid → the grid itself;
* point, or a target that is blank or gone → the grid containing the item's point.

A project is counted in its need's grid.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from ..schema import AREA_LAYERS


def blank(value) -> bool:
    """None, NaN or empty text."""
    return value is None or value != value or (isinstance(value, str) and not value.strip())


def target_point(project, target_type, target_id):
    """The representative point of a building, compound or grid; None when there is none."""
    layer = AREA_LAYERS.get(target_type)
    if layer is None or blank(target_id) or target_id not in project[layer].index:
        return None
    geom = project[layer].geometry.loc[target_id]
    if geom is None or geom.is_empty:
        return None
    return geom.representative_point()


def target_exists(project, target_type, target_id) -> bool:
    layer = AREA_LAYERS.get(target_type)
    return layer is not None and not blank(target_id) and target_id in project[layer].index


def compound_grids(project) -> pd.Series:
    """compound_id → the grid holding most of its buildings (compounds with no assigned building left out)."""
    b = project["buildings"][["compound_id", "grid_id"]].dropna()
    if b.empty:
        return pd.Series(dtype=object)
    counts = b.groupby(["compound_id", "grid_id"]).size().reset_index(name="n")
    counts = counts.sort_values(["compound_id", "n", "grid_id"], ascending=[True, False, True])
    first = counts.drop_duplicates("compound_id")
    return pd.Series(first["grid_id"].to_numpy(), index=first["compound_id"].to_numpy(), dtype=object)


def grids_of_points(project, points: gpd.GeoSeries) -> pd.Series:
    """The grid containing each point (None outside every grid or without a point)."""
    out = pd.Series([None] * len(points), index=points.index, dtype=object)
    grids = project["grids"]
    present = points.notna() & ~points.is_empty if len(points) else points.notna()
    if grids.empty or not present.any():
        return out
    frame = gpd.GeoDataFrame(geometry=points[present], crs=grids.crs)
    joined = gpd.sjoin(frame, grids[["grid_id", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    out.loc[joined.index] = joined["grid_id"].astype(object).where(joined["grid_id"].notna(), None)
    return out


def item_grids(project, layer: str, ids=None) -> pd.Series:
    """item id → the grid the item is counted in (None when in no grid); see the module notes.

    Parameters
    ----------
    project : geo.project.Project
    layer : {"needs", "resources", "projects", "cases"}
    ids : optional
        Only these items (default: all).
    """
    frame = project[layer]
    if ids is not None:
        frame = frame.loc[frame.index.intersection(pd.Index(list(ids)))]
    if layer == "projects":
        need_grid = item_grids(project, "needs", frame["need_id"].dropna().unique())
        return pd.Series(frame["need_id"].map(need_grid).to_numpy(dtype=object), index=frame.index)
    out = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    if frame.empty:
        return out
    kind, target = frame["target_type"], frame["target_id"]
    buildings = project["buildings"]["grid_id"]
    grid_ids = project["grids"].index
    by_building = target.where(kind == "building").map(buildings)
    by_compound = target.where(kind == "compound").map(compound_grids(project))
    by_grid = target.where((kind == "grid") & target.isin(grid_ids))
    for found in (by_building, by_compound, by_grid):
        out = out.where(out.notna(), found.astype(object))
    rest = out.isna()
    if rest.any():  # points, and targets that are blank or gone: where the point is
        out[rest] = grids_of_points(project, frame.geometry[rest])
    return out.where(out.notna(), None).astype(object)
