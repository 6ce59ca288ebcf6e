"""A hand-made project for the coverage figures, every value worked out by hand.

It extends tests/factories.py's tiny project (metres around 117E, stored in
EPSG:4490). Rules: band 50-80 households, 1 central household per 10, default
station radius 35 m.

    C1: G1 box(0,0,100,100), G2 box(100,0,200,100)      C2: G3 box(200,0,300,100)
    B1 G1 60 hh 5 units  rect(10,10,60,25)   group O-B1
    B2 G1 40 hh 2 units  rect(10,60,60,75)
    B5 G1 10 hh 1 unit   rect(90,80,110,95)  straddles the G1/G2 border, assigned to G1
    B3 G2 30 hh 3 units  rect(120,40,170,55) group O-B3, enterprise partner P2
    B4 G2 20 hh 2 units  rect(110,45,118,55) residents unknown; exactly 60 m from S1
    G3 has no buildings (zero households).
    S1 built (50,50) radius 60; S2 planned (200,48) radius blank -> rules 35 m.
    M1 B1 registered central(10)+unit_head u1      M2 B2 in_service grid_head, org O-G1
    M8 B1 floating grid_staff                      M4 B4 registered central(30)+unit_head u2
    M5 B4 registered unit_head u2 (same unit)      M6 B4 registered unit_head u5 (no such unit)
    M3 no building, floating                       M7 building B99 (does not exist)
    O-X: a grid branch of grid G99 (does not exist). P1 level1 -> G1, P3 level2 -> K2.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from shapely.geometry import MultiPolygon, Point

from geo.rules import Rules
from tests.factories import _gdf, at, rect, tiny_frames

INT_COLUMNS = ("floors", "units", "households", "residents", "linked_households", "unit_no",
               "built_year", "items")


def _member(mid, building, kind, roles, linked=0, unit=None, org="O-C1"):
    return {"member_id": mid, "name": f"党员{mid}", "gender": "男", "phone": "13800000000",
            "id_number": "11010519491231002X", "org_id": org, "building_id": building, "kind": kind,
            "roles": roles, "linked_households": linked, "unit_no": unit, "work_unit": None}


def _building(bid, grid, hh, units, geom, residents=None, compound="K1"):
    return {"building_id": bid, "name": f"{bid}号楼", "compound_id": compound, "grid_id": grid,
            "floors": 6, "units": units, "households": hh, "residents": residents,
            "address": None, "geometry": geom}


def coverage_frames() -> dict:
    """The layers of the project described in the module docstring."""
    f = tiny_frames()
    f["communities"] = pd.concat([f["communities"], _gdf([
        {"community_id": "C2", "name": "空白社区", "street": "测试街道",
         "geometry": MultiPolygon([rect(200, 0, 300, 100)])}])])
    f["grids"] = pd.concat([f["grids"], _gdf([
        {"grid_id": "G3", "name": "第三网格", "community_id": "C2",
         "geometry": MultiPolygon([rect(200, 0, 300, 100)])}])])
    f["buildings"] = pd.concat([f["buildings"], _gdf([
        _building("B4", "G2", 20, 2, rect(110, 45, 118, 55), compound="K2"),
        _building("B5", "G1", 10, 1, rect(90, 80, 110, 95), residents=20)])])
    f["stations"] = pd.concat([f["stations"], _gdf([
        {"station_id": "S2", "name": "规划服务站", "level": "grid", "status": "planned",
         "service_radius_m": np.nan, "community_id": "C1", "geometry": Point(*at(200, 48))}])])
    f["organizations"] = pd.concat([f["organizations"], pd.DataFrame([
        {"org_id": "O-B3", "parent_id": "O-C1", "level": "building_group", "name": "和平1号楼党小组",
         "area_type": "building", "area_id": "B3"},
        {"org_id": "O-X", "parent_id": "O-C1", "level": "grid_branch", "name": "撤并网格党支部",
         "area_type": "grid", "area_id": "G99"}])])
    f["members"] = pd.concat([f["members"], pd.DataFrame([
        _member("M3", None, "floating", ""),
        _member("M4", "B4", "registered", "central_household,unit_head", 30, 2),
        _member("M5", "B4", "registered", "unit_head", 0, 2),
        _member("M6", "B4", "registered", "unit_head", 0, 5),
        _member("M7", "B99", "registered", ""),
        _member("M8", "B1", "floating", "grid_staff", org="O-G1")])])
    f["partners"] = pd.concat([f["partners"], pd.DataFrame([
        {"partner_id": "P2", "name": "某物业公司", "category": "enterprise", "community_id": "C1"},
        {"partner_id": "P3", "name": "区医院", "category": "level2", "community_id": "C1"}])])
    f["partner_links"] = pd.concat([f["partner_links"], pd.DataFrame([
        {"link_id": "L2", "partner_id": "P2", "target_type": "building", "target_id": "B3", "items": 1},
        {"link_id": "L3", "partner_id": "P3", "target_type": "compound", "target_id": "K2", "items": 2}])])
    for name, frame in f.items():
        frame = frame.reset_index(drop=True)
        f[name] = frame.astype({c: "Int64" if frame[c].isna().any() else "int64"
                                for c in INT_COLUMNS if c in frame.columns})
    return f


def coverage_rules() -> Rules:
    return Rules(households_min=50, households_max=80, households_per_central=10,
                 station_radius_m=35.0)


def coverage_project():
    """An in-memory Project (no file) of :func:`coverage_frames`."""
    from geo.project import Project

    return Project(coverage_frames(), coverage_rules())


def write_coverage(path):
    from geo.store import write_project

    return write_project(path, coverage_frames(), coverage_rules())


#: One edit of each kind the coverage model follows, as change lists on :func:`coverage_project`.
EDITS = {
    "move building": [("update", "buildings", "B3", {"grid_id": "G1"})],
    "unassign building": [("update", "buildings", "B4", {"grid_id": None})],
    "households and units": [("update", "buildings", "B1", {"households": 75, "units": 1})],
    "member moves and roles": [("update", "members", "M3", {"building_id": "B5"}),
                               ("update", "members", "M8", {"roles": "grid_head,unit_head", "unit_no": 1,
                                                            "building_id": "B3"})],
    "member inserted and deleted": [
        ("insert", "members", {"member_id": "M9", "name": "王五", "gender": "男", "phone": "",
                               "id_number": "", "org_id": "O-X", "building_id": "B4", "kind": "in_service",
                               "roles": "grid_staff,central_household", "linked_households": 5,
                               "unit_no": 1, "work_unit": None}),
        ("delete", "members", "M1")],
    "org area fixed": [("update", "organizations", "O-X", {"area_id": "G2"})],
    "org inserted and deleted": [
        ("insert", "organizations", {"org_id": "O-B2", "parent_id": "O-G1", "level": "building_group",
                                     "name": "2号楼党小组", "area_type": "building", "area_id": "B2"}),
        ("delete", "organizations", "O-B1")],
    "partner link": [("insert", "partner_links", {"link_id": "L9", "partner_id": "P1", "target_type": "grid",
                                                  "target_id": "G2", "items": 1}),
                     ("delete", "partner_links", "L2")],
    "planned station built": [("update", "stations", "S2", {"status": "built"})],
    "grid changes community": [("update", "grids", "G3", {"community_id": "C1", "name": "三"})],
    "compound changes community": [("update", "compounds", "K2", {"community_id": "C2"})],
    "community renamed": [("update", "communities", "C2", {"name": "改名社区"})],
    "grid deleted": [("delete", "grids", "G3")],
}


def assert_same_as_fresh(model, project):
    """A live CoverageModel's frames and kept state equal those of one built from scratch."""
    from geo.coverage.model import CoverageModel

    fresh = CoverageModel(project, live=False)
    pd.testing.assert_frame_equal(model.grids, fresh.grids, check_dtype=False)
    pd.testing.assert_frame_equal(model.communities, fresh.communities, check_dtype=False)
    assert model.street.keys() == fresh.street.keys()
    for key, value in fresh.street.items():
        got = model.street[key]
        assert got == value or (pd.isna(got) and pd.isna(value)), key
    pd.testing.assert_frame_equal(model.buildings, fresh.buildings, check_dtype=False)
    pd.testing.assert_frame_equal(model.gaps(), fresh.gaps(), check_dtype=False)
    kept, new = model._state, fresh._state  # noqa: SLF001 (the kept state itself, not only its frames)
    assert np.array_equal(kept.station_grids.grid_of, new.station_grids.grid_of)
    for name, values in new.extras.items():
        assert np.array_equal(kept.extras[name], values), name
    assert kept.homeless == new.homeless
