"""Names and codes for drafted grids.

Names follow the way streets write them: the community's name and 第N网格,
numbered from north-west to south-east (reading order on a map). Codes continue
the community's own scheme: when its grids are G0101…G0109, new grids are
G0110, G0111…, never reusing a code that exists anywhere in the project (a plan
comparison must not mistake a new grid for an old one).

Example
-------
>>> grid_codes(["G0101", "G0102", "G0109"], 2, "C01", taken={"G0101", "G0102", "G0109"})
['G0110', 'G0111']
>>> grid_codes([], 2, "C07", taken=set())
['C07-W01', 'C07-W02']
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np

_CODE = re.compile(r"^(.*?)(\d+)$")


def reading_order(x, y) -> np.ndarray:
    """Indices ordered north-west to south-east: rows from north to south, west to east within a row.

    Rows are bands as tall as the typical spacing, so grids at nearly the same
    latitude read left to right instead of jumping by a few metres.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 2:
        return np.arange(len(x))
    band = max((y.max() - y.min()) / max(np.sqrt(len(x)), 1.0), 1e-9)
    rows = np.floor((y.max() - y) / band)
    return np.lexsort((x, rows))


def grid_codes(existing: list[str], n: int, community_id, taken: set) -> list[str]:
    """``n`` new codes following the pattern of a community's ``existing`` grid codes."""
    parsed = [m.groups() for m in map(_CODE.match, map(str, existing)) if m]
    if parsed:
        prefix, width = Counter((p, len(d)) for p, d in parsed).most_common(1)[0][0]
        start = max(int(d) for p, d in parsed if p == prefix) + 1
    else:
        prefix, width, start = f"{community_id}-W", 2, 1
    codes, number = [], start
    while len(codes) < n:
        code = f"{prefix}{number:0{width}d}"
        if code not in taken:
            codes.append(code)
        number += 1
    return codes


def grid_names(community_name: str, n: int, used: set) -> list[str]:
    """``n`` names 「社区第N网格」 in order, skipping names kept grids already use."""
    names, number = [], 1
    while len(names) < n:
        name = f"{community_name}第{number}网格"
        if name not in used:
            names.append(name)
        number += 1
    return names
