"""The street's road network and the blocks between the roads (local metres).

Arterials are long, slightly angled and gently curved polylines; secondary
roads are narrower and some stop short, so blocks come out irregular like an
old northern city rather than a perfect grid.
"""
from __future__ import annotations

import numpy as np
import shapely

#: Street extent, metres (half width, half height) around the local origin.
HALF_W, HALF_H = 1000.0, 800.0
#: Half widths of the carriageways: boundary roads are shared with the next street.
ARTERIAL_HALF, SECONDARY_HALF, BOUNDARY_HALF = 14.0, 7.0, 10.0
MIN_BLOCK_AREA = 6000.0


def street_outline():
    """The street's polygon: a rectangle whose edges run along boundary-road centrelines."""
    return shapely.box(-HALF_W, -HALF_H, HALF_W, HALF_H)


def road_lines(rng: np.random.Generator) -> tuple[list, list]:
    """Arterial and secondary road centrelines.

    Returns
    -------
    arterials, secondaries : list of LineString
    """
    arterials, secondaries = [], []
    for vertical in (True, False):
        half = HALF_W if vertical else HALF_H
        positions = np.linspace(-half, half, 6)[1:-1]  # four roads across each direction
        kinds = rng.permutation(["arterial", "arterial", "secondary", "secondary"])
        for pos, kind in zip(positions, kinds):
            pos = pos + rng.uniform(-0.06, 0.06) * half
            line = _wavy_line(rng, pos, vertical, partial=(kind == "secondary" and rng.random() < 0.4))
            (arterials if kind == "arterial" else secondaries).append(line)
    return arterials, secondaries


def blocks(rng: np.random.Generator) -> np.ndarray:
    """Block polygons: the street minus its buffered roads, as parts."""
    arterials, secondaries = road_lines(rng)
    roads = shapely.union_all(
        [shapely.buffer(line, ARTERIAL_HALF, cap_style="flat") for line in arterials]
        + [shapely.buffer(line, SECONDARY_HALF, cap_style="flat") for line in secondaries])
    inner = street_outline().buffer(-BOUNDARY_HALF, join_style="mitre")
    parts = shapely.get_parts(shapely.difference(inner, roads))
    parts = parts[shapely.area(parts) >= MIN_BLOCK_AREA]
    # A fixed order (by centroid, row-major) keeps ids independent of GEOS internals.
    cx, cy = shapely.get_coordinates(shapely.centroid(parts)).T
    return parts[np.lexsort((cx, -np.round(cy, 3)))]


def _wavy_line(rng, pos: float, vertical: bool, partial: bool):
    """A road across the street: angled up to ~5 degrees, with a gentle bend."""
    along_half = HALF_H if vertical else HALF_W
    t = np.linspace(-along_half - 50, along_half + 50, 9)
    if partial:  # a secondary road that ends at a cross street (dead end blocks)
        t = t[: rng.integers(5, 8)] if rng.random() < 0.5 else t[rng.integers(2, 5):]
    slope = rng.uniform(-0.09, 0.09)
    bend = rng.uniform(10, 35) * np.sin(np.pi * (t / along_half) * rng.uniform(0.5, 1.2) + rng.uniform(0, np.pi))
    across = pos + slope * t + bend
    xy = np.column_stack([across, t]) if vertical else np.column_stack([t, across])
    return shapely.linestrings(xy)
