"""Deleting features: references cleared and listed, one undo step, nothing dangling."""
from __future__ import annotations

import json

import pytest

from geo.cli import main as cli_main
from geo.deleting import delete_command
from geo.messages import CodedError
from geo.project import Project
from tests.factories import tiny_frames, tiny_rules


def _project():
    return Project(tiny_frames(), tiny_rules())


def test_deleting_a_building_unassigns_its_members_and_keeps_its_group():
    project = _project()
    command, result = delete_command(project, "buildings", ["B1"])
    command.do(project)
    assert "B1" not in project["buildings"].index
    assert result.unassigned[("members", "building_id")] == ["M1"]
    assert project["members"].at["M1", "building_id"] is None
    assert result.orphaned["organizations"] == ["O-B1"]
    assert "O-B1" in project["organizations"].index
    command.undo(project)
    assert project["members"].at["M1", "building_id"] == "B1"
    assert "B1" in project["buildings"].index


def test_deleting_a_whole_layer_clears_every_reference():
    project = _project()
    command, result = delete_command(project, "grids")
    command.do(project)
    assert len(project["grids"]) == 0
    assert project["buildings"]["grid_id"].isna().all()
    assert result.orphaned == {"organizations": ["O-G1"], "partner_links": ["L1"]}


def test_unknown_layer_or_ids_are_refused_in_both_languages():
    project = _project()
    with pytest.raises(CodedError) as exc:
        delete_command(project, "plans", ["P0"])
    assert "plans" in exc.value.text("en") and "不能" in exc.value.text("zh")
    with pytest.raises(CodedError) as exc:
        delete_command(project, "buildings", ["B9"])
    assert "B9" in exc.value.text("en")


def test_delete_command_line(tiny_gpkg, capsys):
    assert cli_main(["delete", str(tiny_gpkg), "--layer", "compounds", "--ids", "K2", "--dry-run", "--json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["unassigned"] == {"buildings.compound_id": ["B3"]}
    project = Project.open(tiny_gpkg)
    assert "K2" in project["compounds"].index
    project.close()
    assert cli_main(["delete", str(tiny_gpkg), "--layer", "compounds", "--ids", "K2"]) == 0
    project = Project.open(tiny_gpkg)
    try:
        assert list(project["compounds"].index) == ["K1"]
        assert project["buildings"].at["B3", "compound_id"] is None
    finally:
        project.close()
    capsys.readouterr()
    assert cli_main(["check", str(tiny_gpkg)]) in (0, 1)
    assert "dangling_reference" not in capsys.readouterr().out
    assert cli_main(["delete", str(tiny_gpkg), "--layer", "buildings", "--ids", "nope"]) == 2
    assert "nope" in capsys.readouterr().err
