"""Opening overlaps its steps: GDAL reads the next table while the last is converted, and map
layers are projected to metres while the rest is read. Neither may change what is read.

Real demo street through GDAL; no Qt.
"""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo import store
from geo.metric_prefetch import MetricPrefetch
from geo.project import Project

MAP = ["communities", "grids", "compounds", "buildings", "stations"]


def _one_by_one(path):
    """Every layer read alone, in the order read_layers keeps (the code before the read-ahead)."""
    con = store._open_readonly(path)  # noqa: SLF001
    try:
        info = store.gpkg.layer_info(con)
        return {name: store.read_layer(con, path, name, info[name]) for name in store.LAYER_ORDER if name in info}
    finally:
        con.close()


@pytest.mark.parametrize("read_ahead", [True, False])
def test_reading_ahead_gives_the_frames_of_reading_one_by_one(demo_gpkg, read_ahead):
    loaded = store.read_layers(demo_gpkg, read_ahead=read_ahead)
    alone = _one_by_one(demo_gpkg)
    assert list(loaded.frames) == list(alone)
    for name, frame in alone.items():
        got = loaded.frames[name]
        assert list(got.columns) == list(frame.columns), name
        assert list(got.dtypes) == list(frame.dtypes), name
        if "geometry" in frame.columns:
            assert shapely.equals_identical(got.geometry.to_numpy(), frame.geometry.to_numpy()).all(), name
            got, frame = got.drop(columns="geometry"), frame.drop(columns="geometry")
        assert got.equals(frame), name


def test_each_layer_is_handed_on_as_read_and_the_project_keeps_those_frames(demo_gpkg):
    seen = []
    project = Project.read(demo_gpkg, on_layer=lambda name, frame: seen.append((name, frame)))
    assert [n for n, _ in seen] == [n for n in store.LAYER_ORDER if n in project.layers]
    for name, frame in seen:
        if "geometry" in frame.columns and len(frame):
            # the very geometry objects: a prefetch's result is taken only for these
            assert all(a is b for a, b in zip(frame.geometry.to_numpy(), project[name].geometry.to_numpy()))


def test_a_layer_that_fails_to_read_is_named_and_the_reader_stops(demo_copy, monkeypatch):
    from geo import gpkg_read

    real = gpkg_read.fetch_arrow

    def broken(path, name, *args, **kwargs):
        if name == "members":
            raise OSError("disk gone")
        return real(path, name, *args, **kwargs)

    monkeypatch.setattr(gpkg_read, "fetch_arrow", broken)
    with pytest.raises(store.ProjectError, match="layer members cannot be read.*disk gone"):
        store.read_layers(demo_copy)


def test_the_prefetched_metric_layers_equal_a_projection_after_reading(demo_gpkg):
    from gui.map.preload import metric_layers

    plain = Project.read(demo_gpkg)
    prefetch = MetricPrefetch(plain.crs, plain.metric_crs, MAP)
    taken = []
    real_take = prefetch.take
    prefetch.take = lambda name, *a: taken.append(name) or real_take(name, *a)
    project = Project.read(demo_gpkg, on_layer=prefetch)
    layers = metric_layers(project, MAP, prefetch)
    prefetch.close()
    assert taken == MAP
    for name in MAP:
        assert shapely.equals_identical(layers[name].geoms, plain.metric(name).to_numpy()).all(), name
        assert project.cached_metric(name) is layers[name].geoms  # shared with the coverage figures


@pytest.mark.parametrize("whole", [True, False])
def test_a_first_view_s_layers_are_projected_as_read_and_equal_a_projection_after(demo_gpkg, whole):
    """read_first: each layer of the first view is projected while the next is read, to the
    metric CRS its project will have; taken whole, and equal to projecting the view after."""
    from geo.view_read import read_view
    from gui.map.preload import metric_layers, read_first

    box = None if whole else tuple(Project.read(demo_gpkg)["grids"].geometry.iloc[0].bounds)
    taken = []
    real_take = MetricPrefetch.take

    def take(self, name, *args):
        found = real_take(self, name, *args)
        taken.append((name, found is not None))
        return found

    MetricPrefetch.take = take
    try:
        view, layers = read_first(demo_gpkg, box)
    finally:
        MetricPrefetch.take = real_take
    assert view.prefetched is not None and view.prefetched._jobs == {}  # noqa: SLF001 (all taken)
    assert taken and all(found for _name, found in taken)
    assert [name for name, _found in taken] == [n for n in MAP if len(view.project[n])]
    plain = read_view(demo_gpkg, box)
    assert plain.prefetched is None
    expected = metric_layers(plain.project)
    for name in MAP:
        assert shapely.equals_identical(layers[name].geoms, expected[name].geoms).all(), name
        assert view.project.cached_metric(name) is layers[name].geoms


def test_a_prefetch_is_not_taken_for_other_geometries_or_another_crs(demo_gpkg):
    project = Project.read(demo_gpkg)
    geoms = project["buildings"].geometry.to_numpy()
    frame = project["buildings"]

    prefetch = MetricPrefetch(project.crs, project.metric_crs, ["buildings"])
    prefetch("buildings", frame)
    swapped = geoms.copy()
    swapped[[0, 1]] = swapped[[1, 0]]  # rows reordered since they were read
    assert prefetch.take("buildings", swapped, project.crs, project.metric_crs) is None

    prefetch("buildings", frame)
    assert prefetch.take("buildings", geoms, project.crs, "EPSG:4547") is None  # another metric CRS

    prefetch("buildings", frame)
    got = prefetch.take("buildings", geoms, project.crs, project.metric_crs)
    assert shapely.equals_identical(got, project.metric("buildings").to_numpy()).all()
    assert prefetch.take("buildings", geoms, project.crs, project.metric_crs) is None  # taken once
    prefetch("members", project["members"])  # not a layer it was asked for: nothing started
    assert prefetch.take("members", np.empty(0, dtype=object), project.crs, project.metric_crs) is None
    prefetch.close()


@pytest.mark.parametrize("drawn", [True, False])
def test_the_loader_overlaps_only_once_the_first_frame_is_drawn(qapp, demo_gpkg, monkeypatch, drawn):
    """A first frame still being drawn (a city's whole extent) keeps the reading to one thread."""
    from gui.opening import ProjectLoader

    calls = []
    real = Project.read.__func__

    def read(cls, path, **kwargs):
        calls.append(kwargs)
        return real(cls, path, **kwargs)

    box = tuple(real(Project, demo_gpkg)["grids"].geometry.iloc[0].bounds)  # a view of one grid
    monkeypatch.setattr(Project, "read", classmethod(read))
    got = {}
    loader = ProjectLoader(demo_gpkg, bbox=box, size=(800, 600))
    loader.loaded.connect(lambda project, layers: got.update(project=project, layers=layers))
    loader.failed.connect(lambda message: got.update(failed=message))
    monkeypatch.setattr(loader, "_frame_wait", lambda view: 0.0)
    if drawn:
        loader.first_frame_drawn.set()
    loader._run()  # the thread's body, here on the test's thread
    assert "failed" not in got
    assert calls[-1]["read_ahead"] is drawn
    prefetch = calls[-1]["on_layer"]
    assert ("buildings" in prefetch.names) is drawn  # the view read only some buildings
    for name, layer in got["layers"].items():  # either way the map layers are in metres, shared
        assert got["project"].cached_metric(name) is layer.geoms


def test_a_cancelled_loader_stops_after_the_layer_it_is_in(qapp, demo_gpkg):
    from gui.opening import ProjectLoader

    got, layers_read = {}, []
    loader = ProjectLoader(demo_gpkg, bbox=None, size=(800, 600))
    loader.loaded.connect(lambda project, layers: got.update(project=project))
    loader.failed.connect(lambda message: got.update(failed=message))
    loader.progressed.connect(lambda done, total, name: (layers_read.append(name), loader.cancelled.set()))
    loader.first_frame_drawn.set()
    loader._run()  # the thread's body, here on the test's thread: the signals arrive at once
    assert got == {}  # neither a model nor a failure: nobody listens any more
    assert layers_read == [store.LAYER_ORDER[0]]


def test_a_first_view_that_fails_to_read_closes_its_prefetch(demo_gpkg, monkeypatch):
    from geo import view_read

    closed, real_read = [], view_read._FileLayers.read  # noqa: SLF001

    def read(self, name, bbox=None):
        if name == "compounds":
            raise OSError("compounds: disk gone")
        return real_read(self, name, bbox)

    monkeypatch.setattr(view_read._FileLayers, "read", read)  # noqa: SLF001
    monkeypatch.setattr(MetricPrefetch, "close", lambda self: closed.append(sorted(self._jobs)))
    with pytest.raises(OSError, match="compounds"):
        view_read.read_view(demo_gpkg, prefetch=MAP)
    assert closed == [["communities", "grids", "stations"]]  # the layers read before it, being projected
