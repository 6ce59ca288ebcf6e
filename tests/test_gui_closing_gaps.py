"""Closing gaps where they are shown (issue 16): the gap list, the member menu and the tree.

Each action runs through the window (real widgets offscreen, the tiny project):
it does what it says, one undo step restores the project, and inside a proposal
the organization is locked and the refusal is said on the map.
"""
import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from geo.commands import ChangeList
from geo.editing.plans import CreatePlan, SwitchPlan
from gui.editing.member_form import NewMemberDialog
from tests.editing_gui_helpers import editing, no_blocking_boxes, pixel_of, send_mouse  # noqa: F401
from tests.test_gui_editing_org import identify_item


def action_named(menu, text):
    return next(a for a in menu.actions() if a.text() == text)


def shown_gaps(window, qtbot, gap_type):
    dock = window.gap_dock
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: dock.model.total() > 0)
    dock.set_filter(gap_type)
    return dock


def row_of(dock, gap_id):
    frame = dock.model.shown()
    return int(frame.index[frame["id"] == gap_id][0])


def select_row(dock, row):
    dock.table.setCurrentIndex(dock.model.index(row, 0))


def test_grid_without_branch_offers_a_new_branch_in_menu_and_button(editing, qtbot, output_dir):
    """Looked at (gap_list.png): the gap list filtered to 网格未建党支部 with the row of 第二网格
    selected; beside the filters, left of the count 「1 / 15 项」, the button reads 「新建网格党支部」."""
    window, _feature, _session = editing
    project = window.project
    dock = shown_gaps(window, qtbot, "grid_no_branch")
    row = row_of(dock, "G2")
    menu = dock.context_menu(row)
    assert [a.text() for a in menu.actions()] == ["新建网格党支部"]
    select_row(dock, row)
    assert dock.fix_button.isEnabled() and dock.fix_button.text() == "新建网格党支部"
    dock.resize(900, 220)
    assert dock.grab().save(str(output_dir / "gap_list.png"))
    dock.fix_button.click()
    orgs = project["organizations"]
    branch = orgs[(orgs["level"] == "grid_branch") & (orgs["area_id"] == "G2")]
    assert len(branch) == 1 and branch["parent_id"].iat[0] == "O-C1"
    assert branch["name"].iat[0] == "测试社区第二网格党支部"
    assert window.undo_stack.count() == 1 and window.undo_stack.text(0) == "新建网格党支部 测试社区第二网格党支部"
    qtbot.waitUntil(lambda: "G2" not in set(dock.model.shown()["id"]))  # the gap closed in the list
    window.undo_action.trigger()
    orgs = project["organizations"]
    assert not ((orgs["level"] == "grid_branch") & (orgs["area_id"] == "G2")).any()


def test_building_without_group_offers_a_new_group(editing, qtbot):
    window, _feature, _session = editing
    dock = shown_gaps(window, qtbot, "building_no_group")
    menu = dock.context_menu(row_of(dock, "B3"))
    action_named(menu, "新建楼栋党小组").trigger()
    orgs = window.project["organizations"]
    assert ((orgs["level"] == "building_group") & (orgs["area_id"] == "B3")).sum() == 1
    window.undo_action.trigger()
    orgs = window.project["organizations"]
    assert not ((orgs["level"] == "building_group") & (orgs["area_id"] == "B3")).any()


def test_unlinked_households_offer_adding_a_member_through_a_form(editing, qtbot, monkeypatch):
    window, _feature, _session = editing
    members_before = len(window.project["members"])
    dock = shown_gaps(window, qtbot, "households_unlinked")
    seen = {}

    def fill(dialog):
        seen["buildings"] = [dialog.building_box.itemData(i) for i in range(dialog.building_box.count())]
        seen["linked"] = dialog.linked_spin.value()
        dialog.name_edit.setText("王新党")
        dialog.building_box.setCurrentIndex(dialog.building_box.findData("B2"))
        dialog.phone_edit.setText("13700001111")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewMemberDialog, "exec", fill)
    action_named(dock.context_menu(row_of(dock, "G1")), "添加党员…").trigger()
    assert seen == {"buildings": ["B1", "B2"], "linked": 10}  # the gap's grid; 1:10 from the rules
    members = window.project["members"]
    assert len(members) == members_before + 1
    new = members.iloc[-1]
    assert (new["name"], new["building_id"], new["org_id"]) == ("王新党", "B2", "O-G1")  # B2 has no group
    assert new["linked_households"] == 10 and "central_household" in new["roles"]
    window.undo_action.trigger()
    assert len(window.project["members"]) == members_before


def test_inside_a_proposal_the_new_branch_is_refused_on_the_map(editing, qtbot, monkeypatch):
    window, _feature, session = editing
    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: boxes.append(a[2]))
    assert session.run(CreatePlan("调整"))
    plan = window.project["plans"].index[window.project["plans"]["name"] == "调整"][0]
    assert session.run(SwitchPlan(plan))
    steps = window.undo_stack.count()
    dock = shown_gaps(window, qtbot, "grid_no_branch")
    action_named(dock.context_menu(row_of(dock, "G2")), "新建网格党支部").trigger()
    assert window.undo_stack.count() == steps
    assert "方案中不能修改党组织" in window.notice.text and boxes
    orgs = window.project["organizations"]
    assert not ((orgs["level"] == "grid_branch") & (orgs["area_id"] == "G2")).any()


def test_member_moves_to_the_building_picked_on_the_map(editing, qtbot):
    window, feature, _session = editing
    canvas = window.canvas
    before = canvas.tool.name
    window.identify_dock.show_feature("buildings", "B2")
    menu = window.identify_dock.context_menu(identify_item(window.identify_dock, ("members", "M2")))
    action_named(menu, "在地图上选择所在楼栋").trigger()
    assert canvas.tool.name == "pick_building"
    assert "M2" in window.notice.text and "李红" not in window.notice.text  # the name masked
    point = pixel_of(canvas, "buildings", "B3")
    send_mouse(canvas, "press", *point)
    send_mouse(canvas, "release", *point)
    m2 = window.project["members"].loc["M2"]
    # filed with G1's branch by place: follows B3 into G2, which has no branch -> the community's committee
    assert (m2["building_id"], m2["org_id"]) == ("B3", "O-C1")
    assert canvas.tool.name == before  # the previous tool is back
    window.undo_action.trigger()
    m2 = window.project["members"].loc["M2"]
    assert (m2["building_id"], m2["org_id"], m2["unit_no"]) == ("B2", "O-G1", 2)


def test_escape_cancels_picking_a_building(editing):
    window, feature, _session = editing
    canvas = window.canvas
    before = canvas.tool.name
    feature.member_actions.pick_building("M2")
    assert canvas.tool.name == "pick_building"
    canvas.tool.cancel()  # what Esc calls
    assert canvas.tool.name == before and window.undo_stack.count() == 0


def tree_menu(window, org_id):
    dock = window.org_dock
    return dock.context_menu(dock.model.index_of_org(org_id))


def test_community_node_menu_new_branch_zoom_figures_and_report(editing, qtbot, monkeypatch, tmp_path):
    window, _feature, _session = editing
    menu = tree_menu(window, "O-C1")
    texts = [a.text() for a in menu.actions()]
    assert {"新建网格党支部", "缩放到社区", "社区统计…", "导出该社区报告…"} <= set(texts)
    sub = action_named(menu, "新建网格党支部").menu()
    action_named(sub, "第二网格 (G2)").trigger()
    orgs = window.project["organizations"]
    assert ((orgs["level"] == "grid_branch") & (orgs["area_id"] == "G2")).sum() == 1
    window.undo_action.trigger()
    assert not ((window.project["organizations"]["area_id"] == "G2")).any()

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    action_named(tree_menu(window, "O-C1"), "社区统计…").trigger()
    assert shown and "测试社区" in shown[0] and "户数：130" in shown[0]

    out = tmp_path / "社区报告.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    action_named(tree_menu(window, "O-C1"), "导出该社区报告…").trigger()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["缺口清单", "网格指标", "社区指标"]
    assert wb["社区指标"].max_row == 3  # note row, header, the one community


def test_street_node_menu_new_committee_and_zoom(editing, qtbot):
    window, _feature, session = editing
    # a street whose community has no committee yet (its branch hangs loose)
    assert session.run(ChangeList("", [("update", "organizations", "O-G1", {"parent_id": None}),
                                       ("delete", "organizations", "O-C1")]))
    menu = tree_menu(window, "O-S")
    assert {"新建社区党委", "缩放到街道", "街道统计…"} <= {a.text() for a in menu.actions()}
    action_named(action_named(menu, "新建社区党委").menu(), "测试社区 (C1)").trigger()
    orgs = window.project["organizations"]
    committee = orgs[(orgs["level"] == "community_committee") & (orgs["area_id"] == "C1")]
    assert len(committee) == 1 and committee["parent_id"].iat[0] == "O-S"
    assert orgs.at["O-G1", "parent_id"] == committee.index[0]  # the orphaned branch is put under it
    window.undo_action.trigger()
    assert not (window.project["organizations"]["level"] == "community_committee").any()
    action_named(tree_menu(window, "O-S"), "缩放到街道").trigger()  # zooms to the whole street, no box


def test_gap_details_follow_the_interface_language(editing, qtbot):
    from PySide6.QtWidgets import QApplication

    from gui.app import install_translator

    window, _feature, _session = editing
    dock = shown_gaps(window, qtbot, "grid_no_branch")
    detail = dock.model.index(0, 7)  # 说明
    assert detail.data() == "未建网格党支部"
    install_translator(QApplication.instance(), "en")
    assert dock.model.index(0, 7).data() == "No grid party branch"
    assert dock.model.headerData(7, Qt.Orientation.Horizontal) == "Detail"
