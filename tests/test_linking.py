"""Spatial linking on hand-made layouts whose answer is known (geo.linking, `main.py link`)."""
from __future__ import annotations

import json

from shapely.geometry import MultiPolygon

from geo.cli import main as cli_main
from geo.linking import plan_links
from geo.messages import Message
from geo.project import Project
from tests.factories import rect, tiny_frames, tiny_rules

LINK_COLUMNS = [("compounds", "community_id"), ("grids", "community_id"), ("stations", "community_id"),
                ("buildings", "compound_id"), ("buildings", "grid_id")]


def _project(frames=None):
    return Project(frames or tiny_frames(), tiny_rules())


def _blank_links(frames):
    for layer, column in LINK_COLUMNS:
        frames[layer][column] = None
    return frames


def test_blank_links_are_filled_as_the_map_says():
    expected = {key: dict(zip(tiny_frames()[key[0]].iloc[:, 0], tiny_frames()[key[0]][key[1]]))
                for key in LINK_COLUMNS}
    project = _project(_blank_links(tiny_frames()))
    result = plan_links(project)
    assert not result.ambiguous
    assert not any(result.unlinked.values())
    project.apply(result.changes)
    for layer, column in LINK_COLUMNS:
        assert dict(zip(project[layer].index, project[layer][column])) == expected[(layer, column)]


def test_building_across_two_grids_is_listed_not_guessed():
    frames = tiny_frames()
    frames["buildings"].loc[2, "geometry"] = _geographic(rect(80, 40, 130, 55))  # 20 m in G1, 30 m in G2
    frames["buildings"].loc[2, "grid_id"] = None
    result = plan_links(_project(frames))
    amb = [a for a in result.ambiguous if a.column == "grid_id"]
    assert [a.id for a in amb] == ["B3"]
    assert set(amb[0].candidates) == {"G1", "G2"}
    assert "B3" in amb[0].message.text("zh") and "G1" in amb[0].message.text("en")
    assert not [c for c in result.changes if c[2] == "B3"]


def test_slight_overhang_links_to_the_grid_holding_the_point():
    frames = tiny_frames()
    frames["buildings"].loc[2, "geometry"] = _geographic(rect(95, 40, 150, 55))  # 5 of 55 m in G1
    frames["buildings"].loc[2, "grid_id"] = None
    result = plan_links(_project(frames))
    assert ("update", "buildings", "B3", {"grid_id": "G2"}) in result.changes
    assert not result.ambiguous


def test_building_outside_every_compound_links_by_largest_overlap_or_stays_unlinked():
    frames = tiny_frames()
    # B1 now pokes out of K1's top-left corner: its point is outside K1 but 60 % of it inside.
    frames["buildings"].loc[0, "geometry"] = _geographic(rect(-20, 10, 30, 60))
    frames["buildings"].loc[0, "compound_id"] = None
    # B2 barely touches K1 (10 % of its footprint): too little to count.
    frames["buildings"].loc[1, "geometry"] = _geographic(rect(-45, 60, 5, 75))
    frames["buildings"].loc[1, "compound_id"] = None
    frames["communities"]["geometry"] = [MultiPolygon([_geographic(rect(-100, 0, 200, 100))])]
    result = plan_links(_project(frames))
    assert ("update", "buildings", "B1", {"compound_id": "K1"}) in result.changes
    assert "B2" in result.unlinked[("buildings", "compound_id")]


def test_grid_across_two_communities_is_listed():
    frames = tiny_frames()
    two = frames["communities"].copy()
    two = two.iloc[[0, 0]].reset_index(drop=True)
    two["community_id"] = ["C1", "C2"]
    two["geometry"] = [MultiPolygon([_geographic(rect(0, 0, 140, 100))]),
                       MultiPolygon([_geographic(rect(140, 0, 200, 100))])]
    frames["communities"] = two
    frames["grids"]["community_id"] = None
    result = plan_links(_project(frames))
    by_id = {a.id: a for a in result.ambiguous if a.layer == "grids"}
    assert set(by_id) == {"G2"}  # 40 % of G2 in C1, 60 % in C2
    assert ("update", "grids", "G1", {"community_id": "C1"}) in result.changes


def test_explicit_links_are_kept_unless_relink():
    frames = tiny_frames()
    frames["buildings"].loc[2, "grid_id"] = "G1"  # B3 lies in G2: an explicit, wrong assignment
    project = _project(frames)
    assert not [c for c in plan_links(project).changes if c[1] == "buildings"]
    assert ("update", "buildings", "B3", {"grid_id": "G2"}) in plan_links(project, relink=True).changes


def test_grid_in_another_community_than_the_compound_is_refused():
    frames = tiny_frames()
    frames["compounds"].loc[1, "community_id"] = "C9"  # K2 claims another community
    frames["communities"] = frames["communities"].iloc[[0, 0]].reset_index(drop=True)
    frames["communities"]["community_id"] = ["C1", "C9"]
    frames["communities"]["geometry"] = [MultiPolygon([_geographic(rect(0, 0, 200, 100))]),
                                         MultiPolygon([_geographic(rect(0, 200, 10, 210))])]
    frames["buildings"].loc[2, "grid_id"] = None
    result = plan_links(_project(frames))
    amb = [a for a in result.ambiguous if a.id == "B3"]
    assert amb and "C9" in amb[0].message.text("en")


def test_link_command_dry_run_writes_nothing_and_run_links(tmp_path, capsys):
    from geo.store import write_project

    path = write_project(tmp_path / "p.gpkg", _blank_links(tiny_frames()), tiny_rules())
    before = path.read_bytes()
    assert cli_main(["link", str(path), "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["linked"]["buildings.grid_id"] == 3 and out["ambiguous"] == []
    assert path.read_bytes() == before
    assert cli_main(["link", str(path)]) == 0
    project = Project.open(path)
    try:
        assert list(project["buildings"]["grid_id"]) == ["G1", "G1", "G2"]
        assert list(project["buildings"]["compound_id"]) == ["K1", "K1", "K2"]
    finally:
        project.close()
    capsys.readouterr()
    assert cli_main(["link", str(path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert not any(again["linked"].values()), "a second run has nothing left to link"
    assert cli_main(["link", str(path)]) == 0
    said = capsys.readouterr().out
    assert Message("link.unchanged").text() in said and Message("link.dry_run").text() not in said


def test_link_restores_the_demo_street(demo_gpkg):
    project = Project.open(demo_gpkg)
    try:
        original = {key: project[key[0]][key[1]].copy() for key in LINK_COLUMNS}
        for layer, column in LINK_COLUMNS:
            project.layers[layer][column] = None
        result = plan_links(project)
    finally:
        project.close()
    assert not result.ambiguous and not any(result.unlinked.values())
    for _, layer, id_, values in result.changes:
        (column, value), = values.items()
        assert original[(layer, column)][id_] == value
    assert len(result.changes) == sum(len(s) for s in original.values())


def _geographic(geom):
    import geopandas as gpd

    return gpd.GeoSeries([geom], crs="EPSG:4548").to_crs("EPSG:4490").iloc[0]

