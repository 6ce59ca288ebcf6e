"""``check``: everything wrong with a project, each problem with layer, id and reason.

Checks are vectorized (pandas/shapely array functions) because a city project
holds a million members; a per-row Python loop would take minutes.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .schema import (AREA_LAYERS, GENDERS, LAYERS, MEMBER_KINDS, ORG_AREA_TYPES, ORG_LEVELS,
                     PARTNER_CATEGORIES, PARTNER_TARGET_TYPES, REFERENCES, STATION_STATUSES)
from .value_checks import value_problems

#: Problems that make a file unusable as a project (commands other than
#: ``check`` refuse such a file with exit code 2).
STRUCTURAL = {"missing_layer", "missing_column", "unknown_crs"}
#: How many problems of one kind and layer are listed one by one before summarizing.
MAX_LISTED = 200


@dataclass(frozen=True)
class Problem:
    kind: str
    layer: str
    id: str | None
    reason: str
    x: float | None = None  # a location to zoom to, in the project CRS
    y: float | None = None

    def line(self) -> str:
        where = self.layer if self.id is None else f"{self.layer} {self.id}"
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict:
        return asdict(self)


def check_layers(loaded) -> list[Problem]:
    """All problems in a tolerant read (:func:`geo.store.read_layers`)."""
    problems = list(loaded.problems)
    frames = loaded.frames
    for name, frame in frames.items():
        problems += _columns(name, frame)
        problems += _duplicate_ids(name, frame)
        if LAYERS[name].is_spatial:
            problems += _crs(name, frame, loaded.srs_ids.get(name))
            problems += _geometries(name, frame)
    problems += _references(frames)
    problems += _vocabularies(frames)
    problems += _org_areas(frames)
    problems += _partner_targets(frames)
    problems += _members(frames)
    from .org_consistency import org_consistency_problems  # noqa: PLC0415 (it imports Problem from here)
    problems += org_consistency_problems(frames)
    problems += value_problems(loaded.path, frames) if loaded.path else []
    from .completeness import completeness_problems  # noqa: PLC0415 (it builds Problems from here)
    problems += completeness_problems(frames, Problem)
    return _capped(problems)


def structural_problems(loaded) -> list[Problem]:
    """Only what makes a file unusable as a project (cheap: no per-row work).

    Opening a project runs this; ``check`` runs everything.
    """
    problems = [p for p in loaded.problems if p.kind in STRUCTURAL]
    for name, frame in loaded.frames.items():
        problems += _columns(name, frame)
        if LAYERS[name].is_spatial:
            problems += _crs(name, frame, loaded.srs_ids.get(name))
    return problems


def _columns(name, frame) -> list[Problem]:
    return [Problem("missing_column", name, None, f"column {c.name} is missing")
            for c in LAYERS[name].columns if c.required and c.name not in frame.columns]


def _ids(name, frame):
    col = LAYERS[name].id_column
    return frame[col] if col in frame.columns else None


def _duplicate_ids(name, frame) -> list[Problem]:
    ids = _ids(name, frame)
    if ids is None:
        return []
    out = []
    blank = ids.isna() | (ids.astype(str).str.strip() == "")
    for row in np.flatnonzero(blank.to_numpy()):
        out.append(Problem("missing_id", name, None, f"row {row + 1} has no {ids.name}"))
    dup = ids[ids.duplicated(keep=False) & ~blank]
    for value, count in dup.value_counts(sort=False).items():
        out.append(Problem("duplicate_id", name, str(value), f"id used by {count} features"))
    return out


def _crs(name, frame, srs_id) -> list[Problem]:
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None or srs_id in (0, -1, None):
        return [Problem("unknown_crs", name, None,
                        f"layer has no known coordinate reference system (srs_id {srs_id})")]
    return []


def _geometries(name, frame) -> list[Problem]:
    if not isinstance(frame, gpd.GeoDataFrame):
        return []
    layer = LAYERS[name]
    geoms = frame.geometry.array
    ids = _ids(name, frame)
    label = (lambda i: None if ids is None else _str(ids.iloc[i]))
    out = []
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    for i in np.flatnonzero(missing):
        out.append(Problem("empty_geometry", name, label(i), "geometry is empty or missing"))
    types = shapely.get_type_id(geoms)
    allowed = [shapely.GeometryType[t.upper()].value for t in layer.accepts]
    wrong = ~missing & ~np.isin(types, allowed)
    for i in np.flatnonzero(wrong):
        out.append(Problem("wrong_geometry_type", name, label(i),
                           f"geometry is {geoms[i].geom_type}, expected {' or '.join(layer.accepts)}"))
    invalid = ~missing & ~shapely.is_valid(geoms)
    for i in np.flatnonzero(invalid):
        out.append(_located("invalid_geometry", name, label(i),
                            f"invalid geometry: {shapely.is_valid_reason(geoms[i])}", geoms[i]))
    return out


def _located(kind, layer, id_, reason, geom) -> Problem:
    p = geom.representative_point() if geom is not None and not geom.is_empty else None
    return Problem(kind, layer, id_, reason, None if p is None else p.x, None if p is None else p.y)


def _references(frames) -> list[Problem]:
    out = []
    for (name, col), target in REFERENCES.items():
        frame, target_frame = frames.get(name), frames.get(target)
        if frame is None or target_frame is None or col not in frame.columns:
            continue
        target_ids = _ids(target, target_frame)
        if target_ids is None:
            continue
        values = frame[col]
        given = values.notna() & (values.astype(str).str.strip() != "")
        dangling = given & ~values.isin(set(target_ids.dropna()))
        for i in np.flatnonzero(dangling.to_numpy()):
            out.append(Problem("dangling_reference", name, _row_id(name, frame, i),
                               f"{col} {values.iloc[i]!s} does not exist in {target}"))
    return out


def _row_id(name, frame, i):
    ids = _ids(name, frame)
    return f"row {i + 1}" if ids is None else _str(ids.iloc[i])


def _str(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


_VOCABULARIES = [
    ("organizations", "level", ORG_LEVELS),
    ("members", "kind", MEMBER_KINDS),
    ("members", "gender", GENDERS),
    ("stations", "status", STATION_STATUSES),
    ("partners", "category", PARTNER_CATEGORIES),
    ("partner_links", "target_type", PARTNER_TARGET_TYPES),
]


def _vocabularies(frames) -> list[Problem]:
    out = []
    for name, col, allowed in _VOCABULARIES:
        frame = frames.get(name)
        if frame is None or col not in frame.columns:
            continue
        bad = frame[col].notna() & ~frame[col].isin(allowed)
        for i in np.flatnonzero(bad.to_numpy()):
            out.append(Problem("bad_value", name, _row_id(name, frame, i),
                               f"{col} {frame[col].iloc[i]!r} is not one of {', '.join(allowed)}"))
    return out


def _area_exists(frames, area_type: pd.Series, area_id: pd.Series) -> np.ndarray:
    ok = np.zeros(len(area_type), dtype=bool)
    for kind, layer in AREA_LAYERS.items():
        frame = frames.get(layer)
        if frame is None:
            continue
        ids = set(_ids(layer, frame).dropna())
        ok |= ((area_type == kind) & area_id.isin(ids)).to_numpy()
    return ok


def _org_areas(frames) -> list[Problem]:
    orgs = frames.get("organizations")
    needed = {"level", "area_type", "area_id"}
    if orgs is None or not needed <= set(orgs.columns):
        return []
    out = []
    expected = orgs["level"].map(ORG_AREA_TYPES)
    mismatch = expected.notna() & (orgs["area_type"] != expected)
    for i in np.flatnonzero(mismatch.to_numpy()):
        out.append(Problem("bad_value", "organizations", _row_id("organizations", orgs, i),
                           f"a {orgs['level'].iloc[i]} must cover a {expected.iloc[i]},"
                           f" not a {orgs['area_type'].iloc[i]}"))
    checkable = orgs["area_type"].isin(list(AREA_LAYERS))
    missing = checkable & ~_area_exists(frames, orgs["area_type"], orgs["area_id"])
    for i in np.flatnonzero(missing.to_numpy()):
        out.append(Problem("dangling_reference", "organizations", _row_id("organizations", orgs, i),
                           f"its area {orgs['area_type'].iloc[i]} {orgs['area_id'].iloc[i]}"
                           " does not exist"))
    return out


def _partner_targets(frames) -> list[Problem]:
    links = frames.get("partner_links")
    if links is None or not {"target_type", "target_id"} <= set(links.columns):
        return []
    missing = links["target_type"].isin(PARTNER_TARGET_TYPES) & ~_area_exists(
        frames, links["target_type"], links["target_id"])
    return [Problem("dangling_reference", "partner_links", _row_id("partner_links", links, i),
                    f"target {links['target_type'].iloc[i]} {links['target_id'].iloc[i]}"
                    " does not exist")
            for i in np.flatnonzero(missing.to_numpy())]


def _members(frames) -> list[Problem]:
    from .idcard import problem as id_problem

    members = frames.get("members")
    if members is None or "id_number" not in members.columns:
        return []
    from .idcard import valid_mask

    values = members["id_number"].to_numpy()
    suspect = ~valid_mask(values) & members["id_number"].notna().to_numpy()
    out = []
    for i in np.flatnonzero(suspect):
        why = id_problem(values[i])
        if why:
            out.append(Problem("bad_id_number", "members", _row_id("members", members, i), why))
    return out


class ProblemList(list):
    """Problems as listed (capped per kind) with ``total``: how many there really are."""

    total: int = 0


def _capped(problems: list[Problem]) -> list[Problem]:
    """Keep the output readable on a broken city file: list the first MAX_LISTED per kind."""
    seen: dict[tuple[str, str], int] = {}
    out = ProblemList()
    out.total = len(problems)
    for p in problems:
        key = (p.kind, p.layer)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= MAX_LISTED:
            out.append(p)
    for (kind, layer), count in seen.items():
        if count > MAX_LISTED:
            out.append(Problem(kind, layer, None,
                               f"… and {count - MAX_LISTED} more {kind.replace('_', ' ')} problems"))
    return out
