"""Plans: create, switch, compare, adopt, delete — on disk, with undo and the tiling checked."""
import sqlite3

import pytest

from geo.editing.assign import EditRefused, ReassignBuildings
from geo.editing.plan_compare import compare_plans
from geo.editing.plans import (AdoptPlan, CreatePlan, DeletePlan, SwitchPlan, active_plan,
                               current_plan, plan_assignment)
from geo.project import Project
from tests.editing_checks import assert_tiled, grid_of, open_copy


def test_old_file_without_plan_tables_opens_and_gets_them(tiny_gpkg, tmp_path):
    con = sqlite3.connect(tiny_gpkg)
    for name in ("plans", "plan_assignments", "plan_grids"):
        con.execute(f'DROP TABLE "{name}"')
        con.execute("DELETE FROM gpkg_contents WHERE table_name=?", (name,))
        con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name=?", (name,))
    con.commit()
    con.close()
    project = open_copy(tiny_gpkg, tmp_path)
    assert project["plans"].empty
    CreatePlan("方案一").do(project)
    project.close()
    reopened = Project.open(tmp_path / "p.gpkg")
    assert set(reopened["plans"].index) == {"P0", "P1"}
    assert len(reopened["plan_assignments"]) == 3 and len(reopened["plan_grids"]) == 2
    reopened.close()


def test_plan_cycle(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    create = CreatePlan("方案一", note="试验")
    create.do(project)
    assert active_plan(project) == "P0" and current_plan(project) == "P0"
    switch = SwitchPlan("P1")
    switch.do(project)
    assert active_plan(project) == "P1"
    ReassignBuildings({"B2": "G2"}).do(project)  # edit the proposal
    assert_tiled(project)
    assert plan_assignment(project, "P0")["B2"] == "G1"
    comparison = compare_plans(project, "P0", "P1")
    assert list(comparison.moved["building_id"]) == ["B2"]
    assert comparison.figures.loc["G1", "households_a"] == 100
    assert comparison.figures.loc["G1", "households_b"] == 60
    assert set(comparison.changed["grid_id"]) == {"G1", "G2"}
    SwitchPlan("P0").do(project)
    assert grid_of(project, "B2") == "G1"
    assert_tiled(project)
    with pytest.raises(EditRefused):
        DeletePlan("P0").do(project)
    adopt = AdoptPlan("P1")
    adopt.do(project)
    assert current_plan(project) == "P1" and active_plan(project) == "P1"
    assert project["plans"].at["P0", "status"] == "archived" and grid_of(project, "B2") == "G2"
    assert_tiled(project)
    adopt.undo(project)
    assert current_plan(project) == "P0" and grid_of(project, "B2") == "G1"
    assert_tiled(project)
    project.close()
    reopened = Project.open(tmp_path / "p.gpkg")
    assert grid_of(reopened, "B2") == "G1" and active_plan(reopened) == "P0"
    reopened.close()


def test_plan_with_new_grid_switches_grids(demo_gpkg, tmp_path):
    from geo.editing.grids import SplitGrid
    project = open_copy(demo_gpkg, tmp_path)
    CreatePlan("拆分").do(project)
    SwitchPlan("P1").do(project)
    b = project["buildings"]
    grid = b["grid_id"].value_counts().index[0]
    split = SplitGrid(grid, list(b.index[b["grid_id"] == grid][:2]))
    split.do(project)
    n = len(project["grids"])
    SwitchPlan("P0").do(project)
    assert len(project["grids"]) == n - 1 and split.new_grid_id not in project["grids"].index
    assert_tiled(project)
    SwitchPlan("P1").do(project)
    assert split.new_grid_id in project["grids"].index
    assert_tiled(project)
    project.close()


def test_stations_planned_in_a_proposal_stay_in_it(tiny_gpkg, tmp_path):
    from geo.editing.stations import add_station, move_station

    project = open_copy(tiny_gpkg, tmp_path)
    CreatePlan("新站").do(project)
    SwitchPlan("P1").do(project)
    s1 = project["stations"].at["S1", "geometry"]
    add_station(project, s1.x + 0.001, s1.y, "规划站", station_id="S9").do(project)
    move_station(project, "S1", s1.x, s1.y + 0.001).do(project)
    SwitchPlan("P0").do(project)
    assert list(project["stations"].index) == ["S1"] and project["stations"].at["S1", "geometry"].equals(s1)
    project.close()
    reopened = Project.open(tmp_path / "p.gpkg")
    SwitchPlan("P1").do(reopened)
    assert set(reopened["stations"].index) == {"S1", "S9"}
    assert not reopened["stations"].at["S1", "geometry"].equals(s1)
    reopened.close()
