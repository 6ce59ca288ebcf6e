"""Party members living in the buildings, with their roles.

Roles follow the grid model: a grid head and 2-4 grid staff per grid, a
secretary per grid branch, a head per building group, unit heads for most
units, and about one central household (党员中心户, linking ~10 households)
per 10-12 households, except in a few grids where too few are appointed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import names, people

KIND_SHARES = {"registered": 0.75, "in_service": 0.20, "floating": 0.05}
UNIT_HEAD_SHARE = 0.8
SHORT_OF_CENTRAL = 0.1  # share of grids with too few central households


def members(buildings: pd.DataFrame, grids: pd.DataFrame, member_org: np.ndarray,
            has_branch: np.ndarray, has_group: np.ndarray, rate: float, rng) -> pd.DataFrame:
    """The members layer.

    Parameters
    ----------
    buildings : DataFrame
        ``building_id``, ``grid`` (row position), ``units``, ``residents``.
    grids : DataFrame
        ``street`` and ``households`` per grid.
    member_org : array
        Per building, the org id its members belong to.
    rate : float
        Members per resident.
    """
    b = np.repeat(np.arange(len(buildings)), rng.poisson(buildings["residents"].to_numpy() * rate))
    n = len(b)
    g = buildings["grid"].to_numpy()[b]
    male = rng.random(n) < 0.58
    year, month, day = people.birth_dates(n, rng)
    kind = np.array(list(KIND_SHARES), dtype=object)[rng.choice(3, n, p=list(KIND_SHARES.values()))]
    unit_no = 1 + (rng.random(n) * buildings["units"].to_numpy()[b]).astype(np.int64)
    roles, linked = _roles(b, g, unit_no, kind, grids, has_branch, has_group, rng)
    work = np.array(names.WORK_UNITS, dtype=object)[rng.integers(len(names.WORK_UNITS), size=n)]
    width = max(6, len(str(n)))
    return pd.DataFrame({
        "member_id": ("M" + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(width)).to_numpy(dtype=object),
        "name": people.person_names(male, rng),
        "gender": np.where(male, "男", "女").astype(object),
        "phone": people.phone_numbers(n, rng),
        "id_number": people.id_numbers(male, year, month, day, rng),
        "org_id": np.asarray(member_org, dtype=object)[b],
        "building_id": buildings["building_id"].to_numpy(dtype=object)[b],
        "kind": kind, "roles": roles, "linked_households": linked,
        "unit_no": unit_no, "work_unit": np.where(kind == "in_service", work, None),
    })


def _roles(b, g, unit_no, kind, grids, has_branch, has_group, rng):
    """Comma-separated roles and linked households per member."""
    settled = kind != "floating"  # floating members rarely hold a post where they live
    central_target = _central_targets(grids, rng)
    central = _ranks(g, rng, settled) < central_target[g]
    unit_key = b * 8 + (unit_no - 1)
    unit_head = _ranks(unit_key, rng, settled) == 0
    unit_head &= (rng.random(int(unit_key.max(initial=0)) + 1) < UNIT_HEAD_SHARE)[unit_key]
    staff_rank = _ranks(g, rng, settled)
    staff_count = rng.integers(2, 5, len(grids))
    flags = {
        "central_household": central,
        "unit_head": unit_head & settled,
        "grid_head": (staff_rank == 0) & settled,
        "grid_staff": (staff_rank >= 1) & (staff_rank <= staff_count[g]) & settled,
        "building_head": (_ranks(b, rng, settled) == 0) & has_group[b] & settled,
        "secretary": (_ranks(g, rng, kind == "registered") == 0) & has_branch[g],
    }
    roles = pd.Series("", index=np.arange(len(b)), dtype=object)
    for role, mask in flags.items():
        roles = roles + np.where(mask, role + ",", "")
    linked = np.where(central, rng.integers(8, 13, len(b)), 0).astype(np.int64)
    return roles.str.rstrip(",").to_numpy(dtype=object), linked


def _central_targets(grids: pd.DataFrame, rng) -> np.ndarray:
    """Central households wanted per grid: one per 10-12 households, far fewer in a few grids."""
    hh = grids["households"].to_numpy()
    target = np.round(hh / rng.uniform(10, 12, len(grids)))
    short = rng.random(len(grids)) < SHORT_OF_CENTRAL
    first = pd.Series(rng.random(len(grids))).groupby(grids["street"].to_numpy()).idxmin().to_numpy()
    short[first] = True  # every street has at least one such grid
    return np.where(short, np.round(target * rng.uniform(0.3, 0.6, len(grids))), target).astype(np.int64)


def _ranks(group: np.ndarray, rng, eligible: np.ndarray) -> np.ndarray:
    """A random rank of each row within its group; ineligible rows rank last (and never 0
    unless the whole group is ineligible, which callers mask out)."""
    n = len(group)
    key = rng.random(n) + np.where(eligible, 0.0, 2.0)
    order = np.lexsort((key, group))
    sorted_group = group[order]
    start = np.searchsorted(sorted_group, sorted_group, side="left")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - start
    return np.where(eligible, rank, np.iinfo(np.int64).max // 2)
