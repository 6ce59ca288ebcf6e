"""Topology checks on hand-made broken layouts (and clean ones)."""
from shapely.geometry import MultiPolygon

from geo.store import read_layers, write_project
from geo.topology import topology_problems
from tests.factories import rect, tiny_frames, tiny_rules


def kinds_of(tmp_path, **grid_geoms):
    frames = tiny_frames()
    grids = frames["grids"].to_crs("EPSG:4548").set_index("grid_id", drop=False)
    for gid, geom in grid_geoms.items():
        grids.at[gid, "geometry"] = geom
    frames["grids"] = grids.reset_index(drop=True).to_crs("EPSG:4490")
    path = write_project(tmp_path / "t.gpkg", frames, tiny_rules())
    return {(p.kind, p.id) for p in topology_problems(read_layers(path))}


def test_clean_tiny_and_demo(tiny_gpkg, demo_gpkg):
    assert topology_problems(read_layers(tiny_gpkg)) == []
    demo = topology_problems(read_layers(demo_gpkg))
    assert demo == []


def test_overlap_and_outside(tmp_path):
    kinds = kinds_of(tmp_path, G1=MultiPolygon([rect(0, 0, 120, 100)]))
    assert ("grid_overlap", "G1") in kinds


def test_gap_and_building_outside(tmp_path):
    kinds = kinds_of(tmp_path, G1=MultiPolygon([rect(0, 0, 50, 100)]))
    assert ("grid_gap", "C1") in kinds
    assert ("building_outside_grid", "B1") in kinds


def test_crossing_community_and_pieces(tmp_path):
    kinds = kinds_of(tmp_path, G2=MultiPolygon([rect(100, 0, 250, 100)]),
                     G1=MultiPolygon([rect(0, 0, 60, 100), rect(70, 0, 100, 100)]))
    assert ("grid_outside_community", "G2") in kinds
    assert ("grid_not_contiguous", "G1") in kinds


def test_unassigned_building_has_location(tmp_path):
    frames = tiny_frames()
    frames["buildings"].loc[0, "grid_id"] = None
    path = write_project(tmp_path / "u.gpkg", frames, tiny_rules())
    found = [p for p in topology_problems(read_layers(path)) if p.kind == "building_unassigned"]
    assert [p.id for p in found] == ["B1"] and 116 < found[0].x < 118
