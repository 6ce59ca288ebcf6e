"""Station siting (MCLP): the exact solver finds known optima, the greedy comes close, plans hold the result."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix

from geo.cli import main as cli
from geo.messages import CodedError
from geo.project import Project
from geo.siting import _exact, _greedy, site_stations
from tests.drafting_layouts import layout
from tests.editing_checks import open_copy
from tests.plan_session_checks import non_plan_digest


def test_exact_beats_greedy_where_greedy_is_known_to_fail():
    # S0 covers the middle four (4 households), S1 and S2 each two of them plus one heavy
    # building at either end (also 4 each): greedy takes S0 then one side (6); the optimum
    # takes both sides (8).
    cover = csr_matrix(np.array([[1, 1, 1, 1, 0, 0],
                                 [1, 1, 0, 0, 1, 0],
                                 [0, 0, 1, 1, 0, 1]], dtype=float))
    weights = np.array([1, 1, 1, 1, 2, 2], dtype=float)
    assert sorted(_exact(cover, weights, 2)) == [1, 2]
    greedy = _greedy(cover, weights, 2)
    assert greedy[0] == 0 and len(greedy) == 2


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4))
def test_greedy_is_never_better_than_exact_and_within_the_bound(seed, k):
    rng = np.random.default_rng(seed)
    cover = csr_matrix((rng.random((8, 25)) < 0.25).astype(float))
    weights = rng.integers(1, 100, 25).astype(float)

    def value(chosen):
        return weights[np.asarray(cover[chosen].sum(axis=0)).ravel() > 0].sum()

    best = value(_exact(cover, weights, k))
    # brute force over all k-subsets: the exact solver finds the optimum
    from itertools import combinations
    assert best == max(value(list(c)) for c in combinations(range(8), k))
    greedy = value(_greedy(cover, weights, k))
    assert greedy <= best + 1e-9 and greedy >= (1 - 1 / np.e) * best - 1e-9


def test_site_stations_on_two_clusters_takes_each_cluster_once():
    west = [(i * 30, 0, 100) for i in range(4)]
    east = [(1000 + i * 30, 0, 60) for i in range(4)]
    project = layout(west + east)
    one = site_stations(project, 1, radius=150)
    assert one.covered_before == 0 and one.covered_after == 400, "the bigger cluster first"
    two = site_stations(project, 2, radius=150)
    assert two.covered_after == 640
    assert [p.gain for p in two.proposals] == [400, 240]
    with pytest.raises(CodedError):
        site_stations(project, 0)
    with pytest.raises(CodedError):
        site_stations(project, 1, radius=-5)


def test_site_stations_cli_writes_a_plan_and_nothing_else(demo_gpkg, tmp_path, capsys):
    path = tmp_path / "street.gpkg"
    open_copy(demo_gpkg, tmp_path, "street.gpkg").close()
    before = non_plan_digest(path)
    assert cli(["site-stations", str(path), "--new", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["plan"] is None and len(report["stations"]) == 2
    assert report["covered_after"] > report["covered_before"]
    assert cli(["site-stations", str(path), "--new", "2", "--plan", "新增服务站", "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert non_plan_digest(path) == before
    project = Project.open(path)
    try:
        rows = project["plan_stations"]
        new = rows[(rows["plan_id"] == written["plan"]) & (rows["status"] == "planned")
                   & rows["station_id"].str.startswith("PS")]
        assert len(new) == 2 and set(new["service_radius_m"]) == {500.0}
    finally:
        project.close()
