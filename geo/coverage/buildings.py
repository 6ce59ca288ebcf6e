"""Per-building derived columns: the rows every grid figure is summed from.

Each function returns ``{column: ndarray}`` for all buildings, or only for
``positions`` (row positions in the buildings layer) when given: the
incremental model recomputes just the buildings an edit touched.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .tables import codes_of

#: Columns summed into grid, community and street figures (see ``contributions``).
SUM_COLUMNS = (
    "households", "buildings", "units", "residents", "residents_buildings",
    "buildings_with_group", "units_with_head", "central_households", "linked_households",
    "members", "members_registered", "members_in_service", "members_floating",
    "members_counted", "grid_head_members", "grid_staff_members",
    "station_covered_households", "station_covered_households_with_planned",
    "partner_buildings", "building_organizations",
    "households_estimated_buildings", "households_blank_buildings",
)


def _take(full: np.ndarray, positions):
    return full if positions is None else full[positions]


def _count(codes: np.ndarray, n: int, weights=None) -> np.ndarray:
    ok = codes >= 0
    w = None if weights is None else weights[ok]
    out = np.bincount(codes[ok], weights=w, minlength=n)
    return out if weights is not None and w.dtype.kind == "f" else out.astype(np.int64)


def base_columns(buildings: pd.DataFrame, grids: pd.Index, positions=None) -> dict:
    """Grid position ``g`` (-1 unassigned), households, units, residents (NaN unknown),
    and whether the households are estimated or missing (blank, zero or negative)."""
    frame = buildings if positions is None else buildings.iloc[positions]
    num = {c: pd.to_numeric(frame[c], errors="coerce") if c in frame.columns
           else pd.Series(np.nan, index=frame.index) for c in ("households", "units", "residents")}
    households = num["households"].fillna(0).clip(lower=0).to_numpy().astype(np.int64)
    source = (frame["households_source"].to_numpy(dtype=object) if "households_source" in frame.columns
              else np.full(len(frame), None, dtype=object))
    return {
        "g": codes_of(frame["grid_id"], grids),
        "households": households,
        "units": num["units"].fillna(0).clip(lower=0).to_numpy().astype(np.int64),
        "residents": num["residents"].to_numpy(dtype=float),
        "households_estimated_buildings": ((source == "estimate") & (households > 0)).astype(np.int64),
        "households_blank_buildings": (households == 0).astype(np.int64),
    }


def member_columns(mt: dict, n: int, units: np.ndarray, positions=None) -> dict:
    """Member counts per building from the member table arrays ``mt``.

    ``units`` is the units column of all ``n`` buildings. A unit counts
    as headed when some member with the unit_head role has this building and
    a ``unit_no`` in ``1..units``; several heads of one unit count once.
    """
    b = mt["b"]
    if positions is None:
        keep, m = b >= 0, n
        key = b[keep]
    else:  # count into the few rows asked for, not into one row per building of the layer
        positions = np.asarray(positions, dtype=np.int64)
        rows, back = np.unique(positions, return_inverse=True)
        remap = np.full(n + 1, -1, dtype=np.int64)  # code -1 lands on the trailing -1
        remap[rows] = np.arange(len(rows))
        key = remap[b]
        keep = key >= 0
        key, m = key[keep], len(rows)
    cols = {"members": np.bincount(key, minlength=m)}
    kind = mt["kind"][keep]
    for code, name in enumerate(("members_registered", "members_in_service", "members_floating")):
        cols[name] = np.bincount(key[kind == code], minlength=m)
    for name, flag in (("members_counted", "counted"), ("central_households", "central"),
                       ("grid_head_members", "grid_head"), ("grid_staff_members", "grid_staff")):
        cols[name] = np.bincount(key[mt[flag][keep]], minlength=m)
    cols["linked_raw"] = np.bincount(key, weights=mt["linked"][keep], minlength=m)
    cols["units_with_head"] = _units_with_head(key, mt["unit_no"][keep], mt["unit_head"][keep], m,
                                               units if positions is None else units[rows])
    out = {k: v.astype(np.int64) for k, v in cols.items()}
    return out if positions is None else {k: v[back] for k, v in out.items()}


def _units_with_head(key, unit_no, is_head, m, units) -> np.ndarray:
    """Distinct headed units (row, unit_no in 1..units) per row; ``key`` is each member's row."""
    units = np.asarray(units, dtype=np.int64)
    ok = is_head & (unit_no >= 1) & (unit_no <= units[key])
    stride = int(units.max(initial=0)) + 1
    keys = np.unique(key[ok] * stride + unit_no[ok])
    return np.bincount(keys // stride, minlength=m)


def org_columns(ot: dict, n: int, positions=None) -> dict:
    """Building party groups and organizations of any level whose area is the building."""
    return {"groups": _take(_count(ot["group_b"], n), positions),
            "building_organizations": _take(_count(ot["building_a"], n), positions)}


def partner_columns(partner_b: np.ndarray, n: int, positions=None) -> dict:
    """Enterprise / social-organization partner links per building."""
    return {"partners": _take(_count(partner_b, n), positions)}


def contributions(cols: dict) -> dict:
    """What each building adds to its grid's sums (keys: :data:`SUM_COLUMNS`).

    Linked households are capped at the building's households: a central
    household linking families in the next building still cannot make one
    building more than fully linked, so grid coverage never exceeds 100 %.
    """
    hh = cols["households"]
    residents = cols["residents"]
    known = np.isfinite(residents)
    out = {
        "households": hh, "buildings": np.ones(len(hh), dtype=np.int64), "units": cols["units"],
        "residents": np.where(known, residents, 0.0), "residents_buildings": known.astype(np.int64),
        "buildings_with_group": (cols["groups"] > 0).astype(np.int64),
        "linked_households": np.minimum(cols["linked_raw"], hh),
        "station_covered_households": hh * cols["cov_built"],
        "station_covered_households_with_planned": hh * cols["cov_any"],
        "partner_buildings": (cols["partners"] > 0).astype(np.int64),
    }
    for name in SUM_COLUMNS:
        if name not in out:
            out[name] = cols[name]
    return out
