"""The live CoverageModel after edits equals a model computed from scratch."""
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.coverage import CoverageModel
from tests.coverage_factories import coverage_project
from tests.factories import rect, at


def assert_same(model, project):
    fresh = CoverageModel(project, live=False)
    pd.testing.assert_frame_equal(model.grids, fresh.grids, check_dtype=False)
    pd.testing.assert_frame_equal(model.communities, fresh.communities, check_dtype=False)
    assert model.street.keys() == fresh.street.keys()
    for key, value in fresh.street.items():
        got = model.street[key]
        assert got == value or (pd.isna(got) and pd.isna(value)), key
    pd.testing.assert_frame_equal(model.gaps(), fresh.gaps(), check_dtype=False)


def _geo(project, layer, geom):
    """A metric-frame shape in the project's stored CRS."""
    import geopandas as gpd
    from tests.factories import METRIC

    return gpd.GeoSeries([geom], crs=METRIC).to_crs(project[layer].crs).iloc[0]


EDITS = {
    "move building": [("update", "buildings", "B3", {"grid_id": "G1"})],
    "unassign building": [("update", "buildings", "B4", {"grid_id": None})],
    "households and units": [("update", "buildings", "B1", {"households": 75, "units": 1})],
    "member moves and roles": [("update", "members", "M3", {"building_id": "B5"}),
                               ("update", "members", "M8", {"roles": "grid_head,unit_head", "unit_no": 1,
                                                            "building_id": "B3"})],
    "member inserted and deleted": [
        ("insert", "members", {"member_id": "M9", "name": "王五", "gender": "男", "phone": "",
                               "id_number": "", "org_id": "O-X", "building_id": "B4", "kind": "in_service",
                               "roles": "grid_staff,central_household", "linked_households": 5,
                               "unit_no": 1, "work_unit": None}),
        ("delete", "members", "M1")],
    "org area fixed": [("update", "organizations", "O-X", {"area_id": "G2"})],
    "org inserted and deleted": [
        ("insert", "organizations", {"org_id": "O-B2", "parent_id": "O-G1", "level": "building_group",
                                     "name": "2号楼党小组", "area_type": "building", "area_id": "B2"}),
        ("delete", "organizations", "O-B1")],
    "partner link": [("insert", "partner_links", {"link_id": "L9", "partner_id": "P1", "target_type": "grid",
                                                  "target_id": "G2", "items": 1}),
                     ("delete", "partner_links", "L2")],
    "planned station built": [("update", "stations", "S2", {"status": "built"})],
    "grid changes community": [("update", "grids", "G3", {"community_id": "C1", "name": "三"})],
    "compound changes community": [("update", "compounds", "K2", {"community_id": "C2"})],
    "community renamed": [("update", "communities", "C2", {"name": "改名社区"})],
    "grid deleted": [("delete", "grids", "G3")],
}


@pytest.mark.parametrize("name", list(EDITS))
def test_edit_matches_from_scratch(name):
    project = coverage_project()
    model = CoverageModel(project)
    events = []
    model.changed.connect(events.append)
    project.apply(EDITS[name])
    assert events
    assert_same(model, project)


def test_geometry_edits_recompute_coverage():
    project = coverage_project()
    model = CoverageModel(project)
    # B3 moved next to S1; a new built station far away; B1 households edited.
    project.apply([("update", "buildings", "B3", {"geometry": _geo(project, "buildings", rect(100, 40, 110, 50))})])
    assert model.grids.loc["G2", "station_covered_households"] == 50
    project.apply([("insert", "stations", {"station_id": "S3", "name": "新站", "level": "grid",
                                           "status": "built", "service_radius_m": 10.0, "community_id": "C2",
                                           "geometry": _geo(project, "stations", Point(*at(250, 50)))})])
    assert model.grids.loc["G3", "stations"] == 1
    assert_same(model, project)


def test_move_event_names_both_grids_and_community():
    project = coverage_project()
    model = CoverageModel(project)
    events = []
    model.changed.connect(events.append)
    project.apply([("update", "buildings", "B3", {"grid_id": "G1"})])
    assert set(events[-1].grids) == {"G1", "G2"} and events[-1].communities == ("C1",)
    assert model.grids.loc["G1", "households"] == 140
    assert model.grids.loc["G2", "households"] == 20


def test_sequence_of_edits_stays_exact():
    project = coverage_project()
    model = CoverageModel(project)
    for changes in EDITS.values():
        if changes[0][0] == "delete" and changes[0][1] == "grids":
            continue
        project.apply(changes)
    assert_same(model, project)


def test_close_stops_following():
    project = coverage_project()
    model = CoverageModel(project)
    model.close()
    project.apply([("update", "buildings", "B3", {"grid_id": "G1"})])
    assert model.grids.loc["G2", "households"] == 50
