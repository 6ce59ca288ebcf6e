"""Plans are isolated: a whole plan session that ends on the current plan leaves every
non-plan table exactly as it was — through the command line and through the window.
Adopting derives the organization from the layout once, and undo restores it all."""
import csv

import pytest

from geo.cli import main as cli
from geo.editing.assign import EditRefused, ReassignBuildings
from geo.editing.grids import MergeGrids, NewGrid, SplitGrid
from geo.editing.members import move_member, set_building_group
from geo.editing.orgs import branch_of, building_group_of
from geo.editing.plans import AdoptPlan, CreatePlan, DeletePlan, SwitchPlan
from geo.editing.stations import add_station, move_station
from geo.project import Project
from geo.validate import check_layers
from geo.store import read_layers
from tests.editing_checks import demo, open_copy  # noqa: F401 (fixture)
from tests.editing_gui_helpers import no_blocking_boxes  # noqa: F401 (fixture: a message box fails the test)
from tests.plan_session_checks import non_plan_digest, touching_pair_with_branches


def _org_problems(path):
    kinds = {"group_misplaced", "branch_without_grid", "member_misplaced"}
    return [p for p in check_layers(read_layers(path)) if p.kind in kinds]


def test_cli_plan_session_leaves_the_organization_alone(demo_gpkg, tmp_path, capsys):
    path = tmp_path / "street.gpkg"
    open_copy(demo_gpkg, tmp_path, "street.gpkg").close()
    project = Project.open(path)
    source, target = touching_pair_with_branches(project)
    moving = list(project["buildings"].index[project["buildings"]["grid_id"] == source])
    project.close()
    before = non_plan_digest(path)
    moves = tmp_path / "moves.csv"
    with open(moves, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["building_id", "grid_id"])
        writer.writerows([b, target] for b in moving)
    project_arg = str(path)
    assert cli(["plan", project_arg, "create", "合并方案"]) == 0
    assert cli(["plan", project_arg, "switch", "P1"]) == 0
    assert cli(["plan", project_arg, "import-csv", str(moves)]) == 0
    assert cli(["plan", project_arg, "create", "第二方案"]) == 0
    assert cli(["plan", project_arg, "switch", "P2"]) == 0
    assert cli(["plan", project_arg, "switch", "P0"]) == 0
    assert non_plan_digest(path) == before
    assert _org_problems(path) == []
    # the proposal keeps its layout; adopting it moves the groups under the target's branch
    assert cli(["plan", project_arg, "adopt", "P1"]) == 0
    project = Project.open(path)
    groups = [building_group_of(project, b) for b in moving]
    assert {project["organizations"].at[g, "parent_id"] for g in groups if g} == {branch_of(project, target)}
    project.close()
    assert _org_problems(path) == []


def test_gui_plan_session_leaves_the_organization_alone(demo_gpkg, tmp_path, make_main_window, monkeypatch,
                                                       qtbot):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from tests.editing_gui_helpers import editing_feature

    path = tmp_path / "street.gpkg"
    open_copy(demo_gpkg, tmp_path, "street.gpkg").close()
    before = non_plan_digest(path)
    window = make_main_window(path, show=False)
    feature = editing_feature(window)
    session, dock = feature.session, feature.plan_dock
    project = window.project
    source, target = touching_pair_with_branches(project)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("调整方案", True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert dock.new_plan()
    qtbot.waitUntil(lambda: dock.table.rowCount() == 2)  # the panel refreshes once per command
    dock.select_plans(["P1"])
    assert dock.switch()
    b = project["buildings"]
    assert session.run(MergeGrids([source], target))
    grid = b["grid_id"].value_counts().index[0]
    assert session.run(SplitGrid(grid, list(b.index[b["grid_id"] == grid][:2]), force=True))
    assert session.run(NewGrid(project["grids"].at[target, "community_id"]))
    assert session.run(add_station(project, *_inside(project, target), "规划服务站"))
    station = project["stations"].index[0]
    assert session.run(move_station(project, station, *_inside(project, target)))
    member = project["members"].index[0]
    assert not session.run(move_member(project, member, org_id=project["organizations"].index[0]))
    assert "方案中不能修改党组织" in warnings[-1]
    free = b.index[~b.index.isin(project["organizations"]["area_id"])][0]
    assert not session.run(set_building_group(project, free))
    qtbot.wait(50)
    dock.select_plans(["P0"])
    assert dock.switch()
    assert non_plan_digest(path) == before
    qtbot.wait(50)
    dock.select_plans(["P1"])
    assert dock.delete()
    assert non_plan_digest(path) == before
    assert _org_problems(path) == []


def _inside(project, grid):
    p = project["grids"].at[grid, "geometry"].representative_point()
    return p.x, p.y


def test_adoption_derives_branches_and_undo_restores(demo):
    source, target = touching_pair_with_branches(demo)
    b = demo["buildings"]
    CreatePlan("方案").do(demo)
    SwitchPlan("P1").do(demo)
    orgs_before = demo["organizations"].copy()
    members_before = demo["members"].copy()
    MergeGrids([source], target).do(demo)  # the source grid disappears in the plan
    busiest = b["grid_id"].value_counts().index[0]
    split = SplitGrid(busiest, list(b.index[b["grid_id"] == busiest][:2]), force=True)
    split.do(demo)
    assert demo["organizations"].equals(orgs_before) and demo["members"].equals(members_before)
    adopt = AdoptPlan("P1", force=True)
    adopt.do(demo)
    orgs = demo["organizations"]
    assert source not in set(orgs.loc[orgs["level"] == "grid_branch", "area_id"])
    assert branch_of(demo, split.new_grid_id) is not None  # a grid new in the plan got a branch
    for building in b.index[b["grid_id"].isin([target, split.new_grid_id])]:
        group = building_group_of(demo, building)
        if group is not None:
            assert orgs.at[group, "parent_id"] == branch_of(demo, b.at[building, "grid_id"])
    adopt.undo(demo)
    assert demo["organizations"].sort_index().equals(orgs_before.sort_index())
    assert demo["members"].sort_index().equals(members_before.sort_index())


def test_adopting_a_plan_with_topology_problems_needs_force(tiny_gpkg, tmp_path, capsys):
    path = str(tiny_gpkg)
    assert cli(["plan", path, "create", "飞地方案"]) == 0
    assert cli(["plan", path, "switch", "P1"]) == 0
    project = Project.open(path)
    ReassignBuildings({"B3": None}, force=True).do(project)  # G2 loses its area: a gap in C1
    project.close()
    assert cli(["plan", path, "switch", "P0"]) == 0
    capsys.readouterr()
    assert cli(["plan", path, "adopt", "P1"]) == 1
    out = capsys.readouterr()
    assert "communities C1" in out.out and "--force" in out.err
    project = Project.open(path)
    assert project["plans"].at["P0", "status"] == "current"
    project.close()
    assert cli(["plan", path, "adopt", "P1", "--force"]) == 0


def test_org_edits_are_refused_inside_a_proposal(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    CreatePlan("方案").do(project)
    SwitchPlan("P1").do(project)
    with pytest.raises(EditRefused, match="方案中不能修改党组织"):
        move_member(project, "M1", org_id="O-C1").do(project)
    with pytest.raises(EditRefused):
        NewGrid("C1", with_branch=True).do(project)
    ReassignBuildings({"B2": "G2"}).do(project)  # the layout changes, the organization does not
    assert project["members"].at["M2", "org_id"] == "O-G1"
    SwitchPlan("P0").do(project)
    move_member(project, "M1", org_id="O-C1").do(project)  # fine in the current layout
    with pytest.raises(EditRefused):
        DeletePlan("P0").do(project)
    project.close()
