"""The edit command's cheaper look-ups give what the whole-column ones gave (issue 13).

An edit reads a handful of rows: positions by one hash look-up each instead of
``get_indexer``, a few cells instead of a whole column converted or copied, the
R-tree triggers' bounds from the GeoPackage header instead of the parsed WKB,
the grids of a community from a grouping kept by the balance instead of a
comparison over every grid. Each is compared here with the way it was done.
"""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
import shapely

from geo import gpkg
from geo.coverage import model as coverage_model
from geo.coverage.model import CoverageModel
from geo.coverage.tables import codes_of, take_codes
from geo.editing import topology_guard
from geo.editing.assign import (EditRefused, ReassignBuildings, _blank, building_communities, check_moves,
                                lookup)
from geo.editing.balance import GridBalance
from geo.editing.boundaries import derive_boundaries
from geo.lookup import rows_of
from tests.test_command_path import district  # noqa: F401 (a copy of the district project per module)


def _old_codes_of(values, index):
    values = pd.Series(values, dtype=object).to_numpy()
    if len(index) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    return index.get_indexer(values).astype(np.int64)


def test_codes_of_a_few_values_is_get_indexer():
    rng = np.random.default_rng(21)
    index = pd.Index([f"G{k:03d}" for k in range(200)], dtype=object)
    pool = [*index[:50], None, np.nan, "", "unknown", "G999", float("nan")]
    for _ in range(300):
        n = int(rng.integers(0, 80))
        values = [pool[int(k)] for k in rng.integers(0, len(pool), n)]
        for given in (values, tuple(values), np.array(values, dtype=object),
                      pd.Series(values, dtype=object, index=rng.permutation(n))):
            got = codes_of(given, index)
            assert got.dtype == np.int64 and np.array_equal(got, _old_codes_of(values, index))
    assert codes_of(["a"], pd.Index([], dtype=object)).tolist() == [-1]
    with pytest.raises(Exception):  # a repeated id is refused, as get_indexer refuses it
        codes_of(["a"], pd.Index(["a", "a"], dtype=object))


def test_take_codes_is_append_then_take():
    rng = np.random.default_rng(22)
    for _ in range(200):
        values = rng.integers(-5, 50, int(rng.integers(0, 30)))
        codes = rng.integers(-1, len(values), int(rng.integers(0, 20))) if len(values) else \
            np.full(int(rng.integers(0, 5)), -1)
        got, want = take_codes(values, codes, -1), np.append(values, -1)[codes]
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_a_few_rows_of_a_column_are_what_the_whole_column_gave():
    n = 40
    rng = np.random.default_rng(23)
    frame = pd.DataFrame({
        "text": pd.Series([None if k % 7 == 0 else f"v{k}" for k in range(n)], dtype=object),
        "float": np.where(np.arange(n) % 5 == 0, np.nan, np.arange(n) * 1.5),
        "nan": np.full(n, np.nan),
        "int": np.arange(n),
        "nullable": pd.array([None if k % 3 == 0 else k for k in range(n)], dtype="Int64"),
        "string": pd.array([None if k % 4 == 0 else f"s{k}" for k in range(n)], dtype="string"),
        "time": pd.date_range("2024-01-01", periods=n, freq="D"),
    }, index=pd.Index([f"B{k}" for k in range(n)], dtype=object))
    for _ in range(50):
        pos = rng.integers(-1, n, int(rng.integers(0, 12)))
        for col in frame.columns:
            want = frame[col].to_numpy(dtype=object)[pos]
            got = rows_of(frame[col], pos)
            assert got.dtype == object and len(got) == len(want)
            for a, b in zip(got, want):
                assert type(a) is type(b) and (a is b or a == b or (a != a and b != b)), (col, a, b)


def test_header_bounds_are_the_geometry_bounds():
    rng = np.random.default_rng(24)
    geoms = [shapely.box(*sorted(rng.uniform(0, 100, 2)), *sorted(rng.uniform(0, 100, 2)))
             for _ in range(20)]
    geoms += [shapely.Point(3.5, -2.25), shapely.MultiPolygon(), shapely.Polygon(),
              shapely.LineString([(0, 0), (1e-9, 7)]), shapely.buffer(shapely.Point(1, 1), 3)]
    for geom in geoms:
        blob = gpkg.encode(geom, 4490)
        parsed = shapely.from_wkb(blob[gpkg._header_size(blob):])  # noqa: SLF001
        want = None if parsed.is_empty else tuple(shapely.bounds(parsed))
        got = gpkg._bounds(blob)  # noqa: SLF001
        assert (got is None) == (want is None) and (got is None or tuple(map(float, got)) == want)
        for k, fn in enumerate(gpkg._bound_function(i) for i in range(4)):  # noqa: SLF001
            assert fn(blob) == (None if want is None else float(want[k]))
    assert gpkg._bounds(None) is None  # noqa: SLF001
    no_envelope = b"GP\x00\x01" + (4490).to_bytes(4, "little") + shapely.to_wkb(geoms[0], byte_order=1)
    assert tuple(map(float, gpkg._bounds(no_envelope))) == tuple(shapely.bounds(geoms[0]))  # noqa: SLF001


def test_community_rows_follow_grid_edits(district):
    project = district
    balance = GridBalance(project)
    grids = project["grids"]
    communities = list(dict.fromkeys(grids["community_id"]))[:6] + ["no such community"]

    def check():
        frame = project["grids"]
        for c in communities:
            assert np.array_equal(balance.community_rows(c),
                                  np.flatnonzero(frame["community_id"].to_numpy() == c))

    try:
        check()
        g0, g1 = grids.index[0], grids.index[1]
        from geo.commands import DeleteFeatures, InsertFeatures, SetValues

        moved = SetValues("grids", {g0: {"community_id": communities[1]}})
        moved.do(project)
        check()
        row = {c: project["grids"].at[g1, c] for c in project["grids"].columns}
        row["grid_id"] = "G-speed-test"
        added = InsertFeatures("grids", [row])
        added.do(project)
        check()
        DeleteFeatures("grids", ["G-speed-test"]).do(project)
        check()
        moved.undo(project)
        check()
    finally:
        balance.close()


def test_moves_are_checked_and_looked_up_as_before(district):
    project = district
    b, grids = project["buildings"], project["grids"]
    rng = np.random.default_rng(25)
    for _ in range(30):
        ids = list(b.index[rng.integers(0, len(b), int(rng.integers(1, 6)))])
        targets = list(grids.index[rng.integers(0, len(grids), len(ids))])
        moves = dict(zip(ids, targets))
        have = building_communities(project, moves)
        want = pd.Series(lookup(grids["community_id"], moves.values()), index=list(moves), dtype=object)
        wrong = [i for i in moves if not _blank(have[i]) and have[i] != want[i]]
        if wrong:
            with pytest.raises(EditRefused) as caught:
                check_moves(project, moves)
            params = caught.value.message.params
            assert caught.value.message.code == "edit.other_community"
            assert params["ids"] == ", ".join(map(str, wrong[:10]))
            assert (params["have"], params["want"], params["grid"]) == (have[wrong[0]], want[wrong[0]],
                                                                       moves[wrong[0]])
        else:
            check_moves(project, moves)


def test_guard_twice_on_the_same_grids_says_the_same(district):
    """The union of an edit's grids is remembered by identity: asked again (or about the grids
    the last edit left) it gives what a fresh union gives."""
    project = district
    balance = GridBalance(project)
    try:
        grids = project["grids"]
        rng = np.random.default_rng(26)
        done = 0
        for k in rng.permutation(len(grids))[:40]:
            source = grids.index[k]
            mine = sorted(balance.members.get(source, ()))
            same = np.flatnonzero(grids["community_id"].to_numpy() == grids["community_id"].iloc[k])
            geoms = grids.geometry.values.to_numpy()
            near = [j for j in same if j != k and shapely.intersects(geoms[j], geoms[k])]
            if not mine or not near:
                continue
            target = grids.index[near[0]]
            moves = {mine[0]: target}
            new = derive_boundaries(project, [source, target], moves, balance=balance)
            first = topology_guard.edit_problems(project, new, moves, {}, balance)
            topology_guard._UNIONS.clear()  # noqa: SLF001
            fresh = topology_guard.edit_problems(project, new, moves, {}, None)
            again = topology_guard.edit_problems(project, new, moves, {}, balance)
            assert first == fresh == again
            if not first:
                ReassignBuildings(moves, balance=balance).do(project)
                done += 1
            if done >= 6:
                break
        assert done >= 3
    finally:
        balance.close()


def test_member_rows_written_in_place_equal_a_fresh_model(district):
    project = district
    model = CoverageModel(project)
    try:
        members = project["members"]
        orgs = project["organizations"]
        branches = list(orgs.index[orgs["level"] == "grid_branch"][:5])
        rng = np.random.default_rng(27)
        from geo.commands import SetValues

        for _ in range(6):
            who = list(members.index[rng.integers(0, len(members), 3)])
            SetValues("members", {m: {"org_id": branches[int(rng.integers(len(branches)))]}
                                  for m in who}).do(project)
            model.grids  # noqa: B018 (read, so the sums are redone)
        fresh = CoverageModel(project, live=False)
        pd.testing.assert_frame_equal(model._s.mt, fresh._s.mt)  # noqa: SLF001
        pd.testing.assert_frame_equal(model.grids, fresh.grids)
        assert model.street == fresh.street
    finally:
        model.close()


def test_assign_falls_back_to_iloc_for_another_dtype():
    frame = pd.DataFrame({"a": np.array([1, 2, 3]), "b": np.array([True, False, True])},
                         index=pd.Index(["x", "y", "z"], dtype=object))
    new = pd.DataFrame({"a": np.array([7], dtype=np.int32), "b": np.array([False])},
                       index=pd.Index(["y"], dtype=object))
    want = frame.copy()
    want.iloc[[1], 0] = new["a"].to_numpy()
    want.iloc[[1], 1] = new["b"].to_numpy()
    coverage_model._assign(frame, ["y"], new)  # noqa: SLF001
    pd.testing.assert_frame_equal(frame, want)
