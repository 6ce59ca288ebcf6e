"""Shared look-ups of the editing engine: grouping, band statuses, compactness, unknown ids."""
import numpy as np
import pandas as pd
import pytest

from geo.editing.assign import building_communities
from geo.editing.balance import GridBalance
from geo.editing.compactness import grid_compactness
from geo.grouping import Groups
from tests.editing_checks import open_copy


@pytest.fixture
def tiny(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    yield project
    project.close()


def test_groups_slice_each_key_in_order_and_leave_missing_keys_out():
    keys = np.array(["b", None, "a", "b", np.nan, "a", "c"], dtype=object)
    groups = Groups.of(keys, np.arange(10, 17))
    assert groups.get("a").tolist() == [12, 15] and groups.get("b").tolist() == [10, 13]
    assert groups.get("c").tolist() == [16]
    assert groups.get("zz") == () and groups.get(None, "none") == "none"
    positions = Groups.of(keys)  # without values: the entries' positions
    assert positions.get("b").tolist() == [0, 3]


def test_statuses_follow_the_band_and_count_a_preview(tiny):
    balance = GridBalance(tiny)
    try:
        rules, grids = tiny.rules, list(tiny["grids"].index)
        preview = {grids[0]: rules.households_min - 1, grids[-1]: rules.households_max + 1}
        want = []
        for g in grids + ["no such grid"]:
            hh = preview.get(g, balance.households.get(g, 0))
            want.append("under" if hh < rules.households_min else "over" if hh > rules.households_max else "ok")
        assert balance.statuses(grids + ["no such grid"], preview).tolist() == want
        assert [balance.status(g) for g in grids] == balance.statuses(grids).tolist()
        assert balance.statuses([]).tolist() == []
    finally:
        balance.close()


def test_unknown_ids_raise_rather_than_read_the_last_row(tiny):
    with pytest.raises(KeyError):
        building_communities(tiny, ["B1", "no such building"])
    with pytest.raises(KeyError):
        grid_compactness(tiny, ["no such grid"])


def test_compactness_from_a_snapshot_or_metric_shapes_equals_the_live_layer(tiny):
    from geo.editing.metric import to_metric

    grids = tiny["grids"]
    whole = grid_compactness(tiny)
    some = list(grids.index[::-1])
    snapshot = grid_compactness(tiny, some, index=grids.index, geoms=grids.geometry.values.to_numpy().copy())
    metric = to_metric(tiny, grids.geometry.values.to_numpy())
    given = grid_compactness(tiny, some, index=grids.index, metric=metric)
    pd.testing.assert_frame_equal(snapshot, whole.loc[some])
    pd.testing.assert_frame_equal(given, whole.loc[some])


def test_check_ids_names_the_ids_no_layer_has_one_by_one_or_in_bulk(tiny):
    from geo.messages import CodedError
    from geo.lookup import FEW
    from geo.project import UNKNOWN_IDS, check_ids

    buildings = list(tiny["buildings"].index)
    check_ids(tiny, [("update", "buildings", b, {"name": "x"}) for b in buildings])
    # an id inserted earlier in the same list counts as present
    check_ids(tiny, [("insert", "buildings", {"building_id": "B-new"}), ("update", "buildings", "B-new", {})])
    for few in (True, False):  # looked up one by one, or past FEW with the index's table
        ids = buildings[:2] if few else (buildings * (FEW // len(buildings) + 1))[:FEW + 1]
        changes = [("update", "buildings", b, {}) for b in ids] + [("delete", "buildings", "no such building")]
        with pytest.raises(CodedError) as raised:
            check_ids(tiny, changes)
        assert raised.value.message.code == UNKNOWN_IDS and "no such building" in str(raised.value)
