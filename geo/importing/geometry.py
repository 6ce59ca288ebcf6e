"""Geometry checks for imported features: repair, type, plausibility, snapping.

Every function returns per-row reasons or warnings instead of dropping rows,
so the caller can put them in the report.

Examples
--------
>>> import shapely
>>> bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
>>> fixed, note = repair_polygon(bowtie)
>>> fixed.geom_type, note
('MultiPolygon', 'repaired: self-intersecting polygon fixed with make_valid')
"""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from .. import chinacrs
from ..messages import Message, register
from .reasons import reason

reason("import.reject.invalid_polygon", "invalid polygon", "无效多边形：修复后没有剩下面状部分",
       "invalid polygon: nothing polygonal left after make_valid")
reason("import.reject.no_geometry", "no geometry", "缺少图形：该要素没有图形（或无法读取）",
       "no geometry: the feature has no geometry (or it could not be read)")
reason("import.reject.empty_geometry", "empty geometry", "图形为空：该要素的图形是空的",
       "empty geometry: the feature's geometry is empty")
reason("import.reject.wrong_geometry_type", "wrong geometry type", "图形类型不符：{found}，本图层需要 {accepts}",
       "wrong geometry type: {found}, layer needs {accepts}")
register("import.note.repaired", "已修复：自相交多边形已用 make_valid 修正",
         "repaired: self-intersecting polygon fixed with make_valid")

#: Mainland China plus Hainan and the near seas, generously.
CHINA_BOUNDS = (73.0, 17.5, 135.5, 54.0)
_EARTH_M_PER_DEG = 111_320.0


def polygonal_part(geom):
    """The Polygon/MultiPolygon part of a geometry (make_valid can return collections)."""
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    parts = [p for g in polys for p in getattr(g, "geoms", [g])]
    return MultiPolygon(parts) if len(parts) > 1 else (parts[0] if parts else None)


def repair_polygon(geom):
    """Return ``(polygon or None, note)``; note is '' when nothing was done.

    Invalid polygons go through :func:`shapely.make_valid` and keep only the
    polygonal part; if none is left the feature is unusable.
    """
    if geom.is_valid:
        return geom, ""
    fixed = polygonal_part(shapely.make_valid(geom))
    if fixed is None or fixed.is_empty:
        return None, Message("import.reject.invalid_polygon")
    return fixed, Message("import.note.repaired")


def check_geometry(geom, accepts: tuple[str, ...]):
    """Return ``(geometry or None, reason or None, note)`` for one feature.

    ``reason`` rejects the row (null, empty, wrong type, unrepairable);
    ``note`` is a warning for a row that is kept (repaired).
    """
    if geom is None:
        return None, Message("import.reject.no_geometry"), ""
    if geom.is_empty:
        return None, Message("import.reject.empty_geometry"), ""
    if "Polygon" in accepts:
        geom = polygonal_part(geom) or geom
    if geom.geom_type not in accepts:
        return None, Message("import.reject.wrong_geometry_type", found=geom.geom_type,
                             accepts="/".join(accepts)), ""
    if "Polygon" in accepts:
        fixed, note = repair_polygon(geom)
        return fixed, (note if fixed is None else None), (note if fixed is not None else "")
    return geom, None, ""


def looks_geographic(bounds) -> bool:
    """True when (minx, miny, maxx, maxy) fit in degrees."""
    minx, miny, maxx, maxy = bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def outside_china(geoms) -> np.ndarray:
    """Mask of geometries (lon/lat degrees) whose representative point is outside China."""
    pts = shapely.point_on_surface(np.asarray(geoms, dtype=object))
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    west, south, east, north = CHINA_BOUNDS
    return ~((x >= west) & (x <= east) & (y >= south) & (y <= north))


def distance_to_extent_m(geoms, extent) -> np.ndarray:
    """Approximate metres from each geometry (degrees) to a (minx, miny, maxx, maxy) box."""
    pts = shapely.point_on_surface(np.asarray(geoms, dtype=object))
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    minx, miny, maxx, maxy = extent
    dx = np.maximum(np.maximum(minx - x, x - maxx), 0) * np.cos(np.radians(y))
    dy = np.maximum(np.maximum(miny - y, y - maxy), 0)
    return np.hypot(dx, dy) * _EARTH_M_PER_DEG


def undo_offset(gdf, system: str):
    """GCJ-02/BD-09 lon/lat → EPSG:4490 (see :mod:`geo.chinacrs`)."""
    return chinacrs.to_cgcs2000(gdf, system)
