"""Estimated households (geo.estimates, `main.py estimate-households`) on hand-made buildings.

Every building of the tiny project is a 50 m × 15 m footprint (750 m²), so with
90 m² per household a 6-floor building has 750 × 6 / 90 = 50 households.
"""
from __future__ import annotations

import json
import sqlite3

import pytest

from geo.cli import main as cli_main
from geo.coverage import stats_json
from geo.estimates import estimate_command, estimate_households
from geo.messages import CodedError
from geo.project import Project
from geo.store import write_project
from tests.factories import METRIC, _gdf, rect, tiny_frames, tiny_rules


def _frames():
    """B1: no households, 6 floors; B2: 0 households, no floors, 15.2 m high, no units;
    B3: 30 households from its attribute; B4: no households, floors or height."""
    frames = tiny_frames()
    rows = frames["buildings"].to_crs(METRIC).to_dict("records")
    rows[0].update(households=None, height=None, households_source=None)
    rows[1].update(households=0, floors=None, units=None, height=15.2, households_source=None)
    rows[2].update(height=None, households_source="attribute")
    rows.append(dict(rows[2], building_id="B4", households=None, floors=None,
                     households_source=None, geometry=rect(120, 60, 170, 75)))
    frames["buildings"] = _gdf(rows)
    return frames


def _project():
    return Project(_frames(), tiny_rules())


def test_blank_households_are_estimated_from_footprint_and_floors():
    result = estimate_households(_project())
    assert result.values["B1"] == {"households": 50, "households_source": "estimate"}
    # 15.2 m / 3 m → 5 floors; 750 × 5 / 90 = 41.7 → 42; units ceil(42 / (5 × 2)) = 5
    assert result.values["B2"] == {"floors": 5, "households": 42, "units": 5,
                                   "households_source": "estimate"}
    assert "B3" not in result.values  # an attribute value is kept
    assert [m.params["id"] for m in result.skipped] == ["B4"]
    assert result.floors_from_height == 1 and result.units_estimated == 1


def test_area_per_household_and_floor_height_change_the_answer():
    result = estimate_households(_project(), area_per_household=150, floor_height=3.8)
    assert result.values["B1"]["households"] == 30          # 750 × 6 / 150
    assert result.values["B2"]["floors"] == 4               # 15.2 / 3.8
    assert result.values["B2"]["households"] == 20          # 750 × 4 / 150


def test_overwrite_replaces_attribute_values_too():
    result = estimate_households(_project(), overwrite=True)
    assert result.values["B3"] == {"households": 42, "households_source": "estimate"}  # 750 × 5 / 90


@pytest.mark.parametrize("value", [0, -90, float("nan"), "abc"])
def test_a_bad_area_per_household_is_refused(value):
    with pytest.raises(CodedError) as info:
        estimate_households(_project(), area_per_household=value)
    assert "--area-per-household" in str(info.value)


def test_the_command_is_one_undoable_edit():
    project = _project()
    command, _ = estimate_command(project)
    command.do(project)
    assert project["buildings"].loc["B2", "households"] == 42
    assert project["buildings"].loc["B2", "households_source"] == "estimate"
    command.undo(project)
    assert project["buildings"].loc["B2", "households"] == 0
    assert project["buildings"].loc["B2", "floors"] != project["buildings"].loc["B2", "floors"]  # NaN again
    assert project["buildings"].loc["B2", "households_source"] is None


def test_cli_writes_estimates_into_an_older_file_and_stats_count_them(tmp_path, capsys):
    path = write_project(tmp_path / "p.gpkg", _frames(), tiny_rules())
    con = sqlite3.connect(path)
    con.execute('ALTER TABLE buildings DROP COLUMN households_source')  # a file from before the column
    con.commit()
    con.close()
    assert cli_main([ "estimate-households", str(path), "--dry-run"]) == 1  # B4 cannot be estimated
    assert "B4" in capsys.readouterr().out
    project = Project.open(path)
    assert "households_source" not in project["buildings"].columns  # dry run wrote nothing
    project.close()

    assert cli_main(["estimate-households", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["estimated"] == 2 and out["written"] is True
    assert [s["building_id"] for s in out["skipped"]] == ["B4"]
    project = Project.open(path)
    try:
        b = project["buildings"]
        assert b.loc["B1", "households"] == 50 and b.loc["B1", "households_source"] == "estimate"
        assert b.loc["B3", "households"] == 30
        street = stats_json(project)["street"]
        assert street["households_estimated_buildings"] == 2
        assert street["households_blank_buildings"] == 1  # B4
        grids = {g["grid_id"]: g for g in stats_json(project)["grids"]}
        assert grids["G1"]["households_estimated_buildings"] == 2
        assert grids["G2"]["households_blank_buildings"] == 1
    finally:
        project.close()


def test_cli_refuses_a_bad_parameter_with_exit_2(tiny_gpkg, capsys):
    assert cli_main(["estimate-households", str(tiny_gpkg), "--area-per-household", "0"]) == 2
    assert "--area-per-household" in capsys.readouterr().err
