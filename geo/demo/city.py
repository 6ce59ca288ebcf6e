"""Many streets side by side: the district and city scales.

A handful of template streets are laid out in full (``plan.plan_street``)
and repeated on a lattice, so the expensive geometry work does not grow with
the city. Everything that identifies people and places (ids, names, members,
organizations, partners) is then drawn afresh for every street in bulk, so no
two streets share them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import names, roads
from .plan import StreetPlan, plan_street

#: scale -> (target grid count or None for one street, template streets, members per resident)
SCALES = {
    "street": (None, 1, 0.06),
    "district": (5_000, 6, 0.03),
    "city": (50_000, 8, 0.0),  # 0: members are set to MEMBERS_CITY in total
}
MEMBERS_CITY = 1_000_000
#: Local origin of the demo street in EPSG:4548 (CGCS2000 / 3-degree GK CM 117E): lon 117.0, lat 36.65.
ORIGIN = (500_000.0, 4_057_670.0)
STREET_GAP = 0.0  # neighbouring streets share their boundary roads


@dataclass
class Layout:
    """All streets' tables; integer columns refer to global row positions."""
    streets: pd.DataFrame      # name, code, dx, dy (offset of the local frame, metres)
    communities: pd.DataFrame
    grids: pd.DataFrame
    compounds: pd.DataFrame
    buildings: pd.DataFrame
    stations: pd.DataFrame
    member_rate: float


_FOREIGN = {
    "communities": {},
    "grids": {"community": "communities"},
    "compounds": {"community": "communities", "grid": "grids"},
    "buildings": {"compound": "compounds", "grid": "grids"},
    "stations": {"community": "communities", "compound": "compounds"},
}


def layout(scale: str, seed: int) -> Layout:
    """Plan every street of ``scale`` and stack their tables."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {sorted(SCALES)}")
    target_grids, n_templates, rate = SCALES[scale]
    rng = np.random.default_rng([seed, 7])
    seeds = [seed] if n_templates == 1 else [seed * 1000 + k for k in range(n_templates)]
    plans = [plan_street(s) for s in seeds]
    if target_grids is None:
        template_of = np.zeros(1, dtype=int)
    else:
        mean_grids = np.mean([len(p.grids) for p in plans])
        n_streets = int(np.ceil(target_grids / mean_grids))
        template_of = np.concatenate([[0], rng.integers(0, n_templates, n_streets - 1)])
    streets = _streets(template_of, rng)
    tables, bases = {}, {}
    for name in _FOREIGN:  # order matters: targets are stacked before their referrers
        tables[name], bases[name] = _stack(plans, template_of, name)
        for column, target in _FOREIGN[name].items():
            local = tables[name][column].to_numpy()
            shift = bases[target][tables[name]["street"].to_numpy()]
            tables[name][column] = np.where(local >= 0, local + shift, -1)
    # One pool of distinct stems, so no community shares a stem with a street.
    pool = names.unique_place_names(len(streets) + len(tables["communities"]), rng)
    streets.insert(0, "name", [stem + "街道" for stem in pool[:len(streets)]])
    tables["communities"]["name"] = [stem + "社区" for stem in pool[len(streets):]]
    if rate == 0.0:
        residents = (tables["buildings"]["households"].to_numpy() * 2.7).sum()
        rate = MEMBERS_CITY / residents
    return Layout(streets, **tables, member_rate=rate)


def _streets(template_of: np.ndarray, rng) -> pd.DataFrame:
    """Street codes and lattice offsets (a roughly square city around the origin)."""
    n = len(template_of)
    width, height = 2 * roads.HALF_W + STREET_GAP, 2 * roads.HALF_H + STREET_GAP
    cols = int(np.ceil(np.sqrt(n * height / width)))
    rows = int(np.ceil(n / cols))
    i = np.arange(n)
    # Spiral-free but centred: street 0 (the demo street) sits in the middle.
    order = np.argsort(np.hypot(i % cols - (cols - 1) / 2, i // cols - (rows - 1) / 2), kind="stable")
    col, row = order % cols, order // cols
    dx = (col - (cols - 1) / 2) * width
    dy = ((rows - 1) / 2 - row) * height
    dx, dy = dx - dx[0], dy - dy[0]
    width_code = max(2, len(str(n)))
    return pd.DataFrame({
        "code": [f"S{k + 1:0{width_code}d}" for k in range(n)],
        "template": template_of, "dx": dx, "dy": dy,
    })


def _stack(plans: list[StreetPlan], template_of: np.ndarray, table: str):
    """Rows of ``table`` for every street, and each street's first global row."""
    frames = [getattr(p, table) for p in plans]
    sizes = np.array([len(f) for f in frames])
    starts = np.concatenate([[0], np.cumsum(sizes)])
    stacked = pd.concat(frames, ignore_index=True)
    rows = np.concatenate([np.arange(starts[t], starts[t + 1]) for t in template_of])
    out = stacked.iloc[rows].reset_index(drop=True)
    counts = sizes[template_of]
    out["street"] = np.repeat(np.arange(len(template_of)), counts)
    return out, np.concatenate([[0], np.cumsum(counts)])[:-1]
