"""Editing the organization, stations, CSV round trips and plans through the window."""
import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from geo.editing.assign import ReassignBuildings
from tests.editing_gui_helpers import (drag, editing, editing_feature, no_blocking_boxes,  # noqa: F401 (fixtures)
                                       pixel_of, tiny_pixel, use_tool)


def action_named(menu, text):
    return next(a for a in menu.actions() if a.text() == text)


def identify_item(dock, key):
    def walk(item):
        if item.data(0, Qt.ItemDataRole.UserRole) == key:
            return item
        for i in range(item.childCount()):
            found = walk(item.child(i))
            if found:
                return found
        return None

    for i in range(dock.tree.topLevelItemCount()):
        found = walk(dock.tree.topLevelItem(i))
        if found:
            return found
    return None


def test_identify_menu_moves_a_member_to_another_organization(editing, monkeypatch):
    window, feature, session = editing
    window.identify_dock.show_feature("buildings", "B1")
    menu = window.identify_dock.context_menu(identify_item(window.identify_dock, ("members", "M1")))
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda parent, title, text, items, current, editable: (next(i for i in items if "(O-C1)" in i), True))
    action_named(menu, "调整所在党组织…").trigger()
    assert window.project["members"].at["M1", "org_id"] == "O-C1"
    assert window.undo_stack.count() == 1
    window.undo_action.trigger()
    assert window.project["members"].at["M1", "org_id"] == "O-B1"


def test_identify_menu_central_household_and_building_to_target(editing, monkeypatch):
    window, feature, session = editing
    session.set_target("G2")
    window.identify_dock.show_feature("buildings", "B2")
    menu = window.identify_dock.context_menu(None)  # the feature itself: building actions
    action_named(menu, "移到目标网格 G2").trigger()
    assert window.project["buildings"].at["B2", "grid_id"] == "G2"
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a: (12, True))
    feature.member_actions.central_household("M2")
    m2 = window.project["members"].loc["M2"]
    assert m2["linked_households"] == 12 and "central_household" in m2["roles"]


def test_identify_menu_links_and_unlinks_partner(editing, monkeypatch):
    window, feature, session = editing
    window.identify_dock.show_feature("buildings", "B3")
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, text, items, current, editable: (items[0], True))
    action_named(window.identify_dock.context_menu(None), "关联共建单位…").trigger()
    links = window.project["partner_links"]
    assert ((links["target_type"] == "building") & (links["target_id"] == "B3")).sum() == 1
    window.identify_dock.show_feature("buildings", "B3")
    action_named(window.identify_dock.context_menu(None), "解除共建关联…").trigger()
    links = window.project["partner_links"]
    assert ((links["target_id"] == "B3")).sum() == 0


def test_tree_drag_member_onto_organization(editing, qtbot):
    window, feature, session = editing
    dock = window.org_dock
    model = dock.model
    branch = model.index_of_org("O-G1")
    while model.canFetchMore(branch):
        model.fetchMore(branch)
    member = next(model.index(r, 0, branch) for r in range(model.rowCount(branch))
                  if model.node_key(model.index(r, 0, branch)) == ("member", "M2"))
    target = model.index_of_org("O-B1")
    assert model.flags(member) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(target) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.dropMimeData(model.mimeData([member]), Qt.DropAction.CopyAction, -1, -1, target)
    qtbot.waitUntil(lambda: window.project["members"].at["M2", "org_id"] == "O-B1", timeout=3000)
    assert window.undo_stack.count() == 1


def test_tree_drag_building_group_onto_grid_branch(editing, qtbot):
    window, feature, session = editing
    session.run(ReassignBuildings({"B1": "G2"}))
    model = window.org_dock.model
    group, branch = model.index_of_org("O-B1"), model.index_of_org("O-G1")
    assert model.dropMimeData(model.mimeData([group]), Qt.DropAction.CopyAction, -1, -1, branch)
    qtbot.waitUntil(lambda: window.project["buildings"].at["B1", "grid_id"] == "G1", timeout=3000)


def test_tree_context_menu_on_building_group(editing):
    window, feature, session = editing
    menu = window.org_dock.context_menu(window.org_dock.model.index_of_org("O-B1"))
    texts = [a.text() for a in menu.actions()]
    assert "撤销楼栋党小组" in texts and "关联共建单位…" in texts


def test_station_add_move_and_radius_update_coverage(editing, monkeypatch):
    window, feature, session = editing
    coverage = window.coverage()
    assert coverage.street["station_covered_households"] == 100
    use_tool(window, "edit_station")
    canvas = window.canvas
    drag(canvas, [tiny_pixel(canvas, 150, 80)])  # click on empty map: a planned station
    stations = window.project["stations"]
    assert len(stations) == 2 and (stations["status"] == "planned").sum() == 1
    assert coverage.street["station_covered_households_with_planned"] == 130
    drag(canvas, [pixel_of(canvas, "stations", "S1"), tiny_pixel(canvas, 150, 20)])  # drag S1 east
    assert coverage.street["station_covered_households"] == 30
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a: (10.0, True))
    feature.member_actions.station_radius("S1")
    assert window.project["stations"].at["S1", "service_radius_m"] == 10.0
    assert coverage.street["station_covered_households"] == 0
    assert window.undo_stack.count() == 3
    window.undo_action.trigger()
    assert coverage.street["station_covered_households"] == 30


def test_station_status_from_identify_menu(editing, monkeypatch):
    window, feature, session = editing
    window.identify_dock.show_feature("stations", "S1")
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda parent, title, text, items, current, editable: (items[1], True))
    action_named(window.identify_dock.context_menu(None), "修改建设状态…").trigger()
    assert window.project["stations"].at["S1", "status"] == "planned"


def test_csv_export_import_round_trip_reports_unknown_ids(editing, monkeypatch, tmp_path):
    window, feature, session = editing
    path = tmp_path / "plan.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "plan"), ""))
    feature.actions["export_csv"].trigger()
    with open(path, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["building_id", "grid_id"] and ["B3", "G2"] in rows
    rows = [r if r[0] != "B3" else ["B3", "G1"] for r in rows] + [["BX", "G1"], ["B2", "GX"]]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    shown = []

    def answer(box):
        shown.append((box.text(), box.detailedText()))
        return QMessageBox.StandardButton.Apply

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    feature.actions["import_csv"].trigger()
    text, details = shown[0]
    assert "1 栋楼将调整网格" in text and "未知楼栋 1 个" in text and "未知网格 1 个" in text
    assert "BX" in details and "GX" in details
    assert window.project["buildings"].at["B3", "grid_id"] == "G1"
    window.undo_action.trigger()
    assert window.project["buildings"].at["B3", "grid_id"] == "G2"


def test_plans_create_switch_compare_adopt(editing, monkeypatch, qtbot):
    window, feature, session = editing
    dock = feature.plan_dock
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("调整方案一", True))
    dock.buttons["new"].click()
    assert set(window.project["plans"].index) == {"P0", "P1"}
    qtbot.waitUntil(lambda: dock.table.rowCount() == 2)  # the panel refreshes once per command
    dock.select_plans(["P1"])
    dock.buttons["switch"].click()
    assert window.project["plans"].at["P1", "active"] == 1
    session.run(ReassignBuildings({"B2": "G2"}))
    dock.select_plans(["P0", "P1"])
    dialog = dock.compare()
    assert dialog.moved_ids() == ["B2"]
    assert dialog.selection.ids("buildings") == ("B2",)  # highlighted on the comparison map
    assert dialog.moved_table.item(0, 2).text() == "G1" and dialog.moved_table.item(0, 3).text() == "G2"
    figures = {dialog.figures_table.item(r, 0).text(): dialog.figures_table.item(r, 3).text()
               for r in range(dialog.figures_table.rowCount())}
    assert figures == {"G1": "-40", "G2": "+40"}
    dialog.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dock.select_plans(["P1"])
    dock.buttons["adopt"].click()
    plans = window.project["plans"]
    assert plans.at["P1", "status"] == "current" and plans.at["P0", "status"] == "archived"
