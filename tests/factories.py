"""Small hand-made projects whose every figure can be worked out by hand.

Layout (metres in EPSG:4548 around 117E, stored in EPSG:4490 like the demo):

    community C1 = box(0,0,200,100)  grids G1 = box(0,0,100,100), G2 = box(100,0,200,100)
    compound K1 in G1, K2 in G2
    buildings B1 (G1, 60 hh), B2 (G1, 40 hh), B3 (G2, 30 hh)
    station S1 at (50, 50), radius 60 m, built
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Point, box

from geo.rules import Rules
from geo.store import empty_frame

METRIC = "EPSG:4548"
X0, Y0 = 500000.0, 4057000.0  # about 117E 36.65N


def _gdf(rows, crs=METRIC):
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
    return frame.to_crs("EPSG:4490")


def at(x, y):
    return X0 + x, Y0 + y


def rect(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def tiny_frames():
    frames = {}
    frames["communities"] = _gdf([
        {"community_id": "C1", "name": "测试社区", "street": "测试街道",
         "geometry": MultiPolygon([rect(0, 0, 200, 100)])}])
    frames["grids"] = _gdf([
        {"grid_id": "G1", "name": "第一网格", "community_id": "C1", "geometry": MultiPolygon([rect(0, 0, 100, 100)])},
        {"grid_id": "G2", "name": "第二网格", "community_id": "C1", "geometry": MultiPolygon([rect(100, 0, 200, 100)])}])
    frames["compounds"] = _gdf([
        {"compound_id": "K1", "name": "幸福小区", "community_id": "C1", "kind": "商品房", "built_year": 2005,
         "geometry": rect(5, 5, 95, 95)},
        {"compound_id": "K2", "name": "和平小区", "community_id": "C1", "kind": "老旧小区", "built_year": 1990,
         "geometry": rect(105, 5, 195, 95)}])
    frames["buildings"] = _gdf([
        {"building_id": "B1", "name": "1号楼", "compound_id": "K1", "grid_id": "G1", "floors": 6, "units": 5,
         "households": 60, "residents": 160, "address": "幸福小区1号楼", "geometry": rect(10, 10, 60, 25)},
        {"building_id": "B2", "name": "2号楼", "compound_id": "K1", "grid_id": "G1", "floors": 5, "units": 2,
         "households": 40, "residents": 100, "address": "幸福小区2号楼", "geometry": rect(10, 60, 60, 75)},
        {"building_id": "B3", "name": "1号楼", "compound_id": "K2", "grid_id": "G2", "floors": 5, "units": 3,
         "households": 30, "residents": 80, "address": "和平小区1号楼", "geometry": rect(120, 40, 170, 55)}])
    frames["stations"] = _gdf([
        {"station_id": "S1", "name": "幸福党群服务站", "level": "community", "status": "built",
         "service_radius_m": 60.0, "community_id": "C1", "geometry": Point(*at(50, 50))}])
    frames["organizations"] = pd.DataFrame([
        {"org_id": "O-S", "parent_id": None, "level": "street_committee", "name": "测试街道党工委",
         "area_type": "street", "area_id": "测试街道"},
        {"org_id": "O-C1", "parent_id": "O-S", "level": "community_committee", "name": "测试社区党委",
         "area_type": "community", "area_id": "C1"},
        {"org_id": "O-G1", "parent_id": "O-C1", "level": "grid_branch", "name": "第一网格党支部",
         "area_type": "grid", "area_id": "G1"},
        {"org_id": "O-B1", "parent_id": "O-G1", "level": "building_group", "name": "1号楼党小组",
         "area_type": "building", "area_id": "B1"}])
    frames["members"] = pd.DataFrame([
        {"member_id": "M1", "name": "张明", "gender": "男", "phone": "13800005678",
         "id_number": "11010519491231002X", "org_id": "O-B1", "building_id": "B1", "kind": "registered",
         "roles": "central_household,unit_head", "linked_households": 10, "unit_no": 1, "work_unit": None},
        {"member_id": "M2", "name": "李红", "gender": "女", "phone": "13900001234",
         "id_number": "110105198001010024", "org_id": "O-G1", "building_id": "B2", "kind": "in_service",
         "roles": "grid_head", "linked_households": 0, "unit_no": 2, "work_unit": "区人民医院"}])
    frames["partners"] = pd.DataFrame([
        {"partner_id": "P1", "name": "区税务局", "category": "level1", "community_id": "C1"}])
    frames["partner_links"] = pd.DataFrame([
        {"link_id": "L1", "partner_id": "P1", "target_type": "grid", "target_id": "G1", "items": 3}])
    for name, frame in frames.items():
        frames[name] = frame.astype({c: "int64" for c in ("floors", "units", "households", "residents",
                                                           "linked_households", "unit_no", "built_year",
                                                           "items") if c in frame.columns})
    return frames


def tiny_rules():
    return Rules(households_min=50, households_max=80)


def write_tiny(path):
    from geo.store import write_project

    return write_project(path, tiny_frames(), tiny_rules())


def assert_same_frame(ours, theirs, name):
    """The same frame type, columns, dtypes, CRS, exact geometries and values."""
    assert type(ours) is type(theirs), name
    assert list(ours.columns) == list(theirs.columns), name
    assert list(ours.dtypes.astype(str)) == list(theirs.dtypes.astype(str)), name
    if "geometry" in theirs.columns:
        assert ours.crs == theirs.crs, name
        assert ours.geometry.geom_equals_exact(theirs.geometry, 0).all(), name
        ours, theirs = pd.DataFrame(ours.drop(columns="geometry")), pd.DataFrame(theirs.drop(columns="geometry"))
    pd.testing.assert_frame_equal(ours, theirs, obj=name)
