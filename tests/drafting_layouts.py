"""Hand-made communities for the drafting tests (metres around 117°E, stored in EPSG:4490)."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import MultiPolygon

from geo.project import Project
from geo.rules import Rules
from geo.store import empty_frame
from tests.factories import rect

SIZE = 20.0  # building footprint side, metres


def layout(buildings, community=(-50, -50, 2000, 2000), compounds=None, grids=None, band=(300, 500)):
    """A project of one community C1.

    ``buildings``: (x, y, households[, compound_id[, grid_id]]) tuples; ``compounds``: id -> box;
    ``grids``: id -> box (given grids, e.g. to keep one).
    """
    frames = {name: empty_frame(name) for name in ("organizations", "members", "partners", "partner_links",
                                                   "stations")}
    frames["communities"] = _gdf("communities", [{"community_id": "C1", "name": "试验社区", "street": "试验街道",
                                   "geometry": MultiPolygon([rect(*community)])}])
    rows = []
    for i, spec in enumerate(buildings, 1):
        x, y, h = spec[:3]
        compound = spec[3] if len(spec) > 3 else None
        grid = spec[4] if len(spec) > 4 else None
        rows.append({"building_id": f"B{i:03d}", "name": f"{i}号楼", "compound_id": compound, "grid_id": grid,
                     "floors": 6, "units": 2, "households": int(h), "residents": int(h) * 2,
                     "address": f"{i}号楼", "geometry": rect(x, y, x + SIZE, y + SIZE)})
    frames["buildings"] = _gdf("buildings", rows)
    frames["compounds"] = _gdf("compounds", [{"compound_id": c, "name": f"{c}小区", "community_id": "C1", "kind": None,
                                 "built_year": None, "geometry": rect(*box)}
                                for c, box in (compounds or {}).items()])
    frames["grids"] = _gdf("grids", [{"grid_id": g, "name": f"{g}网格", "community_id": "C1",
                             "geometry": MultiPolygon([rect(*box)])} for g, box in (grids or {}).items()])
    return Project(frames, Rules(households_min=band[0], households_max=band[1]))


def _gdf(layer, rows):
    if not rows:
        return empty_frame(layer)
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs="EPSG:4548").to_crs("EPSG:4490")
