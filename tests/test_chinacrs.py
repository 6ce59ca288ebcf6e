"""GCJ-02 / BD-09: published reference values and sub-millimetre round trips."""
import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from geo import chinacrs

GEOD = Geod(ellps="GRS80")

# (WGS84 lon, lat) → (GCJ-02 lon, lat), values quoted by eviltransform's test suite.
REFERENCE = [
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),  # Shanghai
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),  # Shenzhen
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),  # Beijing
]


def metres(lon1, lat1, lon2, lat2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


@pytest.mark.parametrize("wgs, gcj", REFERENCE)
def test_forward_matches_reference(wgs, gcj):
    lon, lat = chinacrs.wgs84_to_gcj02(*wgs)
    assert metres(lon, lat, *gcj) < 0.01


def test_reference_values_from_gcoord():
    # gcoord's tests: GCJ02→WGS84 and GCJ02→BD09 of (123, 45), to 1e-5 degrees.
    assert np.allclose(chinacrs.gcj02_to_wgs84(123, 45), (122.99395597, 44.99804071), atol=1e-5)
    assert np.allclose(chinacrs.gcj02_to_bd09(123, 45), (123.00636499, 45.00636899), atol=1e-8)


def test_outside_china_passes_through():
    assert chinacrs.wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert chinacrs.gcj02_to_wgs84(-74.0, 40.7) == (-74.0, 40.7)


def test_vectorized_shapes():
    lon = np.linspace(110, 120, 50)
    lat = np.linspace(25, 40, 50)
    out = chinacrs.wgs84_to_bd09(lon, lat)
    assert out[0].shape == (50,) and out[1].shape == (50,)


china_lon = st.floats(min_value=73.6, max_value=134.7)
china_lat = st.floats(min_value=18.2, max_value=53.5)


@settings(max_examples=200, deadline=None)
@given(china_lon, china_lat)
def test_gcj02_round_trip_below_a_millimetre(lon, lat):
    back = chinacrs.gcj02_to_wgs84(*chinacrs.wgs84_to_gcj02(lon, lat))
    assert metres(lon, lat, *back) < 0.001


@settings(max_examples=200, deadline=None)
@given(china_lon, china_lat)
def test_bd09_round_trip_below_a_millimetre(lon, lat):
    back = chinacrs.bd09_to_wgs84(*chinacrs.wgs84_to_bd09(lon, lat))
    assert metres(lon, lat, *back) < 0.001


def test_offsets_have_the_documented_size():
    lon, lat = 116.39, 39.91
    gcj = chinacrs.wgs84_to_gcj02(lon, lat)
    bd = chinacrs.wgs84_to_bd09(lon, lat)
    assert 100 < metres(lon, lat, *gcj) < 1000
    assert 500 < metres(lon, lat, *bd) < 2000


def test_to_cgcs2000_moves_geometries():
    wgs = shapely.Point(116.39, 39.91)
    gcj = shapely.Point(*map(float, chinacrs.wgs84_to_gcj02(116.39, 39.91)))
    ring = shapely.box(116.39, 39.91, 116.391, 39.911)
    gdf = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[gcj, ring])
    out = chinacrs.to_cgcs2000(gdf, "GCJ-02")
    assert out.crs.to_epsg() == 4490
    assert metres(out.geometry[0].x, out.geometry[0].y, wgs.x, wgs.y) < 0.001
    assert out.geometry[1].geom_type == "Polygon" and gdf.geometry[0].equals(gcj)


def test_rejects_unknown_system():
    with pytest.raises(ValueError):
        chinacrs.geometries_to_cgcs2000([shapely.Point(1, 1)], "wgs84")
