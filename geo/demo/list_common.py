"""What the demo's lists and cases share: the demo year, seasons, places to put items, and frames.

The year is fixed (the twelve months ending :data:`END`), so the same seed always
gives the same file; an item's point is its building's, compound's or grid's
representative point.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..schema import LAYERS

#: The last day of the demo year (the lists run from the day after END minus a year).
END = dt.date(2026, 11, 30)
DAYS = 365
START = END - dt.timedelta(days=DAYS - 1)

#: Month weights (Jan..Dec) that give the seasons: sanitation peaks in summer,
#: repairs (heating) in winter, meals for the elderly in the cold months.
FLAT = (1,) * 12
SEASONS = {
    "环境卫生": (1, 1, 1.2, 1.4, 1.8, 2.4, 2.6, 2.4, 1.6, 1.2, 1, 1),
    "设施维修": (2.2, 1.8, 1.2, 1, 1, 1, 1.2, 1.2, 1, 1.4, 2.2, 2.4),
    "养老助餐": (1.3, 1.3, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.3),
    "文体活动": (0.6, 1.2, 1, 1.3, 1.4, 1.2, 1.6, 1.6, 1.2, 1.4, 0.8, 0.6),
    "矛盾纠纷": (1, 1.2, 1, 1, 1, 1.1, 1.3, 1.3, 1, 1, 1, 1),
}


def day_offsets(categories: np.ndarray, rng) -> np.ndarray:
    """A day of the demo year (0 = START) for each item, drawn by its category's season."""
    months = np.array([(START + dt.timedelta(days=i)).month - 1 for i in range(DAYS)])
    out = np.empty(len(categories), dtype=np.int64)
    for category in np.unique(categories):
        weights = np.asarray(SEASONS.get(category, FLAT), dtype=float)[months]
        hit = np.flatnonzero(categories == category)
        out[hit] = rng.choice(DAYS, size=len(hit), p=weights / weights.sum())
    return out


def in_time_order(categories: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """Days drawn by season (:func:`day_offsets`) and the categories, both sorted by day (ids follow time)."""
    days = day_offsets(categories, rng)
    order = np.argsort(days, kind="stable")
    return categories[order], days[order]


def date_text(offset) -> str:
    return (START + dt.timedelta(days=int(offset))).isoformat()


def time_text(offset_days: float) -> str:
    """A moment of the demo year as ``YYYY-MM-DDTHH:MM`` (offset in days from START 00:00)."""
    moment = dt.datetime.combine(START, dt.time()) + dt.timedelta(minutes=round(offset_days * 24 * 60))
    return moment.strftime("%Y-%m-%dT%H:%M")


@dataclass
class Places:
    """Buildings, compounds and grids of the demo as targets: ids, grids and points."""

    buildings: pd.DataFrame  # building_id, compound_id, grid_id, households
    compound_grid: pd.Series  # compound_id -> the grid holding most of its buildings
    points: dict  # target_type -> pd.Series id -> Point
    branch_of_grid: pd.Series  # grid_id -> the grid branch's org_id
    community_of_grid: pd.Series

    @classmethod
    def of(cls, layers: dict) -> "Places":
        b = layers["buildings"][["building_id", "compound_id", "grid_id", "households"]].reset_index(drop=True)
        counts = b.groupby(["compound_id", "grid_id"]).size().reset_index(name="n")
        counts = counts.sort_values(["compound_id", "n", "grid_id"], ascending=[True, False, True])
        first = counts.drop_duplicates("compound_id")
        points = {}
        for kind, layer, id_col in (("building", "buildings", "building_id"), ("compound", "compounds", "compound_id"),
                                    ("grid", "grids", "grid_id")):
            frame = layers[layer]
            points[kind] = pd.Series(shapely.point_on_surface(frame.geometry.to_numpy()),
                                     index=frame[id_col].to_numpy())
        orgs = layers["organizations"]
        branches = orgs[orgs["level"] == "grid_branch"].drop_duplicates("area_id")
        grids = layers["grids"]
        return cls(b, pd.Series(first["grid_id"].to_numpy(), index=first["compound_id"].to_numpy()), points,
                   pd.Series(branches["org_id"].to_numpy(), index=branches["area_id"].to_numpy()),
                   pd.Series(grids["community_id"].to_numpy(), index=grids["grid_id"].to_numpy()))

    def pick(self, n: int, shares: tuple[float, float, float], rng) -> pd.DataFrame:
        """``n`` targets: buildings (by households), compounds (with an assigned building) or grids."""
        kind = rng.choice(["building", "compound", "grid"], size=n, p=shares)
        weights = self.buildings["households"].to_numpy(dtype=float) + 1
        building = rng.choice(len(self.buildings), size=n, p=weights / weights.sum())
        row = self.buildings.iloc[building]
        target = np.where(kind == "building", row["building_id"].to_numpy(dtype=object),
                          np.where(kind == "compound", row["compound_id"].to_numpy(dtype=object),
                                   row["grid_id"].to_numpy(dtype=object)))
        # every demo building is assigned, so its compound has a majority grid
        grid = np.where(kind == "compound", self.compound_grid.reindex(row["compound_id"]).to_numpy(dtype=object),
                        row["grid_id"].to_numpy(dtype=object))
        return pd.DataFrame({"target_type": kind.astype(object), "target_id": target.astype(object),
                             "grid_id": grid.astype(object), "building_id": row["building_id"].to_numpy(dtype=object)})

    def point_of(self, kinds, ids) -> np.ndarray:
        return np.array([self.points[k].get(i) if k in self.points else None for k, i in zip(kinds, ids)],
                        dtype=object)


def list_frame(name: str, rows: pd.DataFrame, geometry=None):
    """The schema's columns in order; ints stay ints unless some are missing (then float, as read back)."""
    import geopandas as gpd

    from ..schema import DEMO_CRS

    layer = LAYERS[name]
    data = {}
    for col in layer.columns:
        values = rows[col.name] if col.name in rows.columns else pd.Series([None] * len(rows))
        if col.kind == "text":
            data[col.name] = values.to_numpy(dtype=object)
        elif col.kind == "int" and values.notna().all():
            data[col.name] = values.to_numpy().astype(np.int64)
        else:
            data[col.name] = pd.to_numeric(values).to_numpy(dtype=float)
    frame = pd.DataFrame(data)
    if not layer.is_spatial:
        return frame
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(list(geometry), crs=DEMO_CRS), crs=DEMO_CRS)
