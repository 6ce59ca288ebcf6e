"""What the identify panel shows about one feature: where it sits and who serves it.

Qt-free (plain pandas) so it is tested without a window; it could move to
``geo/`` unchanged. For a building: its compound, grid, community, the party
organizations from its building group up to the street committee, and the
members registered in it. For a grid: its community, its branch and the
branch's members; and so on.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.schema import AREA_LAYERS

MAX_MEMBERS = 200  # the panel lists at most this many people; the count says how many in all


@dataclass
class FeatureContext:
    layer: str
    id: object
    attributes: dict
    places: list = field(default_factory=list)         # [(layer, id, name)] compound, grid, community
    organizations: list = field(default_factory=list)  # [(org_id, level, name)] nearest first
    members: pd.DataFrame | None = None                # up to MAX_MEMBERS rows
    member_count: int = 0


def feature_context(project, layer: str, id_) -> FeatureContext | None:
    frame = project[layer]
    if id_ not in frame.index:
        return None
    row = frame.loc[id_]
    attributes = {c: row[c] for c in frame.columns if c != "geometry"}
    ctx = FeatureContext(layer, id_, attributes)
    ctx.places = _places(project, layer, row)
    org_id = _own_org(project, layer, id_, row)
    ctx.organizations = _org_chain(project, org_id)
    members = _members_of(project, layer, id_, org_id)
    ctx.member_count = len(members)
    ctx.members = members.head(MAX_MEMBERS)
    return ctx


def _name(project, layer, id_):
    frame = project[layer]
    if id_ is None or id_ != id_ or id_ not in frame.index:
        return None
    return (layer, id_, frame.at[id_, "name"])


def _places(project, layer, row) -> list:
    """Compound, grid and community around the feature, as far as they are known."""
    compound = row.get("compound_id") if layer == "buildings" else None
    grid = row.get("grid_id") if layer == "buildings" else None
    community = row.get("community_id")
    if grid is not None and grid == grid and grid in project["grids"].index:
        community = project["grids"].at[grid, "community_id"]
    if community is None and compound is not None and compound in project["compounds"].index:
        community = project["compounds"].at[compound, "community_id"]
    found = [_name(project, "compounds", compound), _name(project, "grids", grid),
             _name(project, "communities", community)]
    return [p for p in found if p]


def _own_org(project, layer, id_, row):
    """The organization whose area is this feature (or, for members, their own org)."""
    orgs = project["organizations"]
    if layer == "organizations":
        return id_
    if layer == "members":
        return row.get("org_id")
    area_type = next((t for t, lay in AREA_LAYERS.items() if lay == layer), None)
    if area_type is None or not len(orgs):
        return None
    hit = orgs.index[(orgs["area_type"] == area_type) & (orgs["area_id"] == id_)]
    if len(hit):
        return hit[0]
    if layer == "buildings":  # a building without its own group: its grid's branch
        return _own_org(project, "grids", row.get("grid_id"), {}) if row.get("grid_id") else None
    return None


def _org_chain(project, org_id) -> list:
    orgs = project["organizations"]
    chain, seen = [], set()
    while org_id is not None and org_id == org_id and org_id in orgs.index and org_id not in seen:
        seen.add(org_id)
        chain.append((org_id, orgs.at[org_id, "level"], orgs.at[org_id, "name"]))
        org_id = orgs.at[org_id, "parent_id"]
    return chain


def _members_of(project, layer, id_, org_id) -> pd.DataFrame:
    members = project["members"]
    if layer == "buildings":
        return members[members["building_id"] == id_]
    if layer == "members":
        return members.iloc[0:0]
    if layer == "grids":  # everyone living in the grid's buildings, plus the branch's own members
        buildings = project["buildings"].index[project["buildings"]["grid_id"] == id_]
        return members[members["building_id"].isin(buildings) | (members["org_id"] == org_id)]
    if org_id is not None and org_id == org_id:
        return members[members["org_id"] == org_id]
    return members.iloc[0:0]
