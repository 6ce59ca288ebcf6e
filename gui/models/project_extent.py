"""Map extents to zoom to: one feature, or everything selected (Qt-free).

Bounds are in the project CRS, as ``MapCanvas.zoom_to_bounds`` takes them.
A building or a point is tiny at street scale, so a box is widened to a
minimum span (about 150 m) and padded by a margin, leaving context around it.
"""
from __future__ import annotations

import numpy as np

MIN_SPAN_M = 150.0
MARGIN = 0.15
_DEGREE_M = 111_000.0  # metres per degree of latitude, near enough for padding


def _pad(bounds, geographic: bool):
    minx, miny, maxx, maxy = bounds
    min_span = MIN_SPAN_M / _DEGREE_M if geographic else MIN_SPAN_M
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w = max(maxx - minx, min_span) * (0.5 + MARGIN)
    half_h = max(maxy - miny, min_span) * (0.5 + MARGIN)
    return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)


def _geographic(project) -> bool:
    crs = project.crs
    return bool(crs is not None and crs.is_geographic)


def feature_bounds(project, layer: str, id_):
    frame = project[layer]
    if "geometry" not in frame.columns or id_ not in frame.index:
        return None
    geom = frame.geometry.loc[id_]
    if geom is None or geom.is_empty:
        return None
    return _pad(geom.bounds, _geographic(project))


def selection_bounds(project, selection):
    boxes = []
    for layer in selection.layers():
        frame = project[layer]
        if "geometry" not in frame.columns:
            continue
        ids = [i for i in selection.ids(layer) if i in frame.index]
        geoms = frame.geometry.loc[ids]
        geoms = geoms[geoms.notna() & ~geoms.is_empty]
        if len(geoms):
            boxes.append(geoms.total_bounds)
    if not boxes:
        return None
    boxes = np.array(boxes)
    total = (boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max())
    return _pad(total, _geographic(project))
