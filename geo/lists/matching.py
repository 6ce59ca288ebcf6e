"""Matching a need with resources (需求 ↔ 资源), and claiming the match as a project.

Suggestions rank resources by category first (the need's category), then by
the provider's 四包 responsibility (a partner unit with a ``partner_links`` row
on the need's grid, compound or building), then by distance from the need.

Examples
--------
>>> suggest_resources(project, "N0001").head(3)        # doctest: +SKIP
>>> ClaimMatch("N0001", "R0007", "partner", "P03").do(project)  # doctest: +SKIP
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ..commands import ChangeSet
from ..editing.assign import EditRefused
from ..messages import register
from .items import AddItem, ensure_list_tables, iso_date, next_id, today, word
from .places import blank, item_grids

SUGGESTION_COLUMNS = ["resource_id", "title", "category", "provider_type", "provider_id",
                      "distance_m", "responsible", "score"]

register("lists.need_done", "需求 {need} 已完成，不能再认领", "Need {need} is done and cannot be claimed again")


def need_places(project, need_id) -> set:
    """The (target_type, id) pairs a need lies in: its building, that building's compound, its grid."""
    need = project["needs"].loc[need_id]
    places = set()
    kind, target = need["target_type"], need["target_id"]
    if kind in ("building", "compound", "grid") and not blank(target):
        places.add((kind, target))
    if kind == "building" and target in project["buildings"].index:
        compound = project["buildings"].at[target, "compound_id"]
        if not blank(compound):
            places.add(("compound", compound))
    grid = item_grids(project, "needs", [need_id]).get(need_id)
    if not blank(grid):
        places.add(("grid", grid))
    return places


def suggest_resources(project, need_id, limit: int = 10) -> pd.DataFrame:
    """Resources for a need, best first.

    Parameters
    ----------
    project : geo.project.Project
    need_id : str
    limit : int
        At most this many rows.

    Returns
    -------
    pandas.DataFrame
        Columns ``resource_id, title, category, provider_type, provider_id,
        distance_m`` (metres from the need's point; NaN when either has no point),
        ``responsible`` (the provider is a partner linked to the need's grid,
        compound or building) and ``score`` (higher is better: 2 for the same
        category, 1 for responsible, below 1 the nearer the better).
    """
    needs, resources = project["needs"], project["resources"]
    if need_id not in needs.index:
        raise EditRefused("lists.unknown_item", layer=word("layer", "needs"), item=need_id)
    if resources.empty:
        return pd.DataFrame(columns=SUGGESTION_COLUMNS)
    out = pd.DataFrame({c: resources[c].to_numpy(dtype=object) for c in SUGGESTION_COLUMNS[:5]},
                       index=resources.index)
    out["distance_m"] = _distances(project, needs.geometry.loc[need_id], resources.geometry)
    out["responsible"] = _responsible(project, need_id, resources)
    same = (resources["category"] == needs.at[need_id, "category"]).to_numpy()
    nearness = np.where(np.isnan(out["distance_m"]), 0.0, 1.0 / (1.0 + out["distance_m"].to_numpy() / 100.0))
    out["score"] = 2.0 * same + 1.0 * out["responsible"].to_numpy() + 0.99 * nearness
    out = out.sort_values(["score", "resource_id"], ascending=[False, True], kind="stable")
    return out.head(limit).reset_index(drop=True)


def _distances(project, point, geoms) -> np.ndarray:
    """Metres from ``point`` to each geometry (NaN where either is missing)."""
    out = np.full(len(geoms), np.nan)
    if point is None or point.is_empty:
        return out
    metric = project.metric_crs
    here = gpd.GeoSeries([point], crs=geoms.crs).to_crs(metric).iloc[0]
    present = geoms.notna().to_numpy() & ~geoms.is_empty.to_numpy()
    if present.any():
        out[present] = geoms[present].to_crs(metric).distance(here).to_numpy()
    return out


def _responsible(project, need_id, resources) -> np.ndarray:
    places = need_places(project, need_id)
    links = project["partner_links"]
    linked = {p for p, t, i in zip(links["partner_id"], links["target_type"], links["target_id"]) if (t, i) in places}
    return ((resources["provider_type"] == "partner") & resources["provider_id"].isin(linked)).to_numpy()


class ClaimMatch(ChangeSet):
    """A need matched with a resource and claimed by a partner, member or organization.

    Creates the project (status ``claimed``, located at the need) and sets the
    need to ``claimed``; one undo step.
    """

    def __init__(self, need_id, resource_id, claimed_by_type, claimed_by, when=None, note=None):
        super().__init__(f"claim {need_id}")
        self.need_id, self.resource_id = need_id, resource_id
        self.claimed_by_type, self.claimed_by, self.when, self.note = claimed_by_type, claimed_by, when, note
        self.project_id = None  # known once the command has run

    def changes(self, project):
        ensure_list_tables(project)
        needs = project["needs"]
        if self.need_id in needs.index and needs.at[self.need_id, "status"] == "done":
            raise EditRefused("lists.need_done", need=self.need_id)
        add = AddItem("projects", {
            "project_id": next_id(project, "projects"), "need_id": self.need_id,
            "resource_id": self.resource_id, "claimed_by_type": self.claimed_by_type,
            "claimed_by": self.claimed_by, "claimed_at": iso_date(self.when, self.need_id, "claimed_at") or today(),
            "status": "claimed", "note": self.note})
        changes = add.changes(project)
        self.project_id = add.item_id
        if needs.at[self.need_id, "status"] != "claimed":
            changes.append(("update", "needs", self.need_id, {"status": "claimed"}))
        return changes
