"""The standard layers of a GridAtlas map export, built from plain GeoDataFrames.

Each layer shows a fixed, explicit list of columns (those present in the
frame), labelled and worded in the chosen language (:mod:`geo.export.vocabulary`:
是/否, 已建成, 社区, 76 % rather than True, built, community, 0.76); figure
columns the statistics add to a frame (``households``, ``buildings``,
``members`` ...) are shown when present. Grids carry their name as a label and
are filled as on the desktop: Paul Tol's light palette, touching grids in
different colours (:func:`geo.colouring.colour_map`).
"""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from geo.colouring import TOL_LIGHT, colour_map
from geo.export.html_map import LayerStyle, MapLayer
from geo.export.vocabulary import column_label, is_share, percent_text, value_label, word

#: Popup columns per layer, in display order; missing ones are skipped.
LAYER_FIELDS: dict[str, Sequence[str]] = {
    "communities": ("community_id", "name", "street", "grids", "households", "members"),
    "grids": ("grid_id", "name", "community_id", "households", "residents", "buildings",
              "members", "central_households", "stations"),
    "buildings": ("building_id", "name", "grid_id", "compound_id", "floors", "units",
                  "households", "households_source", "residents", "address"),
    "stations": ("station_id", "name", "level", "status", "service_radius_m"),
    "coverage": ("name", "service_radius_m"),
}

#: Stored vocabulary columns and the catalogue domain that words them.
VALUE_DOMAINS = {"status": "status", "level": "level", "area_type": "area_type",
                 "category": "category", "band": "band", "households_source": "households_source"}
#: The desktop's tolerance (metres) for grids that count as touching.
ADJACENCY_TOLERANCE_M = 0.5

LAYER_STYLES = {
    "communities": LayerStyle(color="#7b3294", fill_opacity=0.0, weight=3),
    "grids": LayerStyle(color="#2166ac", fill_opacity=0.45, weight=2),
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


def layer_title(kind: str, lang: str = "zh") -> str:
    """The name of a standard layer in the layer control and legend."""
    return word(f"value.layer.{kind}", lang)


def worded_frame(frame, lang: str = "zh"):
    """A copy of ``frame`` whose vocabulary, yes/no and share columns read as words.

    Examples
    --------
    >>> import pandas as pd
    >>> worded_frame(pd.DataFrame({"status": ["built"], "has_branch": [True],
    ...                            "unit_head_share": [0.76]}), "zh").iloc[0].tolist()
    ['已建成', '是', '76 %']
    """
    out = frame.copy()
    geometry = getattr(frame, "_geometry_column_name", None)
    for column in out.columns:
        if column == geometry:
            continue
        series = out[column]
        if column in VALUE_DOMAINS:
            out[column] = series.map(lambda v, d=VALUE_DOMAINS[column]: value_label(d, v, lang))
        elif series.dtype.kind == "b" or column.startswith("has_") or column == "in_band":
            out[column] = series.map(lambda v: value_label("bool", v, lang) if v == v and v is not None else "")
        elif is_share(column):
            out[column] = series.map(percent_text)
    return out


def grid_fills(grids) -> list[str]:
    """The desktop's grid colours: touching grids (within half a metre) never share one."""
    if not len(grids):
        return []
    metric = grids.to_crs(grids.estimate_utm_crs()) if grids.crs.is_geographic else grids
    index = colour_map(metric.geometry.to_numpy(), len(TOL_LIGHT), ADJACENCY_TOLERANCE_M)
    return [TOL_LIGHT[i] for i in index]


def households_note(frame):
    """The note "N 栋楼户数为估算，M 栋缺户数" of a buildings frame (one with ``building_id`` and
    ``households``), so that every household figure on the map says what it rests on; else None."""
    from geo.households_source import counts, note

    if not {"building_id", "households"} <= set(frame.columns):
        return None
    return note(*counts(frame))


def standard_layer(kind: str, frame, *, show: bool = True, lang: str = "zh") -> MapLayer:
    """Build the :class:`MapLayer` of one standard kind (``"grids"`` ...) in ``lang``."""
    columns = [c for c in LAYER_FIELDS[kind] if c in frame.columns]
    tooltip = "name" if "name" in frame.columns else None
    fields = {c: column_label(c, lang, "map") for c in columns}
    shown = worded_frame(frame, lang)
    extra = {}
    if kind == "grids":
        shown = shown.assign(_fill=grid_fills(frame))
        extra = {"label": tooltip, "fill": "_fill"}
    # from the stored codes: the shown frame says 估算, not "estimate"
    return MapLayer(layer_title(kind, lang), shown, fields, tooltip=tooltip, style=LAYER_STYLES[kind],
                    show=show, fit=kind in ("communities", "grids"), note=households_note(frame), **extra)


def default_layers(*, communities=None, grids=None, buildings=None, stations=None,
                   coverage=None, lang: str = "zh") -> list[MapLayer]:
    """The usual map: communities, grids, buildings, coverage, stations (bottom to top).

    ``coverage`` defaults to :func:`coverage_circles` of ``stations``;
    pass ``False`` to leave it out. ``None`` frames are skipped.
    """
    if coverage is None and stations is not None and "service_radius_m" in stations:
        coverage = coverage_circles(stations)
    frames = [("communities", communities), ("grids", grids), ("buildings", buildings),
              ("coverage", coverage if coverage is not False else None),
              ("stations", stations)]
    return [standard_layer(kind, frame, lang=lang) for kind, frame in frames
            if frame is not None and len(frame)]
