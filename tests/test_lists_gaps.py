"""Needs unmatched too long and overdue cases: in list_gaps, the coverage gap list and the gaps command."""
import json

import pytest

from geo.cli import main
from geo.coverage import CoverageModel
from geo.lists.case_states import AdvanceCase
from geo.lists.gaps import list_gaps
from tests.lists_factories import lists_project


@pytest.fixture
def project(tiny_gpkg, tmp_path):
    project = lists_project(tiny_gpkg, tmp_path)
    yield project
    project.close()


def test_list_gaps_as_of_a_day(project):
    gaps = list_gaps(project, as_of="2026-03-12")
    # C0003 due 02-25 (15 days), C0004 due 03-11 (1 day); N0004 open since 01-20 (51 > 30 days);
    # N0002 open since 02-05 is 35 days; N0001/N0003 are claimed
    assert [(g["kind"], g["id"], g["grid_id"], g["days"]) for g in gaps] == [
        ("case_overdue", "C0003", "G2", 15), ("case_overdue", "C0004", "G1", 1),
        ("need_unmatched", "N0004", None, 51), ("need_unmatched", "N0002", "G1", 35)]
    assert gaps[0]["detail"].text("zh") == "设施维修事件超期 15 天（办结时限 2026-02-25）"
    assert gaps[2]["detail"].text("en") == "Sanitation need open for 51 days (to be claimed within 30)"
    earlier = list_gaps(project, as_of="2026-03-01")  # N0002 open 24 days only
    assert [(g["id"], g["days"]) for g in earlier] == [("C0003", 4), ("N0004", 40)]


def test_rule_days_decide_when_a_need_becomes_a_gap(project):
    project.apply([("setting", "need_unmatched_days", "40")])
    assert [g["id"] for g in list_gaps(project, as_of="2026-03-12") if g["kind"] == "need_unmatched"] == ["N0004"]


def test_list_gaps_join_the_coverage_gap_list_and_follow_edits(project):
    model = CoverageModel(project)
    rows = model.gaps()
    overdue = rows[rows["type"] == "case_overdue"]
    assert set(overdue["id"]) == {"C0003", "C0004"}  # as of today (after 2026-03-11)
    row = overdue.set_index("id").loc["C0003"]
    assert (row["grid_id"], row["community_id"], row["layer"], row["needed_unit"], row["severity"]) == (
        "G2", "C1", "cases", "天", 3)
    assert row["x"] == pytest.approx(project["cases"].geometry["C0003"].x)
    AdvanceCase("C0003", "closed").do(project)
    assert set(model.gaps().query("type == 'case_overdue'")["id"]) == {"C0004"}
    model.close()


def test_gaps_command_lists_them(project, capsys):
    project.close()
    assert main(["gaps", str(project.path), "--json", "--type", "case_overdue"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["C0003", "C0004"] and rows[0]["needed_unit"] == "天"
