"""Compounds (小区) inside blocks and slab buildings (楼栋) in rows inside compounds.

Everything is laid out in a frame rotated to the block's own orientation, so
rows of buildings run along the block and face (roughly) south, as they do in
northern China, then rotated back.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from . import names

#: kind -> (share, built years, floor choices, households per floor choices, row gap m)
KINDS = {
    "老旧小区": (0.48, (1978, 1999), (5, 6, 6, 6, 7), (2, 2, 2, 3), (22, 27)),
    "单位宿舍": (0.22, (1962, 1996), (4, 5, 6, 6), (2, 2, 3), (20, 25)),
    "商品房": (0.24, (2000, 2021), (6, 6, 7, 11, 18), (2, 2, 3, 4), (32, 48)),
    "回迁房": (0.06, (2006, 2019), (11, 18, 18), (2, 3, 4), (36, 48)),
}
KIND_NAMES = list(KINDS)
NON_RESIDENTIAL_SHARE = 0.3  # schools, markets, offices, parks: parcels without a compound
#: The demo street has ~40,000 residents: compounds beyond this are turned into
#: non-residential land (a random choice, so the left-overs are spread out).
TARGET_HOUSEHOLDS = 16500


@dataclass
class Housing:
    """Compounds and buildings of one street (local metres)."""
    compounds: pd.DataFrame  # geometry, block, kind, built_year, name
    buildings: pd.DataFrame  # geometry, compound, number, row, floors, units, per_floor


def build(blocks: np.ndarray, rng: np.random.Generator) -> Housing:
    """Compounds and their buildings for all blocks."""
    comp_rows, bld_rows = [], []
    for b, block in enumerate(blocks):
        angle = _block_angle(block)
        local = _rotate(np.array([block]), -angle)[0]
        for parcel in _parcels(local, rng):
            if rng.random() < NON_RESIDENTIAL_SHARE:
                continue
            kind = KIND_NAMES[rng.choice(len(KINDS), p=[k[0] for k in KINDS.values()])]
            rects, rows, length = _slabs(parcel, kind, rng)
            if len(rects) == 0:
                continue
            c = len(comp_rows)
            outline = _main_part(parcel.buffer(-3.0, join_style="mitre"), rects)
            comp_rows.append((_rotate(np.array([outline]), angle)[0], b, kind, _year(kind, rng)))
            bld_rows.append(_building_table(_rotate(rects, angle), rows, length, c, kind, rng))
    compounds = pd.DataFrame(comp_rows, columns=["geometry", "block", "kind", "built_year"])
    buildings = pd.concat(bld_rows, ignore_index=True)
    compounds, buildings = _trim(compounds, buildings, rng)
    compounds["name"] = names.compound_names(compounds["kind"], rng)
    return Housing(compounds, buildings)


def _trim(compounds: pd.DataFrame, buildings: pd.DataFrame, rng):
    """Drop random compounds until the street holds about TARGET_HOUSEHOLDS households."""
    hh = buildings.eval("floors * units * per_floor").groupby(buildings["compound"]).sum()
    hh = hh.reindex(range(len(compounds)), fill_value=0).to_numpy()
    order = rng.permutation(len(compounds))
    excess = np.cumsum(hh[order]) <= hh.sum() - TARGET_HOUSEHOLDS
    keep = np.ones(len(compounds), dtype=bool)
    keep[order[excess]] = False
    new_index = np.cumsum(keep) - 1
    buildings = buildings[keep[buildings["compound"]]].reset_index(drop=True)
    buildings["compound"] = new_index[buildings["compound"]]
    return compounds[keep].reset_index(drop=True), buildings


def _main_part(outline, rects: np.ndarray):
    """The polygon of an inset parcel that holds its buildings: insetting a parcel
    with a narrow arm leaves a detached sliver, and a compound is one polygon."""
    parts = shapely.get_parts(outline)
    if len(parts) == 1:
        return parts[0]
    held = [shapely.area(shapely.intersection(part, rects)).sum() for part in parts]
    return parts[int(np.argmax(held))]


def _parcels(block, rng) -> list:
    """Cut a (rotated) block into parcels of roughly 120-200 m by 100-170 m."""
    x0, y0, x1, y1 = block.bounds
    nx = max(1, round((x1 - x0) / rng.uniform(120, 200)))
    ny = max(1, round((y1 - y0) / rng.uniform(100, 170)))
    xs, ys = np.linspace(x0, x1, nx + 1), np.linspace(y0, y1, ny + 1)
    gx, gy = np.meshgrid(np.arange(nx), np.arange(ny))
    cells = shapely.box(xs[gx.ravel()], ys[gy.ravel()], xs[gx.ravel() + 1], ys[gy.ravel() + 1])
    parts = shapely.intersection(cells, block)
    # Keep the well-shaped parcels; slivers at angled roads stay green space.
    good = shapely.area(parts) > 0.6 * shapely.area(cells)
    return [p for p in parts[good] if p.geom_type == "Polygon"]


def _slabs(parcel, kind: str, rng):
    """Rows of slab rectangles that fit in the parcel, with their row number."""
    inner = parcel.buffer(-7.0, join_style="mitre")
    if inner.is_empty:
        return np.empty(0, dtype=object), np.empty(0, dtype=int), 0.0
    length, depth = rng.uniform(50, 70), rng.uniform(12, 14)
    gap_x, gap_y = rng.uniform(10, 18), rng.uniform(*KINDS[kind][4])
    x0, y0, x1, y1 = inner.bounds
    xs = _starts(x0, x1, length, gap_x)
    ys = _starts(y0, y1, depth, gap_y)
    gx, gy = np.meshgrid(xs, ys)
    rects = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + length, gy.ravel() + depth)
    rows = np.repeat(np.arange(len(ys))[::-1], len(xs))  # row 0 is the northernmost
    keep = shapely.within(rects, inner)
    return rects[keep], rows[keep], length


def _starts(lo: float, hi: float, size: float, gap: float) -> np.ndarray:
    """Evenly centred start coordinates of as many ``size`` items as fit in [lo, hi]."""
    n = int((hi - lo + gap) // (size + gap))
    if n <= 0:
        return np.empty(0)
    used = n * size + (n - 1) * gap
    return lo + (hi - lo - used) / 2 + np.arange(n) * (size + gap)


def _building_table(rects, rows, length: float, compound: int, kind: str, rng) -> pd.DataFrame:
    """Per-building attributes; numbering runs row by row from the north, west to east."""
    _, _, floor_choices, per_floor_choices, _ = KINDS[kind]
    n = len(rects)
    x = shapely.get_coordinates(shapely.centroid(rects))[:, 0]
    order = np.lexsort((x, rows))
    base_floors = rng.choice(floor_choices)
    floors = np.where(rng.random(n) < 0.15, rng.choice(floor_choices, n), base_floors)
    return pd.DataFrame({
        "geometry": rects[order], "compound": compound, "number": np.arange(1, n + 1),
        "row": rows[order], "floors": floors.astype(np.int64),
        "units": np.clip(round(length / 20.0) + rng.integers(-1, 1, n), 2, 4).astype(np.int64),
        "per_floor": rng.choice(per_floor_choices, n).astype(np.int64),
    })


def _year(kind: str, rng) -> int:
    lo, hi = KINDS[kind][1]
    return int(rng.integers(lo, hi + 1))


def _block_angle(block) -> float:
    """Angle (radians) of the block's minimum rotated rectangle edge nearest east-west."""
    ring = shapely.get_coordinates(shapely.minimum_rotated_rectangle(block))
    dx, dy = np.diff(ring[:3], axis=0).T
    angles = np.arctan2(dy, dx)
    angles = (angles + np.pi / 2) % np.pi - np.pi / 2  # fold into [-90, 90) degrees
    return float(angles[np.argmin(np.abs(angles))])


def _rotate(geoms: np.ndarray, angle: float) -> np.ndarray:
    """Rotate geometries about the local origin (vectorized)."""
    c, s = np.cos(angle), np.sin(angle)
    matrix = np.array([[c, -s], [s, c]])
    return shapely.transform(geoms, lambda xy: xy @ matrix.T)
