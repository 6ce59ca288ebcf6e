"""The lists GUI (issue 15): entering a need, matching it, a case through its states, undo,
refusals shown, and the dock's incremental rows equal to a freshly built dock.

Real widgets offscreen on the tiny project (tests/factories: grids G1, G2; buildings
B1, B2 in G1, B3 in G2; partner P1 linked to G1).
"""
import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes recorded instead of shown (a refusal must be said, not swallowed)."""
    shown = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, kind=name: shown.append((kind, args[2])))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: pytest.fail(f"unexpected question {args[2]}"))
    return shown


@pytest.fixture
def lists(main_window, boxes):
    from gui.features.lists import Feature

    feature = next(f for f in main_window.features if isinstance(f, Feature))
    feature.dock.show()
    return main_window, feature


def enter(feature, layer, place=None, **fields):
    """Fill the real form as a user would and submit it; True when the item was added."""
    form = feature.operations.form(layer, place=place)
    for name, value in fields.items():
        widget = form.widgets[name]
        if hasattr(widget, "setCurrentText") and widget.isEditable():
            widget.setCurrentText(value)
        elif hasattr(widget, "findData"):
            widget.setCurrentIndex(widget.findData(value))
        elif hasattr(widget, "setValue"):
            widget.setValue(value)
        else:
            widget.setText(value)
    assert form.check() is None
    return feature.operations.submit(form)


def fresh_rows(project, layer):
    from gui.lists.lists_dock import ListsDock

    dock = ListsDock()
    dock.set_project(project)
    try:
        return dock.rows(layer)
    finally:
        dock.deleteLater()


def assert_dock_fresh(window, feature):
    for layer in ("needs", "resources", "projects", "cases"):
        assert feature.dock.rows(layer) == fresh_rows(window.project, layer), layer


def test_enter_a_need_match_it_and_undo(lists):
    window, feature = lists
    assert enter(feature, "needs", {"target_type": "building", "target_id": "B1"},
                 title="楼道灯坏了", category="设施维修")
    assert enter(feature, "resources", {"target_type": "grid", "target_id": "G1"}, title="税务局志愿维修",
                 category="设施维修", provider_type="partner", provider_id="P1", quantity=20.0, unit="小时")
    needs = window.project["needs"]
    assert needs.at["N0001", "status"] == "open" and needs.at["N0001", "target_id"] == "B1"
    assert feature.dock.rows("needs")[0][:5] == ("N0001", "楼道灯坏了", "设施维修", "第一网格", "待认领")

    dialog = feature.operations.match_dialog("N0001")
    first = dialog.suggestions.iloc[0]
    assert first["resource_id"] == "R0001" and bool(first["responsible"])  # P1 takes grid G1 (四包)
    assert dialog.table.item(0, 5).text() == "是"
    assert dialog.choose("R0001")
    assert dialog.choice() == ("R0001", "partner", "P1")
    assert feature.operations.claim("N0001", *dialog.choice())

    projects = window.project["projects"]
    assert list(projects.index) == ["P0001"]
    assert projects.at["P0001", "need_id"] == "N0001" and projects.at["P0001", "claimed_by"] == "P1"
    assert window.project["needs"].at["N0001", "status"] == "claimed"
    assert [r[0] for r in feature.dock.rows("projects")] == ["P0001"]
    assert feature.dock.rows("needs")[0][4] == "已认领"
    assert_dock_fresh(window, feature)

    window.undo_stack.undo()  # the claim: project gone, need open again
    assert len(window.project["projects"]) == 0
    assert window.project["needs"].at["N0001", "status"] == "open"
    assert feature.dock.rows("projects") == [] and feature.dock.rows("needs")[0][4] == "待认领"
    assert_dock_fresh(window, feature)
    window.undo_stack.redo()
    assert list(window.project["projects"].index) == ["P0001"]
    assert_dock_fresh(window, feature)

    form = feature.operations.form("projects", item_id="P0001")  # what a double-click opens
    form.widgets["status"].setCurrentIndex(form.widgets["status"].findData("done"))
    assert form.changes() == {"status": "done"} and feature.operations.submit(form)
    assert window.project["needs"].at["N0001", "status"] == "done"
    assert feature.dock.rows("projects")[0][5] == "已完成" and feature.dock.rows("needs")[0][4] == "已完成"
    window.undo_stack.undo()
    assert window.project["needs"].at["N0001", "status"] == "claimed"

    from geo.history import read_history

    entries = read_history(window.project.path)  # newest first, in the file itself
    assert [e.text() for e in entries[:2]] == ["修改项目 P0001"] * 2  # the edit and its undo
    claims = entries[2:5]  # run, undo, redo
    assert [e.text() for e in claims] == ["认领需求 N0001（资源 R0001）"] * 3
    assert claims[1].undo_of == claims[2].entry_id
    assert claims[0].counts["projects"] == {"inserted": 1} and claims[0].counts["needs"] == {"updated": 1}
    assert any(e.text() == "登记需求" and e.counts.get("needs") for e in entries)


def test_a_case_through_its_states_with_the_buttons(lists, boxes):
    window, feature = lists
    assert enter(feature, "cases", {"target_type": "grid", "target_id": "G2"}, title="邻里噪音纠纷",
                 category="矛盾纠纷", source="resident")
    assert feature.dock.show_item("cases", "C0001")
    panel = feature.dock.case_panel
    assert panel.case_id == "C0001"
    assert set(panel.step_buttons) == {"triage", "returned"}  # 回访/办结 not offered from 发现
    assert len(panel.timeline_rows()) == 1

    for step in ("triage", "in_progress", "closed", "visited"):
        panel.actor.setText("王网格长")
        panel.note.setText(f"第{step}步")
        if step == "visited":
            panel.satisfaction.setValue(5)
        if step == "triage":  # entered afterwards: the step keeps the time it was taken
            panel.when.setText(f"{window.project['cases'].at['C0001', 'reported_at']}T00:01")
        panel.step_buttons[step].click()
        assert window.project["cases"].at["C0001", "state"] == step
    rows = panel.timeline_rows()
    assert [(r[1], r[2]) for r in rows] == [("", "发现"), ("发现", "研判分流"), ("研判分流", "办理中"),
                                           ("办理中", "办结"), ("办结", "回访")]
    assert rows[-1][3] == "王网格长" and rows[-1][4] == "第visited步"
    assert rows[1][0].endswith("T00:01") and panel.when.text() == ""
    case = window.project["cases"].loc["C0001"]
    assert case["closed_at"] == case["reported_at"] and int(case["satisfaction"]) == 5
    assert panel.step_buttons == {}  # 回访 is the end
    assert boxes == []

    panel.request("triage")  # not offered; asked for anyway, the command refuses and says why
    assert window.project["cases"].at["C0001", "state"] == "visited"
    assert boxes and "不能从" in boxes[-1][1] and "C0001" in boxes[-1][1]
    assert "不能从" in feature.operations.edits.last_refusal

    for _ in range(4):
        window.undo_stack.undo()
    assert window.project["cases"].at["C0001", "state"] == "found"
    assert len(panel.timeline_rows()) == 1 and set(panel.step_buttons) == {"triage", "returned"}
    assert feature.dock.rows("cases")[0][4] == "发现"
    assert_dock_fresh(window, feature)


def test_refusals_are_shown_and_the_form_keeps_what_was_typed(lists, boxes):
    window, feature = lists
    form = feature.operations.form("needs")
    form.widgets["title"].setText("健身器材损坏")
    form.widgets["category"].setCurrentText("设施维修")
    form.target_type.setCurrentIndex(form.target_type.findData("building"))
    form.target_id.setEditText("B99")
    assert not feature.operations.submit(form)
    assert boxes and "B99" in boxes[-1][1]
    assert len(window.project["needs"]) == 0 and feature.dock.rows("needs") == []
    assert form.values()["title"] == "健身器材损坏"  # nothing typed is lost

    form.widgets["created_at"].setText("2026-02-30")
    assert "不是有效日期" in form.check()


def test_dock_rows_follow_edits_and_equal_a_fresh_dock(lists):
    window, feature = lists
    ops = feature.operations
    assert enter(feature, "needs", {"target_type": "grid", "target_id": "G1"}, title="需求一", category="养老助餐")
    assert enter(feature, "needs", {"target_type": "building", "target_id": "B3"}, title="需求二",
                 category="环境卫生")
    assert enter(feature, "cases", {"target_type": "compound", "target_id": "K1"}, title="车辆乱停",
                 category="停车管理")
    form = ops.form("needs", item_id="N0001")
    form.widgets["title"].setText("老人助餐需求")
    assert ops.submit(form)
    assert ops.delete("needs", "N0002")
    tab = feature.dock.list_tabs["needs"]
    assert tab.model.rowCount() == 1 and tab.proxy.ids() == ["N0001"]
    assert_dock_fresh(window, feature)

    window.undo_stack.undo()  # the deletion
    assert sorted(tab.proxy.ids()) == ["N0001", "N0002"]
    assert_dock_fresh(window, feature)

    # a building moved to another grid: the items there follow, as the figures count them
    from geo.commands import SetValues

    ops.edits.run(SetValues("buildings", {"B3": {"grid_id": "G1"}}), "move")
    assert dict((r[0], r[3]) for r in feature.dock.rows("needs"))["N0002"] == "第一网格"
    assert_dock_fresh(window, feature)

    tab.status_box.setCurrentIndex(tab.status_box.findData("claimed"))
    assert tab.proxy.ids() == []
    tab.clear_filters()
    tab.grid_box.setCurrentIndex(tab.grid_box.findData("G1"))
    assert sorted(tab.proxy.ids()) == ["N0001", "N0002"]
    assert "2 / 共 2" in tab.count_label.text()


def test_sorting_by_a_column_keeps_entered_items_in_their_place(lists):
    from PySide6.QtCore import Qt

    window, feature = lists
    for day in ("2026-03-01", "2026-01-01", "2026-02-01"):
        assert enter(feature, "cases", {"target_type": "grid", "target_id": "G1"}, title=f"事件{day}",
                     category="其他", reported_at=day)
    tab = feature.dock.list_tabs["cases"]
    tab.view.sortByColumn(tab.model.columns.index("reported_at"), Qt.SortOrder.DescendingOrder)
    assert tab.proxy.ids() == ["C0001", "C0003", "C0002"]
    assert tab.select_id("C0002")
    assert enter(feature, "cases", {"target_type": "grid", "target_id": "G2"}, title="新事件", category="其他",
                 reported_at="2026-02-15")
    assert tab.proxy.ids() == ["C0001", "C0004", "C0003", "C0002"]
    feature.dock.show_item("cases", "C0002")
    assert tab.current_id() == "C0002"
    window.undo_stack.undo()
    assert tab.proxy.ids() == ["C0001", "C0003", "C0002"] and tab.current_id() == "C0002"
    assert_dock_fresh(window, feature)


def test_overdue_cases_are_red_and_counted(lists):
    from PySide6.QtCore import Qt

    from gui.lists.labels import OVERDUE_COLOUR

    window, feature = lists
    assert enter(feature, "cases", {"target_type": "building", "target_id": "B1"}, title="垃圾堆放",
                 category="环境卫生", reported_at="2026-01-02", due_at="2026-01-05")
    assert enter(feature, "cases", {"target_type": "building", "target_id": "B2"}, title="路灯不亮",
                 category="设施维修")
    tab = feature.dock.list_tabs["cases"]
    tab.overdue_box.setChecked(True)
    assert tab.proxy.ids() == ["C0001"]
    assert "超期 1 件" in tab.count_label.text()
    brush = tab.proxy.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name().upper() == OVERDUE_COLOUR
    feature.actions.cases_overlay.setChecked(True)
    assert feature.overlay.counts() == {"open": 2, "overdue": 1}


def test_map_and_tree_menus_enter_at_the_place(lists, monkeypatch):
    from gui.lists.operations import ListOperations
    from tests.editing_gui_helpers import pixel_of

    window, feature = lists
    asked = []
    monkeypatch.setattr(ListOperations, "enter", lambda self, layer, item_id=None, place=None:
                        asked.append((layer, place)) or True)
    window.styles.set_visible("grids", False)
    window.styles.set_visible("compounds", False)
    x, y = pixel_of(window.canvas, "buildings", "B3")
    menu = window.canvas.context_menu(x, y)
    need = next(a for a in menu.actions() if a.text() == "在此登记需求…")
    need.trigger()
    assert asked[-1] == ("needs", {"target_type": "building", "target_id": "B3"})

    tree_menu = window.org_dock.context_menu(window.org_dock.model.index_of_org("O-G1"))
    next(a for a in tree_menu.actions() if a.text() == "在此登记事件…").trigger()
    assert asked[-1] == ("cases", {"target_type": "grid", "target_id": "G1"})

    window.identify_dock.show_feature("buildings", "B1")
    identify_menu = window.identify_dock.context_menu(None)
    next(a for a in identify_menu.actions() if a.text() == "在此登记需求…").trigger()
    assert asked[-1] == ("needs", {"target_type": "building", "target_id": "B1"})


def test_another_project_brings_its_own_lists(lists, tmp_path):
    from tests.factories import write_tiny

    window, feature = lists
    assert enter(feature, "needs", {"target_type": "grid", "target_id": "G1"}, title="旧项目的需求", category="其他")
    feature.show_figure("grids", "needs_open")
    other = write_tiny(tmp_path / "other.gpkg")
    assert window.open_project(other)
    assert feature.dock.rows("needs") == [] and feature.choropleth.current is None
    assert enter(feature, "needs", {"target_type": "grid", "target_id": "G2"}, title="新项目的需求", category="其他")
    assert [r[1] for r in feature.dock.rows("needs")] == ["新项目的需求"]
    assert_dock_fresh(window, feature)


def test_a_language_switch_rewords_the_dock(lists):
    from PySide6.QtCore import Qt

    from gui.lists.labels import column_title, layer_title

    window, feature = lists
    window.set_language("en")
    try:
        tab = feature.dock.list_tabs["cases"]
        header = tab.proxy.headerData(4, Qt.Orientation.Horizontal)
        assert header == column_title("state")
        assert feature.dock.tabs.tabText(3) == layer_title("cases")
        assert feature.dock.windowTitle() == feature.dock.tr("三项清单与事件")
    finally:
        window.set_language("zh")
    assert feature.dock.tabs.tabText(3) == "事件"


def test_choosing_a_row_selects_its_place_on_the_map(lists):
    window, feature = lists
    assert enter(feature, "needs", {"target_type": "building", "target_id": "B2"}, title="加装扶手",
                 category="助老助残")
    feature.dock.show_item("needs", "N0001")
    assert window.selection.ids("buildings") == ("B2",)
    assert feature.overlay.marked is not None
