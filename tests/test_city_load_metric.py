"""Whole layers projected to metres in one pass (geo.crs.project_geoms): the very coordinates
``GeoSeries.to_crs`` gives, whatever the slicing over threads."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import crs as crs_mod
from geo.crs import project_geoms, project_xy
from geo.project import Project

SRC, DST = "EPSG:4490", "EPSG:4548"


def _mixed(seed: int, n: int = 300) -> np.ndarray:
    """Polygons with holes, multipolygons, lines, points, an empty polygon and None."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        x, y = rng.uniform(116.5, 117.5), rng.uniform(36.4, 36.9)
        r = rng.uniform(1e-4, 5e-3)
        circle = shapely.Point(x, y).buffer(r, quad_segs=int(rng.integers(1, 12)))
        kind = k % 6
        if kind == 0:
            out.append(circle.difference(shapely.Point(x, y).buffer(r / 3)))
        elif kind == 1:
            out.append(shapely.MultiPolygon([circle, shapely.Point(x + 3 * r, y).buffer(r)]))
        elif kind == 2:
            out.append(shapely.LineString(rng.uniform([116.5, 36.4], [117.5, 36.9], (5, 2))))
        elif kind == 3:
            out.append(shapely.Point(x, y))
        elif kind == 4:
            out.append(None if k % 12 == 4 else shapely.Polygon())
        else:
            out.append(circle)
    return np.array(out, dtype=object)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("threads", [1, 3])
def test_project_geoms_equals_to_crs_to_the_bit(seed, threads, monkeypatch):
    monkeypatch.setattr(crs_mod, "SLICE", 50)  # small slices: several threads even here
    geoms = _mixed(seed)
    before = shapely.to_wkb(geoms)
    expected = gpd.GeoSeries(geoms, crs=SRC).to_crs(DST).to_numpy()
    got = project_geoms(geoms, SRC, DST, threads=threads)
    assert len(got) == len(expected)
    present = np.array([g is not None for g in expected])
    assert [g is not None for g in got] == present.tolist()
    assert present.sum() < len(present)  # the None rows were there to be kept
    assert shapely.equals_identical(got[present], expected[present]).all()
    assert np.array_equal(shapely.get_coordinates(got), shapely.get_coordinates(expected))
    assert (shapely.get_type_id(got) == shapely.get_type_id(expected)).all()
    assert list(shapely.to_wkb(geoms)) == list(before)  # the inputs are left as they were


def test_project_xy_slices_give_the_numbers_of_one_transform(monkeypatch):
    monkeypatch.setattr(crs_mod, "SLICE", 1000)
    rng = np.random.default_rng(7)
    x, y = rng.uniform(116, 118, 10_001), rng.uniform(36, 37, 10_001)
    import pyproj

    ex, ey = pyproj.Transformer.from_crs(SRC, DST, always_xy=True).transform(x, y)
    for threads in (1, 2, 4):
        px, py = x.copy(), y.copy()
        project_xy(px, py, SRC, DST, threads=threads)
        assert np.array_equal(px, ex) and np.array_equal(py, ey)


def test_an_empty_array_projects_to_an_empty_array():
    assert len(project_geoms(np.empty(0, dtype=object), SRC, DST)) == 0


def test_project_metric_is_what_to_crs_gives(demo_gpkg):
    project = Project.read(demo_gpkg)
    for name in ("communities", "grids", "compounds", "buildings", "stations"):
        got = project.metric(name)
        expected = project[name].geometry.to_crs(project.metric_crs)
        assert got.crs == expected.crs and got.index.equals(expected.index)
        assert shapely.equals_identical(got.to_numpy(), expected.to_numpy()).all()
        assert shapely.equals_identical(project.metric_geoms(name), expected.to_numpy()).all()


def _rings(seed: int, n: int = 400, multi: bool = False) -> np.ndarray:
    """Polygons of one ring each (as buildings and grids are), or multipolygons of one such."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        x, y, r = rng.uniform(116.5, 117.5), rng.uniform(36.4, 36.9), rng.uniform(1e-4, 5e-3)
        ring = shapely.Point(x, y).buffer(r, quad_segs=int(rng.integers(1, 12)))
        out.append(shapely.MultiPolygon([ring]) if multi else ring)
    return np.array(out, dtype=object)


@pytest.mark.parametrize("multi", [False, True])
def test_layers_of_single_rings_are_rebuilt_from_their_projected_vertices(multi):
    geoms = _rings(5, multi=multi)
    assert crs_mod._single_rings(geoms) is not None  # the path under test
    expected = gpd.GeoSeries(geoms, crs=SRC).to_crs(DST).to_numpy()
    got = project_geoms(geoms, SRC, DST)
    assert list(shapely.to_wkb(got)) == list(shapely.to_wkb(expected))


@pytest.mark.parametrize("odd", ["hole", "two parts", "empty", "missing", "a point"])
def test_one_odd_geometry_sends_the_layer_the_general_way(odd):
    geoms = _rings(6, n=50, multi=odd == "two parts")
    a, b = shapely.get_geometry(geoms[3], 0), shapely.get_geometry(geoms[4], 0)  # polygons either way
    geoms[10] = {"hole": a.difference(a.centroid.buffer(1e-5)),
                 "two parts": shapely.MultiPolygon([a, shapely.affinity.translate(b, 1.0)]),
                 "empty": shapely.Polygon(), "missing": None, "a point": a.centroid}[odd]
    assert crs_mod._single_rings(geoms) is None
    expected = gpd.GeoSeries(geoms, crs=SRC).to_crs(DST).to_numpy()
    got = project_geoms(geoms, SRC, DST)
    assert [g is None for g in got] == [g is None for g in expected]
    present = np.array([g is not None for g in expected])
    assert list(shapely.to_wkb(got[present])) == list(shapely.to_wkb(expected[present]))


def test_same_crs_compares_the_crs_named_not_the_spelling():
    import pyproj

    assert crs_mod.same_crs("EPSG:4490", pyproj.CRS.from_epsg(4490).to_wkt())
    assert not crs_mod.same_crs("EPSG:4490", "EPSG:4326")
    assert crs_mod.same_crs(None, None) and not crs_mod.same_crs(None, "EPSG:4490")
