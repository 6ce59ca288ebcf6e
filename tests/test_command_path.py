"""The edit command's path is faster but gives what it gave before (issue 13).

A GUI edit re-derives the touched grids' polygons (geo.editing.boundaries, geo.tiling)
and runs the topology guard (geo.editing.topology_guard). Both now reuse what earlier
edits computed (polygons in metres, remembered per geometry object; the buildings in
metres the map shares) and skip exact work whose answer is already known (a building
inside its grid has nothing outside it). Here random edits on the district demo are
compared with a frozen copy of the code as it was: the same polygons (to the bit, or
within the 1e-6 the other editing tests allow) and the same refusals, also as the
project changes edit after edit (undo included) and with or without a balance.
"""
from __future__ import annotations

import shutil
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon

from geo import tiling
from geo.editing import boundaries, metric, topology_guard
from geo.editing.assign import EditRefused, ReassignBuildings
from geo.editing.balance import GridBalance
from geo.editing.metric import from_metric, to_metric
from geo.memory import _set_cell
from geo.messages import Message
from geo.project import Project

#: Communities of the district demo the random edits happen in (the "subset").
COMMUNITIES = 6
EDITS = 70


# ---------------------------------------------------------------- small pieces, exactly as before

def test_dedupe_keeps_the_rows_np_unique_kept():
    rng = np.random.default_rng(3)
    for _ in range(300):
        n = int(rng.integers(1, 300))
        xy = np.round(rng.uniform(-20, 20, (n, 2)), int(rng.integers(0, 3)))
        xy[rng.random(n) < 0.05] = 0.0
        xy[rng.random(n) < 0.05, 0] = -0.0  # equal to 0.0, as np.unique compares them
        xy[rng.random(n) < 0.05, 1] = 1e-7 * rng.integers(-3, 3)  # equal once rounded
        labels = rng.integers(0, 3, n).astype(str).astype(object)
        got, want = tiling._dedupe(xy, labels), _dedupe(xy, labels)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        assert np.array_equal(np.signbit(got[0]), np.signbit(want[0]))  # the first of equals is kept


def test_border_buildings_are_the_ones_found_before():
    rng = np.random.default_rng(4)
    for _ in range(40):
        n = int(rng.integers(1, 80))
        x, y = rng.uniform(0, 400, n), rng.uniform(0, 400, n)
        w, h = rng.uniform(4, 40, n), rng.uniform(4, 40, n)
        geoms = shapely.box(x, y, x + w, y + h)
        labels = rng.choice(["a", "b", "c"], n).astype(object)
        others = shapely.points(rng.uniform(0, 400, (int(rng.integers(0, 20)), 2)))
        other_labels = rng.choice(["a", "b"], len(others)).astype(object)
        for extra in ((None, None), (others, other_labels)):
            got = tiling._near_other_label(geoms, labels, 45.0, *extra)
            assert np.array_equal(got, _near_other_label(geoms, labels, 45.0, *extra))


def test_a_cell_written_in_place_is_what_loc_wrote():
    def frame():
        return pd.DataFrame({"n": [1, 2, 3], "s": ["x", "y", "z"], "f": [0.5, 1.5, 2.5]},
                            index=pd.Index(["a", "b", "c"], dtype=object))

    for col, value in [("s", "w"), ("s", None), ("n", 7), ("n", None), ("f", 3), ("f", None),
                       ("new", "v")]:
        mine, theirs = frame(), frame()
        _set_cell(mine, "b", col, value)
        if col not in theirs.columns:
            theirs[col] = None
        if theirs[col].dtype.kind in "iu" and (value is None or isinstance(value, float)):
            theirs[col] = theirs[col].astype("float64")
        theirs.loc["b", col] = value
        pd.testing.assert_frame_equal(mine, theirs)
    layer = gpd.GeoDataFrame({"n": [1, 2]}, geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)],
                             index=pd.Index(["a", "b"], dtype=object))
    polygon = MultiPolygon([shapely.box(5, 5, 6, 6)])
    _set_cell(layer, "b", "geometry", polygon)
    assert layer.at["b", "geometry"] is polygon and layer.geometry.iloc[0].equals(shapely.box(0, 0, 1, 1))


def test_metric_each_is_to_metric_to_the_bit_and_remembers_by_identity(demo_gpkg):
    project = Project.read(demo_gpkg)
    grids = project["grids"].geometry.values.to_numpy()[:20]
    got = metric.metric_each(project, grids)
    assert shapely.equals_identical(got, to_metric(project, grids)).all()
    again = metric.metric_each(project, grids)
    assert all(a is b for a, b in zip(got, again))  # the same objects: not transformed again
    copies = shapely.from_wkb(shapely.to_wkb(grids))  # equal geometries, other objects
    fresh = metric.metric_each(project, copies)
    assert not any(a is b for a, b in zip(got, fresh))
    assert shapely.equals_identical(fresh, got).all()
    valid = metric.metric_each(project, grids, "valid", shapely.make_valid)
    assert shapely.equals_identical(valid, to_metric(project, shapely.make_valid(grids))).all()


def test_inverse_reads_the_old_values_a_whole_row_read(demo_gpkg):
    from geo.commands import _plain, inverse_of

    project = Project.read(demo_gpkg)
    rng = np.random.default_rng(5)
    changes = []
    for layer in ("buildings", "grids", "organizations", "members", "compounds", "stations"):
        frame = project[layer]
        for k in rng.choice(len(frame), size=min(5, len(frame)), replace=False):
            cols = list(rng.choice(list(frame.columns), size=2, replace=False)) + ["not_a_column"]
            changes.append(("update", layer, frame.index[k], dict.fromkeys(cols, "x")))
    changes.append(("update", "numbers", "n1", {"a": 1, "b": 2}))
    project.layers["numbers"] = pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]}, index=pd.Index(["n1", "n2"]))
    got = inverse_of(project, changes)
    want = []
    for _, layer, id_, values in changes:
        row = project[layer].loc[id_]
        want.append(("update", layer, id_, {c: _plain(row[c]) if c in row.index else None for c in values}))
    want.reverse()
    assert len(got) == len(want)
    for (_, layer, id_, old), (_, layer2, id2, old2) in zip(got, want):
        assert (layer, id_, list(old)) == (layer2, id2, list(old2))
        for col in old:
            a, b = old[col], old2[col]
            assert type(a) is type(b) and (a is b or a == b or (a != a and b != b)), (layer, col, a, b)
    assert type(got[0][3]["a"]) is float  # an all-numeric row is read whole, as before (1.0)


# ---------------------------------------------------------------- random edits on the district demo

@pytest.fixture(scope="module")
def district(district_gpkg, tmp_path_factory):
    path = tmp_path_factory.mktemp("command_path") / "district.gpkg"
    shutil.copy(district_gpkg, path)
    project = Project.open(path)
    yield project
    project.close()


def _same(project, moves, grids, balance, stats):
    """The new derivation and guard against the frozen ones; True when the guard accepts."""
    want = derive_boundaries(project, grids, moves, balance=balance)
    got = boundaries.derive_boundaries(project, grids, moves, balance=balance)
    assert list(got) == list(want)
    for g in want:
        if got[g].wkb == want[g].wkb:
            stats["bitwise"] += 1
        else:
            assert shapely.equals_exact(got[g], want[g], 1e-6), g
            stats["close"] += 1
    refused = edit_problems(project, want, moves, {}, balance)
    assert topology_guard.edit_problems(project, want, moves, {}, balance) == refused
    stats["refused" if refused else "accepted"] += 1
    return not refused


def _random_edit(project, rng, balance, communities):
    """Buildings of a grid moved to a touching grid (most edits), any grid of the community
    (often refused: the grid falls apart), or to no grid; None when the draw finds none."""
    grids = project["grids"]
    pool = np.flatnonzero(grids["community_id"].isin(communities).to_numpy())
    k = int(pool[rng.integers(len(pool))])
    source = grids.index[k]
    mine = sorted(balance.members.get(source, ()))
    if not mine:
        return None
    same = np.flatnonzero(grids["community_id"].to_numpy() == grids["community_id"].iloc[k])
    geoms = grids.geometry.values.to_numpy()
    if rng.random() < 0.7:
        near = [j for j in same if j != k and shapely.intersects(geoms[j], geoms[k])]
        if not near:
            return None
        target = grids.index[near[int(rng.integers(len(near)))]]
    else:
        target = grids.index[same[int(rng.integers(len(same)))]]
    if rng.random() < 0.08:
        target = None
    n = int(rng.choice([1, 1, 2, 3, 8, 30]))
    picked = mine[:n] if rng.random() < 0.5 else list(rng.choice(mine, size=min(n, len(mine)), replace=False))
    return {b: target for b in picked}, [g for g in dict.fromkeys([source, target]) if g is not None]


def test_random_edits_derive_and_refuse_as_before(district):
    project = district
    balance = GridBalance(project)
    communities = sorted(project["communities"].index)[:: max(1, len(project["communities"]) // COMMUNITIES)]
    rng = np.random.default_rng(13)
    stats = {"bitwise": 0, "close": 0, "refused": 0, "accepted": 0}
    done = []
    try:
        for step in range(EDITS):
            if step == EDITS // 2:  # the map's buildings in metres, as the window shares them
                project.metric_geoms("buildings")
            edit = _random_edit(project, rng, balance, communities)
            if edit is None:
                continue
            moves, grids = edit
            accepted = _same(project, moves, grids, balance if rng.random() < 0.8 else None, stats)
            if accepted or rng.random() < 0.3:  # refused ones too, as the user may confirm
                command = ReassignBuildings(moves, balance=balance, force=not accepted)
                command.do(project)
                done.append(command)
                if rng.random() < 0.2:
                    done.pop().undo(project)
        # the new code's own commands: they refuse what the guard refuses
        for step in range(10):
            edit = _random_edit(project, rng, balance, communities)
            if edit is None:
                continue
            moves, grids = edit
            want = derive_boundaries(project, grids, moves, balance=balance)
            refused = bool(edit_problems(project, want, moves, {}, balance))
            command = ReassignBuildings(moves, balance=balance)
            if refused:
                with pytest.raises(EditRefused):
                    command.do(project)
            else:
                command.do(project)
                for g, geom in want.items():
                    assert shapely.equals_exact(project["grids"].at[g, "geometry"], geom, 1e-6)
                assert all(project["buildings"].at[b, "grid_id"] == g for b, g in moves.items())
    finally:
        balance.close()
    assert stats["refused"] >= 3 and stats["accepted"] >= 20, stats
    # what memory holds after the edits is what the file holds
    fresh = Project.read(project.path)
    assert fresh["buildings"]["grid_id"].equals(project["buildings"]["grid_id"])
    assert shapely.equals_exact(fresh["grids"].geometry.values.to_numpy(),
                                project["grids"].loc[fresh["grids"].index].geometry.values.to_numpy(), 0).all()


# ---------------------------------------------------------------- the frozen copy (before issue 13)
# geo/tiling.py, geo/editing/boundaries.py and geo/editing/topology_guard.py as they were,
# docstrings left out; only the names of the modules they called are spelled out.

COMPOUND_SPACING = 10.0
AREA_TOLERANCE_M2 = 1.0


def empty_grid_geometry():
    return MultiPolygon()


#: Sample spacing along outlines in metres: small enough that every point of a
DEFAULT_SPACING = 5.0
_BORDER_DISTANCE = 45.0


def sample_outlines(geoms, labels: Sequence, spacing: float = DEFAULT_SPACING):
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return np.empty((0, 2)), np.empty(0, dtype=object)
    rings = shapely.segmentize(shapely.boundary(geoms), spacing)
    xy, index = shapely.get_coordinates(rings, return_index=True)
    return xy, np.asarray(labels, dtype=object)[index]


def tile_by_labels(container, xy: np.ndarray, point_labels: np.ndarray) -> dict:
    xy, point_labels = _dedupe(np.asarray(xy, dtype=float), np.asarray(point_labels, dtype=object))
    names, codes = np.unique(point_labels.astype(str), return_inverse=True)
    originals = {str(v): v for v in point_labels}
    if len(names) == 0:
        return {}
    if len(names) == 1:
        return {originals[names[0]]: _as_multipolygon(container)}
    cells = _voronoi_cells(container, xy)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    dissolved = [_dissolve(cells[order[a:b]]) for a, b in zip(bounds[:-1], bounds[1:])]
    clipped = _clip(np.array(dissolved, dtype=object), container)
    result = {}
    for name, geom in zip(names, clipped):
        multi = _as_multipolygon(geom)
        if not multi.is_empty:
            result[originals[name]] = multi
    return result


def derive_grid_polygons(community_polygon, building_geoms, building_grid_ids: Sequence,
                         extra_points=None, spacing: float = DEFAULT_SPACING) -> dict:
    geoms = np.asarray(building_geoms, dtype=object)
    grid_ids = np.asarray(building_grid_ids, dtype=object)
    extra_xy = np.empty((0, 2))
    extra_labels = np.empty(0, dtype=object)
    if extra_points is not None:
        extra_xy = np.asarray(extra_points[0], dtype=float).reshape(-1, 2)
        extra_labels = np.asarray(extra_points[1], dtype=object)
    # Extra points count as neighbours too: a whole compound of another grid
    # next to a building would otherwise claim part of it (coarse corner samples).
    border = _near_other_label(geoms, grid_ids, _BORDER_DISTANCE,
                               shapely.points(extra_xy), extra_labels)
    # Only buildings near another grid shape the boundaries; the rest need just
    # their corners, which keeps the Voronoi diagram (the cost) small.
    xy_b, lab_b = sample_outlines(geoms[border], grid_ids[border], spacing)
    xy_i, lab_i = sample_outlines(geoms[~border], grid_ids[~border], 1e9)
    xy = np.vstack([xy_b, xy_i, extra_xy])
    labels = np.concatenate([lab_b, lab_i, extra_labels])
    return tile_by_labels(community_polygon, xy, labels)


def _near_other_label(geoms: np.ndarray, labels: np.ndarray, distance: float,
                      others=None, other_labels=None) -> np.ndarray:
    if len(geoms) == 0:
        return np.zeros(0, dtype=bool)
    if others is not None and len(others):
        near = np.concatenate([geoms, np.asarray(others, dtype=object)])
        near_labels = np.concatenate([labels, np.asarray(other_labels, dtype=object)])
    else:
        near, near_labels = geoms, labels
    mine, theirs = shapely.STRtree(near).query(geoms, predicate="dwithin", distance=distance)
    differ = labels[mine].astype(str) != near_labels[theirs].astype(str)
    mask = np.zeros(len(geoms), dtype=bool)
    mask[mine[differ]] = True
    return mask


def _dissolve(cells):
    try:
        return shapely.coverage_union_all(cells)
    except shapely.errors.GEOSException:
        pass
    cells = np.array([_polygonal(c) for c in shapely.make_valid(cells)], dtype=object)
    try:
        return _polygonal(shapely.union_all(cells))
    except shapely.errors.GEOSException:  # snapped to 1 µm, the slivers go
        return _polygonal(shapely.union_all(cells, grid_size=1e-6))


def _polygonal(geom):
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _clip(parts, container):
    try:
        return shapely.intersection(parts, container)
    except shapely.errors.GEOSException:
        repaired = np.array([_polygonal(shapely.make_valid(p)) for p in parts], dtype=object)
        return shapely.intersection(repaired, _polygonal(shapely.make_valid(container)), grid_size=1e-6)


def _dedupe(xy: np.ndarray, labels: np.ndarray):
    if len(xy) == 0:
        return xy, labels
    _, first = np.unique(np.round(xy, 6), axis=0, return_index=True)
    keep = np.sort(first)
    return xy[keep], labels[keep]


def _voronoi_cells(container, xy: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = shapely.bounds(container)
    px0, py0 = xy.min(axis=0)
    px1, py1 = xy.max(axis=0)
    pad = max(x1 - x0, y1 - y0, px1 - px0, py1 - py0) + 1.0
    frame = shapely.box(min(x0, px0) - pad, min(y0, py0) - pad, max(x1, px1) + pad, max(y1, py1) + pad)
    diagram = shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=frame, ordered=True)
    cells = shapely.get_parts(diagram)
    if len(cells) != len(xy):  # GEOS merges sites closer than its tolerance
        raise ValueError(f"Voronoi returned {len(cells)} cells for {len(xy)} points")
    return cells


def _as_multipolygon(geom) -> MultiPolygon:
    # mended in the frozen copy too: a collection's MultiPolygon member (make_valid after the way
    # back to degrees) lost its polygons, and the grid its area (tests/test_topology_guard_retiled.py)
    out = []
    for p in shapely.get_parts(geom):
        if p.geom_type == "MultiPolygon":
            out.extend(q for q in shapely.get_parts(p) if not q.is_empty)
        elif p.geom_type == "Polygon" and not p.is_empty:
            out.append(p)
    return MultiPolygon(out)


def derive_boundaries(project, grid_ids, overrides=None, *, scope: str = "grids",
                      balance=None) -> dict:
    grids = project["grids"]
    wanted = [g for g in dict.fromkeys(grid_ids) if g in grids.index]
    by_community: dict = {}
    for g in wanted:
        by_community.setdefault(grids.at[g, "community_id"], []).append(g)
    out = {}
    for community, members in by_community.items():
        out.update(derive_for(project, community, members, overrides or {}, scope, balance))
    return out


def derive_for(project, community, members, overrides, scope="grids", balance=None) -> dict:
    grids = project["grids"]
    communities = project["communities"]
    if scope == "community" and community in communities.index:
        members = list(dict.fromkeys([*grids.index[grids["community_id"] == community], *members]))
        container = communities.at[community, "geometry"]
    else:
        geoms = np.array([grids.at[g, "geometry"] for g in members if g in grids.index], dtype=object)
        geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
        container = shapely.union_all(geoms) if len(geoms) else None
    ids, labels = _buildings_of(project, members, overrides, balance)
    geoms = _geoms(project, "buildings", ids)
    if scope == "grids" and not _holds(container, geoms):
        if community in communities.index:
            return derive_for(project, community, members, overrides, "community", balance)
    if container is None or shapely.is_empty(container) or len(ids) == 0:
        return {g: empty_grid_geometry() for g in members}
    extra = _whole_compounds(project, ids, labels, balance)
    parts = derive_grid_polygons(to_metric(project, container), to_metric(project, geoms),
                                        labels, extra_points=extra)
    out = {g: empty_grid_geometry() for g in members}
    for g, part in parts.items():
        # projecting back can fold a near-collinear vertex into a tiny self-intersection
        # (~3 % of district edits): repair it, or ``check`` reports the grid invalid
        out[g] = _as_multipolygon(shapely.make_valid(from_metric(project, part)))
    return out


def _buildings_of(project, members, overrides, balance):
    member_set = set(members)
    if balance is not None:
        ids = set().union(*(balance.members.get(g, ()) for g in members))
        current = balance.grid_of
    else:
        b = project["buildings"]
        ids = set(b.index[b["grid_id"].isin(member_set)])
        current = None
    ids |= set(overrides)
    if current is None:
        current = project["buildings"]["grid_id"].reindex(list(ids)).to_dict()
    pairs = sorted((i, overrides.get(i, current.get(i))) for i in ids)
    pairs = [(i, g) for i, g in pairs if g in member_set]
    return (np.array([p[0] for p in pairs], dtype=object),
            np.array([p[1] for p in pairs], dtype=object))


def _geoms(project, layer, ids) -> np.ndarray:
    frame = project[layer]
    return frame.geometry.values[frame.index.get_indexer(list(ids))].to_numpy() if len(ids) else \
        np.empty(0, dtype=object)


def _holds(container, geoms) -> bool:
    if container is None or shapely.is_empty(container):
        return False
    if len(geoms) == 0:
        return True
    points = shapely.point_on_surface(geoms)
    return bool(shapely.contains_xy(container, shapely.get_x(points), shapely.get_y(points)).all())


def _whole_compounds(project, ids, labels, balance):
    b = project["buildings"]
    comps = b["compound_id"].reindex(list(ids)).to_numpy(dtype=object)
    seen: dict = {}
    for comp, label in zip(comps, labels):
        if comp is not None:
            seen.setdefault(comp, []).append(label)
    if balance is not None:
        size = balance.compound_size
    else:
        counts = b["compound_id"].value_counts()
        size = (lambda c: int(counts.get(c, 0)))
    whole = {c: ls[0] for c, ls in seen.items() if len(set(ls)) == 1 and len(ls) == size(c)}
    whole = {c: g for c, g in whole.items() if c in project["compounds"].index}
    if not whole:
        return None
    geoms = to_metric(project, _geoms(project, "compounds", list(whole)))
    return sample_outlines(geoms, list(whole.values()), spacing=COMPOUND_SPACING)




def edit_problems(project, new_geoms, moves, community_of=None, balance=None) -> list:
    grids = project["grids"]
    ids = list(new_geoms)
    community = {g: (grids.at[g, "community_id"] if g in grids.index else (community_of or {}).get(g))
                 for g in ids}
    before = {g: _metric(project, grids.at[g, "geometry"]) if g in grids.index else None for g in ids}
    after = {g: _metric(project, geom) for g, geom in new_geoms.items()}
    problems, shapes = [], {}
    for g in ids:
        problems += _grid_problems(project, g, before[g], after[g], community[g], ids, new_geoms[g], shapes)
    for cid in sorted({c for c in community.values() if c is not None}, key=str):
        mine = [g for g in ids if community[g] == cid]
        hole = _area(shapely.difference(_union([before[g] for g in mine]), _union([after[g] for g in mine])))
        if hole > AREA_TOLERANCE_M2:
            problems.append(Message("topology.hole", community=cid, area=f"{hole:.0f}"))
    return problems + _buildings_outside(project, after, moves, balance)


def _grid_problems(project, g, before, after, community, touched, raw, shapes) -> list:
    if after is None or shapely.is_empty(after):
        return []
    out = []
    pieces = _pieces(after)
    if pieces > 1 and pieces > _pieces(before):
        out.append(Message("topology.pieces", grid=g, n=pieces))
    comms = project["communities"]
    if community in comms.index:
        if community not in shapes:
            shapes[community] = _metric(project, comms.at[community, "geometry"])
        shape = shapes[community]
        if _area(shapely.difference(after, shape)) > AREA_TOLERANCE_M2 >= _area(
                shapely.difference(before, shape) if before is not None else None):
            out.append(Message("topology.outside", grid=g, community=community))
    for other, geom in _neighbours(project, community, touched, raw):
        was = _area(shapely.intersection(before, geom)) if before is not None else 0.0
        if _area(shapely.intersection(after, geom)) > AREA_TOLERANCE_M2 >= was:
            out.append(Message("topology.overlap", grid=g, other=other))
    return out


def _neighbours(project, community, touched, raw):
    grids = project["grids"]
    if community is None or community != community:  # a blank community is nobody's neighbour
        return []
    # positional numpy: label look-ups over every grid cost milliseconds per edit at district scale
    same = np.flatnonzero(grids["community_id"].to_numpy() == community)
    touched = set(touched)
    keep = [k for k, o in zip(same, grids.index[same]) if o not in touched]
    if not keep:
        return []
    others = list(grids.index[keep])
    geoms = grids.geometry.values.to_numpy()[keep]
    hit = shapely.intersects(geoms, raw)  # in the project CRS: only neighbours are transformed
    if not hit.any():
        return []
    return list(zip([o for o, h in zip(others, hit) if h], to_metric(project, geoms[hit])))


def _buildings_outside(project, after, moves, balance) -> list:
    b = project["buildings"]
    touched = {g for g, geom in after.items() if geom is not None}
    if balance is not None:
        ids = set().union(*(balance.members.get(g, ()) for g in touched)) | set(moves)
    else:
        ids = set(b.index[b["grid_id"].isin(list(touched)).to_numpy()]) | set(moves)
    ids = sorted(i for i in ids if moves.get(i, b.at[i, "grid_id"]) in touched)
    if not ids:
        return []
    grid_of = [moves.get(i, b.at[i, "grid_id"]) for i in ids]
    shapes = to_metric(project, b.geometry.values[b.index.get_indexer(ids)].to_numpy())
    containers = np.array([after[g] for g in grid_of], dtype=object)
    empty = shapely.is_empty(containers) | shapely.is_missing(containers)
    outside = np.zeros(len(ids))
    ok = ~empty
    outside[ok] = shapely.area(shapely.difference(shapes[ok], containers[ok]))
    outside[empty] = shapely.area(shapes[empty])
    return [Message("topology.building_outside", building=i, grid=g)
            for i, g, area in zip(ids, grid_of, outside) if area > AREA_TOLERANCE_M2]


def _metric(project, geom):
    if geom is None or shapely.is_missing(geom):
        return None
    return to_metric(project, shapely.make_valid(geom)) if not geom.is_empty else geom


def _pieces(geom) -> int:
    if geom is None or shapely.is_empty(geom):
        return 0
    parts = shapely.get_parts(geom)
    return int((shapely.area(parts) > AREA_TOLERANCE_M2).sum())


def _area(geom) -> float:
    return 0.0 if geom is None else float(shapely.area(geom))


def _union(geoms):
    geoms = [g for g in geoms if g is not None and not shapely.is_empty(g)]
    return shapely.union_all(geoms) if geoms else shapely.Polygon()


