"""Interactive HTML map export: one self-contained, offline file built with folium.

Safety rules this module enforces (see the "Presenting in meetings" issue):

- **Only the columns shown are exported.** Each :class:`MapLayer` names its
  popup columns; a feature's properties in the file are just the finished
  popup and tooltip strings, so hidden phones or IDs cannot ride along
  (``folium.GeoJson(gdf)`` would embed every column).
- **All text is HTML-escaped here**, in Python, before it reaches folium or
  Leaflet (both insert popup/tooltip/legend strings as HTML). The JSON that
  carries it is written by jinja's ``tojson``, which also escapes ``<``, so
  ``</script>`` in a name cannot end the script element.
- **Personal columns are masked** per :class:`geo.masking.MaskPolicy`
  (default masked) and the policy's notice is shown in the legend.
- **Offline:** no tiles unless the caller passes a :class:`TileSource`;
  jQuery/Bootstrap/Font Awesome are not used (circle markers and a
  self-written legend instead) and Leaflet is inlined by
  :mod:`geo.export.offline_assets`, which also verifies the result.

``window.GridAtlasMap = {map, layers}`` is set in the page so tests (and a
later embedded view) can reach the Leaflet objects by layer title.

What a reader sees: the page's ``<title>``, a metric scale bar only, layers
that may carry a permanent label per feature (grid names) and a fill colour
per feature (grids coloured as on the desktop), and a view that opens fitted
to the layers marked ``fit`` (the street's communities and grids).
"""
from __future__ import annotations

import html
import json
import math
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from geo.export.offline_assets import assert_offline, inline_assets
from geo.masking import MASKED, MaskPolicy

if TYPE_CHECKING:
    from geo.messages import Message

#: Coordinates are rounded to this many decimals (~0.1 m) to keep files small.
COORD_DECIMALS = 6
MAP_CRS = "EPSG:4326"  # Leaflet's lat/lon; CGCS2000 differs by < 1 m.

_ON_EACH_FEATURE = """function(feature, layer) {
    var p = feature.properties || {};
    // Both strings were HTML-escaped in Python; Leaflet inserts them as HTML.
    if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 360}); }
    // A permanent label (grid names) takes the place of the hover tooltip.
    if (p.label) {
        layer.bindTooltip(p.label, {permanent: true, direction: "center", className: "ga-label"});
    } else if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }
}"""


@dataclass(frozen=True)
class LayerStyle:
    """How one layer is drawn (Leaflet path options; ``radius`` in pixels for points)."""

    color: str = "#3366cc"
    fill_color: str | None = None
    fill_opacity: float = 0.2
    weight: float = 1.5
    radius: float = 6.0
    dash_array: str | None = None

    def leaflet(self) -> dict:
        # fill=True: CircleMarker defaults to no fill, polygons to fill.
        style = {"fill": True, "color": self.color, "fillColor": self.fill_color or self.color,
                 "fillOpacity": self.fill_opacity, "weight": self.weight}
        if self.dash_array:
            style["dashArray"] = self.dash_array
        return style


@dataclass(frozen=True)
class MapLayer:
    """One toggleable layer of the exported map.

    Parameters
    ----------
    title : str
        Name in the layer control and legend (escaped).
    frame : geopandas.GeoDataFrame
        Features; must have a CRS.
    fields : mapping of str to str
        Popup columns in order -> their label. Nothing else is exported.
    tooltip : str, optional
        Column shown on hover.
    style : LayerStyle
    personal : mapping of str to str
        Column -> masker kind (``"name"``, ``"phone"``, ``"id_number"``) for
        columns holding personal data; masked unless the policy is full.
    show : bool
        Visible when the map opens.
    label : str, optional
        Column shown as a permanent label on each feature (escaped).
    fill : str, optional
        Column holding each feature's fill colour (``#RRGGBB``).
    fit : bool
        The map opens fitted to the layers with ``fit`` (all layers when none has it).
    note : geo.messages.Message, optional
        What the layer's figures rest on ("2 栋楼户数为估算，1 栋缺户数"), said under the
        legend in the map's language.
    """

    title: str
    frame: object
    fields: Mapping[str, str]
    tooltip: str | None = None
    style: LayerStyle = field(default_factory=LayerStyle)
    personal: Mapping[str, str] = field(default_factory=dict)
    show: bool = True
    label: str | None = None
    fill: str | None = None
    fit: bool = False
    note: Message | None = None


@dataclass(frozen=True)
class TileSource:
    """An optional basemap, e.g. Tianditu with the user's key (loads from the network)."""

    url: str
    attribution: str = ""
    name: str = "底图"
    subdomains: str = "abc"
    max_zoom: int = 18


def format_value(value) -> str:
    """Return ``value`` as display text (not yet escaped); missing -> ""."""
    if value is None or (not isinstance(value, (str, bytes, list, tuple, dict))
                         and pd.isna(value)):
        return ""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        if float(value).is_integer():
            return str(int(value))
        return f"{float(value):.2f}".rstrip("0").rstrip(".")
    return str(value)


def escape_text(value) -> str:
    """Format and HTML-escape one value (quotes too).

    Examples
    --------
    >>> escape_text("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    """
    return html.escape(format_value(value), quote=True)


def popup_html(title: str, values: Sequence[tuple[str, object]]) -> str:
    """Build one popup: a heading and a label/value table, every text escaped."""
    rows = "".join(f"<tr><th>{escape_text(label)}</th><td>{escape_text(value)}</td></tr>"
                   for label, value in values)
    return f'<div class="ga-popup"><b>{escape_text(title)}</b><table>{rows}</table></div>'


def _lonlat_geometries(frame):
    if frame.crs is None:
        raise ValueError("layer has no CRS; set one before exporting a map")
    geoms = frame.geometry.to_crs(MAP_CRS).values
    return shapely.transform(np.asarray(geoms), lambda xy: np.round(xy, COORD_DECIMALS))


def layer_features(layer: MapLayer, policy: MaskPolicy = MASKED) -> dict:
    """Return the layer as a GeoJSON FeatureCollection holding only popup/tooltip text.

    Parameters
    ----------
    layer : MapLayer
    policy : MaskPolicy
        Masks ``layer.personal`` columns unless full.

    Returns
    -------
    dict
        Features with ``properties = {"popup": ..., "tooltip": ...}``
        (already escaped); features without geometry are left out.
    """
    shown = [c for c in layer.fields if c in layer.frame.columns]
    extra = [c for c in (layer.tooltip, layer.label, layer.fill) if c in layer.frame.columns]
    wanted = shown + extra
    table = policy.apply(layer.frame[list(dict.fromkeys(wanted))],
                         {c: k for c, k in layer.personal.items() if c in wanted})
    features = []
    for i, (geom, row) in enumerate(zip(_lonlat_geometries(layer.frame),
                                        table.itertuples(index=False))):
        if geom is None or geom.is_empty:
            continue
        values = dict(zip(table.columns, row))
        props = {"popup": popup_html(layer.title, [(layer.fields[c], values[c]) for c in shown])}
        if layer.tooltip in values:
            props["tooltip"] = escape_text(values[layer.tooltip])
        if layer.label in values and format_value(values[layer.label]):
            props["label"] = escape_text(values[layer.label])
        if layer.fill in values and _is_colour(values[layer.fill]):
            props["fill"] = values[layer.fill]
        features.append({"type": "Feature", "id": i, "properties": props,
                         "geometry": mapping(geom)})
    return {"type": "FeatureCollection", "features": features}


def _is_colour(value) -> bool:
    # only "#RRGGBB" reaches the style: a colour column is not a way into the page
    return isinstance(value, str) and len(value) == 7 and value.startswith("#") and all(
        ch in "0123456789abcdefABCDEF" for ch in value[1:])


def _bounds(layers: Sequence[MapLayer]):
    layers = [layer for layer in layers if layer.fit] or list(layers)
    boxes = [layer.frame.to_crs(MAP_CRS).total_bounds for layer in layers
             if len(layer.frame) and layer.frame.crs is not None]
    boxes = [b for b in boxes if np.all(np.isfinite(b))]
    if not boxes:
        return None
    b = np.array(boxes)
    return [[b[:, 1].min(), b[:, 0].min()], [b[:, 3].max(), b[:, 2].max()]]


def _add_layer(fmap, layer: MapLayer, policy: MaskPolicy):
    import folium

    group = folium.FeatureGroup(name=html.escape(layer.title), show=layer.show)
    data = layer_features(layer, policy)
    style = layer.style.leaflet()
    points = bool(data["features"]) and all(
        f["geometry"]["type"] == "Point" for f in data["features"])
    marker = folium.CircleMarker(radius=layer.style.radius) if points else None
    def style_of(feature):
        fill = feature["properties"].get("fill")
        return {**style, "fillColor": fill} if fill else style

    geojson = folium.GeoJson(data, style_function=style_of, marker=marker,
                             on_each_feature=folium.JsCode(_ON_EACH_FEATURE))
    geojson.add_to(group)
    group.add_to(fmap)
    return geojson


def _add_tiles(fmap, tiles: Sequence[TileSource]) -> None:
    import folium

    for tile in tiles:
        folium.TileLayer(tiles=tile.url, attr=html.escape(tile.attribution) or " ",
                         name=html.escape(tile.name), subdomains=tile.subdomains,
                         max_zoom=tile.max_zoom, overlay=False).add_to(fmap)


def build_map(layers: Sequence[MapLayer], *, title: str | None = None,
              tiles: Sequence[TileSource] = (), policy: MaskPolicy = MASKED, lang: str = "zh"):
    """Build a folium map with one toggleable layer per :class:`MapLayer`.

    Parameters
    ----------
    layers : sequence of MapLayer
        Drawn in order (first at the bottom).
    title : str, optional
        Heading of the legend and the page's ``<title>``.
    tiles : sequence of TileSource
        Basemaps; none by default, so nothing is loaded from the network.
    policy : MaskPolicy
        Masking of personal columns; its notice goes in the legend.
    lang : str
        ``zh`` or ``en``: the legend's own notes (layers come worded).

    Returns
    -------
    folium.Map
        Render it with :func:`render_html` (plain ``save`` would link CDNs).
    """
    import folium

    from geo.export.map_legend import Legend, MapRegistry, MetricScale, PageTitle

    # folium's scale control shows miles too; MetricScale adds a metric-only one
    fmap = folium.Map(tiles=None, control_scale=False, prefer_canvas=False)
    # Only Leaflet is needed; the rest of folium's CDN links are not used.
    fmap.default_js = [(n, u) for n, u in fmap.default_js if n == "leaflet"]
    fmap.default_css = [(n, u) for n, u in fmap.default_css if n == "leaflet_css"]
    _add_tiles(fmap, tiles)
    handles = {layer.title: _add_layer(fmap, layer, policy) for layer in layers}
    folium.LayerControl(collapsed=False).add_to(fmap)
    Legend(layers, title=title, notice=policy.notice, lang=lang).add_to(fmap)
    MapRegistry(handles, masking=policy.label).add_to(fmap)
    MetricScale().add_to(fmap)
    if title:
        PageTitle(title).add_to(fmap)
    bounds = _bounds(layers)
    if bounds:
        fmap.fit_bounds(bounds)
    return fmap


def render_html(fmap, *, tiles: Sequence[TileSource] = ()) -> str:
    """Render ``fmap`` to one self-contained HTML string and check it is offline.

    Parameters
    ----------
    fmap : folium.Map
        From :func:`build_map`.
    tiles : sequence of TileSource
        The tile sources used, whose URLs are the only network references allowed.

    Raises
    ------
    geo.export.offline_assets.OfflineAssetError
        The document would load anything else from the network.
    """
    document = inline_assets(fmap.get_root().render())
    allowed = tuple(t.url.split("{", 1)[0] for t in tiles)
    assert_offline(document, allowed)
    return document


def export_html_map(path, layers: Sequence[MapLayer], *, title: str | None = None,
                    tiles: Sequence[TileSource] = (), policy: MaskPolicy = MASKED,
                    lang: str = "zh") -> Path:
    """Write an offline interactive map to ``path`` (UTF-8) and return the path.

    Examples
    --------
    >>> import geopandas as gpd, shapely, tempfile, os
    >>> grids = gpd.GeoDataFrame({"name": ["一网格"]},
    ...     geometry=[shapely.box(122.0, 46.0, 122.01, 46.01)], crs="EPSG:4490")
    >>> out = export_html_map(os.path.join(tempfile.mkdtemp(), "m.html"),
    ...     [MapLayer("网格", grids, {"name": "名称"})])
    """
    document = render_html(build_map(layers, title=title, tiles=tiles, policy=policy, lang=lang),
                           tiles=tiles)
    from geo.fileutil import atomic_write_text

    return atomic_write_text(path, document)


def to_json_text(value) -> str:
    """JSON for embedding in a ``<script>``: ``<``, ``>``, ``&`` as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
