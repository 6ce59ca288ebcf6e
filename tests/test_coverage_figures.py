"""Coverage figures on the hand-made project of tests/coverage_factories.py.

Every expected value below was worked out by hand from the layout in that
module's docstring (rules: band 50-80, 1:10, default radius 35 m).
"""
import math

import pytest

from geo.coverage import CoverageModel
from tests.coverage_factories import coverage_project


@pytest.fixture
def model():
    return CoverageModel(coverage_project(), live=False)


def test_grid_g1_counts_the_border_building_by_its_assignment(model):
    g1 = model.grids.loc["G1"]
    # B1 60 + B2 40 + B5 10 (B5 straddles the G1/G2 border; its grid_id says G1).
    assert (g1.households, g1.buildings, g1.units) == (110, 3, 8)
    assert g1.residents == 280  # 160 + 100 + 20
    assert (g1.members, g1.members_registered, g1.members_in_service, g1.members_floating) == (3, 1, 1, 1)
    assert g1.members_per_100_households == pytest.approx(300 / 110)
    assert g1.has_branch and g1.has_grid_head and g1.has_grid_staff and g1.has_partner
    assert g1.building_group_share == pytest.approx(1 / 3)  # only B1 has a group
    assert g1.unit_head_share == pytest.approx(1 / 8)       # B1 unit 1
    assert (g1.linked_households, g1.central_households_required, g1.central_households_needed) == (10, 11, 10)
    assert g1.station_covered_households == 110
    assert (g1.in_band, g1.band, g1.band_needed) == (False, "over", 30)


def test_grid_g2_edges(model):
    g2 = model.grids.loc["G2"]
    assert (g2.households, g2.buildings, g2.units) == (50, 2, 5)
    assert g2.residents == 80 and g2.residents_buildings == 1  # B4's residents unknown
    # M4 links 30 but B4 has 20 households: capped per building.
    assert g2.linked_households == 20
    assert (g2.central_households_required, g2.central_households_needed) == (5, 4)
    # M4 and M5 head unit 2 (counts once); M6's unit 5 does not exist in B4.
    assert g2.units_with_head == 1 and g2.unit_head_share == pytest.approx(0.2)
    # B4 is exactly 60 m from S1 (radius 60): covered. B3 is 70 m away: not.
    assert g2.station_covered_households == 20
    assert g2.station_covered_households_with_planned == 50  # S2 (planned, default 35 m) reaches B3
    assert g2.planned_added_households == 30
    assert g2.in_band and g2.band == "in"  # 50 is the band's lower edge: in band
    assert not g2.has_branch and not g2.has_grid_head and not g2.has_partner
    assert g2.partner_buildings == 1  # B3's enterprise partner


def test_grid_without_households_has_no_shares(model):
    g3 = model.grids.loc["G3"]
    assert (g3.households, g3.buildings, g3.members) == (0, 0, 0)
    for share in ("members_per_100_households", "building_group_share", "unit_head_share",
                  "station_coverage_share", "linked_share"):
        assert math.isnan(g3[share]), share
    assert (g3.band, g3.band_needed, g3.central_households_needed) == ("under", 50, 0)
    assert g3.community_id == "C2"


def test_communities_sum_their_grids(model):
    c1 = model.communities.loc["C1"]
    assert (c1.households, c1.buildings, c1.members, c1.grids) == (160, 5, 6, 2)
    assert (c1.grids_with_branch, c1.grids_in_band, c1.grids_over_band) == (1, 1, 1)
    assert (c1.compounds, c1.compounds_with_partner) == (2, 1)  # K2 has level-2 partner P3
    assert c1.station_coverage_share == pytest.approx(130 / 160)
    assert c1.central_households_needed == 14  # 10 + 4: summed per grid
    c2 = model.communities.loc["C2"]
    assert (c2.households, c2.grids, c2.grids_under_band) == (0, 1, 1)


def test_street_includes_members_without_building(model):
    s = model.street
    assert (s["households"], s["buildings"], s["grids"], s["communities"]) == (160, 5, 3, 2)
    assert s["members"] == 8 and s["members_without_building"] == 2 and s["members_without_grid"] == 2
    assert (s["members_registered"], s["members_in_service"], s["members_floating"]) == (5, 1, 2)
    assert s["members_per_100_households"] == pytest.approx(5.0)
    assert (s["stations"], s["organizations"]) == (2, 6)
    assert s["residents"] == 360


EXPECTED_GAPS = {
    ("grid_no_branch", "G2"), ("grid_no_branch", "G3"), ("org_area_missing", "O-X"),
    ("grid_out_of_band", "G1"), ("grid_out_of_band", "G3"),
    ("households_unlinked", "G1"), ("households_unlinked", "G2"),
    ("building_outside_stations", "B3"), ("grid_no_head", "G2"), ("grid_no_head", "G3"),
    ("member_no_grid", "M3"), ("member_no_grid", "M7"),
    ("grid_no_staff", "G2"), ("grid_no_staff", "G3"), ("grid_no_partner", "G2"), ("grid_no_partner", "G3"),
    ("building_no_group", "B2"), ("building_no_group", "B4"), ("building_no_group", "B5"),
    ("unit_no_head", "B1"), ("unit_no_head", "B2"), ("unit_no_head", "B3"), ("unit_no_head", "B4"),
    ("unit_no_head", "B5"),
}


def test_gap_list(model):
    gaps = model.gaps()
    assert set(zip(gaps["type"], gaps["id"])) == EXPECTED_GAPS
    needed = {(t, i): n for t, i, n in zip(gaps["type"], gaps["id"], gaps["needed"])}
    assert needed[("grid_out_of_band", "G1")] == 30
    assert needed[("households_unlinked", "G1")] == 100
    assert needed[("unit_no_head", "B1")] == 4
    assert needed[("building_outside_stations", "B3")] == pytest.approx(10, abs=0.01)
    row = gaps[gaps["id"] == "B3"].iloc[0]
    assert "S2" in str(row.detail) and row.community_id == "C1" and row.grid_id == "G2"
    assert gaps["severity"].is_monotonic_decreasing
    member = gaps[gaps["id"] == "M3"].iloc[0]
    assert member["name"] == "党**3"  # masked
    assert math.isnan(member["x"])  # no building, nowhere to zoom
    assert not math.isnan(row.x) and row.minx < row.x < row.maxx


def test_gap_filters(model):
    only = model.gaps(types=["grid_no_branch"], community="C2")
    assert list(only["id"]) == ["G3"]
    with pytest.raises(ValueError):
        model.gaps(types=["no_such_type"])


def test_rules_change_updates_figures():
    project = coverage_project()
    model = CoverageModel(project)
    seen = []
    model.changed.connect(seen.append)
    project.set_rules(project.rules.__class__(households_min=100, households_max=120,
                                              households_per_central=5, station_radius_m=35.0))
    assert seen and seen[-1].rebuilt
    assert model.grids.loc["G1", "in_band"] and model.grids.loc["G2", "band"] == "under"
    assert model.grids.loc["G1", "central_households_needed"] == 21  # ceil(110/5) - 1
