"""Split, merge, new, rename, delete grids — undo of each, tiling checked after each."""
import pytest
from shapely.geometry import LineString

from geo.editing.assign import EditRefused
from geo.editing.grids import DeleteGrid, MergeGrids, NewGrid, RenameGrid, SplitGrid, split_by_line
from geo.editing.orgs import branch_of
from tests.editing_checks import assert_tiled, demo, grid_of, open_copy  # noqa: F401 (fixture)


def _busiest(project):
    b = project["buildings"]
    return b["grid_id"].value_counts().index[0]


def test_split_by_buildings_and_undo(demo):
    grid = _busiest(demo)
    b = demo["buildings"]
    moving = list(b.index[b["grid_id"] == grid][:3])
    command = SplitGrid(grid, moving, force=True)  # three buildings anywhere: pieces allowed here
    command.do(demo)
    new = command.new_grid_id
    assert new in demo["grids"].index and all(grid_of(demo, i) == new for i in moving)
    if branch_of(demo, grid) is not None:
        assert branch_of(demo, new) is not None
    assert_tiled(demo)
    command.undo(demo)
    assert new not in demo["grids"].index and all(grid_of(demo, i) == grid for i in moving)
    assert_tiled(demo)


def test_split_by_line(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    from tests.factories import at
    from geo.editing.metric import transform
    line = transform(LineString([at(-10, 45), at(110, 45)]), "EPSG:4548", project.crs)  # B1 below, B2 above
    command = split_by_line(project, "G1", line)
    command.do(project)
    assert grid_of(project, "B1") == "G1" and grid_of(project, "B2") == command.new_grid_id
    assert_tiled(project)
    command.undo(project)
    assert_tiled(project)
    with pytest.raises(EditRefused):
        split_by_line(project, "G1", transform(LineString([at(300, 0), at(300, 100)]), "EPSG:4548", project.crs))
    project.close()


def test_merge_moves_buildings_area_branch_and_links(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    area = project["grids"].to_crs(4548).area.sum()
    command = MergeGrids(["G1"], "G2")
    command.do(project)
    assert "G1" not in project["grids"].index
    assert set(project["buildings"]["grid_id"]) == {"G2"}
    assert project["grids"].to_crs(4548).area.sum() == pytest.approx(area)
    assert project["organizations"].at["O-G1", "area_id"] == "G2"  # G2 had no branch: takes G1's
    assert project["partner_links"].at["L1", "target_id"] == "G2"
    assert_tiled(project)
    command.undo(project)
    assert set(project["grids"].index) == {"G1", "G2"}
    assert project["organizations"].at["O-G1", "area_id"] == "G1"
    assert_tiled(project)
    project.close()


def test_merge_into_branch_folds_source_branch(demo):
    grids = demo["grids"]
    with_branch = [g for g in grids.index if branch_of(demo, g) is not None]
    target = with_branch[0]
    source = [g for g in with_branch[1:] if grids.at[g, "community_id"] == grids.at[target, "community_id"]][0]
    source_branch = branch_of(demo, source)
    command = MergeGrids([source], target)
    command.do(demo)
    assert source_branch not in demo["organizations"].index
    assert not (demo["organizations"]["parent_id"] == source_branch).any()
    assert not (demo["members"]["org_id"] == source_branch).any()
    assert_tiled(demo)
    command.undo(demo)
    assert source_branch in demo["organizations"].index
    assert_tiled(demo)


def test_new_rename_delete(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    new = NewGrid("C1", "新网格", with_branch=True)
    new.do(project)
    gid = new.grid_id
    assert gid == "G3" and project["grids"].at[gid, "geometry"].is_empty
    assert branch_of(project, gid) is not None
    RenameGrid(gid, "改名").do(project)
    assert project["grids"].at[gid, "name"] == "改名"
    with pytest.raises(EditRefused):
        DeleteGrid("G1").do(project)  # has buildings and no target
    DeleteGrid(gid).do(project)
    assert gid not in project["grids"].index and branch_of(project, gid) is None
    delete = DeleteGrid("G2", target_id="G1")
    delete.do(project)
    assert set(project["buildings"]["grid_id"]) == {"G1"}
    assert_tiled(project)
    delete.undo(project)
    assert_tiled(project)
    project.close()


def test_merge_of_grids_that_do_not_touch_is_refused_unless_forced(demo):
    from geo.editing.topology_guard import TopologyRefused, touching

    grids = demo["grids"]
    community = grids["community_id"].value_counts().index[0]
    mine = list(grids.index[grids["community_id"] == community])
    source, target = next((a, b) for a in mine for b in mine if a != b and not touching(demo, [a, b]))
    with pytest.raises(TopologyRefused) as refused:
        MergeGrids([source], target).do(demo)
    assert "不相邻" in refused.value.text("zh") and "do not touch" in refused.value.text("en")
    assert source in demo["grids"].index  # nothing written
    forced = MergeGrids([source], target, force=True)
    forced.do(demo)
    assert source not in demo["grids"].index
    forced.undo(demo)
    assert_tiled(demo)


def test_split_that_leaves_pieces_is_refused_with_the_reason(demo):
    from geo.editing.topology_guard import TopologyRefused

    grid = _busiest(demo)
    b = demo["buildings"]
    moving = list(b.index[b["grid_id"] == grid][:3])
    with pytest.raises(TopologyRefused) as refused:
        SplitGrid(grid, moving).do(demo)
    assert refused.value.problems and "pieces" in refused.value.text("en")
    assert set(b.index[b["grid_id"] == grid]) >= set(moving)
