"""The buildings projected to metres once: shared by the map's loader and the coverage figures.

Real demo street through GDAL; no Qt (the map's preload module is plain Python).
"""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely import affinity

from geo.coverage import CoverageModel
from geo.coverage import stations as st
from geo.project import Project


@pytest.fixture(scope="module")
def street(demo_gpkg):
    return Project.read(demo_gpkg)


def test_metric_geoms_are_projected_once_and_read_only(street):
    first = street.metric_geoms("buildings")
    assert first is street.metric_geoms("buildings")
    assert not first.flags.writeable
    assert shapely.equals_identical(first, street.metric("buildings").to_numpy()).all()


def test_the_map_preload_fills_the_cache_with_the_same_coordinates(demo_gpkg):
    from gui.map.preload import metric_layers

    project = Project.read(demo_gpkg)
    layers = metric_layers(project)
    for name, layer in layers.items():
        assert project.cached_metric(name) is layer.geoms
        # the loader's own transformer and GeoSeries.to_crs agree to the bit, so the
        # coverage figures are the same whichever of them projected the buildings
        assert shapely.equals_identical(layer.geoms, project.metric(name).to_numpy()).all()
    model = CoverageModel(project, live=False)
    fresh = CoverageModel(Project.read(demo_gpkg), live=False)
    assert model.street == fresh.street
    assert model.grids.equals(fresh.grids)
    # the coverage state holds its own row array (edits patch it) over the shared geometries
    metric = model._state.metric
    assert metric is not layers["buildings"].geoms and metric[0] is layers["buildings"].geoms[0]


def test_a_preload_reuses_what_the_project_holds(demo_gpkg):
    from gui.map.preload import metric_layers

    project = Project.read(demo_gpkg)
    held = project.metric_geoms("buildings")
    assert metric_layers(project, ["buildings"])["buildings"].geoms is held


def test_a_geometry_edit_drops_the_cache_and_an_attribute_edit_keeps_it(demo_copy):
    project = Project.open(demo_copy)
    try:
        held = project.metric_geoms("buildings")
        bid = project["buildings"].index[0]
        project.apply([("update", "buildings", bid, {"name": "改名"})])
        assert project.metric_geoms("buildings") is held
        moved = affinity.translate(project["buildings"].geometry.iloc[0], 0.0001, 0.0)
        project.apply([("update", "buildings", bid, {"geometry": moved})])
        assert project.cached_metric("buildings") is None
        again = project.metric_geoms("buildings")
        assert shapely.equals_identical(again, project.metric("buildings").to_numpy()).all()
        assert not shapely.equals_identical(again[0], held[0])
        project.apply([("delete", "buildings", project["buildings"].index[-1])])
        assert project.cached_metric("buildings") is None
        assert len(project.metric_geoms("buildings")) == len(project["buildings"])
    finally:
        project.close()


def _reference_pairs(tree, stations, mask):
    which = np.flatnonzero(mask)
    pairs = tree.query(stations.points[which], predicate="dwithin",
                       distance=stations.radius[which] + st.TOLERANCE_M)
    return pairs[1], which[pairs[0]]


def _check_pairs(geoms, stations):
    tree = shapely.STRtree(geoms)
    bounds = tuple(np.ascontiguousarray(c) for c in shapely.bounds(tree.geometries).T)
    for mask in (stations.built, ~stations.built):
        got = st._covered(tree, bounds, stations, mask)
        want = _reference_pairs(tree, stations, mask)
        # the same pairs in the same order: planned_by keeps the last station written
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


@pytest.mark.parametrize("slice_size", [st._SLICE, 7])
def test_covered_pairs_equal_geos_dwithin_on_the_demo(street, monkeypatch, slice_size):
    monkeypatch.setattr(st, "_SLICE", slice_size)  # 7: stations measured in several slices
    stations = st.StationSet.from_project(street, street.rules.station_radius_m)
    _check_pairs(street.metric_geoms("buildings"), stations)


def test_covered_pairs_equal_geos_dwithin_at_the_radius():
    """Boxes just inside, on and just outside the radius, and a point inside a building."""
    r = 100.0
    geoms = [shapely.box(0, 0, 10, 10)]  # the station stands inside it
    for k, gap in enumerate((-1e-3, -1e-7, 0.0, 1e-7, 1e-3, 2e-3, 1.0)):
        x = 5 + r + st.TOLERANCE_M + gap
        geoms.append(shapely.box(x, 5 - k, x + 20, 5 + k + 1))  # nearest point on the x axis
        geoms.append(shapely.Polygon([(x, 5), (x + 30, 5 + 30), (x + 30, 5 - 30)]))  # a tip
    geoms.append(None)
    geoms = np.array(geoms, dtype=object)
    stations = st.StationSet(np.array(["s1", "s2"], dtype=object),
                             np.array([shapely.Point(5, 5), shapely.Point(5, 5)], dtype=object),
                             np.array([r, r / 2]), np.array([True, False]))
    _check_pairs(geoms, stations)
    cov = st.coverage(geoms, stations)
    assert cov.built[0] and not cov.built[-1]


def test_the_loader_leaves_the_buildings_in_metres_in_the_project(qapp, demo_gpkg):
    """What the app's loader thread hands over: the coverage figures need not project again."""
    from gui.opening import ProjectLoader

    got = {}
    loader = ProjectLoader(demo_gpkg, bbox=None, size=(800, 600))
    loader.loaded.connect(lambda project, layers: got.update(project=project, layers=layers))
    loader.failed.connect(lambda message: got.update(failed=message))
    loader.first_frame_drawn.set()
    loader._run()  # the thread's body, here on the test's thread
    assert "failed" not in got
    project, layers = got["project"], got["layers"]
    for name in ("buildings", "grids", "stations"):
        assert project.cached_metric(name) is layers[name].geoms


def test_the_full_read_waits_long_unless_the_first_view_draws_many_buildings(qapp, demo_gpkg, monkeypatch):
    """A first view of very many buildings must not hold the model back behind its frame; a
    whole project's view without its buildings (a city's, under a pixel) is drawn first."""
    from geo.view_read import read_view
    from gui.opening import ProjectLoader

    whole = read_view(demo_gpkg)
    assert ProjectLoader(demo_gpkg, bbox=None)._frame_wait(whole) == ProjectLoader.FIRST_FRAME_WAIT
    unseen = read_view(demo_gpkg, leave_out=("buildings",))
    monkeypatch.setattr(ProjectLoader, "LARGE_VIEW", 0)
    assert ProjectLoader(demo_gpkg, bbox=None)._frame_wait(unseen) == ProjectLoader.FIRST_FRAME_WAIT
    assert ProjectLoader(demo_gpkg, bbox=None)._frame_wait(whole) == ProjectLoader.LARGE_VIEW_WAIT
    monkeypatch.undo()
    minx, miny, maxx, maxy = whole.project["grids"].geometry.iloc[0].bounds
    box = (minx, miny, maxx, maxy)
    small = read_view(demo_gpkg, box)
    assert 0 < len(small.project["buildings"]) < len(whole.project["buildings"])
    assert ProjectLoader(demo_gpkg, bbox=box)._frame_wait(small) == ProjectLoader.FIRST_FRAME_WAIT
    monkeypatch.setattr(ProjectLoader, "LARGE_VIEW", len(small.project["buildings"]) - 1)
    assert ProjectLoader(demo_gpkg, bbox=box)._frame_wait(small) == ProjectLoader.LARGE_VIEW_WAIT
