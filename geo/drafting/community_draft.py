"""One community drafted from plain arrays: its grids, their exceptions and boundaries.

Everything a community needs comes in one :class:`CommunityInput` (metric geometries,
households, compounds, the area to tile) and everything it yields goes out in one
:class:`CommunityDraft`, with no project and no shared state: communities are
independent, so :mod:`geo.drafting.workers` can draft them in separate processes, and
the result is the same wherever it ran (the random generator is seeded per community).
Codes and names, which depend on the communities drafted before, are given by
:mod:`geo.drafting.draft` in the calling process.
"""
from __future__ import annotations

import math
import time
import zlib
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..editing.compactness import compactness_of
from ..tiling import derive_grid_polygons, sample_outlines
from .bisect import partition
from .naming import reading_order
from .neighbours import adjacency, components, neighbour_edges
from .repair import repair, total_violation
from .units import build_units, unit_edges

#: Bisections tried per grid count; the first that fits the band ends the search.
RESTARTS = 1


@dataclass
class CommunityInput:
    """A community's buildings (metric CRS) and what the draft must respect."""

    community: str
    seed: int
    band: tuple
    building_ids: np.ndarray
    geoms: np.ndarray            # building polygons, metres
    households: np.ndarray
    compounds: np.ndarray        # compound id per building (None/NaN/"" for none)
    container: object            # the community minus its kept grids, metres
    compound_outlines: dict = field(default_factory=dict)  # compound id -> polygon (metres)


@dataclass
class CommunityDraft:
    """Grids as building positions (reading order), their exceptions and metric boundaries."""

    community: str
    parts: list
    reasons: list                # (code, params) or None per part
    split_compounds: dict
    opened: set
    polygons: list               # metric polygon per part (None where the tiling left none)
    polsby_popper: np.ndarray
    seconds: dict = field(default_factory=dict)  # "assignment", "boundaries": where the time went


def draft_community(inp: CommunityInput) -> CommunityDraft:
    """Draft one community (pure: the same input gives the same grids, in any process).

    Parameters
    ----------
    inp : CommunityInput

    Returns
    -------
    CommunityDraft
        ``parts`` hold positions into the input's arrays, ordered north-west to south-east.
    """
    started = time.perf_counter()
    drafted = assign_community(inp)
    assigned = time.perf_counter()
    drafted.polygons = _boundaries(inp, drafted.parts)
    drafted.polsby_popper = compactness_of(np.array(drafted.polygons, dtype=object))["polsby_popper"].to_numpy() \
        if drafted.parts else np.empty(0)
    drafted.seconds = {"assignment": assigned - started, "boundaries": time.perf_counter() - assigned}
    return drafted


def assign_community(inp: CommunityInput) -> CommunityDraft:
    """The grids of one community as building positions, without their boundaries.

    The first half of :func:`draft_community` (``polygons`` and ``polsby_popper`` left
    empty): what a redistricting tool such as GerryChain's recursive_tree_part computes,
    so the benchmark times the two like for like.
    """
    lower, upper = inp.band
    rng = np.random.default_rng([inp.seed, zlib.crc32(str(inp.community).encode())])
    points = shapely.point_on_surface(inp.geoms)
    xy = np.column_stack([shapely.get_x(points), shapely.get_y(points)])
    households = np.nan_to_num(np.asarray(inp.households, dtype=float), nan=0.0)
    compounds = inp.compounds
    edges = neighbour_edges(xy, households, lower)
    units = build_units(xy, households, compounds, edges, lower, upper, rng)
    parts, reasons = partition_units(units, edges, len(xy), households, lower, upper, rng)
    parts, reasons, units = _open_compounds_for_band(parts, reasons, units, xy, households, compounds, edges,
                                                     inp.band, rng)
    for pos in units.towers:
        parts.append(np.array([pos]))
        reasons.append(("draft.tower", {"building": inp.building_ids[pos], "households": int(households[pos]),
                                        "upper": upper}))
    if parts:
        centres = np.array([xy[p].mean(axis=0) for p in parts])
        order = reading_order(centres[:, 0], centres[:, 1])
        parts, reasons = [parts[i] for i in order], [reasons[i] for i in order]
    return CommunityDraft(inp.community, parts, reasons, dict(units.split_compounds),
                          set(getattr(units, "opened", ())), [], np.empty(0))


def _open_compounds_for_band(parts, reasons, units, xy, households, compounds, edges, band, rng):
    """The band comes before whole compounds: when grids stay outside the band, draft again
    with the compounds of those grids (and of the grids next to them) opened up, and keep
    that draft if it is closer to the band. The opened compounds that end up split are listed."""
    lower, upper = band
    missed = [p for p, r in zip(parts, reasons) if r is not None and r[0] == "draft.no_fit"]
    if not missed:
        return parts, reasons, units
    owner = np.full(len(xy), -1)
    for i, part in enumerate(parts):
        owner[part] = i
    involved = {owner[p] for part in missed for p in part}
    involved |= {owner[b] for a, b in edges if owner[a] in involved} | {owner[a] for a, b in edges if owner[b] in involved}
    open_up = {c for i in involved if i >= 0 for c in compounds[parts[i]] if present_id(c)}
    opened = build_units(xy, households, compounds, edges, lower, upper, rng, open_up=open_up)
    again, again_reasons = partition_units(opened, edges, len(xy), households, lower, upper, rng)

    def distance(ps):
        return sum(max(lower - households[p].sum(), 0) + max(households[p].sum() - upper, 0) for p in ps)

    if distance(again) < distance(parts):
        return again, again_reasons, opened
    return parts, reasons, units


def present_id(value) -> bool:
    """A compound id that is set (not None, NaN or empty)."""
    return value is not None and value == value and value != ""


def choose_k(total: float, lower: float, upper: float) -> int:
    """How many grids a connected set of ``total`` households becomes."""
    if total < lower:
        return 1
    k_min, k_max = math.ceil(total / upper), math.floor(total / lower)
    if k_min > k_max:
        return max(k_min, 1)
    return int(min(max(round(total / ((lower + upper) / 2)), k_min), k_max))


def partition_units(units, edges, n, households, lower, upper, rng):
    """Building-position arrays per grid, and the exception (or None) for each."""
    cells = units.units
    if not cells:
        return [], []
    u_edges = unit_edges(cells, edges, n)
    count, labels = components(len(cells), u_edges)
    parts, reasons = [], []
    for label in range(count):
        idx = np.flatnonzero(labels == label)
        remap = np.full(len(cells), -1)
        remap[idx] = np.arange(len(idx))
        inside = (labels[u_edges[:, 0]] == label) if len(u_edges) else np.zeros(0, dtype=bool)
        sub = remap[u_edges[inside]].reshape(-1, 2)
        group_cells = [cells[i] for i in idx]
        total = sum(c.households for c in group_cells)
        for group in best_partition(group_cells, sub, total, lower, upper, rng):
            members = np.concatenate([group_cells[g].members for g in group])
            parts.append(members)
            reasons.append(_band_reason(households[members].sum(), total, count, lower, upper))
    return parts, reasons


def best_partition(cells, edges, total, lower, upper, rng, k=None) -> list[np.ndarray]:
    """The best of a few bisections (grid counts around the ideal, several seeds), each repaired.

    Best: least total distance to the band, then fewest extra pieces of split compounds,
    then most compact (least spread). The first draft that fits the band ends the search.
    """
    fixed_k = k is not None
    k = k or choose_k(total, lower, upper)
    h = np.array([c.households for c in cells], dtype=float)
    xy = np.array([[c.x, c.y] for c in cells], dtype=float)
    adj = adjacency(len(cells), edges)
    ks = [k] + ([] if fixed_k else [kk for kk in (k - 1, k + 1) if kk >= 1 and kk * lower <= total <= kk * upper * 1.2])
    best, best_key, memo = None, None, {}
    for kk in ks:
        for _ in range(RESTARTS):
            parts = repair(partition(cells, edges, kk, lower, upper, rng, memo=memo), h, xy, adj, lower, upper)
            key = (round(total_violation(parts, h, lower, upper), 6), _extra_pieces(parts, cells),
                   _spread(parts, xy))
            if best_key is None or key < best_key:
                best, best_key = parts, key
            if key[0] == 0:
                break
        if best_key[0] == 0:
            break
    return best


def _extra_pieces(parts, cells) -> int:
    """Grids a split compound spans beyond the fewest it needs."""
    spans: dict = {}
    needed: dict = {}
    for i, part in enumerate(parts):
        for c in part:
            pieces = getattr(cells[c], "pieces", 1)
            if pieces > 1:
                spans.setdefault(cells[c].compound, set()).add(i)
                needed[cells[c].compound] = pieces
    return sum(max(len(grids) - needed[comp], 0) for comp, grids in spans.items())


def _spread(parts, xy) -> float:
    return float(sum(((xy[p] - xy[p].mean(axis=0)) ** 2).sum() for p in parts if len(p)))


def _band_reason(h, total, clusters, lower, upper):
    if lower <= h <= upper:
        return None
    if h < lower and total < lower:
        code = "draft.community_below" if clusters == 1 else "draft.cluster_below"
        return (code, {"households": int(h), "lower": lower})
    return ("draft.no_fit", {"households": int(h), "lower": lower, "upper": upper})


def _boundaries(inp: CommunityInput, parts) -> list:
    """Grid polygons tiling the community minus its kept grids (metric CRS), one per part."""
    if not parts:
        return []
    labels = np.full(len(inp.geoms), -1)
    for i, part in enumerate(parts):
        labels[part] = i
    whole = {}
    # sorted, not a set's order: string hashing differs between processes, and the order of
    # the sample points decides where the polygons' rings start
    for c in sorted({c for c in inp.compounds if present_id(c)}, key=str):
        grid_labels = set(labels[inp.compounds == c])
        if len(grid_labels) == 1 and c in inp.compound_outlines:
            whole[c] = grid_labels.pop()
    extra = None
    if whole:
        outlines = np.array([inp.compound_outlines[c] for c in whole], dtype=object)
        extra = sample_outlines(outlines, list(whole.values()))
    valid = labels >= 0
    # labels as short strings: the tiling compares them as strings, and converting ints costs more
    names = np.array([str(i) for i in range(len(parts))], dtype=object)
    if extra is not None:
        extra = (extra[0], names[np.asarray(extra[1], dtype=int)])
    polygons = derive_grid_polygons(inp.container, inp.geoms[valid], names[labels[valid]], extra_points=extra)
    return [polygons.get(name) for name in names]
