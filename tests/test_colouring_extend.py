"""Grid colours of a first view, completed for the whole map without changing them (geo.colouring)."""
import numpy as np
import shapely

from geo.colouring import adjacency_pairs, colour_map, conflicts, near_pairs, repair_colouring


def _tiling(n=600, seed=3):
    """A planar tiling like a city's grids, a few of them pulled back 0.3 m from their neighbours."""
    rng = np.random.default_rng(seed)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(rng.random((n, 2)) * 5000)))
    cells = shapely.intersection(cells, shapely.box(0, 0, 5000, 5000))
    cells[::9] = shapely.buffer(cells[::9], -0.3)
    return np.asarray(cells, dtype=object)


def test_near_pairs_are_the_index_s_own_dwithin_pairs():
    geoms = _tiling()
    tree = shapely.STRtree(geoms)
    for tolerance in (0.0, 0.5):
        sources = np.arange(0, len(geoms), 4)
        if tolerance:
            which, near = tree.query(geoms[sources], predicate="dwithin", distance=tolerance)
        else:
            which, near = tree.query(geoms[sources], predicate="intersects")
        want = {(int(sources[w]), int(u)) for w, u in zip(which, near) if sources[w] != u}
        v, u = near_pairs(geoms, sources, tolerance)
        assert set(zip(v.tolist(), u.tolist())) == want
        i, j = adjacency_pairs(geoms, tolerance).T
        assert (i < j).all() and len(set(zip(i.tolist(), j.tolist()))) == len(i)
        chosen = set(sources.tolist())
        from_sources = {(a, b) for a, b in zip(i.tolist(), j.tolist()) if a in chosen or b in chosen}
        assert from_sources == {(min(v, u), max(v, u)) for v, u in want}  # the same pairs, each once


def test_a_view_s_colours_are_kept_and_the_rest_coloured_around_them():
    geoms = _tiling()
    pairs = adjacency_pairs(geoms, 0.5)
    centre = shapely.box(2000, 2000, 3000, 3000)
    in_view = np.flatnonzero(shapely.intersects(geoms, centre))
    first = colour_map(geoms[in_view], tolerance=0.5)  # what the first view drew, from its own grids
    colour = np.full(len(geoms), -1)
    colour[in_view] = first
    completed = repair_colouring(geoms, colour, changed=[], tolerance=0.5)
    assert (completed[in_view] == first).all()
    assert (completed >= 0).all() and conflicts(pairs, completed) == 0
    # and with the polygons' boxes given, as the map's caches do
    again = repair_colouring(geoms, colour, changed=[], tolerance=0.5, bounds=shapely.bounds(geoms))
    assert (again == completed).all()


def test_neighbours_from_boxes_are_the_index_s_own_pairs_and_leave_the_polygons_unprepared():
    """The few-polygon path (boxes, a prepared copy of each polygon) finds what the index finds."""
    from geo.colouring import _neighbours_of

    geoms = _tiling(seed=8)
    bounds = shapely.bounds(geoms)
    tree = shapely.STRtree(geoms)
    todo = np.arange(0, len(geoms), 37)
    for tolerance in (0.0, 0.5):
        got = _neighbours_of(geoms, todo, tolerance, bounds)
        if tolerance:
            which, near = tree.query(geoms[todo], predicate="dwithin", distance=tolerance)
        else:
            which, near = tree.query(geoms[todo], predicate="intersects")
        want = {int(v): sorted(int(u) for w, u in zip(which, near) if todo[w] == v and u != v) for v in todo}
        assert {v: sorted(us) for v, us in got.items()} == want
    assert not shapely.is_prepared(geoms).any()  # shared with other threads: never changed in place
