"""The standard layers of a GridAtlas map export, built from plain GeoDataFrames.

Each layer shows a fixed, explicit list of columns (those present in the
frame), labelled in Chinese; figure columns the statistics add to a frame
(``households``, ``buildings``, ``members`` ...) are shown when present.
"""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from geo.export.headers_zh import HEADERS_ZH
from geo.export.html_map import LayerStyle, MapLayer

#: Popup columns per layer, in display order; missing ones are skipped.
LAYER_FIELDS: dict[str, Sequence[str]] = {
    "communities": ("community_id", "name", "street", "grids", "households", "members"),
    "grids": ("grid_id", "name", "community_id", "households", "residents", "buildings",
              "members", "central_households", "stations"),
    "buildings": ("building_id", "name", "grid_id", "compound_id", "floors", "units",
                  "households", "residents", "address"),
    "stations": ("station_id", "name", "level", "status", "service_radius_m"),
    "coverage": ("name", "service_radius_m"),
}

FIGURE_LABELS = {"grids": "网格数", "buildings": "楼栋数", "members": "党员数",
                 "central_households": "党员中心户数", "stations": "服务站数"}

LAYER_TITLES = {"communities": "社区", "grids": "网格", "buildings": "楼栋",
                "stations": "党群服务站", "coverage": "服务覆盖范围"}

LAYER_STYLES = {
    "communities": LayerStyle(color="#7b3294", fill_opacity=0.0, weight=3),
    "grids": LayerStyle(color="#2166ac", fill_opacity=0.15, weight=2),
    "buildings": LayerStyle(color="#8c510a", fill_color="#dfc27d", fill_opacity=0.7, weight=1),
    "stations": LayerStyle(color="#b2182b", fill_opacity=0.9, radius=7, weight=2),
    "coverage": LayerStyle(color="#d6604d", fill_opacity=0.08, weight=1, dash_array="4 4"),
}


def coverage_circles(stations, radius_column: str = "service_radius_m"):
    """Buffer each station by its service radius (metres), in a local metric CRS.

    Parameters
    ----------
    stations : geopandas.GeoDataFrame
        Points with a CRS and a radius column.

    Returns
    -------
    geopandas.GeoDataFrame
        One circle per station with a positive radius, in ``stations.crs``.
    """
    radius = pd.to_numeric(stations[radius_column], errors="coerce")
    usable = stations[radius.fillna(0) > 0]
    if usable.empty:
        return usable.copy()
    metric = usable.to_crs(usable.estimate_utm_crs())
    circles = metric.copy()
    circles["geometry"] = metric.geometry.buffer(metric[radius_column].astype(float),
                                                 resolution=32)
    return circles.set_geometry("geometry").to_crs(stations.crs)


def standard_layer(kind: str, frame, *, show: bool = True) -> MapLayer:
    """Build the :class:`MapLayer` of one standard kind (``"grids"`` ...)."""
    columns = [c for c in LAYER_FIELDS[kind] if c in frame.columns]
    labels = {**HEADERS_ZH, **FIGURE_LABELS}
    tooltip = "name" if "name" in frame.columns else None
    return MapLayer(LAYER_TITLES[kind], frame, {c: labels.get(c, c) for c in columns},
                    tooltip=tooltip, style=LAYER_STYLES[kind], show=show)


def default_layers(*, communities=None, grids=None, buildings=None, stations=None,
                   coverage=None) -> list[MapLayer]:
    """The usual map: communities, grids, buildings, coverage, stations (bottom to top).

    ``coverage`` defaults to :func:`coverage_circles` of ``stations``;
    pass ``False`` to leave it out. ``None`` frames are skipped.
    """
    if coverage is None and stations is not None and "service_radius_m" in stations:
        coverage = coverage_circles(stations)
    frames = [("communities", communities), ("grids", grids), ("buildings", buildings),
              ("coverage", coverage if coverage is not False else None),
              ("stations", stations)]
    return [standard_layer(kind, frame) for kind, frame in frames
            if frame is not None and len(frame)]
