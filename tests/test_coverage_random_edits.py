"""After a seeded sequence of random edits, the live CoverageModel equals one built from scratch.

The edits go through the real commands on a copy of the demo street (file behind it):
click-assigns and brush strokes (boundaries re-derived, so grid outlines change and
stations may change grid), undo and redo, station moves, inserts and deletes, member
edits (roles, organization, building, no building) and organizations re-parented or
moved to another area. The model follows only what each edit touched; the frames it
gives (grids, communities, street, buildings, gaps) and the state it keeps (which grid
each station stands in, the per-grid extras) must equal a fresh build.
"""
import numpy as np
import pytest
import shapely

from geo.commands import SetValues
from geo.coverage.model import CoverageModel
from geo.editing.assign import EditRefused, ReassignBuildings
from geo.editing.balance import GridBalance
from geo.editing.brush import BrushOptions, BrushStroke, BuildingIndex
from geo.editing.stations import add_station, delete_station, move_station
from tests.coverage_factories import assert_same_as_fresh
from tests.editing_checks import border_buildings, demo  # noqa: F401 (fixture)


def border_moves(project):
    """(the four buildings nearest the border, touching grid of the same community) per grid."""
    return [(list(mine[np.argsort(d)][:4]), other) for _g, other, mine, d in border_buildings(project)]


class Editor:
    """Random edits as the GUI makes them, with an undo stack of commands."""

    def __init__(self, project, rng):
        self.project, self.rng = project, rng
        self.balance, self.index = GridBalance(project), BuildingIndex(project)
        self.done, self.undone = [], []

    def pick(self, values):
        return values[int(self.rng.integers(len(values)))]

    def run(self, command) -> None:
        try:
            command.do(self.project)
        except EditRefused:  # the topology guard or a rule said no: nothing changed
            return
        self.done.append(command)
        self.undone.clear()

    def click(self):
        near, target = self.pick(border_moves(self.project))
        return ReassignBuildings({near[0]: target}, balance=self.balance)

    def brush(self):
        near, target = self.pick(border_moves(self.project))
        community = self.project["grids"].at[target, "community_id"]
        stroke = BrushStroke(self.project, target, BrushOptions(community=community),
                             balance=self.balance, index=self.index)
        stroke.add(near)
        return stroke.commit()

    def station_move(self):
        st = self.project["stations"]
        point = self.pick(self.project["buildings"].geometry.values.to_numpy()).representative_point()
        return move_station(self.project, self.pick(list(st.index)), point.x, point.y)

    def station_add_or_delete(self):
        st = self.project["stations"]
        if len(st) > 3 and self.rng.random() < 0.5:
            return delete_station(self.project, self.pick(list(st.index)))
        point = self.pick(self.project["buildings"].geometry.values.to_numpy()).representative_point()
        return add_station(self.project, point.x, point.y, "新站", status="built")

    def member_edit(self):
        p = self.project
        member = self.pick(list(p["members"].index))
        orgs = p["organizations"]
        branches = list(orgs.index[orgs["level"] == "grid_branch"])
        choice = int(self.rng.integers(4))
        values = [{"roles": self.pick(["grid_head", "grid_staff", "grid_head,unit_head", "", "central_household"]),
                   "org_id": self.pick(branches)},
                  {"building_id": self.pick(list(p["buildings"].index))},
                  {"building_id": None},
                  {"kind": self.pick(["registered", "in_service", "floating"])}][choice]
        return SetValues("members", {member: values})

    def org_edit(self):
        orgs = self.project["organizations"]
        groups = list(orgs.index[orgs["level"] == "building_group"])
        branches = list(orgs.index[orgs["level"] == "grid_branch"])
        if self.rng.random() < 0.5:  # a group re-parented: no figure changes
            return SetValues("organizations", {self.pick(groups): {"parent_id": self.pick(branches)}})
        return SetValues("organizations", {self.pick(branches): {"area_id": self.pick(list(self.project["grids"].index))}})

    def step(self) -> str:
        kind = self.pick(["click", "click", "brush", "brush", "undo", "redo", "station_move",
                          "station_add_or_delete", "member_edit", "member_edit", "org_edit"])
        if kind == "undo" and self.done:
            command = self.done.pop()
            command.undo(self.project)
            self.undone.append(command)
        elif kind == "redo" and self.undone:
            command = self.undone.pop()
            command.do(self.project)
            self.done.append(command)
        elif kind not in ("undo", "redo"):
            command = getattr(self, kind)()
            if command is not None:
                self.run(command)
        return kind


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_edits_equal_a_fresh_model(demo, seed):
    project = demo
    model = CoverageModel(project)
    model.grids, model.gaps()  # built before the edits, kept by them
    editor = Editor(project, np.random.default_rng(seed))
    kinds = [editor.step() for _ in range(30)]
    assert len(editor.done) > 5, kinds
    assert_same_as_fresh(model, project)
    while editor.done:  # everything undone: the figures as they were
        editor.done.pop().undo(project)
    assert_same_as_fresh(model, project)


def test_reshaped_grids_move_a_station_between_grids(demo):
    """A grid's new outline takes in a station: the count follows without a spatial join."""
    project = demo
    model = CoverageModel(project)
    grids, st = project["grids"], project["stations"]
    station = st.index[0]
    inside = model._state.station_grids.grid_of[0]  # noqa: SLF001
    assert inside >= 0
    home = grids.index[inside]
    other = next(g for g in grids.index if g != home)
    before = model.grids.loc[[home, other], "stations"].to_numpy()
    point = st.geometry.iloc[0]
    # the other grid grows over the station; the station's own grid gives up the spot
    grown = shapely.union(grids.at[other, "geometry"], point.buffer(1e-5))
    shrunk = shapely.difference(grids.at[home, "geometry"], point.buffer(2e-5))
    project.apply([("update", "grids", other, {"geometry": grown}),
                   ("update", "grids", home, {"geometry": shrunk})])
    after = model.grids.loc[[home, other], "stations"].to_numpy()
    assert after.tolist() == [before[0] - 1, before[1] + 1]
    assert model._state.station_grids.grid_of[0] == grids.index.get_loc(other)  # noqa: SLF001
    assert_same_as_fresh(model, project)
    assert station in project["stations"].index
