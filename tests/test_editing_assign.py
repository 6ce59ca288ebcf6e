"""Reassigning buildings and compounds, the brush, and undo — with the tiling checked each time."""
import pytest

from geo.editing.assign import EditRefused, ReassignBuildings, reassign_compound
from geo.editing.balance import GridBalance
from geo.editing.brush import BrushOptions, BrushStroke
from geo.editing.topology_guard import TopologyRefused
from geo.store import read_layers
from tests.editing_checks import assert_tiled, demo, grid_of, open_copy  # noqa: F401 (fixture)


def _two_grids(project):
    b = project["buildings"]
    first = b["grid_id"].iloc[0]
    community = project["grids"].at[first, "community_id"]
    grids = project["grids"]
    other = [g for g in grids.index[grids["community_id"] == community] if g != first][0]
    return first, other


def test_reassign_writes_derives_and_undoes(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    events = []
    project.changed.connect(events.append)
    balance = GridBalance(project)
    old_geom = project["grids"].at["G1", "geometry"]
    command = ReassignBuildings({"B2": "G2"}, balance=balance)
    command.do(project)
    assert grid_of(project, "B2") == "G2"
    assert balance.households == {"G1": 60, "G2": 70}
    assert {e.layer for e in events} >= {"buildings", "grids"}
    on_disk = read_layers(project.path).frames["buildings"].set_index("building_id")
    assert on_disk.at["B2", "grid_id"] == "G2"
    assert_tiled(project)
    command.undo(project)
    assert grid_of(project, "B2") == "G1" and balance.households == {"G1": 100, "G2": 30}
    assert project["grids"].at["G1", "geometry"].equals(old_geom)
    assert_tiled(project)
    project.close()


def test_building_group_follows_to_new_branch(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    ReassignBuildings({"B1": "G2"}).do(project)  # G2 has no branch: the group stays put
    assert project["organizations"].at["O-B1", "parent_id"] == "O-G1"
    project.close()


def test_reassign_refuses_unknown_and_foreign(demo):
    with pytest.raises(EditRefused):
        ReassignBuildings({"nope": "G0101"}).do(demo)
    grids = demo["grids"]
    b = demo["buildings"]
    building = b.index[0]
    foreign = grids.index[grids["community_id"] != grids.at[b.at[building, "grid_id"], "community_id"]][0]
    with pytest.raises(EditRefused):
        ReassignBuildings({building: foreign}).do(demo)


def test_reassign_on_demo_keeps_tiling(demo):
    first, other = _two_grids(demo)
    b = demo["buildings"]
    moving = list(b.index[b["grid_id"] == first][:2])
    with pytest.raises(TopologyRefused):  # these two lie away from `other`: it would fall in pieces
        ReassignBuildings(dict.fromkeys(moving, other)).do(demo)
    command = ReassignBuildings(dict.fromkeys(moving, other), force=True)
    command.do(demo)
    assert all(grid_of(demo, i) == other for i in moving)
    assert_tiled(demo)
    command.undo(demo)
    assert all(grid_of(demo, i) == first for i in moving)
    assert_tiled(demo)


def test_compound_moves_whole(demo):
    b = demo["buildings"]
    comp = b["compound_id"].value_counts().index[0]
    grid = b.loc[b["compound_id"] == comp, "grid_id"].iloc[0]
    grids = demo["grids"]
    target = [g for g in grids.index[grids["community_id"] == grids.at[grid, "community_id"]] if g != grid][0]
    command = reassign_compound(demo, comp, target)
    command.do(demo)
    assert set(demo["buildings"].loc[b["compound_id"] == comp, "grid_id"]) == {target}
    assert_tiled(demo)
    command.undo(demo)
    assert_tiled(demo)


def test_brush_stroke_is_one_command_and_respects_locks(demo):
    first, other = _two_grids(demo)
    balance = GridBalance(demo)
    b = demo["buildings"]
    mine = list(b.index[b["grid_id"] == first])
    locked = BrushStroke(demo, other, BrushOptions(locked=frozenset({first})), balance=balance)
    assert locked.add(mine) == []
    stroke = BrushStroke(demo, other, balance=balance)
    before = balance.households[other]
    point = b.at[mine[0], "geometry"].representative_point()
    added = stroke.move_to(point.x, point.y, radius_m=3)
    assert mine[0] in added
    assert stroke.preview()[other] > before
    expected = stroke.preview()
    command = stroke.commit()
    command.force = True  # the stroke takes a building away from `other`: confirmed
    command.do(demo)
    assert {g: balance.households[g] for g in expected} == expected
    assert_tiled(demo)
    command.undo(demo)
    assert balance.households[other] == before
    assert_tiled(demo)
