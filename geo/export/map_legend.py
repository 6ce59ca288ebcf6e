"""Page elements of the exported map that folium does not provide safely.

:class:`Legend` is a self-written Leaflet control (no Bootstrap/jQuery), its
HTML escaped in Python and passed to the page as escaped JSON.
:class:`MapRegistry` exposes ``window.GridAtlasMap`` and the masking state.
"""
from __future__ import annotations

import html
from typing import Mapping, Sequence

from branca.element import MacroElement
from jinja2 import Template

from geo.export.html_map import MapLayer, to_json_text

_CSS = """<style>
.leaflet-container { background: #f6f6f2; }
.ga-legend { background: rgba(255,255,255,0.92); padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); font: 13px/1.5 sans-serif; max-width: 260px; }
.ga-legend .ga-title { font-weight: bold; margin-bottom: 4px; }
.ga-legend .ga-swatch { display: inline-block; width: 14px; height: 14px;
  margin-right: 6px; vertical-align: -2px; border: 2px solid; box-sizing: border-box; }
.ga-legend .ga-point { border-radius: 50%; }
.ga-legend .ga-notice { margin-top: 4px; font-size: 11px; color: #555; }
.ga-popup table { border-collapse: collapse; margin-top: 4px; }
.ga-popup th { text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: normal; }
.ga-popup td { padding: 1px 0; }
.ga-label { background: transparent; border: none; box-shadow: none; padding: 0;
  font: bold 12px/1.2 sans-serif; color: #222; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
.ga-label::before { display: none; }
</style>"""


def _is_point_layer(layer: MapLayer) -> bool:
    types = set(layer.frame.geom_type.dropna()) if len(layer.frame) else set()
    return bool(types) and types <= {"Point", "MultiPoint"}


def legend_html(layers: Sequence[MapLayer], title: str | None, notice: str, lang: str = "zh") -> str:
    """Return the legend's inner HTML, every text escaped."""
    rows = []
    for layer in layers:
        s = layer.style
        shape = " ga-point" if _is_point_layer(layer) else ""
        fills = layer_fills(layer) or [s.fill_color or s.color]
        swatch = "".join(f'<span class="ga-swatch{shape}" style="border-color:{html.escape(s.color)};'
                         f'background:{html.escape(fill)}"></span>' for fill in fills)
        rows.append(f"<div>{swatch}{html.escape(layer.title)}</div>")
    head = f'<div class="ga-title">{html.escape(title)}</div>' if title else ""
    rows += [f'<div class="ga-notice">{html.escape(layer.note.text(lang))}</div>'
             for layer in layers if layer.note is not None]
    return f'{head}{"".join(rows)}<div class="ga-notice">{html.escape(notice)}</div>'


def layer_fills(layer: MapLayer, at_most: int = 4) -> list[str]:
    """The first few per-feature fill colours of a layer coloured feature by feature."""
    if not layer.fill or layer.fill not in getattr(layer.frame, "columns", ()):
        return []
    return [c for c in dict.fromkeys(layer.frame[layer.fill].dropna()) if isinstance(c, str)][:at_most]


class Legend(MacroElement):
    """A bottom-right legend: one swatch per layer, then the masking notice."""

    _template = Template("""
{% macro header(this, kwargs) %}""" + _CSS + """{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "ga-legend");
        div.innerHTML = {{ this.html_json }};
        L.DomEvent.disableClickPropagation(div);
        return div;
    };
    legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, layers: Sequence[MapLayer], title: str | None, notice: str, lang: str = "zh"):
        super().__init__()
        self._name = "GridAtlasLegend"
        self.html_json = to_json_text(legend_html(layers, title, notice, lang))


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only (no miles)."""

    _template = Template("""
{% macro script(this, kwargs) %}
L.control.scale({metric: true, imperial: false}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "GridAtlasScale"


class PageTitle(MacroElement):
    """The page's ``<title>`` (escaped), so a browser tab and a bookmark name the street."""

    _template = Template("""
{% macro header(this, kwargs) %}<title>{{ this.title_html }}</title>{% endmacro %}
""")

    def __init__(self, title: str):
        super().__init__()
        self._name = "GridAtlasTitle"
        self.title_html = html.escape(title, quote=True)


class MapRegistry(MacroElement):
    """Sets ``window.GridAtlasMap = {map, layers, masking}`` and a masking <meta>."""

    _template = Template("""
{% macro header(this, kwargs) %}<meta name="gridatlas-masking" content="{{ this.masking_attr }}">{% endmacro %}
{% macro script(this, kwargs) %}
window.GridAtlasMap = {map: {{ this._parent.get_name() }}, layers: {},
                       masking: {{ this.masking_json }}};
{% for key, layer in this.handles %}
window.GridAtlasMap.layers[{{ key }}] = {{ layer.get_name() }};
{% endfor %}
// Plain-text credit: Leaflet's default prefix is a link to its website.
{{ this._parent.get_name() }}.attributionControl.setPrefix("Leaflet");
{% endmacro %}
""")

    def __init__(self, handles: Mapping[str, object], masking: str):
        super().__init__()
        self._name = "GridAtlasRegistry"
        self.handles = [(to_json_text(title), layer) for title, layer in handles.items()]
        self.masking_json = to_json_text(masking)
        self.masking_attr = html.escape(masking, quote=True)
