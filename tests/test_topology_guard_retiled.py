"""The topology guard's shortcut for re-tiled grids finds exactly what its full checks find.

Grids re-derived inside their own former union (:func:`geo.editing.boundaries.derive_for`,
scope "grids") cover what they covered: the guard then checks only pieces and buildings.
Compared here with the full checks over many moves of the demo street, refused ones included."""
import numpy as np

from geo.editing.boundaries import derive_boundaries
from geo.editing.topology_guard import edit_problems
from tests.editing_checks import demo  # noqa: F401 (fixture)


def _moves(project, n=60):
    """(building, grid) pairs: buildings moved to a neighbouring grid, spread over the street
    (most are refused: a building far from the border leaves its new grid in pieces)."""
    b, grids = project["buildings"], project["grids"]
    rng = np.random.default_rng(7)
    out = []
    for k in rng.permutation(len(b))[: n * 3].tolist():
        building, grid = b.index[k], b["grid_id"].iloc[k]
        if grid is None or grid != grid:
            continue
        others = grids.index[(grids["community_id"] == grids.at[grid, "community_id"]) & (grids.index != grid)
                             & grids.geometry.intersects(grids.at[grid, "geometry"]).to_numpy()]
        if len(others):
            out.append((building, others[int(rng.integers(len(others)))]))
        if len(out) == n:
            break
    return out


def test_retiled_grids_give_the_full_checks_answer(demo):
    b = demo["buildings"]
    seen = {"retiled": 0, "refused": 0, "accepted": 0}
    for building, target in _moves(demo):
        moves = {building: target}
        retiled = set()
        parts = derive_boundaries(demo, {b.at[building, "grid_id"], target}, moves, retiled=retiled)
        full = [str(m) for m in edit_problems(demo, parts, moves)]
        short = [str(m) for m in edit_problems(demo, parts, moves, retiled=retiled)]
        assert short == full, (building, target)
        seen["retiled"] += bool(retiled)
        seen["refused"] += bool(full)
        seen["accepted"] += not full
    # the sample holds both answers
    assert min(seen.values()) > 0, seen


def test_retiled_only_when_tiled_inside_the_old_union(demo):
    grids = demo["grids"]
    community = grids["community_id"].iloc[0]
    members = list(grids.index[grids["community_id"] == community][:2])
    retiled = set()
    derive_boundaries(demo, members, {}, retiled=retiled)
    assert retiled == set(members)
    retiled = set()
    derive_boundaries(demo, members, {}, scope="community", retiled=retiled)
    assert retiled == set()


def test_polygons_inside_a_collection_member_are_kept():
    """make_valid after the way back to degrees can return MultiPolygon + LineString: the
    polygons were dropped, leaving a grid with no area (a false "hole" refusal on the demo)."""
    from shapely import GeometryCollection, LineString, MultiPolygon, box

    from geo.tiling import _as_multipolygon

    two = MultiPolygon([box(0, 0, 1, 1), box(2, 0, 3, 1)])
    out = _as_multipolygon(GeometryCollection([two, LineString([(0, 0), (5, 5)])]))
    assert out.equals(two) and out.area == 2.0
    assert _as_multipolygon(GeometryCollection([box(0, 0, 1, 1), two])).area == 3.0
