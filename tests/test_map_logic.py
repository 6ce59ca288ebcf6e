"""Qt-free map logic: colouring, hit testing, view maths, styles, geometry caches."""
import numpy as np
import shapely
from shapely.geometry import box

from geo.colouring import TOL_LIGHT, adjacency_pairs, colour_map, conflicts, greedy_colouring
from geo.hit_test import FeatureIndex, pick_layer
from geo.selection import Selection
from gui.map.geometry import Chunking, PolygonCache, Rings
from gui.map.layer_style import BY_GRID, GRADUATED, LayerStack, quantile_breaks
from gui.map.view import MapView


def test_touching_grids_never_share_a_colour_on_a_lattice():
    boxes = [box(i, j, i + 1, j + 1) for i in range(30) for j in range(30)]
    colours = colour_map(boxes, len(TOL_LIGHT))
    pairs = adjacency_pairs(boxes)
    assert len(pairs) > 3000  # corners touch too
    assert conflicts(pairs, colours) == 0
    assert set(colours.tolist()) <= set(range(len(TOL_LIGHT)))
    assert min(np.bincount(colours)) > 0.5 * max(np.bincount(colours))  # palette spread evenly


def test_near_miss_boundaries_count_as_neighbours_with_tolerance():
    a, b = box(0, 0, 10, 10), box(10.2, 0, 20, 10)
    assert len(adjacency_pairs([a, b])) == 0
    assert len(adjacency_pairs([a, b], tolerance=0.5)) == 1


def test_greedy_colouring_of_a_planar_wheel_needs_few_colours():
    # a hub touching a ring of 7 neighbours: needs 4 colours, 8 available
    pairs = [(0, i) for i in range(1, 8)] + [(i, i % 7 + 1) for i in range(1, 8)]
    colours = greedy_colouring(8, np.array(pairs), 8)
    assert conflicts(np.array(pairs), colours) == 0


def test_hit_test_click_prefers_the_smallest_feature_and_points_by_tolerance():
    index = FeatureIndex(["compound", "building"], [box(0, 0, 100, 100), box(10, 10, 20, 20)])
    assert index.at_point(15, 15) == ["building"]
    assert index.at_point(50, 50) == ["compound"]
    assert index.at_point(500, 500) == []
    stations = FeatureIndex(["S1"], [shapely.Point(0, 0)])
    assert stations.at_point(3, 0) == []
    assert stations.at_point(3, 0, tolerance=5) == ["S1"]
    assert pick_layer([("stations", stations), ("compounds", index)], 1, 1, 5) == ("stations", "S1")


def test_rect_and_lasso_select_with_shift_and_ctrl():
    index = FeatureIndex(list("abc"), [box(0, 0, 1, 1), box(2, 0, 3, 1), box(4, 0, 5, 1)])
    sel = Selection()
    sel.select("buildings", index.in_rect(-1, -1, 2.5, 2), "replace")
    assert sel.ids("buildings") == ("a", "b")
    sel.select("buildings", index.in_polygon([(3.5, -1), (6, -1), (6, 2)]), "add")
    assert sel.ids("buildings") == ("a", "b", "c")
    sel.select("buildings", index.in_rect(1.5, 0.5, 3.5, 0.6), "remove")
    assert sel.ids("buildings") == ("a", "c")


def test_view_zoom_keeps_the_point_under_the_cursor():
    view = MapView(500_000.0, 4_000_000.0, 3.0, 800, 600)
    before = view.to_map(123, 456)
    after = view.zoom_at(123, 456, 1.25 ** 3)
    assert np.allclose(after.to_map(123, 456), before)
    assert after.mpp < view.mpp
    panned = view.pan_pixels(10, -20)
    assert np.allclose(panned.to_map(110, 436), view.to_map(100, 456))


def test_rings_keep_holes_and_multipolygons():
    donut = box(0, 0, 10, 10).difference(box(4, 4, 6, 6))
    multi = shapely.MultiPolygon([box(20, 0, 21, 1), box(22, 0, 23, 1)])
    rings = Rings.from_geoms([donut, None, multi])
    assert rings.cstart.tolist() == [0, 10, 10, 20]
    assert int(rings.ring_start.sum()) == 4
    x, y, start = rings.gather(np.array([2]))
    assert len(x) == 10 and start.sum() == 2


def test_chunks_are_single_class_and_cover_every_feature():
    geoms = [box(i, j, i + 0.9, j + 0.9) for i in range(40) for j in range(40)]
    cache = PolygonCache(range(len(geoms)), geoms)
    classes = np.arange(len(geoms)) % 5
    chunks = Chunking.build(cache, classes)
    assert sorted(chunks.order.tolist()) == list(range(len(geoms)))
    for k in range(len(chunks.chunk_class)):
        assert set(classes[chunks.features(k)].tolist()) == {chunks.chunk_class[k]}
    inside = chunks.visible((0, 0, 3, 3))
    assert 0 < len(inside) < len(chunks.chunk_class)


def test_layer_stack_api_and_change_events():
    stack = LayerStack.default()
    seen = []
    stack.changed.connect(lambda name, what: seen.append((name, what)))
    assert stack.names()[0] == "stations" and stack["buildings"].mode == BY_GRID
    stack.set_visible("compounds", False)
    stack.set_opacity("grids", 2.0)
    stack.move("stations", 4)
    stack.set_graduated("buildings", "households", np.arange(100), classes=4)
    assert stack["compounds"].visible is False and stack["grids"].opacity == 1.0
    assert stack.names()[-1] == "stations"
    style = stack["buildings"]
    assert style.mode == GRADUATED and len(style.graduated.colours) == 4
    assert len(style.legend()) == 4
    assert style.graduated.classify([0, 99, np.nan]).tolist() == [0, 3, -1]
    assert [w for _, w in seen] == ["visible", "order", "style"]  # opacity was already 1.0
    assert quantile_breaks([1, 1, 1, 1]) == (1.0,)


def test_tiles_prepared_on_helper_threads_equal_tiles_built_while_drawing(monkeypatch):
    import gui.map.geometry as geometry

    monkeypatch.setattr(geometry, "SHARED_TILES_FROM", 2)  # a few tiles are enough here
    rng = np.random.default_rng(5)
    geoms = [shapely.Point(x, y).buffer(30, quad_segs=100) for x, y in rng.uniform(0, 5000, (300, 2))]
    prepared, drawn = PolygonCache(range(300), geoms), PolygonCache(range(300), geoms)
    tile_of, _, starts = prepared._tile_index()
    assert len(starts) - 1 >= 4  # several tiles: there is work to share
    some = np.flatnonzero(tile_of != tile_of[0])  # all tiles but the first
    prepared.prepare_tiles(8.0, some)
    assert {t for (_, t) in prepared._tiles} == set(tile_of[some].tolist())
    everything = np.arange(300)
    for a, b in zip(prepared.feature_rings(8.0, everything), drawn.feature_rings(8.0, everything)):
        assert np.array_equal(a, b)
