"""``main.py rules``: show the rules, change them as one recorded step, refuse bad values."""
import json
import shutil
import sqlite3

import pytest

from geo.cli import main
from geo.history import read_history
from geo.project import Project
from geo.rules import Rules


@pytest.fixture
def demo(demo_gpkg, tmp_path):
    return str(shutil.copy(demo_gpkg, tmp_path / "demo.gpkg"))


def _settings(path) -> dict:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT key, value FROM settings"))


def _rules_json(path, capsys) -> dict:
    capsys.readouterr()
    assert main(["rules", path, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_rule_is_shown_as_text_and_json(demo, capsys):
    assert main(["rules", demo]) == 0
    lines = dict(line.split("\t") for line in capsys.readouterr().out.splitlines())
    assert lines["households_max"] == "500" and lines["need_unmatched_days"] == "30"
    assert lines["case_time_limit_days"].endswith("*:15") and "schema_version" not in lines
    data = _rules_json(demo, capsys)
    assert data["changed"] == []
    assert data["rules"]["households_min"] == 300 and data["rules"]["station_radius_m"] == 500.0
    assert data["rules"]["case_time_limit_days"]["矛盾纠纷"] == 7 and data["rules"]["case_time_limit_days"]["*"] == 15
    assert data["rules"]["counted_member_kinds"] == ["registered", "in_service", "floating"]
    assert set(data["rules"]) == {f for f, _ in Rules().to_rows()} - {"schema_version"}


def test_a_whole_new_band_and_limits_are_one_undoable_step(demo, capsys):
    before = _settings(demo)
    argv = ["rules", demo, "--set", "households_min=600", "--set", "households_max=900",
            "--set", "case_time_limit_days=矛盾纠纷：5，*:20", "--set", "need_unmatched_days=60", "--json"]
    assert main(argv) == 0  # 600 alone would be above the old maximum: the set is checked as a whole
    data = json.loads(capsys.readouterr().out)
    assert data["changed"] == ["households_min", "households_max", "case_time_limit_days",
                               "need_unmatched_days"]
    assert data["rules"]["case_time_limit_days"] == {"矛盾纠纷": 5, "*": 20}
    project = Project.open(demo)
    try:
        assert project.rules.households_min == 600 and project.rules.case_limit_days("停车管理") == 20
    finally:
        project.close()
    entries = read_history(demo)
    assert len(entries) == 1 and "修改规则" in entries[0].command
    assert main(["undo", demo]) == 0
    assert _settings(demo) == before


def test_setting_the_same_value_writes_nothing(demo, capsys):
    assert main(["rules", demo, "--set", "households_max=500"]) == 0
    assert "规则未改变" in capsys.readouterr().out
    capsys.readouterr()
    main(["history", demo])
    assert "修改规则" not in capsys.readouterr().out


@pytest.mark.parametrize("assignment, words", [
    ("households_min=950", "950-450"),
    ("need_unmatched_days=abc", "need_unmatched_days"),
    ("need_unmatched_days=0", "need_unmatched_days"),
    ("case_time_limit_days=矛盾纠纷:七", "矛盾纠纷:七"),
    ("station_radius_m=-5", "station_radius_m"),
    ("grid_staff_roles= ", "grid_staff_roles"),
    ("counted_member_kinds=registered,ghost", "ghost"),
    ("colour=red", "colour"),
    ("schema_version=99", "schema_version"),
    ("households_max", "households_max"),
])
def test_bad_values_are_refused_with_one_line_and_nothing_written(demo, capsys, assignment, words):
    before = _settings(demo)
    assert main(["rules", demo, "--set", "households_max=450", "--set", assignment]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and words in err and "\n" not in err
    assert _settings(demo) == before


def test_english_messages(demo, capsys, english_messages):
    assert main(["rules", demo, "--set", "nope=1"]) == 2
    assert "There is no rule \"nope\"" in capsys.readouterr().err
    assert main(["rules", demo, "--set", "households_max=450"]) == 0
    assert "Rules changed: households_max" in capsys.readouterr().out
