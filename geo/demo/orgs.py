"""The party organization tree: street committee → community committees →
grid branches → building groups, with a few deliberately missing branches and groups."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

GRID_WITHOUT_BRANCH = 0.04   # share of grids whose branch is not set up yet
BUILDING_WITHOUT_GROUP = 0.07


@dataclass
class OrgTree:
    table: pd.DataFrame        # the organizations layer
    has_branch: np.ndarray     # per grid
    has_group: np.ndarray      # per building
    member_org: np.ndarray     # per building: the org a resident member belongs to


def organizations(streets, communities, grids, buildings, rng) -> OrgTree:
    """Organizations for identity tables ``communities``, ``grids``, ``buildings``.

    The inputs carry ids and names plus integer ``street``/``community``/``grid``
    row positions. Missing branches and groups are flaws of coverage, never
    dangling references: a group without a branch hangs from its community.
    """
    has_branch = _with_flaws(grids["street"].to_numpy(), GRID_WITHOUT_BRANCH, rng)
    bgrid = buildings["grid"].to_numpy()
    has_group = rng.random(len(buildings)) >= BUILDING_WITHOUT_GROUP
    has_group &= has_branch[bgrid] | (rng.random(len(buildings)) < 0.5)
    street_org = "O-" + streets["code"]
    comm_org = "O-" + communities["community_id"]
    grid_org = ("O-" + grids["grid_id"]).to_numpy()
    comm_of_grid = comm_org.to_numpy()[grids["community"].to_numpy()]
    above_group = np.where(has_branch, grid_org, comm_of_grid)[bgrid]
    bld_org = ("O-" + buildings["building_id"]).to_numpy()
    parts = [
        _rows(street_org, None, "street_committee", streets["name"] + "党工委", "street", streets["code"]),
        _rows(comm_org, street_org.to_numpy()[communities["street"].to_numpy()], "community_committee",
              communities["name"] + "党委", "community", communities["community_id"]),
        _rows(grid_org[has_branch], comm_of_grid[has_branch], "grid_branch",
              grids["name"].to_numpy()[has_branch] + "党支部", "grid", grids["grid_id"].to_numpy()[has_branch]),
        _rows(bld_org[has_group], above_group[has_group], "building_group",
              buildings["address"].to_numpy()[has_group] + "党小组", "building",
              buildings["building_id"].to_numpy()[has_group]),
    ]
    table = pd.concat(parts, ignore_index=True)
    member_org = np.where(has_group, bld_org, above_group)
    return OrgTree(table, has_branch, has_group, member_org)


def _with_flaws(street: np.ndarray, share: float, rng) -> np.ndarray:
    """True for most rows; ``share`` of them False, and at least one per street."""
    key = rng.random(len(street))
    ok = key >= share
    first = pd.Series(key).groupby(street).idxmin().to_numpy()
    ok[first] = False
    return ok


def _rows(org_id, parent, level, name, area_type, area_id) -> pd.DataFrame:
    org_id = np.asarray(org_id, dtype=object)
    parent = np.full(len(org_id), None, dtype=object) if parent is None else np.asarray(parent, dtype=object)
    return pd.DataFrame({"org_id": org_id, "parent_id": parent, "level": level,
                         "name": np.asarray(name, dtype=object), "area_type": area_type,
                         "area_id": np.asarray(area_id, dtype=object)})
