"""The gap list a live CoverageModel keeps up to date row by row after edits equals one built from scratch."""
import numpy as np
import pandas as pd
import pytest
import shapely.affinity

from geo.coverage import CoverageModel
from geo.coverage.gaps import detail_texts, gap_frame, updated_gap_frame
from geo.project import Project
from tests.coverage_factories import coverage_project
from tests.test_coverage_incremental import EDITS


def kept_model(project):
    """A live model whose full gap list is built before the edits (then updated row by row)."""
    model = CoverageModel(project)
    model.gaps()
    return model


def assert_same_gaps(kept: pd.DataFrame, project):
    fresh = CoverageModel(project, live=False).gaps()
    pd.testing.assert_frame_equal(kept.drop(columns=["detail"]), fresh.drop(columns=["detail"]))
    assert detail_texts(kept["detail"], "zh") == detail_texts(fresh["detail"], "zh")
    assert detail_texts(kept["detail"], "en") == detail_texts(fresh["detail"], "en")


@pytest.mark.parametrize("name", list(EDITS))
def test_each_kind_of_edit_keeps_the_gap_rows_of_a_fresh_build(name):
    project = coverage_project()
    kept = kept_model(project)
    project.apply(EDITS[name])
    assert_same_gaps(kept.gaps(), project)


def test_nothing_changed_keeps_every_row():
    project = coverage_project()
    model = CoverageModel(project, live=False)
    before = model.gaps()
    pd.testing.assert_frame_equal(updated_gap_frame(model._state, before, []), before)
    assert model.gaps() is before  # no edit since: not even the kinds of no grid are made again


def _random_edit(rng, project):
    b, m, o, st = (project[n] for n in ("buildings", "members", "organizations", "stations"))
    grids = list(project["grids"].index) + [None]
    kind = rng.choice(["move", "move", "households", "member", "org", "station", "unit_head"])
    if kind == "move":
        ids = rng.choice(b.index.to_numpy(), size=int(rng.integers(1, 6)), replace=False)
        target = grids[int(rng.integers(len(grids)))]
        return [("update", "buildings", i, {"grid_id": target}) for i in ids]
    if kind == "households":
        i = b.index[int(rng.integers(len(b)))]
        return [("update", "buildings", i, {"households": int(rng.integers(0, 400)),
                                             "units": int(rng.integers(1, 6))})]
    if kind == "member":
        i, to = m.index[int(rng.integers(len(m)))], b.index[int(rng.integers(len(b)))]
        return [("update", "members", i, {"building_id": to if rng.random() < 0.8 else None})]
    if kind == "unit_head":
        i = m.index[int(rng.integers(len(m)))]
        return [("update", "members", i, {"roles": "unit_head", "unit_no": 1})]
    if kind == "org":
        groups = o.index[(o["level"] == "building_group").to_numpy()]
        return [("delete", "organizations", groups[int(rng.integers(len(groups)))])]
    i = st.index[int(rng.integers(len(st)))]
    return [("update", "stations", i, {"status": "planned" if st.at[i, "status"] == "built" else "built"})]


def test_seeded_random_edits_keep_the_gap_list_of_a_fresh_build(demo_copy):
    project = Project.read(demo_copy)
    try:
        kept = kept_model(project)
        rng = np.random.default_rng(13)
        for step in range(24):
            project.apply(_random_edit(rng, project))
            if step % 3 == 2:  # several edits between two reads, as a hidden dock sees them
                assert_same_gaps(kept.gaps(), project)
        assert_same_gaps(kept.gaps(), project)
    finally:
        project.close()


def test_the_lexsort_order_is_the_documented_order():
    project = coverage_project()
    frame = CoverageModel(project, live=False).gaps()
    again = frame.sample(frac=1, random_state=3).sort_values(
        ["severity", "households", "needed", "type", "id"], ascending=[False, False, False, True, True],
        kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(frame, again)
    assert gap_frame(CoverageModel(project, live=False)._state).shape == frame.shape


@pytest.mark.parametrize("layer", ["compounds", "grids", "communities"])
def test_renaming_an_area_renames_its_gap_rows(demo_copy, layer):
    """Gap rows name buildings by compound + building and grids by their own name."""
    project = Project.read(demo_copy)
    try:
        kept = kept_model(project)
        frame = project[layer]
        if layer == "compounds":  # a compound with buildings that have gaps
            before = kept.gaps()
            named = set(before.loc[before["layer"] == "buildings", "id"])
            holders = project["buildings"].loc[list(named), "compound_id"].dropna()
            target = holders.iloc[0]
        else:
            target = frame.index[0]
        project.apply([("update", layer, target, {"name": "改过名字的地方"})])
        refreshed = kept.gaps()
        assert_same_gaps(refreshed, project)
        if layer != "communities":
            assert refreshed["name"].astype(str).str.contains("改过名字的地方").any()
    finally:
        project.close()


def _edit_with_stations(rng, project):
    """A random edit of :func:`_random_edit`, or a station moved or deleted."""
    st = project["stations"]
    if len(st) and rng.random() < 0.3:
        i = st.index[int(rng.integers(len(st)))]
        if rng.random() < 0.3:
            return [("delete", "stations", i)]
        dx, dy = (float(v) for v in rng.normal(0, 300, size=2))
        return [("update", "stations", i, {"geometry": shapely.affinity.translate(st.geometry[i], dx, dy)})]
    return _random_edit(rng, project)


def test_seeded_random_edits_and_undos_keep_the_gap_list_of_a_fresh_build(demo_copy):
    """Buildings to other grids, households, members, stations moved or deleted, undone:
    the kept list is the fresh one row for row (same rows, order and values) after each read."""
    from geo.commands import ChangeList

    project = Project.read(demo_copy)
    try:
        kept = kept_model(project)
        rng = np.random.default_rng(1313)
        done = []
        for step in range(30):
            if done and rng.random() < 0.3:
                done.pop().undo(project)
            else:
                command = ChangeList("edit", _edit_with_stations(rng, project))
                command.do(project)
                done.append(command)
            if step % 2:  # one edit or two between reads
                assert_same_gaps(kept.gaps(), project)
        while done:  # back to the file as opened
            done.pop().undo(project)
        assert_same_gaps(kept.gaps(), project)
    finally:
        project.close()


def test_a_day_later_the_lists_kinds_are_judged_again(monkeypatch):
    """The lists' gaps are dated by today: a read on another day makes them again, judged on
    that day (a case due in 2098 is overdue in 2099, and listed as a fresh build lists it)."""
    import geo.lists.counts as counts_mod
    import geo.lists.gaps as list_gaps_mod
    from geo.lists.items import AddItem

    project = coverage_project()
    grid = project["grids"].index[0]
    AddItem("cases", {"title": "楼道堆物", "category": "环境卫生", "target_type": "grid", "target_id": grid,
                      "reported_at": "2098-05-01", "due_at": "2098-06-01"}).do(project)
    model = kept_model(project)
    assert "case_overdue" not in set(model.gaps()["type"])  # not due yet today
    real_day = counts_mod.day_text
    later = lambda as_of: "2099-01-01" if as_of is None else real_day(as_of)  # noqa: E731
    monkeypatch.setattr(counts_mod, "day_text", later)  # "today" for the gap list and the lists
    monkeypatch.setattr(list_gaps_mod, "day_text", later)
    b = project["buildings"]
    project.apply([("update", "buildings", b.index[0], {"households": 7})])
    assert model._gaps is not None and model.gaps() is model._gaps.frame
    assert model._gaps.day == "2099-01-01"
    overdue = model.gaps().query("type == 'case_overdue'")
    assert len(overdue) == 1 and overdue["needed"].iloc[0] == 214  # 2098-06-01 -> 2099-01-01
    assert_same_gaps(model.gaps(), project)


@pytest.mark.parametrize("target_type", ["building", "compound"])
def test_moving_the_building_a_list_gap_names_moves_the_gap_to_its_grid(demo_copy, target_type):
    """Needs and cases are counted in their target building's grid (or the grid of most of their
    compound's buildings): moving those buildings moves the list gap rows too."""
    project = Project.read(demo_copy)
    try:
        kept = kept_model(project)
        rows = kept.gaps()
        lists = rows[rows["type"].isin(["need_unmatched", "case_overdue"])]
        b = project["buildings"]
        moved = None
        for layer, item in zip(lists["layer"], lists["id"]):
            target = project[layer].loc[item]
            if target["target_type"] == target_type:
                moved = ([target["target_id"]] if target_type == "building"
                         else list(b.index[(b["compound_id"] == target["target_id"]).to_numpy()]))
                if moved:
                    break
        assert moved, "the demo has a list gap with such a target"
        grid = next(g for g in project["grids"].index if g != b.at[moved[0], "grid_id"])
        project.apply([("update", "buildings", i, {"grid_id": grid}) for i in moved])
        refreshed = kept.gaps()
        assert_same_gaps(refreshed, project)
        mine = refreshed[refreshed["type"].isin(["need_unmatched", "case_overdue"])]
        assert (mine["grid_id"] == grid).any()
    finally:
        project.close()


def test_rows_placed_among_the_kept_ones_give_the_sorted_list():
    """Any rows taken out of a sorted list and placed back land where a whole sort puts them,
    the last ones too (right after the last kept row)."""
    from geo.coverage.gaps import GapRows, _merged

    project = coverage_project()
    model = CoverageModel(project, live=False)
    full = model.gaps()
    rng = np.random.default_rng(7)
    masks = [np.arange(len(full)) >= len(full) - 3] + [rng.random(len(full)) < 0.2 for _ in range(40)]
    for taken in masks:
        previous = GapRows(model._state, full[~taken].reset_index(drop=True))
        merged, order = _merged(previous, np.arange(len(previous.frame)), full[taken].reset_index(drop=True))
        pd.testing.assert_frame_equal(merged, full)
        assert sorted(order.tolist()) == list(range(len(full)))
