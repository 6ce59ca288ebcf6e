"""Where imported data lies: outside China, far away, or offset by GCJ-02/BD-09."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from geo import chinacrs
from geo.location_check import location_findings, offset_hint, offset_pattern
from geo.project import Project


def _shift(geoms, forward):
    return shapely.transform(np.asarray(geoms, dtype=object),
                             lambda xy: np.column_stack(forward(xy[:, 0], xy[:, 1])))


def _demo(demo_gpkg):
    project = Project.open(demo_gpkg)
    try:
        return project["buildings"].geometry.values.copy(), project["compounds"].geometry.values.copy()
    finally:
        project.close()


def test_web_mercator_numbers_labelled_utm_fall_outside_china():
    # Web Mercator metres of a Shanghai block, read as if they were UTM zone 51N.
    merc = gpd.GeoSeries([box(13_528_000, 3_662_000, 13_528_100, 3_662_100)], crs="EPSG:3857")
    as_utm = merc.set_crs("EPSG:32651", allow_override=True).to_crs("EPSG:4326")
    findings = location_findings(as_utm.values)
    assert [f.code for f in findings] == ["location.outside_china"]
    assert "--crs" in findings[0].message.text("en") and "EPSG:3857" in findings[0].message.text("zh")


def test_gcj02_compounds_beside_wgs84_buildings_are_caught(demo_gpkg):
    buildings, compounds = _demo(demo_gpkg)
    gcj = _shift(compounds, chinacrs.wgs84_to_gcj02)
    findings = location_findings(gcj, buildings)
    assert [f.system for f in findings] == ["gcj02"]
    text = findings[0].message.text("en")
    assert "--crs gcj02" in text and " m" in text
    assert location_findings(compounds, buildings) == []  # the same data without the offset is fine
    bd = _shift(compounds, chinacrs.wgs84_to_bd09)
    assert offset_pattern(bd, buildings)[0] == "bd09"


def test_south_china_sea_islands_are_china():
    # A station on 永暑礁 and a building on 太平岛 (南沙群岛), one on 永兴岛 (西沙群岛)
    points = shapely.points([112.89, 114.37, 112.33], [9.55, 10.38, 16.83])
    assert location_findings(points) == []


def test_far_from_the_project():
    here = [box(117.0, 36.64, 117.001, 36.641)]
    there = [box(113.26, 23.13, 113.261, 23.131)]  # Guangzhou, 1,500 km away
    findings = location_findings(there, here)
    assert [f.code for f in findings] == ["location.far"]
    assert "km" in findings[0].message.text("en")


def test_names_hint_at_offset_systems():
    assert offset_hint("小区_gcj02.json") == "gcj02"
    assert offset_hint("高德小区.geojson") == "gcj02"
    assert offset_hint("baidu_poi.csv") == "bd09"
    assert offset_hint("百度经度") == "bd09"
    assert offset_hint("buildings.shp", "lon", "lat") is None
    findings = location_findings([box(117.0, 36.64, 117.001, 36.641)], names=["楼栋_gcj02.json"])
    assert [f.code for f in findings] == ["location.name_hint"]
