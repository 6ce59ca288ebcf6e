"""HTML map export: opened in headless Chromium with the network disabled."""
import re

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.export.html_map import (LayerStyle, MapLayer, TileSource, build_map, escape_text,
                                 export_html_map, layer_features, render_html)
from geo.export.map_layers import coverage_circles, default_layers
from geo.export.offline_assets import (OfflineAssetError, external_references,
                                       inline_assets, leaflet_version)
from geo.masking import FULL, MASKED
from tests.chromium_harness import ChromiumPage

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>window.__pwned=1</script>"
CRS = "EPSG:4490"


def sample_frames():
    grids = gpd.GeoDataFrame({
        "grid_id": ["G1", "G2"], "name": ["幸福里第一网格", IMG], "community_id": ["C1", "C1"],
        "households": [320, 410], "secret_phone": ["13812345678", "13912345678"]},
        geometry=[shapely.box(122.00, 46.00, 122.01, 46.01),
                  shapely.box(122.01, 46.00, 122.02, 46.01)], crs=CRS)
    buildings = gpd.GeoDataFrame({
        "building_id": ["B1", "B2"], "name": ["1号楼", SCRIPT], "grid_id": ["G1", "G2"],
        "households": [48, 60], "head": [SCRIPT, "王小明"], "head_phone": ["13812345678", ""]},
        geometry=[shapely.box(122.002, 46.002, 122.004, 46.004),
                  shapely.box(122.012, 46.002, 122.014, 46.004)], crs=CRS)
    stations = gpd.GeoDataFrame({
        "station_id": ["S1"], "name": [IMG], "level": ["grid"], "status": ["built"],
        "service_radius_m": [300.0], "id_number": ["11010519491231002X"]},
        geometry=[shapely.Point(122.006, 46.006)], crs=CRS)
    return grids, buildings, stations


def sample_layers():
    grids, buildings, stations = sample_frames()
    layers = default_layers(grids=grids, stations=stations)
    member_layer = MapLayer("楼栋", buildings,
                            {"name": "名称", "head": "中心户", "head_phone": "电话"},
                            tooltip="head", personal={"head": "name", "head_phone": "phone"},
                            style=LayerStyle(color="#8c510a", fill_opacity=0.6))
    return layers[:1] + [member_layer] + layers[1:]


@pytest.fixture(scope="module")
def full_map(tmp_path_factory):
    """The map exported with FULL data, so the hostile texts reach the page."""
    path = tmp_path_factory.mktemp("map") / "map.html"
    return export_html_map(path, sample_layers(), title=f"街道 {IMG}", policy=FULL)


@pytest.fixture(scope="module")
def page(full_map, tmp_path_factory):
    with ChromiumPage() as browser:
        browser.open(full_map)
        browser.settle(0.5)
        browser.screenshot(tmp_path_factory.mktemp("shot") / "map.png")
        yield browser


def open_popup(page, layer_title, index):
    js = f"""(() => {{
        const layer = GridAtlasMap.layers[{layer_title!r}].getLayers()[{index}];
        layer.openPopup();
        const box = layer.getPopup().getElement().querySelector('.leaflet-popup-content');
        return {{text: box.textContent, imgs: box.querySelectorAll('img').length,
                 scripts: box.querySelectorAll('script').length}};
    }})()"""
    return page.evaluate(js)


def test_map_drew_features(page):
    assert page.evaluate("document.querySelectorAll('.leaflet-pane').length") >= 5
    assert page.evaluate("document.querySelectorAll('.leaflet-overlay-pane path').length") >= 6
    assert page.evaluate("Object.keys(GridAtlasMap.layers).length") == 4
    assert page.evaluate("document.querySelectorAll('.leaflet-control-layers-overlays input')"
                         ".length") == 4
    assert page.console_errors == []


def test_nothing_requested_from_outside(page):
    assert page.external_requests() == []
    # the broken <img src=x> would have asked for file:///.../x
    assert not any(url.endswith("/x") for url in page.requests)


def test_injected_text_did_not_run(page):
    assert page.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('body img').length") == 0


def test_popups_show_injected_text_literally(page):
    grid = open_popup(page, "网格", 1)
    assert IMG in grid["text"] and grid["imgs"] == 0
    building = open_popup(page, "楼栋", 0)
    assert SCRIPT in building["text"] and building["scripts"] == 0
    station = open_popup(page, "党群服务站", 0)
    assert IMG in station["text"] and station["imgs"] == 0
    page.settle(0.3)
    assert page.dialogs == [] and page.evaluate("typeof window.__pwned") == "undefined"


def test_legend_and_title_escaped(page):
    legend = page.evaluate("document.querySelector('.ga-legend').textContent")
    assert IMG in legend and "FULL PERSONAL DATA" in legend
    assert page.evaluate("document.querySelector('meta[name=gridatlas-masking]').content") \
        == FULL.label


def test_tooltip_escaped(page):
    text = page.evaluate("""(() => {
        const l = GridAtlasMap.layers['楼栋'].getLayers()[0];
        l.openTooltip(); return l.getTooltip().getElement().textContent; })()""")
    assert text == SCRIPT


def test_only_shown_columns_exported(full_map):
    document = full_map.read_text(encoding="utf-8")
    assert "secret_phone" not in document and "13912345678" not in document
    assert "11010519491231002X" not in document and "id_number" not in document
    assert SCRIPT not in document and IMG not in document  # only escaped forms


def test_masked_by_default(tmp_path):
    document = export_html_map(tmp_path / "m.html", sample_layers()).read_text("utf-8")
    assert "13812345678" not in document
    assert "138****5678" in document
    # folium's tojson writes non-ASCII as \u escapes
    assert "王*明".encode("ascii", "backslashreplace").decode() in document
    assert 'content="masked"' in document


def test_single_file_without_external_references(full_map):
    document = full_map.read_text(encoding="utf-8")
    assert external_references(document) == []
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", document)
    assert "L.Icon.Default.mergeOptions" in document and "url(images/" not in document
    assert f"Leaflet {leaflet_version()}" in document
    for cdn in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers"):
        assert cdn not in document.lower()


def test_unknown_cdn_link_is_refused():
    html = '<head><script src="https://cdn.example.org/x.js"></script></head>'
    with pytest.raises(OfflineAssetError):
        inline_assets(html)


def test_tile_url_is_the_only_allowed_reference(tmp_path):
    tile = TileSource("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}",
                      attribution="天地图 <b>", subdomains="01234567")
    document = render_html(build_map(sample_layers(), tiles=[tile]), tiles=[tile])
    refs = external_references(document)
    assert refs and all(r.startswith("https://t{s}.tianditu.gov.cn/") for r in refs)
    assert "\\u0026lt;b\\u0026gt;" in document and "<b>" not in document


def test_layer_features_hold_only_popup_and_tooltip():
    grids, _, _ = sample_frames()
    layer = MapLayer("网格", grids, {"name": "名称"}, tooltip="grid_id")
    data = layer_features(layer, MASKED)
    assert {k for f in data["features"] for k in f["properties"]} == {"popup", "tooltip"}
    assert escape_text(IMG) in data["features"][1]["properties"]["popup"]


def test_layer_without_crs_is_refused():
    frame = gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.Point(0, 0)])
    with pytest.raises(ValueError):
        layer_features(MapLayer("x", frame, {"name": "名称"}))


def test_coverage_circles_have_the_radius():
    _, _, stations = sample_frames()
    circle = coverage_circles(stations)
    metric = circle.to_crs(circle.estimate_utm_crs())
    assert metric.area.iloc[0] == pytest.approx(3.14159 * 300 ** 2, rel=0.01)
    empty = coverage_circles(stations.assign(service_radius_m=pd.NA))
    assert empty.empty


def test_default_marker_icon_is_inlined(tmp_path):
    """MultiPoint features fall back to Leaflet's default marker: its image is a data: URI."""
    points = gpd.GeoDataFrame({"name": ["站"]}, crs=CRS, geometry=[
        shapely.MultiPoint([(122.0, 46.0), (122.01, 46.01)])])
    path = export_html_map(tmp_path / "m.html", [MapLayer("点", points, {"name": "名称"})])
    with ChromiumPage() as browser:
        browser.open(path)
        browser.settle(0.3)
        sources = browser.evaluate(
            "[...document.querySelectorAll('.leaflet-marker-icon, .leaflet-marker-shadow')]"
            ".map(i => i.src.slice(0, 22))")
        assert sources and all(s == "data:image/png;base64," for s in sources)
        assert browser.external_requests() == []
