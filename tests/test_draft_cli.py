"""`main.py draft`: a new plan on the demo street, nothing else touched; adopted, it passes `check`."""
from __future__ import annotations

import csv
import json

from geo.cli import main as cli
from geo.project import Project
from geo.store import read_layers
from geo.validate import check_layers
from tests.editing_checks import open_copy
from tests.plan_session_checks import non_plan_digest

TOPOLOGY = {"grid_overlap", "grid_gap", "grid_crosses_community", "grid_not_contiguous",
            "building_outside_grid", "building_unassigned"}


def test_draft_writes_a_proposal_and_nothing_else(demo_gpkg, tmp_path, capsys):
    path = tmp_path / "street.gpkg"
    open_copy(demo_gpkg, tmp_path, "street.gpkg").close()
    before = non_plan_digest(path)
    assert cli(["draft", str(path), "--plan", "自动方案", "--seed", "3", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"plan", "seconds", "grids", "exceptions"}
    assert doc["plan"] == "P1" and doc["grids"]
    assert set(doc["grids"][0]) == {"grid_id", "community_id", "households", "buildings", "compounds",
                                    "polsby_popper"}
    listed = {e["grid_id"] for e in doc["exceptions"]}
    assert all(300 <= g["households"] <= 500 or g["grid_id"] in listed for g in doc["grids"])
    in_band = sum(300 <= g["households"] <= 500 for g in doc["grids"])
    assert in_band >= 0.9 * len(doc["grids"]), "most grids of the demo street fit the band"
    assert non_plan_digest(path) == before, "the draft changed something outside the plan"
    project = Project.open(path)
    try:
        assert project["plans"].at["P1", "status"] == "proposal"
        assert project["plans"].at["P1", "active"] == 0
    finally:
        project.close()
    out = tmp_path / "p1.csv"
    assert cli(["plan", str(path), "export-csv", str(out), "--plan", "P1"]) == 0
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    drafted = {g["grid_id"] for g in doc["grids"]}
    assert rows and {r["grid_id"] for r in rows} <= drafted


def test_adopted_draft_is_tiled_and_figures_follow(demo_gpkg, tmp_path, capsys):
    path = tmp_path / "street.gpkg"
    open_copy(demo_gpkg, tmp_path, "street.gpkg").close()
    assert cli(["draft", str(path), "--community", "C02", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {g["community_id"] for g in doc["grids"]} == {"C02"}
    assert cli(["plan", str(path), "adopt", doc["plan"]]) == 0
    problems = [p for p in check_layers(read_layers(path)) if p.kind in TOPOLOGY]
    assert problems == []
    capsys.readouterr()
    assert cli(["check", str(path)]) == 0, capsys.readouterr().out  # organization included
    capsys.readouterr()
    assert cli(["stats", str(path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    figures = {g["grid_id"]: g["households"] for g in stats["grids"]}
    for grid in doc["grids"]:
        assert figures[grid["grid_id"]] == grid["households"]


def test_minimal_change_moves_only_what_it_must(demo_gpkg, tmp_path, capsys):
    path = tmp_path / "street.gpkg"
    open_copy(demo_gpkg, tmp_path, "street.gpkg").close()
    project = Project.open(path)
    before = dict(zip(project["buildings"].index, project["buildings"]["grid_id"]))
    project.close()
    assert cli(["draft", str(path), "--minimal-change", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    out = tmp_path / "min.csv"
    assert cli(["plan", str(path), "export-csv", str(out), "--plan", doc["plan"]]) == 0
    with open(out, encoding="utf-8-sig") as f:
        after = {r["building_id"]: r["grid_id"] for r in csv.DictReader(f)}
    moved = [b for b in before if after.get(b) != before[b]]
    assert 0 < len(moved) < 0.25 * len(before)
    assert {g["grid_id"] for g in doc["grids"]} <= set(before.values()), "grids keep their codes"


def test_bad_draft_arguments(demo_gpkg, tmp_path, capsys):
    path = tmp_path / "street.gpkg"
    open_copy(demo_gpkg, tmp_path, "street.gpkg").close()
    assert cli(["draft", str(path), "--band", "500-300"]) == 2
    assert cli(["draft", str(path), "--band", "many"]) == 2
    assert cli(["draft", str(path), "--community", "C99"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and "C99" in err[2]
