"""三项清单 items: add, change, delete — on disk, with defaults, refusals, undo and older files."""
import sqlite3

import pytest

from geo.editing.assign import EditRefused
from geo.editing.plans import CreatePlan, SwitchPlan
from geo.lists.items import AddItem, DeleteItem, UpdateItem, next_id
from geo.lists.matching import ClaimMatch
from geo.project import Project
from geo.schema import LIST_LAYERS
from geo.store import read_layers
from geo.validate import check_layers
from tests.editing_checks import open_copy


@pytest.fixture
def project(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    yield project
    project.close()


def _need(**values):
    return {"title": "楼道灯坏了", "category": "设施维修", "target_type": "building", "target_id": "B1",
            "created_at": "2026-03-01", **values}


def test_add_need_fills_id_status_and_the_buildings_point(project):
    AddItem("needs", _need()).do(project)
    AddItem("needs", _need(target_type="grid", target_id="G2")).do(project)
    needs = project["needs"]
    assert list(needs.index) == ["N0001", "N0002"]
    assert list(needs["status"]) == ["open", "open"]
    building = project["buildings"].geometry["B1"]
    assert building.contains(needs.geometry["N0001"])
    assert project["grids"].geometry["G2"].contains(needs.geometry["N0002"])
    project.close()
    reopened = Project.open(project.path)
    assert reopened["needs"].loc["N0001", "created_at"] == "2026-03-01"
    reopened.close()


def test_case_gets_due_date_from_its_categorys_limit_and_a_first_event(project):
    AddItem("cases", {"title": "噪音扰民", "category": "矛盾纠纷", "target_type": "building",
                      "target_id": "B3", "reported_at": "2026-03-01"}).do(project)
    AddItem("cases", {"title": "井盖松动", "category": "其他类别", "target_type": "grid",
                      "target_id": "G1", "reported_at": "2026-03-01"}).do(project)
    cases = project["cases"]
    assert cases.loc["C0001", "due_at"] == "2026-03-08"  # 矛盾纠纷: 7 days
    assert cases.loc["C0002", "due_at"] == "2026-03-16"  # *: 15 days
    assert list(cases["state"]) == ["found", "found"]
    events = project["case_events"]
    assert list(events["case_id"]) == ["C0001", "C0002"] and list(events["to_state"]) == ["found", "found"]


@pytest.mark.parametrize("values, code", [
    (_need(category=""), "lists.blank"),
    (_need(status="maybe"), "lists.bad_value"),
    (_need(target_id="B99"), "lists.unknown_target"),
    (_need(created_at="2026-02-30"), "lists.bad_date"),
    (_need(target_type="point", target_id=None), "lists.point_needed"),
])
def test_bad_need_is_refused_and_nothing_written(project, values, code):
    with pytest.raises(EditRefused) as refused:
        AddItem("needs", values).do(project)
    assert refused.value.message.code == code
    assert project["needs"].empty
    assert read_layers(project.path).frames["needs"].empty


def test_refusals_name_the_item_in_both_languages(project):
    with pytest.raises(EditRefused) as refused:
        AddItem("needs", _need(status="maybe")).do(project)
    assert "N0001" in refused.value.text("zh") and "待认领" in refused.value.text("zh")
    assert "N0001" in refused.value.text("en") and "Open" in refused.value.text("en")


def test_resource_by_a_member_sits_at_the_members_building(project):
    AddItem("resources", {"title": "理发", "category": "助老助残", "provider_type": "member",
                          "provider_id": "M2", "quantity": 10, "unit": "次"}).do(project)
    assert project["buildings"].geometry["B2"].contains(project["resources"].geometry["R0001"])
    with pytest.raises(EditRefused) as refused:
        AddItem("resources", {"title": "场地", "category": "场地", "provider_type": "partner",
                              "provider_id": "P9"}).do(project)
    assert refused.value.message.code == "lists.unknown_provider"


def test_resource_offered_nowhere_has_no_point_and_check_accepts_it(project):
    AddItem("resources", {"title": "资金", "category": "资金", "provider_type": "partner",
                          "provider_id": "P1", "quantity": 5000, "unit": "元"}).do(project)
    assert project["resources"].geometry["R0001"] is None
    project.close()
    problems = check_layers(read_layers(project.path))
    assert [p for p in problems if p.layer in LIST_LAYERS] == []


def test_update_moves_the_point_with_the_target_and_undo_restores(project):
    AddItem("needs", _need()).do(project)
    before = project["needs"].geometry["N0001"]
    update = UpdateItem("needs", "N0001", {"target_id": "B3", "note": "改到和平小区"})
    update.do(project)
    assert project["buildings"].geometry["B3"].contains(project["needs"].geometry["N0001"])
    update.undo(project)
    assert project["needs"].geometry["N0001"].equals(before)
    assert project["needs"].loc["N0001", "note"] is None


def test_a_cases_state_is_not_changed_by_update(project):
    AddItem("cases", {"title": "噪音", "category": "矛盾纠纷", "target_type": "grid", "target_id": "G1"}).do(project)
    with pytest.raises(EditRefused) as refused:
        UpdateItem("cases", "C0001", {"state": "closed"}).do(project)
    assert refused.value.message.code == "lists.state_by_advance"


def test_deleting_a_need_with_projects_is_refused_a_project_reopens_its_need(project):
    AddItem("needs", _need()).do(project)
    AddItem("resources", {"title": "电工", "category": "设施维修", "provider_type": "partner",
                          "provider_id": "P1"}).do(project)
    ClaimMatch("N0001", "R0001", "partner", "P1", when="2026-03-02").do(project)
    with pytest.raises(EditRefused) as refused:
        DeleteItem("needs", "N0001").do(project)
    assert refused.value.message.code == "lists.need_has_projects" and "P0001" in str(refused.value)
    delete = DeleteItem("projects", "P0001")
    delete.do(project)
    assert project["needs"].loc["N0001", "status"] == "open" and project["projects"].empty
    delete.undo(project)
    assert project["needs"].loc["N0001", "status"] == "claimed" and list(project["projects"].index) == ["P0001"]


def test_project_done_marks_its_need_done(project):
    AddItem("needs", _need()).do(project)
    AddItem("resources", {"title": "电工", "category": "设施维修", "provider_type": "partner",
                          "provider_id": "P1"}).do(project)
    ClaimMatch("N0001", "R0001", "partner", "P1").do(project)
    UpdateItem("projects", "P0001", {"status": "done", "done_at": "2026-03-09"}).do(project)
    assert project["projects"].loc["P0001", "done_at"] == "2026-03-09"
    assert project["needs"].loc["N0001", "status"] == "done"


def test_deleting_a_case_deletes_its_events_and_undo_brings_them_back(project):
    AddItem("cases", {"title": "噪音", "category": "矛盾纠纷", "target_type": "grid", "target_id": "G1"}).do(project)
    delete = DeleteItem("cases", "C0001")
    delete.do(project)
    assert project["cases"].empty and project["case_events"].empty
    delete.undo(project)
    assert list(project["case_events"]["case_id"]) == ["C0001"]


def test_next_id_continues_after_the_highest_number(project):
    AddItem("needs", _need(need_id="N0041")).do(project)
    AddItem("needs", _need(need_id="自编-1")).do(project)
    assert next_id(project, "needs") == "N0042"
    with pytest.raises(EditRefused) as refused:
        AddItem("needs", _need(need_id="N0041")).do(project)
    assert refused.value.message.code == "lists.id_taken"


def test_old_file_without_list_tables_opens_and_gets_them(tiny_gpkg, tmp_path):
    con = sqlite3.connect(tiny_gpkg)
    for name in LIST_LAYERS:
        con.execute(f'DROP TABLE "{name}"')
        con.execute("DELETE FROM gpkg_contents WHERE table_name=?", (name,))
        con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name=?", (name,))
    con.commit()
    con.close()
    assert "needs" not in read_layers(tiny_gpkg).frames
    project = open_copy(tiny_gpkg, tmp_path)
    assert project["needs"].empty and project["cases"].empty
    AddItem("cases", {"title": "噪音", "category": "矛盾纠纷", "target_type": "grid", "target_id": "G1"}).do(project)
    project.close()
    reopened = Project.open(tmp_path / "p.gpkg")
    assert list(reopened["cases"].index) == ["C0001"] and len(reopened["case_events"]) == 1
    assert str(reopened["cases"].crs) == str(reopened["grids"].crs)
    reopened.close()


def test_lists_can_be_edited_inside_a_plan(project):
    CreatePlan("方案一").do(project)
    SwitchPlan("P1").do(project)
    AddItem("needs", _need()).do(project)  # lists are not organization: no plan lock
    assert list(project["needs"].index) == ["N0001"]


def test_time_limit_rule_round_trips_and_refuses_bad_text(project):
    from geo.rules import Rules

    project.apply([("setting", "case_time_limit_days", "矛盾纠纷：5，*:20")])
    assert project.rules.case_limit_days("矛盾纠纷") == 5 and project.rules.case_limit_days("停车管理") == 20
    project.close()
    assert Project.open(project.path).rules.case_time_limit_days == (("矛盾纠纷", 5), ("*", 20))
    with pytest.raises(ValueError):
        Rules.from_rows([("case_time_limit_days", "矛盾纠纷:0")])
    with pytest.raises(ValueError):
        Rules.from_rows([("need_unmatched_days", "0")])


def test_a_case_entered_closed_is_closed_from_its_closing_day(project):
    from geo.lists.figures import list_figures

    AddItem("cases", {"title": "旧案", "category": "矛盾纠纷", "target_type": "building", "target_id": "B1",
                      "reported_at": "2026-01-02", "state": "closed", "closed_at": "2026-01-06"}).do(project)
    events = project["case_events"]
    assert list(zip(events["from_state"], events["to_state"], events["time"])) == [
        (None, "found", "2026-01-02"), ("found", "closed", "2026-01-06")]
    assert list_figures(project, as_of="2026-01-05").loc["G1", "cases_open"] == 1
    assert list_figures(project, as_of="2026-01-06").loc["G1", "cases_open"] == 0


def test_check_reports_a_bad_state_and_a_dangling_need(project):
    AddItem("cases", {"title": "噪音", "category": "矛盾纠纷", "target_type": "grid", "target_id": "G1"}).do(project)
    project.apply([("update", "cases", "C0001", {"state": "solved"}),
                   ("insert", "projects", {"project_id": "P0009", "title": "x", "need_id": "N0404",
                                           "claimed_by_type": "partner", "claimed_by": "P1", "status": "claimed",
                                           "claimed_at": "2026-03-01", "geometry": None})])
    project.close()
    found = {(p.kind, p.layer, p.id) for p in check_layers(read_layers(project.path))}
    assert ("bad_value", "cases", "C0001") in found and ("dangling_reference", "projects", "P0009") in found
