"""Comparing two plans: moved buildings, figures before and after, the changed grids."""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from .compactness import compactness_of
from ..messages import Message, register

register("plan.compare_summary", "{moved} 栋楼改划，{changed} 个网格变化；户数在区间内的网格：{a} → {b} 个",
         "{moved} buildings move, {changed} grids change; in band: {a} -> {b} grids")
from .metric import to_metric
from .plans import plan_assignment, plan_grids


@dataclass
class PlanComparison:
    """``moved``: building_id, households, grid_a, grid_b. ``figures``: per grid (union of both
    plans) households, in_band and compactness in each plan. ``changed``: the grids whose
    buildings or polygon differ, with both geometries, for a map of changes."""

    moved: pd.DataFrame
    figures: pd.DataFrame
    changed: gpd.GeoDataFrame

    def summary(self) -> Message:
        """The comparison in one line (``str()`` words it in the current language)."""
        f = self.figures
        return Message("plan.compare_summary", moved=len(self.moved), changed=len(self.changed),
                       a=int(f["in_band_a"].sum()), b=int(f["in_band_b"].sum()))


def compare_plans(project, plan_a, plan_b) -> PlanComparison:
    """Compare two plans (None means the active layout).

    Examples
    --------
    >>> compare_plans(project, "P0", "P1").summary()  # doctest: +SKIP
    '12 buildings move, 3 grids change; in band: 30 -> 33 grids'
    """
    a, b = plan_assignment(project, plan_a), plan_assignment(project, plan_b)
    hh = project["buildings"]["households"]
    moved = pd.DataFrame([(i, a.get(i), b.get(i)) for i in hh.index if a.get(i) != b.get(i)],
                         columns=["building_id", "grid_a", "grid_b"])
    moved.insert(1, "households", hh.reindex(moved["building_id"]).to_numpy())
    ga, gb = plan_grids(project, plan_a), plan_grids(project, plan_b)
    figures = _figures(project, a, ga, "a").join(_figures(project, b, gb, "b"), how="outer")
    return PlanComparison(moved, figures, _changed(project, moved, ga, gb))


def _figures(project, assignment: dict, grids, suffix: str) -> pd.DataFrame:
    hh = project["buildings"]["households"]
    per = pd.Series(hh.to_numpy(), index=[assignment.get(i) for i in hh.index]).groupby(level=0).sum()
    out = pd.DataFrame(index=grids.index)
    out[f"households_{suffix}"] = per.reindex(grids.index).fillna(0).astype(int)
    out[f"in_band_{suffix}"] = out[f"households_{suffix}"].map(project.rules.in_band)
    comp = compactness_of(to_metric(project, grids.geometry.values.to_numpy()))
    out[f"polsby_popper_{suffix}"] = comp["polsby_popper"].to_numpy()
    out[f"reock_{suffix}"] = comp["reock"].to_numpy()
    return out


def _changed(project, moved, ga, gb) -> gpd.GeoDataFrame:
    touched = set(moved["grid_a"].dropna()) | set(moved["grid_b"].dropna())
    touched |= set(ga.index) ^ set(gb.index)
    for g in set(ga.index) & set(gb.index):
        if not ga.at[g, "geometry"].equals_exact(gb.at[g, "geometry"], 0):
            touched.add(g)
    rows = []
    for g in sorted(touched, key=str):
        before = ga.at[g, "geometry"] if g in ga.index else None
        after = gb.at[g, "geometry"] if g in gb.index else None
        change = "added" if before is None else "removed" if after is None else "changed"
        rows.append({"grid_id": g, "change": change, "geometry_a": before,
                     "geometry": after if after is not None else before})
    frame = pd.DataFrame(rows, columns=["grid_id", "change", "geometry_a", "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=project.crs)
