"""Saved views: derived from the data, user ones kept in the project file."""
import pytest

from geo import bookmarks as bm
from geo.project import Project


@pytest.fixture
def tiny(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    yield project
    project.close()


def contains(outer, inner, tol=1e-9):
    return (outer[0] <= inner[0] + tol and outer[1] <= inner[1] + tol
            and outer[2] >= inner[2] - tol and outer[3] >= inner[3] - tol)


def test_tour_is_street_then_communities(tiny):
    marks = bm.tour(tiny)
    assert [m.kind for m in marks] == [bm.STREET, bm.COMMUNITY]
    street, community = marks
    assert street.name == "测试街道"
    assert community.name == "测试社区" and community.layer == "communities" and community.ids == ("C1",)
    assert contains(street.bounds, tuple(tiny["communities"].total_bounds))
    assert contains(street.bounds, tuple(tiny["stations"].total_bounds))


def test_grid_bookmarks_per_grid_and_per_community(tiny):
    marks = bm.grid_bookmarks(tiny)
    assert [(m.name, m.ids) for m in marks] == [("第一网格", ("G1",)), ("第二网格", ("G2",))]
    assert bm.grid_bookmarks(tiny, community_id="nope") == []
    g1 = tiny["grids"].geometry.loc["G1"].bounds
    assert marks[0].bounds == pytest.approx(g1)
    assert all(isinstance(v, float) for v in marks[0].bounds)


def test_changed_grids_from_ids_and_from_a_plan_comparison(tiny):
    mark = bm.changed_grids_bookmark(tiny, ["G2", "missing"])
    assert mark.kind == bm.CHANGED and mark.ids == ("G2",)
    assert mark.bounds == pytest.approx(tiny["grids"].geometry.loc["G2"].bounds)
    assert bm.changed_grids_bookmark(tiny, []) is None
    tour = bm.tour(tiny, changed_grids=["G1", "G2"])
    assert tour[-1].kind == bm.CHANGED and tour[-1].ids == ("G1", "G2")


def test_plan_comparison_gives_the_changed_grids(tiny):
    from geo.editing.assign import ReassignBuildings
    from geo.editing.plans import CreatePlan, SwitchPlan

    CreatePlan("方案一").do(tiny)
    SwitchPlan("P1").do(tiny)
    ReassignBuildings({"B2": "G2"}).do(tiny)  # G1 loses a building to G2
    mark = bm.tour(tiny)[-1]
    assert mark.kind == bm.CHANGED and set(mark.ids) == {"G1", "G2"}


def test_user_bookmarks_are_saved_in_the_file(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    bm.add_user_bookmark(project, "幸福小区", (117.0, 36.6, 117.001, 36.601))
    bm.add_user_bookmark(project, "和平小区", (117.002, 36.6, 117.003, 36.601))
    bm.add_user_bookmark(project, "幸福小区", (1, 2, 3, 4))  # same name replaces
    project.close()
    again = Project.open(tiny_gpkg)
    try:
        marks = bm.user_bookmarks(again)
        assert [(m.name, m.bounds) for m in marks] == [("和平小区", (117.002, 36.6, 117.003, 36.601)),
                                                       ("幸福小区", (1.0, 2.0, 3.0, 4.0))]
        assert bm.tour(again)[-1].name == "幸福小区"
        assert bm.remove_user_bookmark(again, "和平小区") and not bm.remove_user_bookmark(again, "x")
        assert [m.name for m in bm.user_bookmarks(again)] == ["幸福小区"]
        assert again.rules.households_min == 50  # the rules in the same table are untouched
    finally:
        again.close()


def test_unreadable_bookmark_rows_are_skipped(tiny):
    tiny.store.apply([("setting", bm.SETTINGS_KEY, "not json")])
    assert bm.user_bookmarks(tiny) == []
    tiny.store.apply([("setting", bm.SETTINGS_KEY,
                       '[{"name": "ok", "bounds": [0, 0, 1, 1]}, {"name": "bad", "bounds": [0]},'
                       ' {"bounds": [0, 0, 1, 1]}]')])
    assert [m.name for m in bm.user_bookmarks(tiny)] == ["ok"]


def test_in_memory_project_keeps_bookmarks_in_memory(tiny_gpkg):
    from geo.store import read_layers

    loaded = read_layers(tiny_gpkg)
    project = Project(loaded.frames, loaded.rules)
    bm.add_user_bookmark(project, "视图", (0, 0, 1, 1))
    assert [m.name for m in bm.user_bookmarks(project)] == ["视图"]
