"""`check` reports what a project from a street's own files still lacks."""
from __future__ import annotations

from shapely.geometry import Point, box

from geo.store import read_layers, write_project
from geo.validate import check_layers
from tests.factories import tiny_frames, tiny_rules


def _kinds(tmp_path, frames):
    path = write_project(tmp_path / "p.gpkg", frames, tiny_rules())
    return {(p.kind, p.layer, p.id): p.reason for p in check_layers(read_layers(path))}


def test_a_clean_project_has_none(tmp_path):
    kinds = _kinds(tmp_path, tiny_frames())
    assert not [k for k in kinds if k[0] in ("no_community", "far_from_layer", "missing_households",
                                             "missing_units", "station_incomplete")]


def test_missing_links_values_and_far_features(tmp_path):
    frames = tiny_frames()
    frames["compounds"].loc[1, "community_id"] = None
    frames["buildings"].loc[1, "households"] = 0
    frames["buildings"].loc[2, "units"] = 0
    frames["stations"].loc[0, "status"] = None
    # a compound 1,300 km away (Guangzhou instead of Jinan): a wrong coordinate system on one file
    import pandas as pd

    far = frames["compounds"].iloc[[0, 0]].copy()
    far["compound_id"] = ["K3", "K9"]
    far["geometry"] = [frames["compounds"].geometry.iloc[0].buffer(-1e-5), box(113.26, 23.13, 113.261, 23.131)]
    frames["compounds"] = pd.concat([frames["compounds"], far], ignore_index=True)
    kinds = _kinds(tmp_path, frames)
    assert ("no_community", "compounds", "K2") in kinds
    assert ("missing_households", "buildings", "B2") in kinds
    assert ("missing_units", "buildings", "B3") in kinds
    assert ("station_incomplete", "stations", "S1") in kinds
    assert ("far_from_layer", "compounds", "K9") in kinds
    assert "km" in kinds[("far_from_layer", "compounds", "K9")] or "公里" in kinds[("far_from_layer", "compounds", "K9")]
    assert not [k for k in kinds if k[0] == "far_from_layer" and k[2] != "K9"]


def test_station_without_radius(tmp_path):
    frames = tiny_frames()
    frames["stations"].loc[0, "service_radius_m"] = None
    kinds = _kinds(tmp_path, frames)
    reason = kinds[("station_incomplete", "stations", "S1")]
    assert "半径" in reason or "radius" in reason


def test_point_far_away(tmp_path):
    frames = tiny_frames()
    import pandas as pd

    more = frames["stations"].iloc[[0, 0, 0]].copy()
    more["station_id"] = ["S2", "S3", "S9"]
    base = frames["stations"].geometry.iloc[0]
    more["geometry"] = [Point(base.x + 0.001, base.y), Point(base.x, base.y + 0.001), Point(170.0, 10.0)]
    frames["stations"] = pd.concat([frames["stations"], more], ignore_index=True)
    kinds = _kinds(tmp_path, frames)
    assert [k[2] for k in kinds if k[0] == "far_from_layer"] == ["S9"]


def test_the_count_is_true_when_the_listing_is_capped(tmp_path, capsys):
    from geo.cli import main as cli
    from geo.demo import generate
    from geo.validate import MAX_LISTED

    frames, rules = generate(scale="street", seed=1)
    frames["buildings"]["households"] = 0
    path = write_project(tmp_path / "zero.gpkg", frames, rules)
    assert cli(["check", str(path)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    listed = [line for line in lines if "\tmissing_households\t" in line]
    assert len(listed) == MAX_LISTED + 1  # the first ones, then "… and N more"
    total = int(lines[-1].rsplit("：", 1)[1].split()[0])  # "zero.gpkg：12345 个问题"
    assert total >= len(frames["buildings"]) > MAX_LISTED


def test_the_count_is_true_when_the_topology_listing_is_capped(tmp_path, capsys):
    from geo.cli import main as cli
    from geo.demo import generate
    from geo.topology import topology_problems
    from geo.validate import MAX_LISTED

    frames, rules = generate(scale="street", seed=1)
    frames["buildings"]["grid_id"] = None  # every building in no grid: a topology problem each
    path = write_project(tmp_path / "nogrid.gpkg", frames, rules)
    assert cli(["check", str(path)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    total = int(lines[-1].rsplit("：", 1)[1].split()[0])
    loaded = read_layers(path)
    topology = topology_problems(loaded)
    assert topology.total >= len(frames["buildings"]) > MAX_LISTED
    assert total == check_layers(loaded).total + topology.total
