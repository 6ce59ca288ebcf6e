"""Partner units (共建单位) and what they take on ("四包"): level-1 units take grids,
level-2 units compounds, enterprises and social organizations buildings.
A few grids in every street have no partner at all (a gap to find)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import names

GRID_WITHOUT_PARTNER = 0.12
#: category -> (target type, targets per partner, share of eligible targets taken)
PLAN = {"level1": ("grid", 3, 1.0), "level2": ("compound", 2, 0.4),
        "enterprise": ("building", 3, 0.05), "social_org": ("building", 2, 0.03)}


def partners(streets, grids, compounds, buildings, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The partners and partner_links layers.

    Inputs are identity tables with ids, ``street`` and ``grid``/``community_id``
    columns; ``compounds.grid`` is -1 for compounds split over several grids.
    """
    key = rng.random(len(grids))
    covered = key >= GRID_WITHOUT_PARTNER
    covered[pd.Series(key).groupby(grids["street"].to_numpy()).idxmin().to_numpy()] = False
    comp_grid, bld_grid = compounds["grid"].to_numpy(), buildings["grid"].to_numpy()
    eligible = {"grid": (grids, covered),
                "compound": (compounds, (comp_grid >= 0) & covered[np.maximum(comp_grid, 0)]),
                "building": (buildings, covered[bld_grid])}
    found, links = [], []
    for category, (target_type, per_partner, share) in PLAN.items():
        table, ok = eligible[target_type]
        rows = np.flatnonzero(ok & (rng.random(len(table)) < share))
        p, l = _category(category, target_type, table.iloc[rows], per_partner, streets, rng)
        l["partner"] += sum(len(x) for x in found)
        found.append(p)
        links.append(l)
    return _finish(pd.concat(found, ignore_index=True), pd.concat(links, ignore_index=True))


def _category(category, target_type, targets, per_partner, streets, rng):
    """Partners of one category: consecutive targets of a street go to the same partner."""
    street = targets["street"].to_numpy()
    start = np.searchsorted(street, street, side="left")  # targets are in street order
    slot = (np.arange(len(street)) - start) // per_partner
    pair = street.astype(np.int64) * 100_000 + slot
    uniq, first, partner = np.unique(pair, return_index=True, return_inverse=True)
    p_street, p_slot = uniq // 100_000, uniq % 100_000
    community = targets["community_id"].to_numpy(dtype=object)[first]
    found = pd.DataFrame({
        "name": _names(category, p_street, p_slot, streets),
        "category": category,
        "community_id": np.full(len(uniq), None, dtype=object) if category == "level1" else community,
    })
    id_column = {"grid": "grid_id", "compound": "compound_id", "building": "building_id"}[target_type]
    links = pd.DataFrame({"partner": partner, "target_type": target_type,
                          "target_id": targets[id_column].to_numpy(dtype=object),
                          "items": rng.integers(1, 9, len(targets)).astype(np.int64)})
    return found, links


def _names(category, street, slot, streets) -> np.ndarray:
    """Plausible unit names, distinct within a street."""
    street_name = streets["name"].to_numpy(dtype=object)[street]
    if category in ("level1", "level2"):
        base = names.LEVEL1_UNITS if category == "level1" else names.LEVEL2_UNITS
        pick = np.array(base, dtype=object)[slot % len(base)]
        return pick + np.where(slot >= len(base), "机关第二支部", "")
    if category == "enterprise":
        stems = np.array(names.COMPOUND_STEMS, dtype=object)[(street * 7 + slot) % len(names.COMPOUND_STEMS)]
        return stems + np.array(names.ENTERPRISES, dtype=object)[slot % len(names.ENTERPRISES)]
    orgs = np.array(names.SOCIAL_ORGS, dtype=object)[slot % len(names.SOCIAL_ORGS)]
    return street_name + orgs + np.where(slot >= len(names.SOCIAL_ORGS), (slot // len(names.SOCIAL_ORGS) + 1).astype(str) + "队", "")


def _finish(found: pd.DataFrame, links: pd.DataFrame):
    width = max(4, len(str(len(found))))
    found.insert(0, "partner_id", ("P" + pd.Series(np.arange(1, len(found) + 1)).astype(str).str.zfill(width)).to_numpy(dtype=object))
    lwidth = max(5, len(str(len(links))))
    links.insert(0, "link_id", ("L" + pd.Series(np.arange(1, len(links) + 1)).astype(str).str.zfill(lwidth)).to_numpy(dtype=object))
    links.insert(1, "partner_id", found["partner_id"].to_numpy()[links.pop("partner").to_numpy()])
    return found, links
