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

from .schema import (AREA_LAYERS, CASE_SOURCES, CASE_STATES, GENDERS, ITEM_TARGET_TYPES, LAYERS,
                     MEMBER_KINDS, NEED_STATUSES, ORG_AREA_TYPES, ORG_LEVELS, PARTNER_CATEGORIES,
                     PARTNER_TARGET_TYPES, POINT_OPTIONAL_LAYERS, PROJECT_STATUSES, PROVIDER_TYPES,
                     REFERENCES, STATION_STATUSES)
from .messages import Message, register
from .value_checks import value_problems

# Reasons are worded when the check runs, in the current language (geo.messages);
# the problem's ``kind`` stays an English code that scripts can rely on.
register("validate.missing_column", "缺少字段 {column}", "column {column} is missing")
register("validate.missing_id", "第 {row} 行没有 {column}", "row {row} has no {column}")
register("validate.duplicate_id", "编号被 {n} 个要素使用", "id used by {n} features")
register("validate.unknown_crs", "图层没有可识别的坐标系（srs_id {srs_id}）",
         "layer has no known coordinate reference system (srs_id {srs_id})")
register("validate.empty_geometry", "图形为空或缺失", "geometry is empty or missing")
register("validate.wrong_geometry_type", "图形类型为 {found}，应为 {expected}", "geometry is {found}, expected {expected}")
register("validate.invalid_geometry", "图形无效：{why}", "invalid geometry: {why}")
register("validate.dangling", "{column} {value} 在 {target} 中不存在", "{column} {value} does not exist in {target}")
register("validate.not_in_vocabulary", "{column} 的值 {value} 不在 {allowed} 之中", "{column} {value} is not one of {allowed}")
register("validate.org_area_type", "{level} 应覆盖 {expected}，而不是 {found}", "a {level} must cover a {expected}, not a {found}")
register("validate.org_area_missing", "其区域 {area_type} {area_id} 不存在", "its area {area_type} {area_id} does not exist")
register("validate.target_missing", "包联对象 {target_type} {target_id} 不存在", "target {target_type} {target_id} does not exist")
register("validate.more", "另有 {n} 个 {kind} 问题未列出", "… and {n} more {kind} problems")


def _say(code: str, **params) -> str:
    return Message(code, **params).text()

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
    return [Problem("missing_column", name, None, _say("validate.missing_column", column=c.name))
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
        out.append(Problem("missing_id", name, None, _say("validate.missing_id", row=row + 1, column=ids.name)))
    dup = ids[ids.duplicated(keep=False) & ~blank]
    for value, count in dup.value_counts(sort=False).items():
        out.append(Problem("duplicate_id", name, str(value), _say("validate.duplicate_id", n=count)))
    return out


def _crs(name, frame, srs_id) -> list[Problem]:
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None or srs_id in (0, -1, None):
        return [Problem("unknown_crs", name, None,
                        _say("validate.unknown_crs", srs_id=srs_id))]
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
    # a list item (need, resource …) may be located nowhere in particular
    for i in np.flatnonzero(missing) if name not in POINT_OPTIONAL_LAYERS else ():
        out.append(Problem("empty_geometry", name, label(i), _say("validate.empty_geometry")))
    types = shapely.get_type_id(geoms)
    allowed = [shapely.GeometryType[t.upper()].value for t in layer.accepts]
    wrong = ~missing & ~np.isin(types, allowed)
    for i in np.flatnonzero(wrong):
        out.append(Problem("wrong_geometry_type", name, label(i),
                           _say("validate.wrong_geometry_type", found=geoms[i].geom_type,
                                expected=" / ".join(layer.accepts))))
    invalid = ~missing & ~shapely.is_valid(geoms)
    for i in np.flatnonzero(invalid):
        out.append(_located("invalid_geometry", name, label(i),
                            _say("validate.invalid_geometry", why=shapely.is_valid_reason(geoms[i])), geoms[i]))
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
                               _say("validate.dangling", column=col, value=values.iloc[i], target=target)))
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
    ("needs", "status", NEED_STATUSES), ("needs", "target_type", ITEM_TARGET_TYPES),
    ("resources", "provider_type", PROVIDER_TYPES), ("projects", "status", PROJECT_STATUSES),
    ("cases", "state", CASE_STATES), ("cases", "source", CASE_SOURCES),
    ("cases", "target_type", ITEM_TARGET_TYPES),
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
                               _say("validate.not_in_vocabulary", column=col, value=repr(frame[col].iloc[i]),
                                    allowed=", ".join(allowed))))
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
                           _say("validate.org_area_type", level=orgs["level"].iloc[i], expected=expected.iloc[i],
                                found=orgs["area_type"].iloc[i])))
    checkable = orgs["area_type"].isin(list(AREA_LAYERS))
    missing = checkable & ~_area_exists(frames, orgs["area_type"], orgs["area_id"])
    for i in np.flatnonzero(missing.to_numpy()):
        out.append(Problem("dangling_reference", "organizations", _row_id("organizations", orgs, i),
                           _say("validate.org_area_missing", area_type=orgs["area_type"].iloc[i],
                                area_id=orgs["area_id"].iloc[i])))
    return out


def _partner_targets(frames) -> list[Problem]:
    links = frames.get("partner_links")
    if links is None or not {"target_type", "target_id"} <= set(links.columns):
        return []
    missing = links["target_type"].isin(PARTNER_TARGET_TYPES) & ~_area_exists(
        frames, links["target_type"], links["target_id"])
    return [Problem("dangling_reference", "partner_links", _row_id("partner_links", links, i),
                    _say("validate.target_missing", target_type=links["target_type"].iloc[i],
                         target_id=links["target_id"].iloc[i]))
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
            out.append(Problem("bad_id_number", "members", _row_id("members", members, i), why.text()))
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
                               _say("validate.more", n=count - MAX_LISTED, kind=kind)))
    return out
