"""GridBalance kept edit by edit equals one built from scratch, after seeded random edits.

Reassignments, households and compound changes, splits, merges, deleted buildings and
undo run as real commands on a copy of the demo street; after every step the balance
that followed the change events is compared with a fresh one over the same project.
"""
import numpy as np
import pandas as pd
import pytest

from geo.commands import DeleteFeatures, SetValues
from geo.editing.assign import EditRefused, ReassignBuildings
from geo.editing.balance import BuildingValues, GridBalance, GridMembers
from geo.editing.grids import MergeGrids, SplitGrid
from geo.editing.topology_guard import TopologyRefused
from tests.editing_checks import demo  # noqa: F401 (fixture)

ACTIONS = ("reassign", "unassign", "households", "compound", "split", "merge", "delete", "undo", "reassign")


def assert_same_as_fresh(kept, project):
    fresh = GridBalance(project)
    try:
        assert kept.households == fresh.households
        assert kept.members == fresh.members
        assert dict(kept.grid_of) == dict(fresh.grid_of)
        assert dict(kept.hh_of) == dict(fresh.hh_of)
        assert dict(kept.compound_of) == dict(fresh.compound_of)
        # a compound whose last building left is kept at 0; a fresh count never names it
        assert {c: n for c, n in kept.compound_sizes.items() if n} == fresh.compound_sizes
        grids = set(project["grids"].index) | set(fresh.members)
        assert {g: kept.buildings(g) for g in grids} == {g: len(fresh.members.get(g, ())) for g in grids}
        assert kept.figures(sorted(project["grids"].index)) == fresh.figures(sorted(project["grids"].index))
    finally:
        fresh.close()


def random_command(project, balance, rng, action):
    b, grids = project["buildings"], project["grids"]
    building = b.index[int(rng.integers(len(b)))]
    grid = b.at[building, "grid_id"]
    community = grids.at[grid, "community_id"] if grid in grids.index else None
    neighbours = [g for g in grids.index[grids["community_id"] == community] if g != grid]
    if action == "reassign" and neighbours:
        others = b.index[b["grid_id"] == grid][:3]
        target = neighbours[int(rng.integers(len(neighbours)))]
        return ReassignBuildings(dict.fromkeys(others, target), derive=False, balance=balance, force=True)
    if action == "households":
        return SetValues("buildings", {building: {"households": int(rng.integers(0, 300))}})
    if action == "compound":
        compounds = list(project["compounds"].index) + [None]
        return SetValues("buildings", {building: {"compound_id": compounds[int(rng.integers(len(compounds)))]}})
    if action == "split" and grid in grids.index:
        mine = list(b.index[b["grid_id"] == grid])
        return SplitGrid(grid, mine[: max(1, len(mine) // 3)], balance=balance, force=True)
    if action == "merge" and neighbours:
        return MergeGrids([grid], neighbours[0], force=True)
    if action == "delete":
        return DeleteFeatures("buildings", [building])
    if action == "unassign":  # an empty text counts as no grid, in a fresh build as in an update
        return SetValues("buildings", {building: {"grid_id": ""}})
    return None


@pytest.mark.parametrize("seed", [0, 1])
def test_balance_after_random_edits_equals_a_fresh_one(demo, seed):  # noqa: F811 (fixture)
    rng = np.random.default_rng(seed)
    balance = GridBalance(demo)
    done, ran = [], []
    for step in range(24):
        action = ACTIONS[step % len(ACTIONS)] if step < len(ACTIONS) else ACTIONS[int(rng.integers(len(ACTIONS)))]
        if action == "undo":
            if done:
                done.pop().undo(demo)
                ran.append(action)
        else:
            command = random_command(demo, balance, rng, action)
            try:
                if command is not None:
                    command.do(demo)
                    done.append(command)
                    ran.append(action)
            except (EditRefused, TopologyRefused):
                pass  # refused before anything was written: nothing to follow
        assert_same_as_fresh(balance, demo)
    assert {"reassign", "unassign", "households", "split", "merge", "delete", "undo"} <= set(ran), ran
    balance.close()


def test_building_values_read_like_a_dict():
    values = BuildingValues(pd.Index(["B1", "B2", "B3"]), ["G1", None, "G2"])
    expected = {"B1": "G1", "B2": None, "B3": "G2"}
    assert dict(values) == expected and len(values) == 3
    values["B4"] = "G3"
    values["B1"] = "G2"
    del values["B2"]
    expected.update(B4="G3", B1="G2")
    del expected["B2"]
    assert dict(values) == expected and len(values) == 3
    assert values.get("B2", "none") == "none" and "B2" not in values and "B1" in values
    assert values.pop("B3") == "G2" and values.pop("B3", None) is None
    values["B2"] = "G1"  # deleted, then back
    assert values == {"B1": "G2", "B4": "G3", "B2": "G1"}
    with pytest.raises(KeyError):
        values["nope"]


def test_grid_members_make_sets_on_demand_like_a_dict():
    ids = np.array(["B1", "B2", "B3", "B4"], dtype=object)
    codes = np.array([1, 0, 1, 1])
    members = GridMembers(["G9", "G1"], ids, codes, pd.Index(["G1", "G2"]))
    assert members.size("G2") == 3 and members.size("G1") == 1 and members.size("G9") == 0
    assert members == {"G1": {"B2"}, "G2": {"B1", "B3", "B4"}, "G9": set()}
    members["G2"].discard("B3")
    members.setdefault("G5", set()).add("B3")
    assert members.size("G2") == 2 and members.pop("G9") == set() and "G9" not in members
    assert dict(members) == {"G1": {"B2"}, "G2": {"B1", "B4"}, "G5": {"B3"}}
