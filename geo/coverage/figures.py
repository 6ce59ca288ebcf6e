"""Grid, community and street figures from summed building columns.

Figures are dicts of numpy arrays (one entry per grid / community / the
street) so that an edit can recompute two grids in microseconds; the model
turns them into DataFrames when asked. One function, :func:`ratios`, turns
sums into shares at every level so that a share means the same thing for a
grid, a community and the street (a community's share is its summed
numerator over its summed denominator, never an average of grid shares).
Shares are NaN when the denominator is 0.
"""
from __future__ import annotations

import numpy as np

from .buildings import SUM_COLUMNS

#: Per-grid inputs that do not come from buildings (recomputed as a whole: small).
GRID_EXTRAS = ("grid_branches", "grid_organizations", "org_grid_heads", "org_grid_staff",
               "grid_partners", "stations")
#: Grid booleans counted into community and street figures, under these names.
GRID_FLAGS = {"has_branch": "grids_with_branch", "has_grid_head": "grids_with_grid_head",
              "has_grid_staff": "grids_with_grid_staff", "has_partner": "grids_with_partner",
              "in_band": "grids_in_band", "under_band": "grids_under_band",
              "over_band": "grids_over_band"}
#: Grid figures summed (not recomputed) into communities and the street.
GRID_SUMMED = ("stations", "organizations", "central_households_required",
               "central_households_needed")
#: The grid columns communities and the street add up, in this order.
ROLLUP_COLUMNS = tuple(SUM_COLUMNS) + GRID_SUMMED + tuple(GRID_FLAGS)


def _share(num, den) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, np.nan)


def ratios(f: dict) -> dict:
    """Add shares and differences computed from the summed columns of ``f`` (in place)."""
    hh = f["households"]
    f["residents"] = np.where(f["residents_buildings"] > 0, f["residents"], np.nan)
    f["members_per_100_households"] = _share(f["members_counted"] * 100, hh)
    f["building_group_share"] = _share(f["buildings_with_group"], f["buildings"])
    f["unit_head_share"] = _share(f["units_with_head"], f["units"])
    f["linked_share"] = _share(f["linked_households"], hh)
    f["unlinked_households"] = hh - f["linked_households"]
    f["station_coverage_share"] = _share(f["station_covered_households"], hh)
    f["station_coverage_share_with_planned"] = _share(
        f["station_covered_households_with_planned"], hh)
    f["planned_added_households"] = (f["station_covered_households_with_planned"]
                                     - f["station_covered_households"])
    f["partner_building_share"] = _share(f["partner_buildings"], f["buildings"])
    return f


def central_required(households, per_central: int) -> np.ndarray:
    """Central households the 1:N rule asks for: ceil(households / N)."""
    return -(-np.asarray(households, dtype=np.int64) // int(per_central))


def sums_dict(sums: np.ndarray) -> dict:
    """Columns of a (rows x SUM_COLUMNS) float array; integers except residents."""
    return {c: (sums[:, j] if c == "residents" else np.rint(sums[:, j]).astype(np.int64))
            for j, c in enumerate(SUM_COLUMNS)}


def grid_columns(sums: np.ndarray, extras: dict, rules) -> dict:
    """Figures for grids from their building sums and :data:`GRID_EXTRAS`.

    Parameters
    ----------
    sums : ndarray, shape (n, len(SUM_COLUMNS))
    extras : dict of ndarray, each of length n
    rules : geo.rules.Rules

    Returns
    -------
    dict of ndarray
    """
    f = sums_dict(sums)
    for name in GRID_EXTRAS:
        f[name] = np.asarray(extras[name], dtype=np.int64)
    return grid_flags(ratios(f), rules)


def grid_flags(f: dict, rules) -> dict:
    """Branch, staffing, partner and household-band figures of grids (in place)."""
    hh = f["households"]
    f["organizations"] = f["grid_organizations"] + f["building_organizations"]
    f["has_branch"] = f["grid_branches"] > 0
    f["has_grid_head"] = (f["grid_head_members"] + f["org_grid_heads"]) > 0
    f["has_grid_staff"] = (f["grid_staff_members"] + f["org_grid_staff"]) > 0
    f["has_partner"] = f["grid_partners"] > 0
    f["central_households_required"] = central_required(hh, rules.households_per_central)
    f["central_households_needed"] = np.maximum(
        f["central_households_required"] - f["central_households"], 0)
    f["under_band"] = hh < rules.households_min
    f["over_band"] = hh > rules.households_max
    f["in_band"] = ~(f["under_band"] | f["over_band"])
    f["band"] = np.where(f["under_band"], "under", np.where(f["over_band"], "over", "in")).astype(object)
    f["band_needed"] = np.where(f["under_band"], rules.households_min - hh,
                                np.where(f["over_band"], hh - rules.households_max, 0))
    return f


def rollup_values(f: dict, rows=None) -> np.ndarray:
    """The :data:`ROLLUP_COLUMNS` of grid figures ``f`` as a float array (rows: grids)."""
    # Unknown residents (NaN) add nothing; residents_buildings says how many were known.
    cols = [np.nan_to_num(np.asarray(f[c], dtype=float)) for c in ROLLUP_COLUMNS]
    out = np.column_stack(cols) if cols[0].ndim else np.array([cols])
    return out if rows is None else out[rows]


def rollup(values: np.ndarray, by: np.ndarray | None, n: int) -> dict:
    """Sum :func:`rollup_values` rows into ``n`` groups (``by``: group code per row, -1 none).

    Grid booleans become counts named ``grids_with_*`` (see :data:`GRID_FLAGS`)
    and ``grids`` counts the rows; shares are added afterwards by
    :func:`ratios` and :func:`area_shares`. ``by=None`` sums everything into one row.
    """
    if by is None:
        return totals_dict(values.sum(axis=0, keepdims=True), np.array([len(values)]))
    ok = by >= 0
    totals = np.column_stack([np.bincount(by[ok], weights=values[ok, j], minlength=n)
                              for j in range(values.shape[1])])
    return totals_dict(totals.reshape(n, values.shape[1]), np.bincount(by[ok], minlength=n))


def totals_dict(totals: np.ndarray, counts: np.ndarray) -> dict:
    """Name the columns of summed rollup values (see :func:`rollup`)."""
    f = {}
    for j, c in enumerate(ROLLUP_COLUMNS):
        name = GRID_FLAGS.get(c, c)
        f[name] = totals[:, j] if c == "residents" else np.rint(totals[:, j]).astype(np.int64)
    f["grids"] = np.asarray(counts, dtype=np.int64)
    return f


def area_shares(f: dict) -> dict:
    """Shares only communities and the street have (over grids and compounds)."""
    f["grid_branch_share"] = _share(f["grids_with_branch"], f["grids"])
    f["grid_partner_share"] = _share(f["grids_with_partner"], f["grids"])
    f["grid_in_band_share"] = _share(f["grids_in_band"], f["grids"])
    f["compound_partner_share"] = _share(f["compounds_with_partner"], f["compounds"])
    return f
