"""Property: any sequence of grid edits (and plan switches) keeps grids tiling their community,
after every command and after every undo — the topology guard refuses what would break it."""
import shutil
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon

from geo.editing.assign import EditRefused, ReassignBuildings
from geo.editing.grids import DeleteGrid, MergeGrids, NewGrid, SplitGrid
from geo.editing.plans import CreatePlan, SwitchPlan, active_plan
from geo.project import Project
from geo.topology import topology_problems
from tests.editing_checks import TILING_KINDS
from tests.factories import rect, tiny_frames, tiny_rules

#: The property is stricter than the tiling checks of the other tests: no grid falls apart either.
KINDS = TILING_KINDS | {"grid_not_contiguous"}
COLS, ROWS, CELL = 3, 2, 100


def _six_grids() -> dict:
    """The tiny project widened to one community of 3 x 2 grids, two buildings each."""
    frames = tiny_frames()
    metric = "EPSG:4548"
    community = frames["communities"].to_crs(metric)
    community["geometry"] = [MultiPolygon([rect(0, 0, COLS * CELL, ROWS * CELL)])]
    grids, buildings, groups = [], [], []
    for r in range(ROWS):
        for c in range(COLS):
            g = f"G{r * COLS + c + 1}"
            x, y = c * CELL, r * CELL
            grids.append({"grid_id": g, "name": f"{g}网格", "community_id": "C1",
                          "geometry": MultiPolygon([rect(x, y, x + CELL, y + CELL)])})
            # offsets vary per grid: a perfect lattice of buildings makes degenerate Voronoi input
            for k, (dx, dy) in enumerate([(10 + 7 * c, 12 + 5 * r), (52 + 3 * r, 57 - 4 * c)]):
                bid = f"B{g[1:]}{k}"
                buildings.append({"building_id": bid, "name": bid, "compound_id": None, "grid_id": g,
                                  "floors": 5, "units": 2, "households": 30, "residents": 80, "address": bid,
                                  "geometry": rect(x + dx, y + dy, x + dx + 30, y + dy + 30)})
                groups.append({"org_id": f"O-{bid}", "parent_id": f"O-{g}", "level": "building_group",
                               "name": f"{bid}党小组", "area_type": "building", "area_id": bid})
    frames["communities"] = community.to_crs("EPSG:4490")
    frames["grids"] = gpd.GeoDataFrame(grids, geometry="geometry", crs=metric).to_crs("EPSG:4490")
    frames["buildings"] = gpd.GeoDataFrame(buildings, geometry="geometry", crs=metric).to_crs("EPSG:4490")
    frames["compounds"] = frames["compounds"].iloc[0:0]
    orgs = frames["organizations"]
    branches = [{"org_id": f"O-{g['grid_id']}", "parent_id": "O-C1", "level": "grid_branch",
                 "name": f"{g['name']}党支部", "area_type": "grid", "area_id": g["grid_id"]} for g in grids]
    frames["organizations"] = pd.concat([orgs[orgs["level"].isin(["street_committee", "community_committee"])],
                                         pd.DataFrame(branches), pd.DataFrame(groups)], ignore_index=True)
    members = frames["members"].copy()
    members["org_id"], members["building_id"] = ["O-B10", "O-G1"], ["B10", "B11"]
    frames["members"] = members
    frames["partner_links"] = frames["partner_links"].iloc[0:0]
    return frames


@pytest.fixture(scope="module")
def six_grids_gpkg(tmp_path_factory):
    from geo.store import write_project

    return write_project(tmp_path_factory.mktemp("six") / "six.gpkg", _six_grids(), tiny_rules())


STEP = st.one_of(
    st.tuples(st.just("move"), st.integers(0, 11), st.integers(0, 7)),
    st.tuples(st.just("split"), st.integers(0, 7), st.integers(1, 2)),
    st.tuples(st.just("merge"), st.integers(0, 7), st.integers(0, 7)),
    st.tuples(st.just("new"), st.just(0), st.just(0)),
    st.tuples(st.just("delete"), st.integers(0, 7), st.integers(0, 7)),
    st.tuples(st.just("plan"), st.just(0), st.just(0)),
)


def _command(project, step):
    kind, a, b = step
    grids = list(project["grids"].index)
    pick = (lambda i: grids[i % len(grids)])
    buildings = project["buildings"]
    if kind == "move":
        return ReassignBuildings({buildings.index[a]: pick(b)})
    if kind == "split":
        mine = list(buildings.index[buildings["grid_id"] == pick(a)])
        return SplitGrid(pick(a), mine[:b]) if len(mine) > b else None
    if kind == "merge":
        return MergeGrids([pick(a)], pick(b)) if pick(a) != pick(b) else None
    if kind == "new":
        return NewGrid("C1")
    if kind == "delete":
        return DeleteGrid(pick(a), pick(b)) if pick(a) != pick(b) else None
    plans = list(project["plans"].index)
    if active_plan(project) in (None, "P0") and len(plans) < 3:
        return _NewPlanAndSwitch()
    return SwitchPlan("P0")


class _NewPlanAndSwitch:
    """Create a proposal and show it (two commands, undone together)."""

    text = "plan"

    def do(self, project):
        self.create = CreatePlan("试验")
        self.create.do(project)
        self.switch = SwitchPlan(self.create.plan_id)
        self.switch.do(project)

    def undo(self, project):
        self.switch.undo(project)
        self.create.undo(project)


def _tiling_problems(project):
    return [p for p in topology_problems(project) if p.kind in KINDS]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=6))
# found by this test: edges meeting without shared vertices left a merged grid in two pieces
@example(steps=[("move", 0, 1), ("split", 1, 2), ("merge", 0, 1), ("merge", 0, 1)])
def test_edit_sequences_keep_the_tiling(six_grids_gpkg, steps):
    folder = Path(tempfile.mkdtemp())
    shutil.copy(six_grids_gpkg, folder / "p.gpkg")
    project = Project.open(folder / "p.gpkg")
    try:
        assert _tiling_problems(project) == []
        done = []
        for step in steps:
            command = _command(project, step)
            if command is None:
                continue
            try:
                command.do(project)
            except EditRefused:
                continue  # refused before anything was written (the guard, a wrong id)
            done.append(command)
            assert _tiling_problems(project) == [], (step, done)
        for command in reversed(done):
            command.undo(project)
            assert _tiling_problems(project) == [], ("undo", command.text)
    finally:
        project.close()
        shutil.rmtree(folder, ignore_errors=True)
