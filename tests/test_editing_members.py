"""Members, party groups, unit heads, partner links, stations, finders and compactness."""
import math

import pytest

from geo.editing.assign import EditRefused, ReassignBuildings
from geo.editing.compactness import grid_compactness
from geo.editing.finders import enclaves, next_unassigned_building, non_contiguous_grids, out_of_band_grids
from geo.editing.members import (link_partner, move_member, remove_building_group, set_building_group,
                                 set_central_household, set_unit_head, unlink_partner)
from geo.editing.stations import add_station, move_station, set_station_radius, set_station_status
from tests.editing_checks import open_copy


@pytest.fixture
def tiny(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    yield project
    project.close()


def test_member_commands_undo(tiny):
    for command in [move_member(tiny, "M2", org_id="O-B1", building_id="B1", roles=["grid_staff"]),
                    set_central_household(tiny, "M2", 10), set_unit_head(tiny, "B1", 1, "M2")]:
        before = tiny["members"].copy()
        command.do(tiny)
        assert not tiny["members"].equals(before)
        command.undo(tiny)
        assert tiny["members"].fillna("").equals(before.fillna(""))
    set_unit_head(tiny, "B1", 1, "M2").do(tiny)
    assert "unit_head" not in tiny["members"].at["M1", "roles"]
    with pytest.raises(EditRefused):
        move_member(tiny, "M2", roles=["king"])


def test_groups_links_stations(tiny):
    with pytest.raises(EditRefused):
        set_building_group(tiny, "B1")
    set_building_group(tiny, "B2").do(tiny)
    assert tiny["organizations"].at["O-B2", "parent_id"] == "O-G1"
    remove = remove_building_group(tiny, "B1")
    remove.do(tiny)
    assert "O-B1" not in tiny["organizations"].index and tiny["members"].at["M1", "org_id"] == "O-G1"
    remove.undo(tiny)
    link = link_partner(tiny, "P1", "building", "B3", items=2)
    link.do(tiny)
    new = tiny["partner_links"].index[-1]
    unlink_partner(tiny, new).do(tiny)
    add = add_station(tiny, 117.0, 36.65, "新站")
    add.do(tiny)
    sid = tiny["stations"].index[-1]
    move_station(tiny, sid, 117.001, 36.65).do(tiny)
    set_station_radius(tiny, sid, 300).do(tiny)
    set_station_status(tiny, sid, "built").do(tiny)
    assert tiny["stations"].at[sid, "service_radius_m"] == 300


def test_finders_and_compactness(tiny):
    assert next_unassigned_building(tiny) is None
    ReassignBuildings({"B3": None}, force=True).do(tiny)  # G2 loses its area: a confirmed gap
    found = next_unassigned_building(tiny)
    assert found.id == "B3" and 116 < found.x < 118
    kinds = {f.id: f.kind for f in out_of_band_grids(tiny)}
    assert kinds == {"G1": "over"}  # G2 lost its only building, so its area (no location) too
    assert non_contiguous_grids(tiny) == [] and enclaves(tiny) == []
    c = grid_compactness(tiny)
    assert c.loc["G1", "polsby_popper"] == pytest.approx(math.pi / 4, rel=1e-3)
    assert 0 < c.loc["G1", "reock"] <= 1


@pytest.mark.parametrize("with_balance", [False, True])
def test_members_of_a_branch_follow_their_building(tiny_gpkg, tmp_path, with_balance):
    from geo.commands import ChangeList
    from geo.editing.balance import GridBalance
    from geo.editing.orgs import new_branch
    from tests.editing_checks import open_copy

    project = open_copy(tiny_gpkg, tmp_path)
    ChangeList("branch", [new_branch(project, "G2", "第二网格", "C1")[1]]).do(project)
    balance = GridBalance(project) if with_balance else None
    command = ReassignBuildings({"B2": "G2"}, balance=balance, force=True)
    command.do(project)
    assert project["members"].at["M2", "org_id"] == "O-G2"  # M2 lives in B2, was in G1's branch
    assert project["members"].at["M1", "org_id"] == "O-B1"  # M1 stays in B1's group
    command.undo(project)
    assert project["members"].at["M2", "org_id"] == "O-G1"
    project.close()
