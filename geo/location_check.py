"""Is imported data where it should be? Catching a wrong coordinate system before writing.

Three mistakes land data in the wrong place without any error from GDAL:

* the coordinate system is wrong altogether (a ``.prj`` saying UTM over Web
  Mercator numbers): the data falls outside China — :func:`outside_china_share`;
* the file belongs elsewhere (another city, a zone offset): it lies far from the
  project's existing layers — :func:`distance_from_project_m`;
* the file is GCJ-02 (Gaode/Amap, Tencent) or BD-09 (Baidu) but was read as
  WGS84: it sits a few hundred metres off the project's existing features, in the
  direction the published offset formula predicts — :func:`offset_pattern`, which
  undoes each offset on a sample and sees whether the data then lines up.

:func:`location_findings` runs all three on lon/lat geometries (CGCS2000/WGS84)
and returns coded messages naming the likely cause and the flag that fixes it.
File and field names that hint at an offset system are caught by
:func:`offset_hint`.

Example
-------
>>> offset_hint("小区边界_gcj02.geojson")
'gcj02'
>>> offset_hint("buildings.shp") is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import shapely

from . import chinacrs
from .china_outline import in_china
from .messages import Message, register

#: Share of features outside China above which the whole file is suspect.
OUTSIDE_SHARE = 0.5
#: Beyond this distance from everything in the project, a file is "far away".
FAR_M = 30_000.0
#: An offset system is suggested when undoing it raises the share of features that
#: line up with the project by this much, to at least ``ALIGNED``.
ALIGNMENT_GAIN = 0.25
ALIGNED = 0.4
#: Features sampled for the offset test (the answer is the same for the whole file).
SAMPLE = 400
#: Fewer features than this say nothing about an offset.
MIN_FEATURES = 5

_HINTS = {
    "gcj02": re.compile(r"gcj|gaode|amap|高德|腾讯|tencent|火星", re.IGNORECASE),
    "bd09": re.compile(r"bd-?09|baidu|百度", re.IGNORECASE),
}

register("location.outside_china",
         "{share:.0%} 的要素不在中国境内：坐标系可能不对（例如 .prj 写的是 UTM，数据却是 Web 墨卡托）。"
         "请用 --crs 指定正确的坐标系（如 --crs EPSG:3857），确认无误时用 --accept-location",
         "{share:.0%} of the features lie outside China: the coordinate system is probably wrong (e.g. a .prj"
         " saying UTM over Web Mercator numbers). Give the right one with --crs (e.g. --crs EPSG:3857), or"
         " --accept-location if the data really is there")
register("location.far",
         "数据离项目现有图层 {km:.0f} 公里：是否用错了坐标系或项目？请用 --crs 指定坐标系，确认无误时用 --accept-location",
         "the data lies {km:.0f} km from the project's existing layers: wrong coordinate system or wrong"
         " project? Give the coordinate system with --crs, or --accept-location if it is right")
register("location.offset",
         "数据与项目现有要素偏移约 {metres:.0f} 米，与{system_name}偏移规律一致：请加 --crs {system}"
         "（确认无误时用 --accept-location）",
         "the data is offset from the project's features by about {metres:.0f} m, the pattern of"
         " {system_name}: add --crs {system} (or --accept-location if it is right)")
register("location.name_hint",
         "文件或字段名“{name}”提示这是{system_name}坐标：请用 --crs {system} 指定（或 --crs EPSG:4326 表示不是），"
         "确认无误时用 --accept-location",
         "the file or field name \"{name}\" suggests {system_name} coordinates: say so with --crs {system}"
         " (or --crs EPSG:4326 if not), or --accept-location if it is right")

register("system.gcj02", "高德/腾讯（GCJ-02）", "GCJ-02 (Gaode/Amap, Tencent)")
register("system.bd09", "百度（BD-09）", "BD-09 (Baidu)")


@dataclass(frozen=True)
class Finding:
    """One reason to refuse an import; ``system`` is the suggested --crs when known."""

    code: str
    message: Message
    system: str | None = None


def offset_hint(*names) -> str | None:
    """'gcj02' / 'bd09' when a file or field name hints at an offset system, else None."""
    for name in names:
        for system, pattern in _HINTS.items():
            if name and pattern.search(str(name)):
                return system
    return None


def name_hint_finding(names) -> Finding | None:
    for name in names:
        system = offset_hint(name)
        if system:
            return Finding("location.name_hint", Message("location.name_hint", name=str(name), system=system,
                                                         system_name=Message(f"system.{system}")), system)
    return None


def outside_china_share(geoms) -> float:
    """Share of geometries (lon/lat) whose representative point is outside China."""
    points = _points(geoms)
    if not len(points):
        return 0.0
    return float(1.0 - in_china(shapely.get_x(points), shapely.get_y(points)).mean())


def distance_from_project_m(geoms, reference) -> float:
    """Metres from the imported data's extent to the reference geometries' extent (0 if they meet)."""
    if not len(geoms) or not len(reference):
        return 0.0
    a = shapely.total_bounds(np.asarray(geoms, dtype=object))
    b = shapely.total_bounds(np.asarray(reference, dtype=object))
    dx = max(b[0] - a[2], a[0] - b[2], 0.0)
    dy = max(b[1] - a[3], a[1] - b[3], 0.0)
    lat = np.radians((a[1] + a[3] + b[1] + b[3]) / 4)
    return float(np.hypot(dx * np.cos(lat), dy) * 111_320.0)


def offset_pattern(geoms, reference, seed: int = 0) -> tuple[str | None, float, float]:
    """(system, share aligned as read, share aligned after undoing it): is this GCJ-02/BD-09 data?

    Alignment is how often the two sets contain each other's representative
    points (a building inside a compound, a compound around buildings, the same
    building twice). Data read in the right system lines up; data still carrying
    the offset lines up only by chance. ``system`` is None when neither offset
    clearly improves the alignment. Pass fine-grained reference features
    (buildings, compounds): a community contains everything either way.
    """
    geoms = _present(geoms)
    reference = _present(reference)
    if not len(geoms) or not len(reference):
        return None, 0.0, 0.0
    rng = np.random.default_rng(seed)
    if len(geoms) > SAMPLE:
        geoms = geoms[rng.choice(len(geoms), SAMPLE, replace=False)]
    if len(geoms) < MIN_FEATURES:
        return None, 0.0, 0.0  # a handful of features line up with anything by chance
    raw = _alignment(geoms, reference)
    best, best_score = None, raw
    for system, undo in (("gcj02", chinacrs.gcj02_to_wgs84), ("bd09", chinacrs.bd09_to_wgs84)):
        moved = shapely.transform(geoms, lambda xy, f=undo: np.column_stack(f(xy[:, 0], xy[:, 1])))
        score = _alignment(moved, reference)
        if score > best_score:
            best, best_score = system, score
    if best is None or best_score - raw < ALIGNMENT_GAIN or best_score < ALIGNED:
        return None, raw, raw
    return best, raw, best_score


def location_findings(geoms, reference=(), names=()) -> list[Finding]:
    """Every reason to doubt where lon/lat ``geoms`` lie, against the project's ``reference``.

    ``names``: the file name and field names, checked for offset-system hints.
    """
    findings = []
    share = outside_china_share(geoms)
    if share > OUTSIDE_SHARE:
        findings.append(Finding("location.outside_china", Message("location.outside_china", share=share)))
        return findings  # the other tests assume the data is at least in China
    far = distance_from_project_m(geoms, reference)
    if far > FAR_M:
        findings.append(Finding("location.far", Message("location.far", km=far / 1000)))
        return findings
    system, raw, fixed = offset_pattern(geoms, reference)
    if system:
        findings.append(Finding("location.offset", Message("location.offset", metres=_offset_m(geoms, system),
                                                           system=system, system_name=Message(f"system.{system}")),
                                system))
    hint = name_hint_finding(names)
    if hint and not any(f.system for f in findings):
        findings.append(hint)
    return findings


def _present(geoms) -> np.ndarray:
    geoms = np.asarray(geoms, dtype=object)
    return geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]


def _points(geoms) -> np.ndarray:
    return shapely.point_on_surface(_present(geoms))


def _alignment(geoms, reference) -> float:
    """How much better than chance the two sets contain each other's representative points.

    For each direction: the share of one set's points inside the other's polygons,
    minus the share of the area (around those points) the polygons cover — what
    points scattered at random would score. Big boxes next to the project cover
    buildings by chance; real compounds hold nearly all of their buildings.
    """
    scores = []
    for inner, outer in ((geoms, reference), (reference, geoms)):
        areas = outer[shapely.area(outer) > 0]
        if not len(areas):
            continue
        points = shapely.point_on_surface(inner)
        box = shapely.box(*shapely.total_bounds(geoms))
        points = points[shapely.intersects(box, points)]
        if not len(points):
            continue
        hits = shapely.STRtree(areas).query(points, predicate="within")[0]
        observed = len(np.unique(hits)) / len(points)
        window = shapely.box(*shapely.total_bounds(points)).buffer(50 / 111_320)
        covered = shapely.area(shapely.intersection(shapely.union_all(areas[shapely.intersects(areas, window)]),
                                                    window))
        expected = covered / max(shapely.area(window), 1e-18)
        scores.append(observed - expected)
    return max(scores) if scores else 0.0


def _offset_m(geoms, system) -> float:
    """Median size of the offset at the data's points (metres)."""
    points = _points(geoms)
    x, y = shapely.get_x(points), shapely.get_y(points)
    undo = chinacrs.gcj02_to_wgs84 if system == "gcj02" else chinacrs.bd09_to_wgs84
    lon, lat = undo(x, y)
    dx = (x - lon) * np.cos(np.radians(y)) * 111_320.0
    dy = (y - lat) * 111_320.0
    return float(np.median(np.hypot(dx, dy)))
