"""Integer-coded views of the attribute layers (members, organizations, partners).

Everything the coverage figures need from a million members is reduced here
to a few numpy columns of integer codes (positions in the buildings, grids,
... layers) so that aggregation is ``np.bincount`` rather than string work.
A code of ``-1`` means "none" (blank, or an id that does not exist).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..lookup import FEW, positions
from ..schema import MEMBER_KINDS, split_roles

#: Member kind code for kinds outside :data:`geo.schema.MEMBER_KINDS`.
OTHER_KIND = len(MEMBER_KINDS)


def codes_of(values, index: pd.Index) -> np.ndarray:
    """Positions of ``values`` in ``index`` (``-1`` where blank or unknown).

    Examples
    --------
    >>> codes_of(["b", None, "x"], pd.Index(["a", "b"])).tolist()
    [1, -1, -1]
    """
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=object)
    if (isinstance(values, (list, tuple)) or (isinstance(values, np.ndarray) and values.ndim == 1)) \
            and len(values) <= FEW and len(index) and index.is_unique:
        return positions(index, values, missing=True).astype(np.int64)  # an edit's handful of ids
    values = pd.Series(values, dtype=object).to_numpy()
    if len(index) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    return index.get_indexer(values).astype(np.int64)


def take_codes(values: np.ndarray, codes: np.ndarray, missing) -> np.ndarray:
    """``np.append(values, missing)[codes]`` (code -1 reads ``missing``) without copying
    ``values``: an edit reads a few rows of columns as long as every building or member.

    Examples
    --------
    >>> take_codes(np.array([5, 6]), np.array([1, -1]), -1).tolist()
    [6, -1]
    """
    codes = np.asarray(codes)
    out = np.append(values[:0], missing)[np.zeros(len(codes), dtype=np.intp)]  # np.append's dtype
    found = codes >= 0
    out[found] = values[codes[found]]
    return out


def role_flags(roles: pd.Series, wanted: dict[str, tuple]) -> dict[str, np.ndarray]:
    """For each name in ``wanted``, whether a row's roles include any of its roles.

    Roles are comma-separated text; the column is factorized first because a
    million members share a few dozen distinct role strings.
    """
    codes, uniques = pd.factorize(roles, use_na_sentinel=True)
    parsed = [set(split_roles(u)) for u in uniques]
    flags = {}
    for name, accepted in wanted.items():
        per_unique = np.array([bool(p & set(accepted)) for p in parsed] + [False], dtype=bool)
        flags[name] = per_unique[codes]  # code -1 (blank) picks the trailing False
    return flags


def _int_column(frame: pd.DataFrame, column: str, default: int) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), default, dtype=np.int64)
    values = pd.to_numeric(frame[column], errors="coerce")
    return values.fillna(default).to_numpy().astype(np.int64)


def member_table(members: pd.DataFrame, buildings: pd.Index, org_pos: pd.Index,
                 rules) -> pd.DataFrame:
    """Per-member codes and flags, indexed like ``members``.

    Columns: ``b`` building position, ``org`` organization position, ``kind``
    (0..2 as in MEMBER_KINDS, 3 other), ``counted`` (kind in
    ``rules.counted_member_kinds``), role flags ``central``, ``unit_head``,
    ``grid_head``, ``grid_staff``, ``unit_no`` (-1 blank) and ``linked``
    (linked households of central-household members; 0 for the others and
    for negative values).
    """
    # a million members share a handful of kinds: decide per distinct kind, then look up
    kind_codes, kinds = pd.factorize(members["kind"], use_na_sentinel=True)
    per_kind = np.array([MEMBER_KINDS.index(k) if k in MEMBER_KINDS else OTHER_KIND for k in kinds]
                        + [OTHER_KIND], dtype=np.int64)
    counted = np.array([k in rules.counted_member_kinds for k in kinds] + [False], dtype=bool)
    flags = role_flags(members["roles"], {
        "central": ("central_household",), "unit_head": ("unit_head",),
        "grid_head": tuple(rules.grid_head_roles), "grid_staff": tuple(rules.grid_staff_roles)})
    linked = np.clip(_int_column(members, "linked_households", 0), 0, None)
    return pd.DataFrame({
        "b": codes_of(members["building_id"], buildings),
        "org": codes_of(members["org_id"], org_pos),
        "kind": per_kind[kind_codes],  # code -1 (blank) picks the trailing OTHER_KIND / False
        "counted": counted[kind_codes],
        **flags,
        "unit_no": _int_column(members, "unit_no", -1),
        "linked": np.where(flags["central"], linked, 0),
    }, index=members.index, copy=False)  # fresh arrays: no copy into one block needed


def org_table(orgs: pd.DataFrame, layers: dict[str, pd.Index]) -> pd.DataFrame:
    """Per-organization area codes, indexed like ``orgs``.

    ``layers`` maps an area type (community, grid, building, compound) to the
    id index of its layer. Columns: ``area`` (position of the area in its
    layer, -1 if blank/unknown), ``branch_g`` (grid of a grid branch),
    ``group_b`` (building of a building party group), ``grid_a`` and
    ``building_a`` (area position when the area is a grid / building, any
    level), ``missing`` (the area type names a layer but the id is not in it).
    """
    area_type = orgs["area_type"].astype(object).to_numpy()
    area = np.full(len(orgs), -1, dtype=np.int64)
    known = np.zeros(len(orgs), dtype=bool)
    for kind, index in layers.items():
        mask = area_type == kind
        known |= mask
        area[mask] = codes_of(orgs["area_id"].to_numpy()[mask], index)
    level = orgs["level"].astype(object).to_numpy()
    is_grid, is_building = area_type == "grid", area_type == "building"
    return pd.DataFrame({
        "area": area,
        "branch_g": np.where((level == "grid_branch") & is_grid, area, -1),
        "group_b": np.where((level == "building_group") & is_building, area, -1),
        "grid_a": np.where(is_grid, area, -1),
        "building_a": np.where(is_building, area, -1),
        "missing": known & (area < 0),
    }, index=orgs.index, copy=False)


def partner_targets(project) -> dict[str, np.ndarray]:
    """Positions covered by a partner of the right category ("四包").

    Returns ``{"grid": grid positions with a level-1 partner link,
    "compound": compound positions with a level-2 link, "building": building
    positions with an enterprise or social-organization link}``, one entry
    per link (repeats possible).
    """
    links, partners = project["partner_links"], project["partners"]
    category = links["partner_id"].map(partners["category"]) if len(partners) else \
        pd.Series(None, index=links.index, dtype=object)
    wanted = {"grid": ("grids", ("level1",)), "compound": ("compounds", ("level2",)),
              "building": ("buildings", ("enterprise", "social_org"))}
    out = {}
    for target, (layer, categories) in wanted.items():
        mask = (links["target_type"] == target) & category.isin(categories)
        pos = codes_of(links.loc[mask, "target_id"], project[layer].index)
        out[target] = pos[pos >= 0]
    return out
