"""``check``: what a project built from a street's own files is still missing.

Structure and values can all be right and the project still be unusable for
figures: a compound that belongs to no community, a building 1,300 km from the
rest (a wrong coordinate system on one file), buildings with no households or
units (every per-grid figure rests on them), a station without status or radius
(coverage cannot be drawn). Each finding names layer, id and what is missing.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .messages import Message, register

#: A feature this far from its layer's nearest other feature, and much farther than
#: the layer's usual spacing, lies somewhere else (kilometres).
FAR_KM = 20.0
#: ... and at least this many times the layer's median spacing.
FAR_FACTOR = 20.0

register("complete.no_community", "不属于任何社区（{column} 为空）", "belongs to no community ({column} is blank)")
register("complete.far_from_layer", "离同图层最近的要素 {km:.0f} 公里，远离其余要素：坐标系可能不对",
         "{km:.0f} km from the nearest feature of its layer, far from the rest: wrong coordinate system?")
register("complete.no_households", "没有户数（所有按户的指标都依赖它）",
         "has no households (every per-household figure rests on it)")
register("complete.no_units", "没有单元数", "has no number of units")
register("complete.station_incomplete", "缺少{what}", "lacks {what}")
register("complete.station_status", "状态（已建成/规划中）", "a status (built/planned)")
register("complete.station_radius", "服务半径", "a service radius")

COMMUNITY_LINKED = ("compounds", "grids", "stations")


def completeness_problems(frames, problem_type) -> list:
    """Findings of this module as ``problem_type(kind, layer, id, reason)`` rows (``geo.validate.Problem``)."""
    out = []
    for layer in COMMUNITY_LINKED:
        frame = frames.get(layer)
        if frame is None or "community_id" not in frame.columns or not len(frame):
            continue
        blank = _blank(frame["community_id"])
        out += [problem_type("no_community", layer, str(i), Message("complete.no_community", column="community_id").text())
                for i in _ids(frame, layer)[blank]]
    for layer in ("communities", "grids", "compounds", "buildings", "stations"):
        out += _far(frames.get(layer), layer, problem_type)
    b = frames.get("buildings")
    if b is not None and len(b):
        for column, code in (("households", "complete.no_households"), ("units", "complete.no_units")):
            if column in b.columns:
                missing = pd.to_numeric(b[column], errors="coerce").fillna(0).to_numpy() <= 0
                out += [problem_type("missing_" + column, "buildings", str(i), Message(code).text())
                        for i in _ids(b, "buildings")[missing]]
    s = frames.get("stations")
    if s is not None and len(s):
        no_status = _blank(s["status"]) if "status" in s.columns else np.ones(len(s), bool)
        radius = pd.to_numeric(s["service_radius_m"], errors="coerce") if "service_radius_m" in s.columns else None
        no_radius = np.ones(len(s), bool) if radius is None else ~(radius.fillna(0).to_numpy() > 0)
        for i, a, r in zip(_ids(s, "stations"), no_status, no_radius):
            what = [Message("complete.station_status")] * int(a) + [Message("complete.station_radius")] * int(r)
            if what:
                out.append(problem_type("station_incomplete", "stations", str(i),
                                        Message("complete.station_incomplete", what=what).text()))
    return out


def _far(frame, layer, problem_type) -> list:
    """Features whose nearest neighbour in the layer is very far away (lon/lat or metres)."""
    if frame is None or len(frame) < 3 or frame.crs is None:
        return []
    geoms = frame.geometry.values
    valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if valid.sum() < 3:
        return []
    points = shapely.point_on_surface(geoms[valid])
    tree = shapely.STRtree(points)
    _, nearest = tree.query_nearest(points, exclusive=True, all_matches=False)
    d = shapely.distance(points, points[nearest])
    if frame.crs.is_geographic:
        d = d * 111.32  # km per degree, near enough for "very far"
    else:
        d = d / 1000.0
    typical = float(np.median(d))
    far = (d > FAR_KM) & (d > FAR_FACTOR * max(typical, 1e-6))
    ids = _ids(frame, layer)[valid]
    return [problem_type("far_from_layer", layer, str(i), Message("complete.far_from_layer", km=float(km)).text())
            for i, km in zip(ids[far], d[far])]


def _blank(values) -> np.ndarray:
    text = values.astype(object)
    return (text.isna() | (text.astype(str).str.strip() == "")).to_numpy()


def _ids(frame, layer) -> np.ndarray:
    from .schema import LAYERS

    column = LAYERS[layer].id_column
    return (frame[column] if column in frame.columns else pd.Series(frame.index)).to_numpy(dtype=object)
