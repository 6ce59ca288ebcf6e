"""Ids, names and the final layer frames (schema columns, dtypes, EPSG:4490 geometry)."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from ..schema import DEMO_CRS, LAYERS
from .city import ORIGIN, Layout

LOCAL_CRS = "EPSG:4548"  # CGCS2000 / 3-degree Gauss-Kruger CM 117E
RESIDENTS_PER_HOUSEHOLD = 2.7


def ids(prefix: str, n: int, min_width: int) -> np.ndarray:
    """``prefix`` + 1-based zero-padded numbers, e.g. ids("B", 3, 6)[0] == "B000001"."""
    width = max(min_width, len(str(n)))
    return (prefix + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(width)).to_numpy(dtype=object)


def identify(layout: Layout) -> dict[str, pd.DataFrame]:
    """Copies of the layout tables with ids, names and schema attribute columns added."""
    streets = layout.streets
    comm = layout.communities.copy()
    comm["community_id"] = ids("C", len(comm), 2)
    comm["street_name"] = streets["name"].to_numpy()[comm["street"].to_numpy()]
    grids = layout.grids.copy()
    grids["grid_id"] = ("G" + pd.Series(comm["community_id"].to_numpy()[grids["community"]]).str[1:]
                        + grids["number"].astype(str).str.zfill(2).to_numpy()).to_numpy(dtype=object)
    grids["name"] = (pd.Series(comm["name"].to_numpy()[grids["community"]])
                     + "第" + grids["number"].astype(str).to_numpy() + "网格").to_numpy(dtype=object)
    grids["community_id"] = comm["community_id"].to_numpy()[grids["community"]]
    comps = layout.compounds.copy()
    comps["compound_id"] = ids("Q", len(comps), 3)
    comps["community_id"] = comm["community_id"].to_numpy()[comps["community"]]
    blds = _buildings(layout.buildings.copy(), comps, grids)
    grids["households"] = np.bincount(blds["grid"], weights=blds["households"], minlength=len(grids)).astype(np.int64)
    return {"streets": streets, "communities": comm, "grids": grids, "compounds": comps,
            "buildings": blds, "stations": _stations(layout.stations.copy(), comm, comps, streets)}


def _buildings(blds: pd.DataFrame, comps: pd.DataFrame, grids: pd.DataFrame) -> pd.DataFrame:
    blds["building_id"] = ids("B", len(blds), 6)
    blds["name"] = (blds["number"].astype(str) + "号楼").to_numpy(dtype=object)
    blds["compound_id"] = comps["compound_id"].to_numpy()[blds["compound"]]
    blds["grid_id"] = grids["grid_id"].to_numpy()[blds["grid"]]
    blds["community_id"] = comps["community_id"].to_numpy()[blds["compound"]]
    blds["residents"] = (blds["households"] * RESIDENTS_PER_HOUSEHOLD).astype(np.int64)
    blds["address"] = (pd.Series(comps["name"].to_numpy()[blds["compound"]]) + blds["name"].to_numpy()).to_numpy(dtype=object)
    return blds


def _stations(st: pd.DataFrame, comm: pd.DataFrame, comps: pd.DataFrame, streets) -> pd.DataFrame:
    st["station_id"] = ids("ST", len(st), 2)
    # A community's built station carries its name; others are named after their compound.
    at_compound = comps["name"].to_numpy()[st["compound"]]
    where = np.select(
        [st["level"] == "street", (st["level"] == "community") & (st["status"] == "built"),
         st["level"] == "community"],
        [streets["name"].to_numpy()[st["street"]] + "党群服务中心",
         comm["name"].to_numpy()[st["community"]] + "党群服务站", at_compound + "党群服务站"],
        at_compound + "党群服务点")
    st["name"] = where.astype(object)
    st["service_radius_m"] = st["radius"].astype(np.float64)
    st["community_id"] = comm["community_id"].to_numpy()[st["community"]]
    return st


def to_geographic(geoms: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Shift local street frames to EPSG:4548 and project to EPSG:4490 in one vectorized pass."""
    counts = shapely.get_num_coordinates(geoms)
    shift = np.column_stack([np.repeat(dx + ORIGIN[0], counts), np.repeat(dy + ORIGIN[1], counts)])
    transformer = Transformer.from_crs(LOCAL_CRS, DEMO_CRS, always_xy=True)

    def project(xy):
        lon, lat = transformer.transform(xy[:, 0] + shift[:, 0], xy[:, 1] + shift[:, 1])
        return np.column_stack([lon, lat])

    out = shapely.transform(geoms, project)
    # Counter-clockwise shells, clockwise holes (the OGC/GeoJSON convention) everywhere.
    return shapely.orient_polygons(out, exterior_cw=False)


def layer_frame(name: str, table: pd.DataFrame, geometry=None):
    """Exactly the schema's columns, in order, with its dtypes (plus geometry when spatial)."""
    layer = LAYERS[name]
    data = {}
    for col in layer.columns:
        if col.name not in table.columns and not col.required:  # e.g. households_source: blank
            data[col.name] = np.full(len(table), None, dtype=object)
            continue
        values = table[col.name]
        data[col.name] = values.to_numpy(dtype=object) if col.kind == "text" else values.to_numpy().astype(col.pandas_dtype)
    frame = pd.DataFrame(data)
    if not layer.is_spatial:
        return frame
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=DEMO_CRS), crs=DEMO_CRS)


def empty_frame(name: str):
    """A layer with no rows but the schema's columns and dtypes."""
    layer = LAYERS[name]
    table = pd.DataFrame({c.name: pd.Series([], dtype=c.pandas_dtype) for c in layer.columns})
    return layer_frame(name, table, np.empty(0, dtype=object) if layer.is_spatial else None)
