"""The search index behind the organization tree's search box (Qt-free)."""
import numpy as np
import pandas as pd

from geo.project import Project
from geo.search import SearchIndex
from tests.factories import tiny_frames


def _index():
    project = Project(tiny_frames())
    return SearchIndex.from_project(project)


def test_grid_by_name_jumps_to_the_grid():
    hits = _index().search("第一网格")
    assert hits[0].kind == "grid" and hits[0].id == "G1"
    assert (hits[0].target_layer, hits[0].target_id) == ("grids", "G1")
    # the grid itself ranks before its branch, which merely contains the text
    assert [h.kind for h in hits[:2]] == ["grid", "organization"]


def test_building_by_compound_and_number():
    hits = _index().search("和平小区1号楼")
    assert [(h.layer, h.id) for h in hits] == [("buildings", "B3")]


def test_building_number_matches_every_compound():
    ids = {h.id for h in _index().search("1号楼") if h.kind == "building"}
    assert ids == {"B1", "B3"}


def test_member_jumps_to_their_building():
    (hit,) = _index().search("李红")
    assert hit.kind == "member" and hit.id == "M2"
    assert (hit.target_layer, hit.target_id) == ("buildings", "B2")


def test_organization_jumps_to_its_area():
    hit = _index().search("1号楼党小组")[0]
    assert (hit.layer, hit.id, hit.target_layer, hit.target_id) == ("organizations", "O-B1", "buildings", "B1")


def test_street_committee_has_no_map_target():
    hit = _index().search("党工委")[0]
    assert hit.id == "O-S" and hit.target_layer is None


def test_case_insensitive_and_by_id():
    assert _index().search("g2")[0].id == "G2"


def test_empty_and_unmatched_queries():
    index = _index()
    assert index.search("") == [] and index.search("   ") == []
    assert index.search("不存在的名字") == []


def test_limit_and_ranking_prefer_exact_labels():
    index = _index()
    assert len(index.search("网格", limit=2)) == 2
    assert index.search("幸福小区")[0].kind == "compound"


def test_empty_project_searches_nothing():
    index = SearchIndex.from_frames({})
    assert len(index) == 0 and index.search("网格") == []


def test_large_member_roster_is_searched_quickly():
    import time

    n = 300_000
    frames = tiny_frames()
    frames["members"] = pd.DataFrame({
        "member_id": [f"M{i}" for i in range(n)], "name": np.array(["王" + str(i) for i in range(n)], dtype=object),
        "building_id": "B1"}).set_index("member_id", drop=False)
    index = SearchIndex.from_frames(frames)
    start = time.perf_counter()
    hits = index.search("王12345")
    assert time.perf_counter() - start < 2.0
    assert hits[0].label == "王12345"
