"""The live CoverageModel after edits equals a model computed from scratch."""
import pytest
from shapely.geometry import Point

from geo.coverage import CoverageModel
from tests.coverage_factories import EDITS, assert_same_as_fresh, coverage_project
from tests.factories import rect, at


def _geo(project, layer, geom):
    """A metric-frame shape in the project's stored CRS."""
    import geopandas as gpd
    from tests.factories import METRIC

    return gpd.GeoSeries([geom], crs=METRIC).to_crs(project[layer].crs).iloc[0]


@pytest.mark.parametrize("name", list(EDITS))
def test_edit_matches_from_scratch(name):
    project = coverage_project()
    model = CoverageModel(project)
    events = []
    model.changed.connect(events.append)
    project.apply(EDITS[name])
    assert events
    assert_same_as_fresh(model, project)


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
    assert_same_as_fresh(model, project)


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
    assert_same_as_fresh(model, project)


def test_close_stops_following():
    project = coverage_project()
    model = CoverageModel(project)
    model.close()
    project.apply([("update", "buildings", "B3", {"grid_id": "G1"})])
    assert model.grids.loc["G2", "households"] == 50
