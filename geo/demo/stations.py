"""Party-mass service stations (党群服务站) of one street, with a deliberate gap.

The compound farthest from the street centre is left outside every built
station's radius; a planned station sits next to it (the story the coverage
map should tell: "the new station will close this gap").
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

RADIUS, SMALL_RADIUS = 500.0, 300.0
#: Built stations keep this far from the uncovered compound's centre (radius
#: plus the largest compound half-diagonal), so the gap is real.
CLEARANCE = RADIUS + 160.0


def place(compounds: pd.DataFrame, rng) -> pd.DataFrame:
    """Stations with columns x, y, level, status, radius, community, compound.

    Parameters
    ----------
    compounds : DataFrame
        Needs ``geometry`` and ``community`` (local metres).
    """
    geoms = compounds["geometry"].to_numpy()
    centres = shapely.get_coordinates(shapely.centroid(geoms))
    community = compounds["community"].to_numpy()
    far = int(np.argmax(np.hypot(*centres.T)))
    allowed = np.hypot(*(centres - centres[far]).T) > CLEARANCE
    rows = [_row(centres, far, "community", "planned", RADIUS, community)]
    used = {far}
    street_site = _nearest(centres, np.zeros(2), allowed, used)
    if street_site is not None:
        rows.append(_row(centres, street_site, "street", "built", RADIUS, community))
        used.add(street_site)
    for c in range(int(community.max()) + 1):
        rows.extend(_community_stations(centres, community, c, allowed, used, rng))
    if rng.random() < 0.5:  # sometimes a second planned (grid-level) station
        spare = [i for i in np.flatnonzero(allowed) if i not in used]
        if spare:
            rows.append(_row(centres, int(rng.choice(spare)), "grid", "planned", SMALL_RADIUS, community))
    return pd.DataFrame(rows, columns=["x", "y", "level", "status", "radius", "community", "compound"])


def _community_stations(centres, community, c, allowed, used, rng) -> list:
    """One community-level station near the community's middle, sometimes a grid-level one."""
    mine = community == c
    rows = []
    first = _nearest(centres, centres[mine].mean(axis=0), allowed & mine, used)
    if first is None:
        return rows
    used.add(first)
    rows.append(_row(centres, first, "community", "built", RADIUS, community))
    if rng.random() < 0.6:
        away = np.hypot(*(centres - centres[first]).T) > 350
        second = _nearest(centres, centres[first], allowed & mine & away, used)
        if second is not None:
            used.add(second)
            radius = SMALL_RADIUS if rng.random() < 0.7 else RADIUS
            rows.append(_row(centres, second, "grid", "built", radius, community))
    return rows


def _nearest(centres, point, mask, used) -> int | None:
    candidates = [i for i in np.flatnonzero(mask) if i not in used]
    if not candidates:
        return None
    d = np.hypot(*(centres[candidates] - point).T)
    return int(candidates[int(np.argmin(d))])


def _row(centres, i, level, status, radius, community):
    # Stations stand at a compound's gate; the centroid is close enough for a demo.
    return (centres[i, 0], centres[i, 1], level, status, radius, int(community[i]), i)
