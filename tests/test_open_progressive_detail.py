"""Detail levels are built per chunk on demand and equal those built for the whole layer."""
from __future__ import annotations

import numpy as np
import pytest

from geo.project import Project
from gui.map.geometry import LOD_TOLERANCES, PolygonCache


@pytest.fixture(scope="module")
def street(demo_gpkg):
    project = Project.open(demo_gpkg)
    yield project
    project.close()


def _metric_cache(project, name):
    frame = project[name]
    return frame.index.to_numpy(), frame.geometry.to_crs(project.metric_crs).to_numpy()


@pytest.mark.parametrize("layer", ["grids", "buildings", "compounds", "communities"])
def test_chunk_levels_equal_whole_layer_levels(street, layer):
    ids, geoms = _metric_cache(street, layer)
    on_demand, whole = PolygonCache(ids, geoms), PolygonCache(ids, geoms)
    rng = np.random.default_rng(3)
    chunks = [rng.choice(len(ids), size=min(len(ids), 40), replace=False) for _ in range(5)]
    chunks.append(np.arange(len(ids)))
    for tolerance in LOD_TOLERANCES:
        for chunk in chunks:
            got = on_demand.feature_rings(tolerance, chunk)
            want = whole.rings(tolerance).gather(chunk)
            for a, b in zip(got, want):
                np.testing.assert_array_equal(a, b)
    assert on_demand._levels == {}  # drawing chunks never built a level for the whole layer


def test_opening_a_cache_builds_no_level(street):
    ids, geoms = _metric_cache(street, "buildings")
    cache = PolygonCache(ids, geoms)
    assert cache._levels == {}
    assert cache.vertices_per_feature == pytest.approx(cache.rings(0.0).cstart[-1] / len(ids))


def test_a_frame_draws_without_whole_layer_levels(street, app):
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    scene = MapScene(street)
    renderer = MapRenderer(scene)
    grids = scene.cache("grids")
    view = MapView.fit(tuple(grids.bbox[0]), 800, 600)
    renderer.render(view, LayerStack.default().snapshot())
    for name in ("grids", "buildings", "compounds", "communities"):
        assert scene.cache(name)._levels == {}
